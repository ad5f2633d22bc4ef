package imports

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/kindredhq/kindred/internal/importer"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// plan holds a parsed file's good rows with names resolved to ids.
type plan struct {
	kind  Kind
	orgs  []importer.OrgRow
	mems  []importer.MemberRow
	affs  []importer.AffiliationRow
	found map[string]int64 // member email → id, for members and affiliations
}

func parse(kind Kind, r io.Reader, rep *Report) (*plan, error) {
	p := &plan{kind: kind}
	var errs []importer.RowError
	var err error
	switch kind {
	case Organizations:
		p.orgs, errs, err = importer.ParseOrganizations(r)
		rep.Rows = len(p.orgs) + countLines(errs)
	case Members:
		p.mems, errs, err = importer.ParseMembers(r)
		rep.Rows = len(p.mems) + countLines(errs)
	case Affiliations:
		p.affs, errs, err = importer.ParseAffiliations(r)
		rep.Rows = len(p.affs) + countLines(errs)
	default:
		return nil, fmt.Errorf("unknown import kind %q", kind)
	}
	rep.Errors = errs
	return p, err
}

// countLines counts distinct bad rows (a row may have several problems).
func countLines(errs []importer.RowError) int {
	seen := map[int]bool{}
	for _, e := range errs {
		seen[e.Line] = true
	}
	return len(seen)
}

// resolve turns city and organization names into ids, recording unknown
// names as row errors and dropping those rows from the plan.
func resolve(ctx context.Context, st *store.Store, p *plan, rep *Report) error {
	cities, err := st.CityIDsByName(ctx)
	if err != nil {
		return err
	}
	orgs, err := st.OrganizationIDsByName(ctx)
	if err != nil {
		return err
	}
	bad := func(line int, field, msg string) {
		rep.Errors = append(rep.Errors, importer.RowError{Line: line, Field: field, Message: msg})
	}
	switch p.kind {
	case Organizations:
		p.orgs = keepOrgs(p.orgs, cities, bad)
	case Members:
		p.mems = keepMembers(p.mems, cities, orgs, bad)
	case Affiliations:
		p.found, err = st.MemberIDsByEmail(ctx)
		if err != nil {
			return err
		}
		p.affs = keepAffiliations(p.affs, orgs, p.found, bad)
	}
	rep.Rows = max(rep.Rows, countLines(rep.Errors))
	return nil
}

type badFunc func(line int, field, msg string)

func keepOrgs(rows []importer.OrgRow, cities map[string]int64, bad badFunc) []importer.OrgRow {
	out := rows[:0]
	for _, row := range rows {
		ok := true
		for _, c := range row.Cities {
			id, found := cities[strings.ToLower(strings.TrimSpace(c))]
			if !found {
				bad(row.Line, "cities", fmt.Sprintf("city %q is not in Kindred; add it first", c))
				ok = false
				continue
			}
			row.Organization.CityIDs = append(row.Organization.CityIDs, id)
		}
		if ok {
			out = append(out, row)
		}
	}
	return out
}

func keepMembers(rows []importer.MemberRow, cities, orgs map[string]int64, bad badFunc) []importer.MemberRow {
	out := rows[:0]
	for _, row := range rows {
		m := &row.Member
		ok := true
		if m.CityName != "" {
			if id, found := cities[strings.ToLower(m.CityName)]; found {
				m.CityID = id
			} else {
				bad(row.Line, "city", fmt.Sprintf("city %q is not in Kindred; add it first", m.CityName))
				ok = false
			}
		}
		for i := range m.Affiliations {
			a := &m.Affiliations[i]
			if id, found := orgs[strings.ToLower(a.OrganizationName)]; found {
				a.OrganizationID = id
			} else {
				bad(row.Line, "organization", fmt.Sprintf("organization %q is not in Kindred; import organizations first", a.OrganizationName))
				ok = false
			}
		}
		if ok {
			out = append(out, row)
		}
	}
	return out
}

