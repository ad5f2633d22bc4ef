package kindred

import (
	"strings"
	"time"
)

// RSVPStatus is a member's answer to a gathering, and afterwards whether
// they came.
type RSVPStatus string

// RSVP statuses. Pending waits for an organizer's approval on curated
// gatherings; attended and no-show are recorded at and after check-in.
const (
	RSVPInvited  RSVPStatus = "invited"
	RSVPPending  RSVPStatus = "pending"
	RSVPGoing    RSVPStatus = "going"
	RSVPWaitlist RSVPStatus = "waitlist"
	RSVPDeclined RSVPStatus = "declined"
	RSVPAttended RSVPStatus = "attended"
	RSVPNoShow   RSVPStatus = "no_show"
)

// RSVPStatuses lists every status.
var RSVPStatuses = []RSVPStatus{RSVPInvited, RSVPPending, RSVPGoing, RSVPWaitlist, RSVPDeclined, RSVPAttended, RSVPNoShow}

// ParseRSVPStatus accepts a status name ("no-show" too), or returns EINVALID
// on "status".
func ParseRSVPStatus(s string) (RSVPStatus, error) {
	s = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_")
	for _, st := range RSVPStatuses {
		if string(st) == s {
			return st, nil
		}
	}
	return "", &Error{Code: EINVALID, Message: "Unknown RSVP status.",
		Fields: map[string]string{"status": "must be one of invited, pending, going, waitlist, declined, attended, no_show"}}
}

// Label is the status as people read it.
func (s RSVPStatus) Label() string {
	switch s {
	case RSVPWaitlist:
		return "On the waitlist"
	case RSVPNoShow:
		return "No-show"
	case RSVPPending:
		return "Awaiting approval"
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// RSVP is one member's place at a gathering.
type RSVP struct {
	GatheringID int64
	MemberID    int64
	MemberName  string
	Email       string
	Status      RSVPStatus
	Answers     map[string]string // discussion question → answer
	Needs       Needs
	Languages   []string
	Affiliation string // primary organization name, for the guest list
	InvitedBy   int64
	CheckedInAt *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// RSVPRequest is a member's (or an organizer's on their behalf) answer.
type RSVPRequest struct {
	GatheringID int64
	MemberID    int64
	Status      RSVPStatus // going or declined from members; organizers may set any
	Answers     map[string]string
	ByOrganizer bool // organizers skip the approval step and may set any status
	ActorID     int64
}

// RSVPResult says what an RSVP came to: the member's state, and who moved up
// from the waitlist because of it (in order).
type RSVPResult struct {
	RSVP     *RSVP
	Promoted []*RSVP
	Changed  bool // false when the answer was already recorded
}

// Confirmed reports whether the RSVP holds a confirmed seat: going, or
// checked in. A nil RSVP (no answer) holds none.
func (r *RSVP) Confirmed() bool {
	return r != nil && r.MemberID != 0 && (r.Status == RSVPGoing || r.Status == RSVPAttended)
}

// GuestGroup is a group of a gathering's guests an organizer writes to.
type GuestGroup string

// Guest groups an organizer may write to.
const (
	GuestsGoing    GuestGroup = "going"    // seats confirmed (going or checked in)
	GuestsWaitlist GuestGroup = "waitlist" // waiting for a seat
	GuestsCame     GuestGroup = "came"     // came, once the gathering is held
)

// ParseGuestGroup reads a guest group, or returns EINVALID on "to".
func ParseGuestGroup(s string) (GuestGroup, error) {
	switch a := GuestGroup(strings.TrimSpace(s)); a {
	case GuestsGoing, GuestsWaitlist, GuestsCame:
		return a, nil
	}
	return "", &Error{Code: EINVALID, Message: "Choose whom to write to.",
		Fields: map[string]string{"to": "must be going, waitlist or came"}}
}

// Statuses are the RSVP statuses of the group.
func (a GuestGroup) Statuses() []RSVPStatus {
	switch a {
	case GuestsWaitlist:
		return []RSVPStatus{RSVPWaitlist}
	case GuestsCame:
		return []RSVPStatus{RSVPAttended}
	}
	return []RSVPStatus{RSVPGoing, RSVPAttended}
}
