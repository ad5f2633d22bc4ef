package kindred

import (
	"strings"
	"time"
)

// TieKind says how two members are connected in the relationship ledger.
type TieKind string

// Kinds of ties, roughly from weakest to strongest.
const (
	TieIntroduced   TieKind = "introduced"    // a weaver introduced them
	TieSatTogether  TieKind = "sat_together"  // shared a table at a gathering
	TieSelfReported TieKind = "self_reported" // one of them said they know the other
	TieFollowUp     TieKind = "follow_up"     // both said they would follow up
	TieCollaborated TieKind = "collaborated"  // they worked together
)

// TieKinds lists every kind, for forms and validation.
var TieKinds = []TieKind{TieIntroduced, TieSatTogether, TieSelfReported, TieFollowUp, TieCollaborated}

// TieSource says where a tie was recorded.
type TieSource string

// Sources of ties.
const (
	SourceGathering    TieSource = "gathering"
	SourceIntroduction TieSource = "introduction"
	SourceImport       TieSource = "import"
	SourceSelf         TieSource = "self"
)

// Tie is one entry of the relationship ledger between members A and B.
type Tie struct {
	ID         int64
	A, B       int64 // member ids, A < B
	AName      string
	BName      string
	Kind       TieKind
	Source     TieSource
	SourceRef  string // e.g. the gathering's title
	Note       string
	HappenedOn time.Time // a day, in UTC
	Status     string    // active, confirmed, faded
	HiddenByA  bool
	HiddenByB  bool
	// Awaiting is the member who has yet to confirm a tie the other end
	// reported alone ("we know each other"); 0 once confirmed, and for
	// ties a gathering or an introduction recorded.
	Awaiting  int64
	CreatedAt time.Time
}

// Shared reports whether both members allow others to see the tie (and the
// network's measures to count it): both confirmed it and neither hid it.
func (t Tie) Shared() bool { return !t.HiddenByA && !t.HiddenByB && !t.Pending() }

// Pending reports whether the tie waits for one of its members to confirm
// it; until then it is shown to no one else and counted nowhere.
func (t Tie) Pending() bool { return t.Awaiting != 0 }

// AwaitsAnswerFrom reports whether memberID is the one asked to confirm the
// tie.
func (t Tie) AwaitsAnswerFrom(memberID int64) bool { return memberID != 0 && t.Awaiting == memberID }

// Involves reports whether memberID is one end of the tie.
func (t Tie) Involves(memberID int64) bool {
	return memberID != 0 && (t.A == memberID || t.B == memberID)
}

// ClaimedTie is the tie a member records alone by saying they know other:
// self-reported, happened on day, and waiting for other to confirm it.
func ClaimedTie(by, other int64, day time.Time) Tie {
	return Tie{A: by, B: other, Kind: TieSelfReported, Source: SourceSelf, HappenedOn: day, Awaiting: other}
}

// MayHide checks that v may hide (or show again) the tie: one of its two
// members. Anyone else is told it does not exist (ENOTFOUND).
func (t Tie) MayHide(v *Viewer) error {
	if t.Involves(v.MemberID()) {
		return nil
	}
	return Errorf(ENOTFOUND, "No such connection.")
}

// MayAnswer checks that v may confirm or decline the tie: the member it
// awaits. Anyone else is told it does not exist (ENOTFOUND).
func (t Tie) MayAnswer(v *Viewer) error {
	if t.AwaitsAnswerFrom(v.MemberID()) {
		return nil
	}
	return Errorf(ENOTFOUND, "No such connection waits for your answer.")
}

// Other returns the member at the other end of the tie from memberID.
func (t Tie) Other(memberID int64) (int64, string) {
	if t.A == memberID {
		return t.B, t.BName
	}
	return t.A, t.AName
}

// HiddenBy reports whether memberID has hidden the tie.
func (t Tie) HiddenBy(memberID int64) bool {
	if t.A == memberID {
		return t.HiddenByA
	}
	return t.HiddenByB
}

// Validate orders the ends and checks the tie.
func (t *Tie) Validate() error {
	var p Problems
	if t.A == t.B || t.A == 0 || t.B == 0 {
		p.Add("member", "a tie joins two different members")
	}
	if t.A > t.B {
		t.A, t.B = t.B, t.A
		t.AName, t.BName = t.BName, t.AName
		t.HiddenByA, t.HiddenByB = t.HiddenByB, t.HiddenByA
	}
	if !contains(tieKindStrings(), string(t.Kind)) {
		p.Add("kind", "must be one of "+strings.Join(tieKindStrings(), ", "))
	}
	switch t.Source {
	case SourceGathering, SourceIntroduction, SourceImport, SourceSelf:
	default:
		p.Add("source", "must be gathering, introduction, import or self")
	}
	if t.HappenedOn.IsZero() {
		p.Add("happened_on", "is required")
	}
	if t.Awaiting != 0 && !t.Involves(t.Awaiting) {
		p.Add("member", "only one of the two members can confirm a tie")
	}
	limitText(t.Note, "note", 500, &p)
	if t.Status == "" {
		t.Status = "active"
	}
	return p.Err()
}

func tieKindStrings() []string {
	out := make([]string, len(TieKinds))
	for i, k := range TieKinds {
		out[i] = string(k)
	}
	return out
}
