package kindred

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// NoteConsent says how far a harvest note may travel beyond its table.
type NoteConsent string

// Consent flags of a harvest note.
const (
	// ConsentAttributable notes may be shared with the names of who said them.
	ConsentAttributable NoteConsent = "attributable"
	// ConsentChatham notes (Chatham House rule) may be shared without any name:
	// they read "someone at table N".
	ConsentChatham NoteConsent = "chatham"
	// ConsentOffRecord notes never leave the table's people: not hosts of other
	// tables, not organizers, not administrators.
	ConsentOffRecord NoteConsent = "off_record"
)

// NoteConsents lists the flags in the order the form offers them.
var NoteConsents = []NoteConsent{ConsentAttributable, ConsentChatham, ConsentOffRecord}

// Label is the flag as people read it.
func (c NoteConsent) Label() string {
	switch c {
	case ConsentAttributable:
		return "Share with names"
	case ConsentChatham:
		return "Share without names"
	case ConsentOffRecord:
		return "Off the record"
	}
	return string(c)
}

// DefaultHarvestPrompts are the prompt cards a gathering starts with.
var DefaultHarvestPrompts = []string{"An emerging practice you're trying", "An ask", "A surprise"}

// HarvestNote is one note taken at a table of a gathering.
type HarvestNote struct {
	ID             int64
	GatheringID    int64
	GatheringTitle string
	// GatheringOpen says whether the note is for the whole network as far
	// as its gathering goes: the gathering is open to the network now and
	// was when the note was written (Audience). The notes of any other
	// gathering (invite-only) are for those who may see it, whatever their
	// consent.
	GatheringOpen bool
	// WrittenOpen says whether the gathering was open to the network when
	// the note was written: opening the gathering later never widens it.
	WrittenOpen bool
	Table       int // physical table, from 1
	AuthorID    int64
	AuthorName  string
	Prompt      string
	Text        string
	Consent     NoteConsent
	ClientKey   string // chosen by the form so a resent post is stored once
	CreatedAt   time.Time
}

// Limits on harvest notes.
const (
	MaxNoteLength = 4000
	MaxTables     = 200
)

// NoteReader is who reads harvest notes: the signed-in account (organizers
// see the gatherings of their cities, administrators all of them) and its
// member profile; MemberID 0 is an account without one, which sits at no
// table and is on no gathering's list.
type NoteReader struct {
	Account  *Account
	MemberID int64
}

// ReaderOf is v as a reader of harvest notes.
func ReaderOf(v *Viewer) NoteReader {
	if v == nil {
		return NoteReader{}
	}
	return NoteReader{Account: v.Account, MemberID: v.MemberID()}
}

// TablePerson is one of the people of a table at a gathering, and since
// when. The people of a table are fixed by who sat there — seated there by
// the table plan, or, without one, listed by the table's own note-taker —
// with its note-taker and the authors of its notes; each of them belongs
// to the table from the moment Kindred knew it: a seat from the first note
// written after it was planned, a listed guest from their answer to the
// invitation, a note-taker from being named, an author from their first
// note there.
type TablePerson struct {
	MemberID int64
	Since    time.Time
}

// VisibleTo reports whether the member viewer may read the note, given
// whether they may see its gathering as the note's Audience
// (seesGathering, by Gathering.VisibleTo) and the people of its table
// (table). It is the only rule every read path of notes applies: a note is
// for those who may see its gathering (so an invite-only gathering's notes
// are for the invited, its hosts and the city's organizers, even once the
// gathering is opened), and an off-the-record note, on top of that, for
// the people who were at its table when it was written, whatever their
// role: becoming a guest or the note-taker later never grants a note
// written before. The note's author always reads what they wrote. Viewer 0
// is a signed-in account without a member profile, which is at no table.
func (n *HarvestNote) VisibleTo(viewer int64, seesGathering bool, table []TablePerson) bool {
	if viewer != 0 && viewer == n.AuthorID {
		return true
	}
	if !seesGathering {
		return false
	}
	return n.Consent != ConsentOffRecord || n.wasAtTable(viewer, table)
}

// wasAtTable reports whether viewer was one of the table's people when the
// note was written.
func (n *HarvestNote) wasAtTable(viewer int64, table []TablePerson) bool {
	return viewer != 0 && slices.ContainsFunc(table, func(p TablePerson) bool {
		return p.MemberID == viewer && !p.Since.After(n.CreatedAt)
	})
}

// Audience is the gathering as it decides who may read the note: g as it
// is now, but never more open than when the note was written (a note taken
// while the gathering was invite-only stays with those who may see an
// invite-only gathering after it is opened to the network).
func (n *HarvestNote) Audience(g Gathering) Gathering {
	if !n.WrittenOpen {
		g.Visibility = VisibilityInvite
	}
	return g
}

