package importer

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// utf8BOM starts every export so that Excel opens accented names correctly;
// the parsers skip it.
const utf8BOM = "\uFEFF"

// WriteOrganizations writes organizations.csv for orgs, naming cities with
// cityNames (ids it returns "" for are left out). Cells are escaped against
// CSV injection (see the package comment). It returns the first write
// error, wrapped.
func WriteOrganizations(w io.Writer, orgs []kindred.Organization, cityNames func(id int64) string) error {
	return writeTable(w, "organizations", OrganizationColumns, len(orgs), func(i int) []string {
		o := orgs[i]
		var cities []string
		for _, id := range o.CityIDs {
			if name := cityNames(id); name != "" {
				cities = append(cities, name)
			}
		}
		return []string{o.Name, o.Kind, o.SizeBand, o.Website, o.Description, joinList(cities)}
	})
}

// WriteMembers writes members.csv for members, which the caller has already
// passed through kindred.Member.VisibleTo: whatever they hold is written,
// including the visibility column. The organization and role columns hold
// the current primary affiliation (see kindred.Member.PrimaryAffiliation);
// WriteAffiliations writes all of them. List items are joined with ";", so an
// item containing ";" comes back split. Cells are escaped against CSV
// injection. It returns the first write error, wrapped.
func WriteMembers(w io.Writer, members []*kindred.Member) error {
	return writeTable(w, "members", MemberColumns, len(members), func(i int) []string {
		m := members[i]
		var org, role string
		if a, ok := m.PrimaryAffiliation(); ok && a.Current() {
			org, role = a.OrganizationName, a.Role
		}
		return []string{m.Email, m.Name, m.Pronouns, m.Bio, m.CityName, joinList(m.Languages), joinList(m.Tags),
			joinList(m.Asks), joinList(m.Offers), m.Needs.Diet, m.Needs.Accessibility, m.Needs.PreferredLanguage,
			org, role, formatVisibility(m.Visibility)}
	})
}

// WriteAffiliations writes affiliations.csv: one row per affiliation of each
// member, primary as 1 or 0. Members without an email (hidden from the
// viewer) are left out, since rows are matched to members by email. Cells
// are escaped against CSV injection. It returns the first write error,
// wrapped.
func WriteAffiliations(w io.Writer, members []*kindred.Member) error {
	var rows [][]string
	for _, m := range members {
		if strings.TrimSpace(m.Email) == "" {
			continue
		}
		for _, a := range m.Affiliations {
			primary := "0"
			if a.Primary {
				primary = "1"
			}
			rows = append(rows, []string{m.Email, a.OrganizationName, a.Role, a.Since, a.Until, primary})
		}
	}
	return writeTable(w, "affiliations", AffiliationColumns, len(rows), func(i int) []string { return rows[i] })
}

// writeTable writes the BOM, the header and n rows made by row.
func writeTable(w io.Writer, what string, header []string, n int, row func(i int) []string) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	for i := 0; i < n; i++ {
		cells := row(i)
		for j := range cells {
			cells[j] = escapeCell(cells[j])
		}
		if err := cw.Write(cells); err != nil {
			return fmt.Errorf("write %s: %w", what, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	return nil
}
