package importer

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/kindredhq/kindred/internal/kindred"
)

// OrganizationColumns are the columns of organizations.csv, in export order.
var OrganizationColumns = []string{"name", "kind", "size_band", "website", "description", "cities"}

var orgSchema = schema{columns: OrganizationColumns, required: []string{"name"}}

// maxCityNameLen bounds a city name in the cities column.
const maxCityNameLen = 120

// OrgRow is one good row of organizations.csv. Organization has passed
// Validate (and is normalized by it); its CityIDs are empty because Cities
// holds the city names, for the store to resolve.
type OrgRow struct {
	Line         int
	Organization kindred.Organization
	Cities       []string
}

// ParseOrganizations reads organizations.csv (columns OrganizationColumns;
// name required). It returns the good rows in file order and a RowError for
// each problem of each bad row: validation failures, a name repeated
// (case-insensitively) from an earlier line, cells that do not line up with
// the header. The error is a *kindred.Error (EINVALID) for a bad file — wrong
// columns, broken quoting, not UTF-8, empty, over the limits — or a wrapped
// read error; rows and row errors are nil then.
func ParseOrganizations(r io.Reader) ([]OrgRow, []RowError, error) {
	t, err := openTable(r, orgSchema)
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]int{}
	return readRows(t, func(rec record) (OrgRow, []RowError) {
		row, errs := orgRow(rec)
		if len(errs) == 0 {
			errs = checkDuplicate(seen, strings.ToLower(row.Organization.Name), rec.line, "name", "an organization with this name")
		}
		return row, errs
	})
}

// orgRow builds and validates one organization.
func orgRow(rec record) (OrgRow, []RowError) {
	o := kindred.Organization{
		Name:        rec.get("name"),
		Kind:        rec.get("kind"),
		SizeBand:    rec.get("size_band"),
		Website:     rec.get("website"),
		Description: rec.get("description"),
	}
	var errs []RowError
	if err := o.Validate(); err != nil {
		errs = fieldErrors(rec.line, err, nil)
	}
	cities, problem := parseCities(rec.get("cities"))
	if problem != "" {
		errs = append(errs, RowError{Line: rec.line, Field: "cities", Message: problem})
	}
	return OrgRow{Line: rec.line, Organization: o, Cities: cities}, errs
}

// parseCities splits the cities cell, dropping repeats.
func parseCities(s string) ([]string, string) {
	var out []string
	seen := map[string]bool{}
	for _, c := range splitList(s) {
		if utf8.RuneCountInString(c) > maxCityNameLen {
			return nil, fmt.Sprintf("a city name is longer than %d characters", maxCityNameLen)
		}
		if k := strings.ToLower(c); !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	return out, ""
}

// checkDuplicate records key at line, or reports the earlier line that has it.
func checkDuplicate(seen map[string]int, key string, line int, field, what string) []RowError {
	if first, ok := seen[key]; ok {
		return []RowError{{Line: line, Field: field, Message: fmt.Sprintf("%s is already on line %d", what, first)}}
	}
	seen[key] = line
	return nil
}
