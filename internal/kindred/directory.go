package kindred

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Organization is a member organization of the network.
type Organization struct {
	ID          int64
	Name        string
	Slug        string
	Kind        string // e.g. nonprofit, union, movement, funder
	SizeBand    string // one of SizeBands
	Website     string
	Description string
	CityIDs     []int64
	People      int // number of affiliated members, when listed
	CreatedAt   time.Time
}

// CanEdit reports whether the account may change the organization:
// administrators always; organizers who organize somewhere (see
// Viewer.OrganizesSomewhere) when it works in one of their cities, or names
// no city yet (organizations span cities; an organizer of Boston does not
// rewrite a Chicago union's profile). The form, the API and the CSV import
// all apply it.
func (o *Organization) CanEdit(a *Account) bool {
	if a.IsAdmin() {
		return true
	}
	organizes := (&Viewer{Account: a}).OrganizesSomewhere()
	return organizes && a.Role == RoleOrganizer && (len(o.CityIDs) == 0 || slices.ContainsFunc(o.CityIDs, a.CanOrganize))
}

// SizeBands are the organization sizes Kindred knows, by staff and volunteers.
var SizeBands = []string{"1-10", "11-50", "51-200", "201-1000", "1000+"}

// OrganizationKinds suggests kinds of organizations; others are allowed.
var OrganizationKinds = []string{"nonprofit", "movement", "union", "coalition", "funder", "cooperative", "government", "business"}

// Network is a group of organizations, such as a coalition, that can co-host things.
type Network struct {
	ID              int64
	Name            string
	Slug            string
	Description     string
	OrganizationIDs []int64
}

// Validate normalizes the organization and returns an EINVALID error naming bad fields.
func (o *Organization) Validate() error {
	var p Problems
	o.Name = strings.TrimSpace(o.Name)
	o.Kind = strings.ToLower(strings.TrimSpace(o.Kind))
	o.SizeBand = strings.TrimSpace(o.SizeBand)
	o.Website = strings.TrimSpace(o.Website)
	o.Description = strings.TrimSpace(o.Description)
	requireText(o.Name, "name", 160, &p)
	limitText(o.Kind, "kind", 60, &p)
	limitText(o.Description, "description", 4000, &p)
	if o.SizeBand != "" && !contains(SizeBands, o.SizeBand) {
		p.Add("size_band", "must be one of "+strings.Join(SizeBands, ", "))
	}
	if o.Website != "" {
		if !strings.Contains(o.Website, "://") {
			o.Website = "https://" + o.Website
		}
		if u, err := url.Parse(o.Website); err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.Contains(u.Host, ".") {
			p.Add("website", "is not a web address (like https://example.org)")
		}
	}
	if o.Slug == "" {
		o.Slug = Slugify(o.Name)
	}
	return p.Err()
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// Slugify makes a URL-safe name: lower case ASCII letters, digits and dashes.
func Slugify(s string) string {
	s = strings.ToLower(foldAccents(s))
	s = strings.Trim(nonSlug.ReplaceAllString(s, "-"), "-")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	if s == "" {
		s = "x"
	}
	return s
}

// foldAccents replaces common accented Latin letters with their base letter.
func foldAccents(s string) string {
	r := strings.NewReplacer("á", "a", "à", "a", "ã", "a", "â", "a", "ä", "a", "å", "a", "é", "e", "è", "e", "ê", "e", "ë", "e",
		"í", "i", "ì", "i", "î", "i", "ï", "i", "ó", "o", "ò", "o", "õ", "o", "ô", "o", "ö", "o", "ø", "o",
		"ú", "u", "ù", "u", "û", "u", "ü", "u", "ç", "c", "ñ", "n", "ß", "ss",
		"Á", "A", "À", "A", "Ã", "A", "Â", "A", "Ä", "A", "É", "E", "È", "E", "Ê", "E", "Í", "I", "Ó", "O", "Õ", "O", "Ô", "O", "Ö", "O",
		"Ú", "U", "Ü", "U", "Ç", "C", "Ñ", "N")
	return r.Replace(s)
}

func requireText(s, field string, max int, p *Problems) {
	if s == "" {
		p.Add(field, "is required")
		return
	}
	limitText(s, field, max, p)
}

func limitText(s, field string, max int, p *Problems) {
	if n := utf8.RuneCountInString(s); n > max {
		p.Add(field, "is too long ("+itoa(n)+" characters; the limit is "+itoa(max)+")")
	}
	if !utf8.ValidString(s) {
		p.Add(field, "contains characters that are not valid text")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
