package importer

import (
	"io"
	"regexp"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// AffiliationColumns are the columns of affiliations.csv, in export order.
var AffiliationColumns = []string{"email", "organization", "role", "since", "until", "primary"}

var affiliationSchema = schema{columns: AffiliationColumns, required: []string{"email", "organization"}}

// AffiliationRow is one good row of affiliations.csv: the member's email
// (normalized) and the affiliation with OrganizationName set and
// OrganizationID 0, for the store to resolve. Since and Until are "YYYY" or
// "YYYY-MM" or empty; a full date "YYYY-MM-DD" is shortened to "YYYY-MM".
type AffiliationRow struct {
	Line        int
	Email       string
	Affiliation kindred.Affiliation
}

// ParseAffiliations reads affiliations.csv (columns AffiliationColumns; email
// and organization required; primary is 1/0, true/false or yes/no, blank
// meaning no). It returns the good rows in file order and a RowError for each
// problem of each bad row: a bad email, date or primary cell, an end before
// the start, a second primary affiliation for the same email, the same
// email, organization, role and since as an earlier line, cells that do not
// line up with the header. The error is a *kindred.Error (EINVALID) for a bad
// file — wrong columns, broken quoting, not UTF-8, empty, over the limits — or
// a wrapped read error; rows and row errors are nil then.
func ParseAffiliations(r io.Reader) ([]AffiliationRow, []RowError, error) {
	t, err := openTable(r, affiliationSchema)
	if err != nil {
		return nil, nil, err
	}
	seen, primaries := map[string]int{}, map[string]int{}
	return readRows(t, func(rec record) (AffiliationRow, []RowError) {
		row, errs := affiliationRow(rec)
		if len(errs) == 0 {
			errs = checkAffiliationRepeats(row, seen, primaries)
		}
		return row, errs
	})
}

// checkAffiliationRepeats reports a row repeating an earlier one, or a
// second primary affiliation for one email.
func checkAffiliationRepeats(row AffiliationRow, seen, primaries map[string]int) []RowError {
	a := row.Affiliation
	key := row.Email + "\x00" + strings.ToLower(a.OrganizationName) + "\x00" + strings.ToLower(a.Role) + "\x00" + a.Since
	if errs := checkDuplicate(seen, key, row.Line, "", "the same affiliation"); errs != nil {
		return errs
	}
	if a.Primary {
		return checkDuplicate(primaries, row.Email, row.Line, "primary", "another primary affiliation for this email")
	}
	return nil
}

var fullDate = regexp.MustCompile(`^(\d{4}-\d{2})-\d{2}$`)

// affiliationRow builds and validates one affiliation.
func affiliationRow(rec record) (AffiliationRow, []RowError) {
	a := kindred.Affiliation{
		OrganizationName: strings.TrimSpace(rec.get("organization")),
		Role:             rec.get("role"),
		Since:            fullDate.ReplaceAllString(strings.TrimSpace(rec.get("since")), "$1"),
		Until:            fullDate.ReplaceAllString(strings.TrimSpace(rec.get("until")), "$1"),
	}
	var errs []RowError
	add := func(field, msg string) { errs = append(errs, RowError{Line: rec.line, Field: field, Message: msg}) }
	var p kindred.Problems
	email := kindred.NormalizeEmail(rec.get("email"), "email", &p)
	if p["email"] != "" {
		add("email", p["email"])
	}
	switch n := len([]rune(a.OrganizationName)); {
	case n == 0:
		add("organization", "is required")
	case n > maxOrgNameLen:
		add("organization", "is longer than 160 characters")
	}
	primary, ok := parseBool(rec.get("primary"))
	if !ok {
		add("primary", "must be 1 or 0 (or yes/no, true/false)")
	}
	a.Primary = primary
	errs = append(errs, checkAffiliation(rec.line, &a)...)
	return AffiliationRow{Line: rec.line, Email: email, Affiliation: a}, errs
}

// checkAffiliation applies kindred's affiliation rules (role length, date
// shape, order) and names the column at fault.
func checkAffiliation(line int, a *kindred.Affiliation) []RowError {
	var errs []RowError
	for _, d := range []struct{ col, val string }{{"since", a.Since}, {"until", a.Until}} {
		if msg := affiliationProblem(kindred.Affiliation{Since: d.val}); msg != "" {
			errs = append(errs, RowError{Line: line, Field: d.col, Message: msg})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	m := kindred.Member{Name: "-", Affiliations: []kindred.Affiliation{*a}}
	m.Affiliations[0].OrganizationID = placeholderOrgID
	if err := m.Validate(); err != nil {
		return fieldErrors(line, err, map[string]string{"affiliations": "until"})
	}
	a.Role = m.Affiliations[0].Role
	return nil
}

// affiliationProblem returns kindred's complaint about a, or "".
func affiliationProblem(a kindred.Affiliation) string {
	a.OrganizationID = placeholderOrgID
	m := kindred.Member{Name: "-", Affiliations: []kindred.Affiliation{a}}
	return kindred.ErrorFields(m.Validate())["affiliations"]
}
