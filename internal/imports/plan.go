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

func sortErrors(errs []importer.RowError) {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
}

// apply writes the plan's rows in tx, each once the importer's rule allows
// it; a row the rule refuses is recorded as a bad row and left out.
func (p *plan) apply(ctx context.Context, tx *store.Tx, rep *Report, opts Options) error {
	total := len(p.orgs) + len(p.mems) + len(p.affs)
	done := 0
	tick := func() {
		if done++; opts.Progress != nil {
			opts.Progress(done, total)
		}
	}
	v := opts.Viewer
	for _, row := range p.orgs {
		created, err := tx.UpsertOrganization(ctx, row.Organization, func(stored *kindred.Organization) error {
			if stored == nil {
				return row.Organization.MayCreate(v)
			}
			return stored.MayEdit(v)
		})
		if err := count(rep, row.Line, "name", created, err); err != nil {
			return err
		}
		tick()
	}
	for _, row := range p.mems {
		created, err := tx.UpsertMemberByEmail(ctx, &row.Member, func(stored, merged *kindred.Member) (*kindred.Member, error) {
			if stored == nil {
				return merged, merged.MayCreate(v)
			}
			return stored.Edit(v, merged)
		})
		if err := count(rep, row.Line, "email", created, err); err != nil {
			return err
		}
		tick()
	}
	for _, row := range p.affs {
		created, err := tx.UpsertAffiliation(ctx, p.found[row.Email], row.Affiliation, func(stored, merged *kindred.Member) (*kindred.Member, error) {
			if err := stored.MayAddAffiliation(v); err != nil {
				return nil, err
			}
			return stored.Edit(v, merged)
		})
		if err := count(rep, row.Line, "email", created, err); err != nil {
			return err
		}
		tick()
	}
	return nil
}

// count records what writing a row did: created or updated, a bad row
// (field names the column, unless the refusal names one) when the importer's
// rule refused it. Any other error is returned, wrapped with the line.
func count(rep *Report, line int, field string, created bool, err error) error {
	switch {
	case kindred.ErrorCode(err) == kindred.EFORBIDDEN:
		if kindred.ErrorFields(err)["city_id"] != "" {
			field = "city"
		}
		rep.Errors = append(rep.Errors, importer.RowError{Line: line, Field: field, Message: kindred.ErrorMessage(err)})
	case err != nil:
		return fmt.Errorf("line %d: %w", line, err)
	case created:
		rep.Created++
	default:
		rep.Updated++
	}
	return nil
}
