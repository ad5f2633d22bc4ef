package importer

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/kindredhq/kindred/internal/csvx"
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
	t, err := NewMembersCSV(w)
	if err != nil {
		return err
	}
	if err := t.Write(members); err != nil {
		return err
	}
	return t.Close()
}

// TableCSV writes one CSV table a batch of rows at a time, so an export of
// any size holds only a batch in memory: NewMembersCSV or
// NewAffiliationsCSV, Write for each batch, then Close.
type TableCSV[T any] struct {
	t   *csvTable
	row func(T) [][]string
}

// NewMembersCSV starts members.csv on w (see WriteMembers for what it
// holds). It returns the write error of the header, wrapped.
func NewMembersCSV(w io.Writer) (*TableCSV[*kindred.Member], error) {
	t, err := newTable(w, "members", MemberColumns)
	return &TableCSV[*kindred.Member]{t: t, row: func(m *kindred.Member) [][]string { return [][]string{memberCSVRow(m)} }}, err
}

// NewAffiliationsCSV starts affiliations.csv on w (see WriteAffiliations for
// what it holds). It returns the write error of the header, wrapped.
func NewAffiliationsCSV(w io.Writer) (*TableCSV[*kindred.Member], error) {
	t, err := newTable(w, "affiliations", AffiliationColumns)
	return &TableCSV[*kindred.Member]{t: t, row: affiliationRows}, err
}

// Write writes the rows of a batch. It returns the first write error,
// wrapped.
func (c *TableCSV[T]) Write(batch []T) error {
	for _, v := range batch {
		for _, cells := range c.row(v) {
			if err := c.t.write(cells); err != nil {
				return err
			}
		}
	}
	return nil
}

// Close flushes what is buffered. It returns the first write error, wrapped.
func (c *TableCSV[T]) Close() error { return c.t.close() }

// memberCSVRow is a member's members.csv row.
func memberCSVRow(m *kindred.Member) []string {
	var org, role string
	if a, ok := m.PrimaryAffiliation(); ok && a.Current() {
		org, role = a.OrganizationName, a.Role
	}
	return []string{m.Email, m.Name, m.Pronouns, m.Bio, m.CityName, joinList(m.Languages), joinList(m.Tags),
		joinList(m.Asks), joinList(m.Offers), m.Needs.Diet, m.Needs.Accessibility, m.Needs.PreferredLanguage,
		org, role, formatVisibility(m.Visibility)}
}

// WriteAffiliations writes affiliations.csv: one row per affiliation of each
// member, primary as 1 or 0. Members without an email (hidden from the
// viewer) are left out, since rows are matched to members by email. Cells
// are escaped against CSV injection. It returns the first write error,
// wrapped.
func WriteAffiliations(w io.Writer, members []*kindred.Member) error {
	t, err := NewAffiliationsCSV(w)
	if err != nil {
		return err
	}
	if err := t.Write(members); err != nil {
		return err
	}
	return t.Close()
}

// affiliationRows are a member's affiliations.csv rows.
func affiliationRows(m *kindred.Member) [][]string {
	if strings.TrimSpace(m.Email) == "" {
		return nil
	}
	var rows [][]string
	for _, a := range m.Affiliations {
		primary := "0"
		if a.Primary {
			primary = "1"
		}
		rows = append(rows, []string{m.Email, a.OrganizationName, a.Role, a.Since, a.Until, primary})
	}
	return rows
}

// writeTable writes the BOM, the header and n rows made by row.
func writeTable(w io.Writer, what string, header []string, n int, row func(i int) []string) error {
	t, err := newTable(w, what, header)
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if err := t.write(row(i)); err != nil {
			return err
		}
	}
	return t.close()
}

// csvTable is a CSV table being written, cells escaped.
type csvTable struct {
	cw   *csv.Writer
	what string
}

// newTable writes the BOM and the header.
func newTable(w io.Writer, what string, header []string) (*csvTable, error) {
	t := &csvTable{cw: csv.NewWriter(w), what: what}
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return t, fmt.Errorf("write %s: %w", what, err)
	}
	return t, t.write(header)
}

// write escapes a copy of cells (the header is a package-level slice shared
// by concurrent exports, so it is never changed in place) and writes it.
func (t *csvTable) write(cells []string) error {
	escaped := make([]string, len(cells))
	for j, c := range cells {
		escaped[j] = csvx.Escape(c)
	}
	if err := t.cw.Write(escaped); err != nil {
		return fmt.Errorf("write %s: %w", t.what, err)
	}
	return nil
}

func (t *csvTable) close() error {
	t.cw.Flush()
	if err := t.cw.Error(); err != nil {
		return fmt.Errorf("write %s: %w", t.what, err)
	}
	return nil
}
