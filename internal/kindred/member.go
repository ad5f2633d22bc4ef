package kindred

import (
	"regexp"
	"strings"
	"time"
)

// Member is a person in the network's directory. A member may have an
// account (to sign in) or not (imported, not yet invited).
type Member struct {
	ID           int64
	AccountID    int64 // 0 when the member cannot sign in yet
	Email        string
	Name         string
	Pronouns     string
	Bio          string
	CityID       int64 // 0 when unknown
	CityName     string
	Languages    []string // e.g. "en", "es", or names; as the person wrote them
	Tags         []string // expertise
	Asks         []string // what I want to learn
	Offers       []string // what I can share
	Needs        Needs
	Visibility   Visibility
	HasPhoto     bool
	Affiliations []Affiliation
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Needs is the needs profile, captured once and reused for every gathering.
type Needs struct {
	Diet              string
	Accessibility     string
	PreferredLanguage string
}

// Affiliation is a member's role at an organization.
type Affiliation struct {
	ID               int64
	MemberID         int64
	OrganizationID   int64
	OrganizationName string
	OrganizationSlug string
	Role             string
	Since            string // YYYY or YYYY-MM, may be empty
	Until            string // empty while current
	Primary          bool
}

// Current reports whether the affiliation has not ended.
func (a Affiliation) Current() bool { return a.Until == "" }

// During returns the days the affiliation covers: from the first day of
// Since to the first day after Until (a year, or a month), UTC. A zero from
// means it is not known when it began, a zero until that it has not ended.
// An unreadable Since or Until counts as unknown.
func (a Affiliation) During() (from, until time.Time) {
	if t, ok := periodStart(a.Since); ok {
		from = t
	}
	if t, ok := periodStart(a.Until); ok {
		if len(a.Until) == len("2006") {
			until = t.AddDate(1, 0, 0)
		} else {
			until = t.AddDate(0, 1, 0)
		}
	}
	return from, until
}

// periodStart reads "YYYY" or "YYYY-MM" as the period's first day.
func periodStart(s string) (time.Time, bool) {
	for _, layout := range []string{"2006", "2006-01"} {
		if len(s) == len(layout) {
			t, err := time.Parse(layout, s)
			return t, err == nil
		}
	}
	return time.Time{}, false
}

// PrimaryAffiliation returns the member's primary affiliation, or the first
// current one, or false when there is none.
func (m *Member) PrimaryAffiliation() (Affiliation, bool) {
	for _, a := range m.Affiliations {
		if a.Primary {
			return a, true
		}
	}
	for _, a := range m.Affiliations {
		if a.Current() {
			return a, true
		}
	}
	return Affiliation{}, false
}

// Limits on member profile fields.
const (
	MaxBioLen      = 2000
	MaxPronounsLen = 40
	MaxListItems   = 20
	MaxListItemLen = 80
	MaxNeedsLen    = 500
	MaxRoleLen     = 120
	MaxPhotoBytes  = 2 << 20
)

var yearMonth = regexp.MustCompile(`^\d{4}(-(0[1-9]|1[0-2]))?$`)

// Validate normalizes the member and returns an EINVALID error naming each bad field.
func (m *Member) Validate() error {
	var p Problems
	m.Name = strings.TrimSpace(m.Name)
	requireText(m.Name, "name", MaxNameLen, &p)
	if m.Email != "" {
		m.Email = NormalizeEmail(m.Email, "email", &p)
	}
	m.Pronouns = strings.TrimSpace(m.Pronouns)
	limitText(m.Pronouns, "pronouns", MaxPronounsLen, &p)
	m.Bio = strings.TrimSpace(m.Bio)
	limitText(m.Bio, "bio", MaxBioLen, &p)
	m.Languages = cleanList(m.Languages, "languages", &p)
	m.Tags = cleanList(m.Tags, "tags", &p)
	m.Asks = cleanList(m.Asks, "asks", &p)
	m.Offers = cleanList(m.Offers, "offers", &p)
	m.Needs.Diet = strings.TrimSpace(m.Needs.Diet)
	m.Needs.Accessibility = strings.TrimSpace(m.Needs.Accessibility)
	m.Needs.PreferredLanguage = strings.TrimSpace(m.Needs.PreferredLanguage)
	limitText(m.Needs.Diet, "diet", MaxNeedsLen, &p)
	limitText(m.Needs.Accessibility, "accessibility", MaxNeedsLen, &p)
	limitText(m.Needs.PreferredLanguage, "preferred_language", MaxListItemLen, &p)
	if err := m.Visibility.validate(); err != nil {
		p.Add("visibility", err.Error())
	}
	validateAffiliations(m.Affiliations, &p)
	return p.Err()
}

// cleanList trims items, drops empty and repeated ones, and checks limits.
func cleanList(items []string, field string, p *Problems) []string {
	out := make([]string, 0, len(items))
	seen := map[string]bool{}
	for _, it := range items {
		it = strings.TrimSpace(it)
		key := strings.ToLower(it)
		if it == "" || seen[key] {
			continue
		}
		seen[key] = true
		limitText(it, field, MaxListItemLen, p)
		out = append(out, it)
	}
	if len(out) > MaxListItems {
		p.Add(field, "has more than 20 entries")
	}
	return out
}

// SplitList splits a typed list on commas, semicolons and new lines.
func SplitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' })
}

func validateAffiliations(affs []Affiliation, p *Problems) {
	primaries := 0
	for i := range affs {
		a := &affs[i]
		a.Role = strings.TrimSpace(a.Role)
		a.Since, a.Until = strings.TrimSpace(a.Since), strings.TrimSpace(a.Until)
		if a.OrganizationID == 0 {
			p.Add("affiliations", "each affiliation needs an organization")
		}
		limitText(a.Role, "role", MaxRoleLen, p)
		for _, d := range []string{a.Since, a.Until} {
			if d != "" && !yearMonth.MatchString(d) {
				p.Add("affiliations", "dates must look like 2019 or 2019-04")
			}
		}
		if a.Since != "" && a.Until != "" && a.Until < a.Since {
			p.Add("affiliations", "an affiliation cannot end before it starts")
		}
		if a.Primary {
			primaries++
		}
	}
	if primaries > 1 {
		p.Add("affiliations", "only one affiliation can be primary")
	}
	if primaries == 0 {
		for i := range affs {
			if affs[i].Current() {
				affs[i].Primary = true
				break
			}
		}
	}
}