func keepAffiliations(rows []importer.AffiliationRow, orgs, members map[string]int64, bad badFunc) []importer.AffiliationRow {
	out := rows[:0]
	for _, row := range rows {
		ok := true
		if _, found := members[row.Email]; !found {
			bad(row.Line, "email", fmt.Sprintf("no member has the email %q; import members first", row.Email))
			ok = false
		}
		if id, found := orgs[strings.ToLower(row.Affiliation.OrganizationName)]; found {
			row.Affiliation.OrganizationID = id
		} else {
			bad(row.Line, "organization", fmt.Sprintf("organization %q is not in Kindred; import organizations first", row.Affiliation.OrganizationName))
			ok = false
		}
		if ok {
			out = append(out, row)
		}
	}
	return out
}

// keepInScope drops, as bad rows, the member and affiliation rows that would
// add or change a member of a city outside scope (their city now, or the
// one the row gives), and the organization rows that would change an
// organization working only in cities outside scope (as
// kindred.Organization.CanEdit decides for the form).
func keepInScope(ctx context.Context, st *store.Store, p *plan, scope func(int64) bool, rep *Report) error {
	if scope == nil {
		return nil
	}
	if p.kind == Organizations {
		return keepOrgsInScope(ctx, st, p, scope, rep)
	}
	cities, err := st.MemberCitiesByEmail(ctx)
	if err != nil {
		return err
	}
	inScope := func(line int, email string, city int64) bool {
		for _, c := range []int64{cities[email], city} {
			if c != 0 && !scope(c) {
				rep.Errors = append(rep.Errors, importer.RowError{Line: line, Field: "city",
					Message: "this member is in a city you do not organize; ask its organizers or an administrator"})
				return false
			}
		}
		return true
	}
	mems := p.mems[:0]
	for _, row := range p.mems {
		if inScope(row.Line, row.Member.Email, row.Member.CityID) {
			mems = append(mems, row)
		}
	}
	affs := p.affs[:0]
	for _, row := range p.affs {
		if inScope(row.Line, row.Email, 0) {
			affs = append(affs, row)
		}
	}
	p.mems, p.affs = mems, affs
	rep.Rows = max(rep.Rows, countLines(rep.Errors))
	return nil
}

// keepOrgsInScope drops the organization rows that would update an existing
// organization none of whose cities scope allows. New organizations, and
// existing ones that name no city yet, are kept.
func keepOrgsInScope(ctx context.Context, st *store.Store, p *plan, scope func(int64) bool, rep *Report) error {
	cities, err := st.OrganizationCitiesByName(ctx)
	if err != nil {
		return err
	}
	orgs := p.orgs[:0]
	for _, row := range p.orgs {
		have, exists := cities[strings.ToLower(strings.TrimSpace(row.Organization.Name))]
		if exists && !(&kindred.Organization{CityIDs: have}).EditableIn(scope) {
			rep.Errors = append(rep.Errors, importer.RowError{Line: row.Line, Field: "name",
				Message: "this organization works only in cities you do not organize; ask their organizers or an administrator"})
			continue
		}
		orgs = append(orgs, row)
	}
	p.orgs = orgs
	rep.Rows = max(rep.Rows, countLines(rep.Errors))
	return nil
}

func sortErrors(errs []importer.RowError) {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
}

// apply writes the plan's rows in tx.
func (p *plan) apply(ctx context.Context, tx *store.Tx, rep *Report, progress func(done, total int)) error {
	total := len(p.orgs) + len(p.mems) + len(p.affs)
	tick := func(i int) {
		if progress != nil {
			progress(i+1, total)
		}
	}
	for i, row := range p.orgs {
		created, err := tx.UpsertOrganization(ctx, row.Organization)
		if err != nil {
			return fmt.Errorf("line %d: %w", row.Line, err)
		}
		count(rep, created)
		tick(i)
	}
	for i, row := range p.mems {
		created, err := tx.UpsertMemberByEmail(ctx, &row.Member)
		if err != nil {
			return fmt.Errorf("line %d: %w", row.Line, err)
		}
		count(rep, created)
		tick(i)
	}
	for i, row := range p.affs {
		created, err := tx.UpsertAffiliation(ctx, p.found[row.Email], row.Affiliation)
		if err != nil {
			return fmt.Errorf("line %d: %w", row.Line, err)
		}
		count(rep, created)
		tick(i)
	}
	return nil
}

func count(rep *Report, created bool) {
	if created {
		rep.Created++
	} else {
		rep.Updated++
	}
}
