package kindred

import (
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// GatheringStatus is where a gathering stands in its life.
type GatheringStatus string

// Gathering statuses. Only open gatherings take RSVPs from members.
const (
	GatheringDraft     GatheringStatus = "draft"
	GatheringOpen      GatheringStatus = "open"
	GatheringClosed    GatheringStatus = "closed"
	GatheringHeld      GatheringStatus = "held"
	GatheringCancelled GatheringStatus = "cancelled"
)

// GatheringStatuses lists the statuses in the order an organizer meets them.
var GatheringStatuses = []GatheringStatus{GatheringDraft, GatheringOpen, GatheringClosed, GatheringHeld, GatheringCancelled}

// Gathering visibilities: everyone in the network sees it, or only the invited.
const (
	VisibilityNetwork = "network"
	VisibilityInvite  = "invite"
)

// Gathering is a dinner or any other convening in a city.
type Gathering struct {
	ID                 int64
	CityID             int64
	CityName           string
	TimeZone           string // the city's IANA zone; StartsAt/EndsAt are UTC
	SeriesID           int64  // 0 when not part of a series
	SeriesName         string
	Title              string
	Theme              string
	Questions          []string // discussion questions, asked again on the RSVP form
	VenueName          string
	Address            string
	AccessibilityNotes string
	DietsServed        []string
	StartsAt           time.Time
	EndsAt             time.Time
	Capacity           int
	TableSize          int
	Visibility         string
	Status             GatheringStatus
	ApprovalRequired   bool
	HostIDs            []int64 // members who host
	OrganizationIDs    []int64 // co-hosting organizations
	NetworkIDs         []int64 // co-hosting networks
	CreatedBy          int64
	Going              int // counts, when read
	Waitlisted         int
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// Series groups gatherings across cities, such as a season of dinners.
type Series struct {
	ID          int64
	Name        string
	Slug        string
	Description string
}

// Location returns the gathering's time zone, UTC when unknown.
func (g *Gathering) Location() *time.Location {
	if loc, ok := zones.Load(g.TimeZone); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(g.TimeZone)
	if err != nil {
		return time.UTC
	}
	zones.Store(g.TimeZone, loc)
	return loc
}

// zones keeps loaded time zones by name: time.LoadLocation reads and parses
// the zone file on every call, which showed on pages listing gatherings.
var zones sync.Map

// LocalStart is the start in the city's time zone.
func (g *Gathering) LocalStart() time.Time { return g.StartsAt.In(g.Location()) }

// LocalDay is the gathering's date in its city, as midnight UTC: how the
// relationship ledger dates what happened there.
func (g *Gathering) LocalDay() time.Time {
	s := g.LocalStart()
	return time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, time.UTC)
}

// LocalEnd is the end in the city's time zone.
func (g *Gathering) LocalEnd() time.Time { return g.EndsAt.In(g.Location()) }

// OpenToNetwork reports whether everyone signed in to the network may see
// the gathering: it is for the whole network and no longer a draft.
func (g *Gathering) OpenToNetwork() bool {
	return g.Visibility == VisibilityNetwork && g.Status != GatheringDraft
}

// VisibleTo reports whether acct may see the gathering: its page, its
// harvest and its harvest notes. It is the one rule every read path of
// gatherings applies (pages, the API, notes and their search): organizers of
// the gathering's city and administrators see everything there; others see
// it when it is open to the network, or, once it is no longer a draft, when
// they are on its list. listed tells whether acct's member profile is on the
// list (invited, with an RSVP of any status, or hosting: see
// store.OnGuestList); it is asked only when the answer depends on it.
func (g *Gathering) VisibleTo(acct *Account, listed func() bool) bool {
	switch {
	case acct.CanOrganize(g.CityID):
		return true
	case g.Status == GatheringDraft:
		return false
	case g.Visibility == VisibilityNetwork:
		return true
	}
	return listed()
}

// Full reports whether every seat is taken.
func (g *Gathering) Full() bool { return g.Going >= g.Capacity }

// TakesRSVPs reports whether members may still answer.
func (g *Gathering) TakesRSVPs() bool { return g.Status == GatheringOpen }

// Limits on gathering fields.
const (
	MaxGatheringCapacity = 10000
	MaxQuestions         = 10
)

// Validate normalizes the gathering and returns an EINVALID error naming
// each bad field.
func (g *Gathering) Validate() error {
	var p Problems
	g.Title = strings.TrimSpace(g.Title)
	g.Theme = strings.TrimSpace(g.Theme)
	g.VenueName = strings.TrimSpace(g.VenueName)
	g.Address = strings.TrimSpace(g.Address)
	g.AccessibilityNotes = strings.TrimSpace(g.AccessibilityNotes)
	g.Questions = trimList(g.Questions)
	g.DietsServed = trimList(g.DietsServed)
	requireText(g.Title, "title", 160, &p)
	limitText(g.Theme, "theme", 2000, &p)
	limitText(g.VenueName, "venue_name", 160, &p)
	limitText(g.Address, "address", 400, &p)
	limitText(g.AccessibilityNotes, "accessibility_notes", 1000, &p)
	if g.CityID == 0 {
		p.Add("city_id", "is required")
	}
	g.validateTimes(&p)
	g.validateSeats(&p)
	if len(g.Questions) > MaxQuestions {
		p.Add("questions", fmt.Sprintf("can hold at most %d questions", MaxQuestions))
	}
	if g.Visibility == "" {
		g.Visibility = VisibilityNetwork
	}
	if g.Visibility != VisibilityNetwork && g.Visibility != VisibilityInvite {
		p.Add("visibility", "must be network or invite")
	}
	if g.Status == "" {
		g.Status = GatheringDraft
	}
	if _, err := ParseGatheringStatus(string(g.Status)); err != nil {
		p.Add("status", "must be draft, open, closed, held or cancelled")
	}
	return p.Err()
}

func (g *Gathering) validateTimes(p *Problems) {
	switch {
	case g.StartsAt.IsZero():
		p.Add("starts_at", "is required")
	case g.EndsAt.IsZero():
		p.Add("ends_at", "is required")
	case !g.EndsAt.After(g.StartsAt):
		p.Add("ends_at", "must be after the start")
	case g.EndsAt.Sub(g.StartsAt) > 7*24*time.Hour:
		p.Add("ends_at", "must be within a week of the start")
	}
	g.StartsAt, g.EndsAt = g.StartsAt.UTC(), g.EndsAt.UTC()
}

func (g *Gathering) validateSeats(p *Problems) {
	if g.Capacity < 1 || g.Capacity > MaxGatheringCapacity {
		p.Add("capacity", fmt.Sprintf("must be between 1 and %d", MaxGatheringCapacity))
	}
	if g.TableSize == 0 {
		g.TableSize = 6
	}
	if g.TableSize < 2 || g.TableSize > 50 {
		p.Add("table_size", "must be between 2 and 50")
	}
}

// ParseGatheringStatus returns the status named s, or EINVALID on "status".
func ParseGatheringStatus(s string) (GatheringStatus, error) {
	for _, st := range GatheringStatuses {
		if string(st) == strings.TrimSpace(s) {
			return st, nil
		}
	}
	return "", &Error{Code: EINVALID, Message: "Unknown status.",
		Fields: map[string]string{"status": "must be draft, open, closed, held or cancelled"}}
}

// ParseLocalTime reads a date (YYYY-MM-DD) and a clock time (HH:MM) as wall
// time in the IANA zone tz and returns the instant in UTC. A wall time that
// does not exist there (skipped when the clocks go forward) is an EINVALID
// naming field; an ambiguous one (clocks going back) takes the earlier instant.
func ParseLocalTime(date, clock, tz, field string) (time.Time, error) {
	loc, err := time.LoadLocation(tz)
	if err != nil || tz == "" {
		return time.Time{}, &Error{Code: EINVALID, Message: "The city has no known time zone.",
			Fields: map[string]string{field: "cannot be placed in a time zone"}}
	}
	wall, err := time.Parse("2006-01-02 15:04", strings.TrimSpace(date)+" "+strings.TrimSpace(clock))
	if err != nil {
		return time.Time{}, &Error{Code: EINVALID, Message: "Please correct the highlighted field.",
			Fields: map[string]string{field: "must be a date and a time (like 2026-04-15 and 18:30)"}}
	}
	t := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), 0, 0, loc)
	if t.Hour() != wall.Hour() || t.Minute() != wall.Minute() || t.Day() != wall.Day() {
		return time.Time{}, &Error{Code: EINVALID, Message: "That time does not exist in " + tz + ".",
			Fields: map[string]string{field: fmt.Sprintf("%s %s is skipped when the clocks go forward in %s; choose another time",
				date, clock, tz)}}
	}
	return t.UTC(), nil
}

// trimList trims items and drops empty ones.
func trimList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && utf8.RuneCountInString(s) <= 500 {
			out = append(out, s)
		}
	}
	return out
}

// SplitLines splits text typed one item a line (or comma-separated when
// comma is true) into a clean list.
func SplitLines(s string, comma bool) []string {
	sep := "\n"
	if comma {
		s = strings.ReplaceAll(s, "\n", ",")
		sep = ","
	}
	return trimList(strings.Split(s, sep))
}
