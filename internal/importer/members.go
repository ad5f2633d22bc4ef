package importer

import (
	"io"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// MemberColumns are the columns of members.csv, in export order. The
// organization and role columns are the member's current primary
// affiliation; visibility is optional ("email=private;bio=organizers").
var MemberColumns = []string{"email", "name", "pronouns", "bio", "city", "languages", "tags", "asks", "offers",
	"diet", "accessibility", "preferred_language", "organization", "role", "visibility"}

var memberSchema = schema{columns: MemberColumns, required: []string{"email", "name"}}

// placeholderOrgID stands in for an organization id while validating rows
// whose organizations are known only by name.
const placeholderOrgID = -1

// maxOrgNameLen is kindred.Organization's limit on names.
const maxOrgNameLen = 160

// MemberRow is one good row of members.csv. Member has passed Validate once
// its organization ids are set (and is normalized by it): Email is required
// and lower case, CityName holds the city as written (CityID is 0), and when
// the row names an organization, Affiliations holds one current primary
// affiliation with OrganizationName and Role set and OrganizationID 0, for
// the store to resolve.
type MemberRow struct {
	Line   int
	Member kindred.Member
}

// ParseMembers reads members.csv (columns MemberColumns; email and name
// required). It returns the good rows in file order and a RowError for each
// problem of each bad row: validation failures (Field is the column), a
// missing email, an email already on an earlier line, a role without an
// organization, a malformed visibility cell, cells that do not line up with
// the header. The error is a *kindred.Error (EINVALID) for a bad file — wrong
// columns, broken quoting, not UTF-8, empty, over the limits — or a wrapped
// read error; rows and row errors are nil then.
func ParseMembers(r io.Reader) ([]MemberRow, []RowError, error) {
	t, err := openTable(r, memberSchema)
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]int{}
	return readRows(t, func(rec record) (MemberRow, []RowError) {
		row, errs := memberRow(rec)
		if len(errs) == 0 {
			errs = checkDuplicate(seen, row.Member.Email, rec.line, "email", "a member with this email")
		}
		return row, errs
	})
}

// memberRenames maps domain field names to members.csv columns.
var memberRenames = map[string]string{"affiliations": "organization"}

// memberRow builds and validates one member.
func memberRow(rec record) (MemberRow, []RowError) {
	m := kindred.Member{
		Email:     rec.get("email"),
		Name:      rec.get("name"),
		Pronouns:  rec.get("pronouns"),
		Bio:       rec.get("bio"),
		CityName:  strings.TrimSpace(rec.get("city")),
		Languages: splitList(rec.get("languages")),
		Tags:      splitList(rec.get("tags")),
		Asks:      splitList(rec.get("asks")),
		Offers:    splitList(rec.get("offers")),
		Needs: kindred.Needs{
			Diet:              rec.get("diet"),
			Accessibility:     rec.get("accessibility"),
			PreferredLanguage: rec.get("preferred_language"),
		},
	}
	var errs []RowError
	add := func(field, msg string) { errs = append(errs, RowError{Line: rec.line, Field: field, Message: msg}) }
	if strings.TrimSpace(m.Email) == "" {
		add("email", "is required (members are matched by email)")
	}
	org, role := strings.TrimSpace(rec.get("organization")), strings.TrimSpace(rec.get("role"))
	switch {
	case len([]rune(org)) > maxOrgNameLen:
		add("organization", "is longer than 160 characters")
	case org != "":
		m.Affiliations = []kindred.Affiliation{{OrganizationName: org, Role: role, Primary: true}}
	case role != "":
		add("organization", "is required when a role is given")
	}
	if len([]rune(m.CityName)) > maxCityNameLen {
		add("city", "is longer than 120 characters")
	}
	v, problem := parseVisibility(rec.get("visibility"))
	if problem != "" {
		add("visibility", problem)
	}
	m.Visibility = v
	if err := validateMember(&m); err != nil {
		errs = append(errs, fieldErrors(rec.line, err, memberRenames)...)
	}
	return MemberRow{Line: rec.line, Member: m}, dedupeErrors(errs)
}

// validateMember runs kindred.Member.Validate with placeholder ids for
// affiliations known by organization name only, then clears them.
func validateMember(m *kindred.Member) error {
	for i := range m.Affiliations {
		if m.Affiliations[i].OrganizationID == 0 && m.Affiliations[i].OrganizationName != "" {
			m.Affiliations[i].OrganizationID = placeholderOrgID
		}
	}
	err := m.Validate()
	for i := range m.Affiliations {
		if m.Affiliations[i].OrganizationID == placeholderOrgID {
			m.Affiliations[i].OrganizationID = 0
		}
	}
	return err
}

// dedupeErrors keeps the first problem per field.
func dedupeErrors(errs []RowError) []RowError {
	seen := map[string]bool{}
	out := errs[:0]
	for _, e := range errs {
		if !seen[e.Field] {
			seen[e.Field] = true
			out = append(out, e)
		}
	}
	return out
}
