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
	Table          int // physical table, from 1
	AuthorID       int64
	AuthorName     string
	Prompt         string
	Text           string
	Consent        NoteConsent
	ClientKey      string // chosen by the form so a resent post is stored once
	CreatedAt      time.Time
}

// Limits on harvest notes.
const (
	MaxNoteLength = 4000
	MaxTables     = 200
)

// VisibleTo reports whether the member viewer may read the note, given the
// people of its table (tablePeople). It is the only rule every read path of
// notes applies: off-the-record notes are for the table's people and the
// note's author, nobody else, whatever their role; the other notes are for
// anyone signed in to the network. Viewer 0 is a signed-in account without
// a member profile, which is at no table.
func (n *HarvestNote) VisibleTo(viewer int64, tablePeople []int64) bool {
	if n.Consent == ConsentOffRecord {
		return viewer != 0 && (viewer == n.AuthorID || slices.Contains(tablePeople, viewer))
	}
	return true
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
func (n HarvestNote) ForViewer(viewer int64, tablePeople []int64) (HarvestNote, bool) {
	if !n.VisibleTo(viewer, tablePeople) {
		return HarvestNote{}, false
	}
	if !n.ShowsAuthor(viewer) {
		n.AuthorID, n.AuthorName = 0, ""
	}
	return n, true
}

// SearchScope is the search-index scope of the note: "network" for notes
// that may be shared, and the table's own scope for off-the-record ones.
func (n *HarvestNote) SearchScope() string {
	if n.Consent == ConsentOffRecord {
		return TableScope(n.GatheringID, n.Table)
	}
	return "network"
}

// TableScope is the search scope of one table's off-the-record notes.
func TableScope(gatheringID int64, table int) string {
	return fmt.Sprintf("table:%d:%d", gatheringID, table)
}

// SourceLabel is how a practice made from the note names where it came
// from. It never holds a name: the label is stored with the practice, and
// the author may later take their name off the note; the practice page
// shows the note itself (with a name only while it may) to those who may
// read it.
func (n *HarvestNote) SourceLabel() string {
	return fmt.Sprintf("A table conversation at %s (table %d)", n.GatheringTitle, n.Table)
}

// PracticeSources is the provenance a practice made from the note keeps: the
// note and its gathering, labelled without names.
func (n *HarvestNote) PracticeSources() []PracticeSource {
	return []PracticeSource{
		{Kind: "note", RefID: n.ID, Label: n.SourceLabel()},
		{Kind: "gathering", RefID: n.GatheringID, Label: n.GatheringTitle},
	}
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
