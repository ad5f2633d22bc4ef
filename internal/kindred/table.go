package kindred

import (
	"fmt"
	"sort"
	"time"
)

// Seat places one member at a table in one round of a table plan. Round and
// Table count from 1; a table number names a physical table, the same in
// every round.
type Seat struct {
	Round, Table int
	MemberID     int64
	Pinned       bool // the host fixed this seat; re-running keeps it
}

// TableSummary holds a table plan's score figures, as the composer measured
// them (see internal/seating's Score).
type TableSummary struct {
	SeatedPairs      int     `json:"seated_pairs"`
	NewCrossOrgPairs int     `json:"new_cross_org_pairs"`
	RepeatPairs      int     `json:"repeat_pairs"`
	SameOrgPairs     int     `json:"same_org_pairs"`
	Violations       int     `json:"violations"`
	MinNewPeople     int     `json:"min_new_people"`
	MeanNewPeople    float64 `json:"mean_new_people"`
	UpperBound       int     `json:"upper_bound"`
}

// TablePlan is the seating plan of one gathering: who sits at which table in
// each round. A locked plan is final: it can be neither recomposed nor edited
// until unlocked.
//
// Revision counts the plan's changes from 1. Every change names the revision
// it was made against (0 for a gathering without a plan) and is refused with
// *PlanChanged when the plan has moved on since, so when two hosts edit at
// once the later one is told instead of silently undoing the other's change.
type TablePlan struct {
	GatheringID   int64
	Revision      int
	ChangedBy     int64  // account whose change made this revision; 0 when none
	ChangedByName string // when read
	Rounds        int
	TableSize     int
	Seed          int64 // the composer's seed, so a re-run is reproducible
	ByLanguage    bool  // each table shares a language (when guests list theirs)
	// ByTheme seats together guests who share a theme (of their listening
	// stories or practice interests) and are not yet connected.
	ByTheme       bool
	Summary       TableSummary
	LockedAt      *time.Time
	LockedBy      int64  // account id
	LockedByName  string // when read
	TiesWrittenAt *time.Time
	Seats         []Seat
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// Relaxed says, in the host's words, what composing this plan set
	// aside because the guests made it impossible (a shared language at
	// every table, pins, seating rules). It comes with a new composition
	// and is not stored.
	Relaxed []string
}

// Limits on table plans.
const (
	MaxTableRounds = 6
	MaxTableSize   = 50
)

// Locked reports whether the plan is final.
func (p *TablePlan) Locked() bool { return p.LockedAt != nil }

// Final returns ECONFLICT when p can no longer change: it is locked, or its
// pairs are already in the relationship ledger; nil otherwise.
func (p *TablePlan) Final() error {
	switch {
	case p.TiesWrittenAt != nil:
		return Errorf(ECONFLICT, "The table pairs of this gathering are already in the relationship ledger, so its plan can no longer change.")
	case p.Locked():
		return Errorf(ECONFLICT, "The table plan is locked. Unlock it to change it.")
	}
	return nil
}

// Changed is the error answering a change made against an older revision
// of p: who made p's revision and when.
func (p *TablePlan) Changed() *PlanChanged {
	return &PlanChanged{Revision: p.Revision, ByID: p.ChangedBy, By: p.ChangedByName, At: p.UpdatedAt}
}

// PlanChanged is the error of a change to a table plan made against an older
// revision: someone changed the plan since, and this change was not applied.
// Its code is ECONFLICT (through Unwrap), so it maps to HTTP 409.
type PlanChanged struct {
	Revision int       // the plan's revision now
	ByID     int64     // account that made it; 0 when unknown
	By       string    // their name; "" when unknown
	At       time.Time // when, UTC
}

// Error says who changed the plan and when, in UTC.
func (e *PlanChanged) Error() string {
	who := e.By
	if who == "" {
		who = "Someone"
	}
	return fmt.Sprintf("%s changed this table plan at %s UTC; your change was not applied.", who, e.At.UTC().Format("15:04"))
}

