package kindred

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Stage says how settled a practice is.
type Stage string

// Practice stages.
const (
	StageEmerging    Stage = "emerging"
	StageTried       Stage = "tried"
	StageEstablished Stage = "established"
)

// Stages lists the stages in order.
var Stages = []Stage{StageEmerging, StageTried, StageEstablished}

// ThemeAreas are the practice areas every network starts with; organizers
// may use others.
var ThemeAreas = []string{"Technology platforms", "Organizational design", "Membership engagement"}

// Practice is an emerging practice in the network's library.
type Practice struct {
	ID        int64
	Slug      string
	Title     string
	Summary   string
	Body      string // Markdown; rendered through internal/markdown
	ThemeArea string
	Stage     Stage
	Tags      []string
	Contacts  []Contact
	Sources   []PracticeSource
	Adoptions []Adoption
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Contact is a member to ask about a practice.
type Contact struct {
	MemberID int64
	Name     string
}

// PracticeSource is where a practice came from.
type PracticeSource struct {
	Kind  string // member, gathering, note, story, other
	RefID int64
	Label string
}

// Outcome is how trying a practice went.
type Outcome string

// Outcomes of adoption.
const (
	OutcomeTried      Outcome = "tried"
	OutcomeWorked     Outcome = "worked"
	OutcomeDidNotWork Outcome = "did_not_work"
)

// Adoption records an organization trying a practice.
type Adoption struct {
	ID               int64
	PracticeID       int64
	OrganizationID   int64
	OrganizationName string
	OrganizationSlug string
	CityNames        []string
	Outcome          Outcome
	Note             string
	AdoptedOn        time.Time
}

// Validate normalizes the practice and returns an EINVALID error naming bad fields.
func (p *Practice) Validate() error {
	var pr Problems
	p.Title, p.Summary, p.ThemeArea = strings.TrimSpace(p.Title), strings.TrimSpace(p.Summary), strings.TrimSpace(p.ThemeArea)
	requireText(p.Title, "title", 160, &pr)
	limitText(p.Summary, "summary", 600, &pr)
	limitText(p.Body, "body", 40000, &pr)
	limitText(p.ThemeArea, "theme_area", 80, &pr)
	if p.Stage == "" {
		p.Stage = StageEmerging
	}
	if p.Stage != StageEmerging && p.Stage != StageTried && p.Stage != StageEstablished {
		pr.Add("stage", "must be emerging, tried or established")
	}
	p.Tags = cleanList(p.Tags, "tags", &pr)
	for _, s := range p.Sources {
		switch s.Kind {
		case "member", "gathering", "note", "story", "other":
		default:
			pr.Add("sources", "a source is a member, gathering, note, story or other")
		}
	}
	return pr.Err()
}

// Validate checks an adoption.
func (a *Adoption) Validate() error {
	var p Problems
	if a.OrganizationID == 0 {
		p.Add("organization", "choose the organization that tried it")
	}
	switch a.Outcome {
	case OutcomeTried, OutcomeWorked, OutcomeDidNotWork:
	default:
		p.Add("outcome", "must be tried, worked or did not work")
	}
	a.Note = strings.TrimSpace(a.Note)
	if utf8.RuneCountInString(a.Note) > 2000 {
		p.Add("note", "is longer than 2,000 characters")
	}
	if a.AdoptedOn.IsZero() {
		p.Add("adopted_on", "is required")
	}
	return p.Err()
}

// MayShare checks that v may add a practice to the library: anyone signed
// in to the network. EUNAUTHORIZED otherwise.
func (p *Practice) MayShare(v *Viewer) error {
	if !v.SignedIn() {
		return Errorf(EUNAUTHORIZED, "Sign in to share a practice.")
	}
	return nil
}

// MayEdit checks that v may change a practice's text, tags and stage: the
// library's curators — organizers (of a city, or network-wide) and
// administrators. Anyone else adds what they learned as an adoption.
// EFORBIDDEN otherwise.
func (p *Practice) MayEdit(v *Viewer) error {
	if v.OrganizesNetwork() || (v.IsOrganizer() && len(v.Account.CityIDs) > 0) {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only organizers and administrators can edit practices. Add what you learned as an adoption instead.")
}

// SharedBy records m, who shares the practice, as the first person to ask
// about it and as a source — unless the practice is made from a harvest
// note that does not carry names (shared without names, or off the record):
// naming who made it a practice would say who sat at that table. A nil m
// (an account without a directory profile) records nothing.
func (p *Practice) SharedBy(m *Member, from *HarvestNote) {
	if m == nil || (from != nil && from.Consent != ConsentAttributable) {
		return
	}
	p.Contacts = append(p.Contacts, Contact{MemberID: m.ID, Name: m.Name})
	p.Sources = append(p.Sources, PracticeSource{Kind: "member", RefID: m.ID, Label: "Shared by " + m.Name})
}

// MayRecord checks that v may record that org tried a practice: an
// organization of their own — where they work now (a current affiliation
// of their profile), any organization working in a city they organize, and
// every organization for network-wide organizers and administrators.
// EFORBIDDEN names the organization field.
func (a *Adoption) MayRecord(v *Viewer, org *Organization) error {
	switch {
	case v.OrganizesNetwork():
		return nil
	case v.Member != nil && slices.ContainsFunc(v.Member.Affiliations, func(af Affiliation) bool {
		return af.OrganizationID == org.ID && af.Current()
	}):
		return nil
	case slices.ContainsFunc(org.CityIDs, v.CanOrganize):
		return nil
	}
	return &Error{Code: EFORBIDDEN, Message: "You can record what your own organizations tried.",
		Fields: map[string]string{"organization": "is not one of your organizations"}}
}
