package kindred

import (
	"strings"
	"time"
)

// ProposalReview is where an organizer's review of a member's proposed
// dinner stands.
type ProposalReview string

// Proposal reviews. A pending proposal waits for an organizer; one with
// changes asked waits for its proposer; declined and approved are done.
const (
	ProposalPending  ProposalReview = "pending"
	ProposalChanges  ProposalReview = "changes"
	ProposalDeclined ProposalReview = "declined"
	ProposalApproved ProposalReview = "approved"
)

// Label is the review in plain words.
func (r ProposalReview) Label() string {
	switch r {
	case ProposalPending:
		return "Waiting for an organizer"
	case ProposalChanges:
		return "Changes asked"
	case ProposalDeclined:
		return "Declined"
	case ProposalApproved:
		return "Approved"
	}
	return string(r)
}

// Proposal is a dinner a member proposed in their city: a gathering that
// stays a draft (seen only by its proposer and the city's organizers) until
// an organizer of the city approves it, and whose proposer then hosts it.
type Proposal struct {
	Gathering  *Gathering
	MemberID   int64 // the proposer, who hosts it
	MemberName string
	Review     ProposalReview
	Message    string // the organizer's word with the last review
	ReviewedBy int64  // the account of the organizer who reviewed it last; 0 before
	ReviewedAt time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// MaxProposalMessage is how long an organizer's message to a proposer may be.
const MaxProposalMessage = 2000

// MayPropose checks that v may propose g: v needs a member profile
// (ECONFLICT without one) in g's city, the city on their profile
// (EFORBIDDEN on city_id otherwise, so a form shows it beside the city).
func (g *Gathering) MayPropose(v *Viewer) error {
	switch {
	case v.MemberID() == 0:
		return Errorf(ECONFLICT, "Your account has no member profile yet. Create it (it takes a minute), then propose a dinner.")
	case v.Member.CityID == 0:
		return &Error{Code: EFORBIDDEN, Message: "Say on your profile which city you are in, then propose a dinner there.",
			Fields: map[string]string{"city_id": "is not on your profile yet"}}
	case v.Member.CityID != g.CityID:
		return &Error{Code: EFORBIDDEN, Message: "You can propose dinners only in your own city (the one on your profile).",
			Fields: map[string]string{"city_id": "is not the city on your profile"}}
	}
	return nil
}

// PublishesDirectly reports whether a proposal v makes in g's city opens
// at once, without review: v organizes the city, or an organizer of the
// city marked v a trusted host there (trusted).
func (g *Gathering) PublishesDirectly(v *Viewer, trusted bool) bool {
	return trusted || v.CanOrganize(g.CityID)
}

// MayReview checks that v may approve, decline or ask for changes to p:
// organizers of its city and administrators; others are EFORBIDDEN. A
// review already decided, or a dinner an organizer opened on its edit page
// meanwhile, is ECONFLICT.
func (p *Proposal) MayReview(v *Viewer) error {
	if err := p.Gathering.MayManage(v); err != nil {
		return err
	}
	switch {
	case p.Review == ProposalDeclined:
		return Errorf(ECONFLICT, "%q was declined already.", p.Gathering.Title)
	case p.Review == ProposalApproved || p.Gathering.Status != GatheringDraft:
		return Errorf(ECONFLICT, "%q was approved already (or opened on its edit page): change it as any gathering.", p.Gathering.Title)
	}
	return nil
}

// MayRevise checks that v may change p and send it again: only its
// proposer (EFORBIDDEN), and only while it waits, a draft, for a review or
// for the changes asked (ECONFLICT once declined, approved or opened).
func (p *Proposal) MayRevise(v *Viewer) error {
	if !v.Is(p.MemberID) {
		return Errorf(EFORBIDDEN, "Only the member who proposed this dinner can change the proposal.")
	}
	switch {
	case p.Review == ProposalDeclined:
		return Errorf(ECONFLICT, "%q was declined, so it cannot be sent again; propose a new dinner instead.", p.Gathering.Title)
	case p.Review == ProposalApproved || p.Gathering.Status != GatheringDraft:
		return Errorf(ECONFLICT, "%q was approved already: ask an organizer of %s to change it.", p.Gathering.Title, p.Gathering.CityName)
	}
	return nil
}

// ParseReview reads an organizer's decision ("approve", "changes",
// "decline", or the review names) with its message: asking for changes
// needs one. Errors are EINVALID naming "decision" or "message".
func ParseReview(decision, message string) (ProposalReview, string, error) {
	message = strings.TrimSpace(message)
	var r ProposalReview
	switch strings.TrimSpace(decision) {
	case "approve", string(ProposalApproved):
		r = ProposalApproved
	case "changes", "ask":
		r = ProposalChanges
	case "decline", string(ProposalDeclined):
		r = ProposalDeclined
	default:
		return "", "", &Error{Code: EINVALID, Message: "Choose to approve, ask for changes or decline.",
			Fields: map[string]string{"decision": "must be approve, changes or decline"}}
	}
	var p Problems
	if r == ProposalChanges && message == "" {
		p.Add("message", "is required: say what should change")
	}
	limitText(message, "message", MaxProposalMessage, &p)
	if err := p.Err(); err != nil {
		return "", "", err
	}
	return r, message, nil
}

// MayHost checks that v may use the host's view of g (its guest list and
// the door's check-in): organizers of its city and administrators, and the
// member who proposed it once it was approved. Anyone else is EFORBIDDEN.
func (g *Gathering) MayHost(v *Viewer) error {
	if g.ProposedBy != 0 && v.Is(g.ProposedBy) && g.Status != GatheringDraft {
		return nil
	}
	if v.CanOrganize(g.CityID) {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only the host of %q and organizers of its city can do this.", g.Title)
}
