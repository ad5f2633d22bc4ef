package kindred

import (
	"strings"
	"time"
)

// Seating rule kinds: two guests share a table in every round (an interpreter
// and the guest they interpret for, a parent and child), or never do.
const (
	SeatTogether = "together"
	SeatApart    = "apart"
)

// MaxSeatingRuleNote bounds a seating rule's note.
const MaxSeatingRuleNote = 200

// SeatingRule is a host's hard constraint on a gathering's table plan about
// two of its guests. MemberA < MemberB; one rule per pair.
type SeatingRule struct {
	ID          int64
	GatheringID int64
	Kind        string // SeatTogether or SeatApart
	MemberA     int64
	MemberB     int64
	NameA       string // when read
	NameB       string // when read
	Note        string // why, for the other hosts ("interprets for Ana")
	CreatedBy   int64  // account id
	CreatedAt   time.Time
}

// Validate normalizes the rule (its pair in order, the note trimmed) and
// returns an EINVALID error naming the form's fields: kind, member_a,
// member_b and note.
func (r *SeatingRule) Validate() error {
	var p Problems
	r.Note = strings.TrimSpace(r.Note)
	if r.Kind != SeatTogether && r.Kind != SeatApart {
		p.Add("kind", "choose whether they sit together or apart")
	}
	if r.MemberA == 0 {
		p.Add("member_a", "choose a guest")
	}
	if r.MemberB == 0 {
		p.Add("member_b", "choose a guest")
	}
	if r.MemberA != 0 && r.MemberA == r.MemberB {
		p.Add("member_b", "choose someone other than the first guest")
	}
	limitText(r.Note, "note", MaxSeatingRuleNote, &p)
	if r.MemberA > r.MemberB {
		r.MemberA, r.MemberB = r.MemberB, r.MemberA
		r.NameA, r.NameB = r.NameB, r.NameA
	}
	return p.Err()
}

// Describe puts the rule in a host's words: "Ana Lima and Ben Okafor sit
// together".
func (r *SeatingRule) Describe() string {
	if r.Kind == SeatApart {
		return r.NameA + " and " + r.NameB + " sit at different tables"
	}
	return r.NameA + " and " + r.NameB + " sit together"
}