// ShowsAuthor reports whether the note's author may be named to viewer: only
// attributable notes name their author, except to the author themselves.
func (n *HarvestNote) ShowsAuthor(viewer int64) bool {
	return n.Consent == ConsentAttributable || (viewer != 0 && viewer == n.AuthorID)
}

// Byline is who the note is from, as viewer may read it.
func (n *HarvestNote) Byline(viewer int64) string {
	if n.ShowsAuthor(viewer) && n.AuthorName != "" {
		return n.AuthorName + " at table " + fmt.Sprint(n.Table)
	}
	return "Someone at table " + fmt.Sprint(n.Table)
}

// ForViewer returns the note as viewer may read it (the author's name
// removed when it may not be shown) and whether they may read it at all.
func (n HarvestNote) ForViewer(viewer int64, seesGathering bool, table []TablePerson) (HarvestNote, bool) {
	if !n.VisibleTo(viewer, seesGathering, table) {
		return HarvestNote{}, false
	}
	if !n.ShowsAuthor(viewer) {
		n.AuthorID, n.AuthorName = 0, ""
	}
	return n, true
}

// SearchScope is the search-index scope of the note, which narrows search
// to the notes a reader may read (VisibleTo checks each hit again): the
// table's own scope for off-the-record notes; "network" for the other notes
// of a gathering open to the network; the gathering's own scope for the
// other notes of any other gathering.
func (n *HarvestNote) SearchScope() string {
	switch {
	case n.Consent == ConsentOffRecord:
		return TableScope(n.GatheringID, n.Table)
	case n.GatheringOpen:
		return "network"
	}
	return GatheringScope(n.GatheringID)
}

// NetworkWide reports whether everyone signed in to the network may read the
// note: it is shared, at a gathering open to the network.
func (n *HarvestNote) NetworkWide() bool {
	return n.GatheringOpen && n.Consent != ConsentOffRecord
}

// TableScope is the search scope of one table's off-the-record notes.
func TableScope(gatheringID int64, table int) string {
	return fmt.Sprintf("table:%d:%d", gatheringID, table)
}

// GatheringScope is the search scope of the shared notes of a gathering that
// is not open to the network, asked for only by those who may see it.
func GatheringScope(gatheringID int64) string {
	return fmt.Sprintf("gathering:%d", gatheringID)
}

// SourceLabel is how a practice made from the note names where it came
// from. It never holds a name: the label is stored with the practice, and
// the author may later take their name off the note; the practice page
// shows the note itself (with a name only while it may) to those who may
// read it.
//
// The practice is for the whole network, so a note of a gathering that is
// not open to the network is labelled without the gathering's title.
func (n *HarvestNote) SourceLabel() string {
	at := n.GatheringTitle
	if !n.GatheringOpen {
		at = "an invite-only gathering"
	}
	return fmt.Sprintf("A table conversation at %s (table %d)", at, n.Table)
}

// PracticeSources is the provenance a practice made from the note keeps: the
// note and its gathering, labelled without names.
func (n *HarvestNote) PracticeSources() []PracticeSource {
	return []PracticeSource{
		{Kind: "note", RefID: n.ID, Label: n.SourceLabel()},
		{Kind: "gathering", RefID: n.GatheringID, Label: n.gatheringLabel()},
	}
}

// gatheringLabel names the note's gathering to the whole network.
func (n *HarvestNote) gatheringLabel() string {
	if !n.GatheringOpen {
		return "An invite-only gathering"
	}
	return n.GatheringTitle
}

// Validate normalizes the note and returns an EINVALID error naming bad fields.
func (n *HarvestNote) Validate() error {
	var p Problems
	n.Text, n.Prompt = strings.TrimSpace(n.Text), strings.TrimSpace(n.Prompt)
	requireText(n.Text, "text", MaxNoteLength, &p)
	limitText(n.Prompt, "prompt", 200, &p)
	if n.Table < 1 || n.Table > MaxTables {
		p.Add("table", fmt.Sprintf("must be a table number between 1 and %d", MaxTables))
	}
	if !slices.Contains(NoteConsents, n.Consent) {
		p.Add("consent", "choose whether the note may be shared with names, without names, or is off the record")
	}
	if n.AuthorID == 0 {
		p.Add("author", "is required")
	}
	limitText(n.ClientKey, "client_key", 64, &p)
	return p.Err()
}

// HarvestOpen reports whether notes can be taken at the gathering at now:
// once it has started, or once it is marked held or closed.
func HarvestOpen(g *Gathering, now time.Time) bool {
	switch g.Status {
	case GatheringHeld, GatheringClosed:
		return true
	case GatheringCancelled, GatheringDraft:
		return false
	}
	return !now.Before(g.StartsAt)
}