// Unwrap returns the ECONFLICT *Error that ErrorCode and ErrorMessage see.
func (e *PlanChanged) Unwrap() error { return &Error{Code: ECONFLICT, Message: e.Error()} }

// TableCount is the highest table number used in any round.
func (p *TablePlan) TableCount() int {
	n := 0
	for _, s := range p.Seats {
		n = max(n, s.Table)
	}
	return n
}

// Tables returns the members at each table in round (from 1): element i
// lists table i+1's members in seat order. Tables empty in that round are
// empty lists, so indexes always match table numbers.
func (p *TablePlan) Tables(round int) [][]int64 {
	out := make([][]int64, p.TableCount())
	for _, s := range p.Seats {
		if s.Round == round {
			out[s.Table-1] = append(out[s.Table-1], s.MemberID)
		}
	}
	return out
}

// Layout returns the plan's seats by round and table, in one pass:
// Layout()[r-1][t-1] lists the seats at table t in round r in plan order.
// Tables empty in a round are empty lists, so indexes always match numbers.
func (p *TablePlan) Layout() [][][]Seat {
	tables := p.TableCount()
	out := make([][][]Seat, p.Rounds)
	for r := range out {
		out[r] = make([][]Seat, tables)
	}
	for _, s := range p.Seats {
		if s.Round >= 1 && s.Round <= p.Rounds && s.Table >= 1 {
			out[s.Round-1][s.Table-1] = append(out[s.Round-1][s.Table-1], s)
		}
	}
	return out
}

// Seat returns memberID's seat in round, and false when they have none.
func (p *TablePlan) Seat(round int, memberID int64) (Seat, bool) {
	for _, s := range p.Seats {
		if s.Round == round && s.MemberID == memberID {
			return s, true
		}
	}
	return Seat{}, false
}

// MemberIDs lists everyone seated in any round, in ascending order.
func (p *TablePlan) MemberIDs() []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, s := range p.Seats {
		if !seen[s.MemberID] {
			seen[s.MemberID] = true
			out = append(out, s.MemberID)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// TablePairs returns each pair of members who shared a table in some round,
// once however many rounds they shared, as [2]int64{a, b} with a < b, in
// ascending order.
func (p *TablePlan) TablePairs() [][2]int64 {
	seen := map[[2]int64]bool{}
	for r := 1; r <= p.Rounds; r++ {
		for _, table := range p.Tables(r) {
			for i, a := range table {
				for _, b := range table[i+1:] {
					seen[[2]int64{min(a, b), max(a, b)}] = true
				}
			}
		}
	}
	out := make([][2]int64, 0, len(seen))
	for pair := range seen {
		out = append(out, pair)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i][0] != out[j][0] {
			return out[i][0] < out[j][0]
		}
		return out[i][1] < out[j][1]
	})
	return out
}

// Validate checks the plan's shape: rounds and table size in range, every
// seat in a round of the plan and at a table from 1, and nobody seated twice
// in one round. It returns EINVALID naming the field.
func (p *TablePlan) Validate() error {
	var pr Problems
	if p.Rounds < 1 || p.Rounds > MaxTableRounds {
		pr.Add("rounds", fmt.Sprintf("must be between 1 and %d", MaxTableRounds))
	}
	if p.TableSize < 2 || p.TableSize > MaxTableSize {
		pr.Add("table_size", fmt.Sprintf("must be between 2 and %d", MaxTableSize))
	}
	seated := map[[2]int64]bool{}
	for _, s := range p.Seats {
		switch {
		case s.Round < 1 || s.Round > p.Rounds:
			pr.Add("round", fmt.Sprintf("must be between 1 and %d", p.Rounds))
		case s.Table < 1:
			pr.Add("table", "must be 1 or more")
		case seated[[2]int64{int64(s.Round), s.MemberID}]:
			pr.Add("member", fmt.Sprintf("member %d is seated twice in round %d", s.MemberID, s.Round))
		}
		seated[[2]int64{int64(s.Round), s.MemberID}] = true
	}
	return pr.Err()
}
