package kindred

import (
	"fmt"
	"net/url"
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
	JoinURL            string  // the link of an online or hybrid gathering: only confirmed guests see it
	Public             bool    // anyone may read its public page (MayShowPublicly)
	HostIDs            []int64 // members who host
	OrganizationIDs    []int64 // co-hosting organizations
	NetworkIDs         []int64 // co-hosting networks
	CreatedBy          int64
	ProposedBy         int64 // the member who proposed it (see Proposal); 0 when an organizer made it
	Going              int   // counts, when read
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

// VisibleTo reports whether the viewer v may see the gathering: its page,
// its calendar file, its harvest and its harvest notes. It is the one rule
// every read path of gatherings applies (pages, the API, notes and their
// search, through store.Store.SeesGathering): organizers of the
// gathering's city and administrators see everything there; others see it
// when it is open to the network, or, once it is no longer a draft, when
// they are on its list. listed tells whether v's member profile is on the
// list (invited, with an RSVP of any status, or hosting: see
// store.OnGuestList); it is asked only when the answer depends on it. A
// dinner a member proposed is, while a draft, seen by its proposer too.
func (g *Gathering) VisibleTo(v *Viewer, listed func() bool) bool {
	switch {
	case v.CanOrganize(g.CityID):
		return true
	case g.Status == GatheringDraft:
		return v.Is(g.ProposedBy)
	case g.Visibility == VisibilityNetwork:
		return true
	}
	return v.MemberID() != 0 && listed()
}

// GatheringsSeen is VisibleTo stated for a whole list at once, so a list
// of gatherings, its count and its cursor are read from the database with
// only the gatherings the viewer may see: every gathering (Every) or those
// in CityIDs (the cities the viewer organizes); elsewhere those open to
// the network, drafts MemberID proposed, and others once no longer drafts
// whose list MemberID is on. The store turns it into SQL; each gathering
// listed is still checked with VisibleTo.
type GatheringsSeen struct {
	Every    bool
	CityIDs  []int64
	MemberID int64 // 0: no profile, so no proposals and no lists
}

// GatheringsSeen returns the gatherings v may see (VisibleTo) as a scope
// for lists.
func (v *Viewer) GatheringsSeen() GatheringsSeen {
	every, ids := v.OrganizedCities()
	return GatheringsSeen{Every: every, CityIDs: ids, MemberID: v.MemberID()}
}

// MayManage checks that v may change the gathering and its guest list,
// tables and check-in: administrators, and organizers of its city.
// Anyone else is EFORBIDDEN.
func (g *Gathering) MayManage(v *Viewer) error {
	if v.CanOrganize(g.CityID) {
		return nil
	}
	city := g.CityName
	if city == "" {
		city = "its city"
	}
	return Errorf(EFORBIDDEN, "Only organizers of %s and administrators can do this.", city)
}

// MayChangeTo checks that v may change the gathering into next: v must
// organize the gathering's city as it is now (EFORBIDDEN) and, when next
// moves it, the city it moves to too (EFORBIDDEN on city_id, so a form
// shows it beside the city). An organizer can never move a dinner out of
// reach of the organizers who run it into a city he does not organize.
func (g *Gathering) MayChangeTo(v *Viewer, next *Gathering) error {
	if err := g.MayManage(v); err != nil {
		return err
	}
	if next.CityID == g.CityID || v.CanOrganize(next.CityID) {
		return nil
	}
	return &Error{Code: EFORBIDDEN, Message: "You can move a gathering only to a city you organize.",
		Fields: map[string]string{"city_id": "is not a city you organize"}}
}

// AnswerFor decides whose RSVP v gives when v names memberID (0 for v's
// own): their own answer, or, for organizers of the city and
// administrators, anyone's on their behalf (byOrganizer, which skips the
// approval step and allows any status). A member naming someone else is
// EFORBIDDEN; an account without a member profile answering for itself is
// ECONFLICT (EINVALID on member_id for an organizer, who may name whose
// answer it is).
func (g *Gathering) AnswerFor(v *Viewer, memberID int64) (member int64, byOrganizer bool, err error) {
	organizes := v.CanOrganize(g.CityID)
	switch {
	case memberID != 0 && organizes:
		return memberID, true, nil
	case memberID != 0 && !v.Is(memberID):
		return 0, false, Errorf(EFORBIDDEN, "You can answer only for yourself; organizers can answer for others.")
	case v.MemberID() != 0:
		return v.MemberID(), false, nil
	case organizes:
		return 0, false, &Error{Code: EINVALID, Message: "Your account has no member profile, so say whose RSVP this is.",
			Fields: map[string]string{"member_id": "is required for an account without a member profile"}}
	}
	return 0, false, Errorf(ECONFLICT, "Your account has no member profile yet. Create it (it takes a minute), then answer.")
}

// MayHold checks that the gathering may be marked held at now, with who
// came: once it has started, and unless it was cancelled (or never left
// draft). Refusals are EINVALID on "status", saying when it can be.
func (g *Gathering) MayHold(now time.Time) error {
	switch {
	case g.Status == GatheringCancelled || g.Status == GatheringDraft:
		return &Error{Code: EINVALID, Message: fmt.Sprintf("%q is %s, so it cannot be marked held.", g.Title, g.Status),
			Fields: map[string]string{"status": "must be open or closed to be marked held"}}
	case now.Before(g.StartsAt):
		at := g.LocalStart().Format("Monday 2 January at 15:04")
		return &Error{Code: EINVALID, Message: fmt.Sprintf("%q has not started yet: you can record who came from %s.", g.Title, at),
			Fields: map[string]string{"status": "can be held only once the gathering has started (" + at + ")"}}
	}
	return nil
}

// AllowsRSVP checks that the gathering takes req now: a cancelled one
// takes none; only organizers answer when it is not open (a draft, closed
// or held); members answer only going or declined. Refusals are EINVALID.
func (g *Gathering) AllowsRSVP(req RSVPRequest) error {
	switch g.Status {
	case GatheringCancelled:
		return Errorf(EINVALID, "%q has been cancelled, so it no longer takes RSVPs.", g.Title)
	case GatheringOpen:
	default:
		if !req.ByOrganizer {
			return Errorf(EINVALID, "%q is not taking RSVPs (it is %s).", g.Title, g.Status)
		}
	}
	if !req.ByOrganizer && req.Status != RSVPGoing && req.Status != RSVPDeclined {
		return &Error{Code: EINVALID, Message: "You can answer going or declined.",
			Fields: map[string]string{"status": "must be going or declined"}}
	}
	return nil
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
	if g.Public && g.Visibility == VisibilityInvite {
		p.Add("public", "is only for gatherings open to the whole network")
	}
	g.validateJoinURL(&p)
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

// MayCreate checks that v may create g: administrators anywhere,
// organizers in the cities they organize. The refusal names the field
// city_id, so a form shows it beside the city.
func (g *Gathering) MayCreate(v *Viewer) error {
	if v.CanOrganize(g.CityID) {
		return nil
	}
	return &Error{Code: EFORBIDDEN, Message: "You can create gatherings only in cities you organize.",
		Fields: map[string]string{"city_id": "is not a city you organize"}}
}

// validateJoinURL trims the join link and checks it is a web address.
func (g *Gathering) validateJoinURL(p *Problems) {
	g.JoinURL = strings.TrimSpace(g.JoinURL)
	if g.JoinURL == "" {
		return
	}
	u, err := url.Parse(g.JoinURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(g.JoinURL) > 500 {
		p.Add("join_url", "must be a web address starting with https://")
	}
}

// Format says how people take part: "in person", "online" (a join link and
// no address) or "hybrid" (both).
func (g *Gathering) Format() string {
	switch {
	case g.JoinURL == "":
		return "in person"
	case g.Address == "" && g.VenueName == "":
		return "online"
	}
	return "hybrid"
}

// SeesJoinLink reports whether v, whose own answer is mine (nil for none),
// sees the gathering's join link: organizers of its city and guests whose
// seat is confirmed (going, or checked in). Never the waitlist, those
// awaiting approval, the invited or anyone reading a public page.
func (g *Gathering) SeesJoinLink(v *Viewer, mine *RSVP) bool {
	if g.JoinURL == "" || g.Status == GatheringCancelled {
		return false
	}
	if v != nil && v.CanOrganize(g.CityID) {
		return true
	}
	return mine.Confirmed()
}

// MayShowPublicly reports whether the gathering has a public page anyone
// may read without signing in: its organizers made it public, it is open to
// the whole network and no longer a draft.
func (g *Gathering) MayShowPublicly() bool { return g.Public && g.OpenToNetwork() }