// CleanPrompts trims the host's prompt cards, dropping empty and repeated
// ones; none left means the defaults.
func CleanPrompts(in []string) ([]string, error) {
	var out []string
	var p Problems
	for _, s := range trimList(in) {
		limitText(s, "prompts", 200, &p)
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) > 10 {
		p.Add("prompts", "can hold at most 10 prompt cards")
	}
	if len(out) == 0 {
		out = append(out, DefaultHarvestPrompts...)
	}
	return out, p.Err()
}

// FollowUpLinkFor is how long after a gathering ends its follow-up links
// work: long enough to answer the question asked 30 days after nominating.
const FollowUpLinkFor = 60 * 24 * time.Hour

// FollowUpToken is what a member's follow-up link carries (signed with its
// own key, so an RSVP link cannot stand in for it).
func FollowUpToken(g *Gathering, memberID int64) RSVPToken {
	return RSVPToken{GatheringID: g.ID, MemberID: memberID, Expires: g.EndsAt.Add(FollowUpLinkFor)}
}

// HarvestTable is one table of a gathering's harvest, as the rules of who
// takes its notes see it.
type HarvestTable struct {
	Number    int  // the physical table, from 1
	HasPlan   bool // the gathering has a table plan, which says who sat where
	NoteTaker int64
	People    []TablePerson // the table's people now (see TablePerson)
}

// Has reports whether member is one of the table's people now.
func (t *HarvestTable) Has(member int64) bool {
	return member != 0 && slices.ContainsFunc(t.People, func(p TablePerson) bool { return p.MemberID == member })
}

// MayWrite checks that v may write the table's notes at g: its named
// note-taker; without one, the people seated there (with a table plan) or
// already at the table; at a table nobody has claimed yet, a host or a
// guest coming or who came (guest reports whether v is one), who claims it
// by writing. An organizer of g's city may always write them, to type up
// the notes a table took on paper. EFORBIDDEN says why not.
func (t *HarvestTable) MayWrite(v *Viewer, g *Gathering, guest bool) error {
	if v.MemberID() != 0 && v.CanOrganize(g.CityID) {
		return nil
	}
	return t.mayWriteAsGuest(v, g, guest)
}

// mayWriteAsGuest is MayWrite for the people at the dinner.
func (t *HarvestTable) mayWriteAsGuest(v *Viewer, g *Gathering, guest bool) error {
	m := v.MemberID()
	switch {
	case m == 0:
		return Errorf(EFORBIDDEN, "Notes are taken by guests with a profile in the directory.")
	case t.NoteTaker != 0:
		if t.NoteTaker == m {
			return nil
		}
		return Errorf(EFORBIDDEN, "A host asked someone else to take the notes at table %d.", t.Number)
	case t.HasPlan || len(t.People) > 0:
		if t.Has(m) {
			return nil
		}
		return Errorf(EFORBIDDEN, "Notes at table %d are taken by the people who sat there.", t.Number)
	case slices.Contains(g.HostIDs, m) || guest:
		return nil
	}
	return Errorf(EFORBIDDEN, "Only the gathering's guests take notes.")
}

// MayListPeople checks that v may say who sat at the table: whoever writes
// its notes as a guest (not an organizer typing up paper notes, who was not
// there), and only when there is no table plan to say it.
func (t *HarvestTable) MayListPeople(v *Viewer, g *Gathering, guest bool) error {
	if t.HasPlan || t.mayWriteAsGuest(v, g, guest) != nil {
		return Errorf(EFORBIDDEN, "Only the table's note-taker lists who sat there, and only when there is no seating plan.")
	}
	return nil
}

// MayName checks that the hosts may make member the table's note-taker at
// g at now: a note-taker is named before the gathering starts; once it
// has, a table's own people take its notes, so the hosts may only take a
// note-taker off a table (member 0) or keep the one named. EINVALID names
// the form's field for the table.
func (t *HarvestTable) MayName(g *Gathering, member int64, now time.Time) error {
	if member == 0 || member == t.NoteTaker || !HarvestOpen(g, now) {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Note-takers are named before the gathering starts.",
		Fields: map[string]string{fmt.Sprintf("taker_%d", t.Number): "can no longer change: the gathering has started, so the people at the table take its notes"}}
}

// MaySetUpHarvest checks that v may set up the gathering's harvest (its
// prompt cards and note-takers): its hosts, organizers of its city and
// administrators. EFORBIDDEN otherwise.
func (g *Gathering) MaySetUpHarvest(v *Viewer) error {
	if v.CanOrganize(g.CityID) || (v.MemberID() != 0 && slices.Contains(g.HostIDs, v.MemberID())) {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only the gathering's hosts and organizers set up the harvest.")
}

// MayChange checks that v may change or delete the note: its author only.
// ENOTFOUND otherwise, as for a note that does not exist.
func (n *HarvestNote) MayChange(v *Viewer) error {
	if v.MemberID() == 0 || n.AuthorID != v.MemberID() {
		return Errorf(ENOTFOUND, "Only the person who wrote a note can change it.")
	}
	return nil
}
