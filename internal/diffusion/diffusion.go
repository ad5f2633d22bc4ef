// Package diffusion follows practices as they travel between organizations
// along the ties between their people: the path that led an organization to
// a practice (its people met people of an organization already trying it),
// and whether adoptions follow ties made at gatherings more often than
// chance would give. Plain values in, plain values out, deterministic for a
// seed; what a viewer may see is decided by the caller, which passes only
// those ties and memberships.
package diffusion

import (
	"cmp"
	"slices"
	"time"
)

// Adoption is an organization trying a practice on a day.
type Adoption struct {
	ID       int64
	Practice int64
	Org      int64
	On       time.Time // a day, midnight UTC
}

// Tie is a tie of the relationship ledger between members A and B.
type Tie struct {
	ID        int64
	A, B      int64
	Kind      string // the ledger's kind: sat_together, follow_up, introduced…
	On        time.Time
	Gathering int64 // the gathering it was made at; 0 for none or unknown
}

// Membership says member worked at org from From up to (not including)
// Until; a zero From or Until is open.
type Membership struct {
	Member, Org int64
	From, Until time.Time
}

func (m Membership) covers(day int) bool {
	return (m.From.IsZero() || dayOf(m.From) <= day) && (m.Until.IsZero() || day < dayOf(m.Until))
}

// dayOf numbers days since 1970-01-01, so comparisons are integers.
func dayOf(t time.Time) int {
	y, mo, d := t.Date()
	return int(time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Path is how a practice reached an organization: the most recent tie,
// before the organization's first adoption, between one of its people
// (Member) and someone (Met) of an organization (MetOrg) that had adopted
// the practice before the tie.
type Path struct {
	Adoption int64 // the adoption it led to
	Tie      Tie
	Member   int64
	Met      int64
	MetOrg   int64
	// Since is MetOrg's first adoption of the practice: when it was
	// already trying it.
	Since time.Time
	// Others counts the other ties, before the adoption, between the
	// organization's people and people of organizations already trying it.
	Others int
}

// Paths returns, keyed by adoption id, the path that led to each
// organization's first adoption of a practice, when there is one. Of the
// ties that qualify it keeps the most recent before the adoption — the
// likeliest carrier, and the one a reader can still ask about — then by
// kind (sat together, follow-up, introduced), then by the lower tie id. An
// organization's later adoptions of the same practice follow its own first
// and get no path.
func Paths(adoptions []Adoption, ties []Tie, members []Membership) map[int64]Path {
	byMember := membershipsByMember(members)
	tiesOf := map[int64][]Tie{}
	for _, t := range ties {
		tiesOf[t.A] = append(tiesOf[t.A], t)
		tiesOf[t.B] = append(tiesOf[t.B], t)
	}
	out := map[int64]Path{}
	for _, firsts := range firstAdoptions(adoptions) {
		for _, b := range firsts {
			if p, ok := pathTo(b, firsts, byMember, tiesOf); ok {
				out[b.ID] = p
			}
		}
	}
	return out
}

// pathTo finds the best path to adoption b among the practice's first
// adoptions by organization.
func pathTo(b Adoption, firsts map[int64]Adoption, byMember map[int64][]Membership, tiesOf map[int64][]Tie) (Path, bool) {
	var best Path
	found := false
	seen := map[int64]bool{}
	db := dayOf(b.On)
	for x, ms := range byMember {
		if !slices.ContainsFunc(ms, func(m Membership) bool { return m.Org == b.Org }) {
			continue
		}
		for _, t := range tiesOf[x] {
			day := dayOf(t.On)
			if day >= db || !memberOn(ms, b.Org, day) {
				continue
			}
			y := t.A
			if y == x {
				y = t.B
			}
			for _, my := range byMember[y] {
				a, ok := firsts[my.Org]
				if !ok || my.Org == b.Org || dayOf(a.On) >= day || !my.covers(day) {
					continue
				}
				seen[t.ID] = true
				p := Path{Adoption: b.ID, Tie: t, Member: x, Met: y, MetOrg: my.Org, Since: a.On}
				if !found || better(p, best) {
					best, found = p, true
				}
			}
		}
	}
	best.Others = len(seen) - 1
	return best, found
}

// better orders candidate paths: the most recent tie, the strongest kind,
// then ids, so the choice never depends on map order.
func better(p, q Path) bool {
	if c := dayOf(p.Tie.On) - dayOf(q.Tie.On); c != 0 {
		return c > 0
	}
	if c := kindRank(p.Tie.Kind) - kindRank(q.Tie.Kind); c != 0 {
		return c < 0
	}
	return cmp.Or(cmp.Compare(p.Tie.ID, q.Tie.ID), cmp.Compare(p.MetOrg, q.MetOrg), cmp.Compare(p.Member, q.Member)) < 0
}

func kindRank(kind string) int {
	switch kind {
	case "sat_together":
		return 0
	case "follow_up":
		return 1
	case "introduced":
		return 2
	}
	return 3
}

func memberOn(ms []Membership, org int64, day int) bool {
	return slices.ContainsFunc(ms, func(m Membership) bool { return m.Org == org && m.covers(day) })
}

func membershipsByMember(members []Membership) map[int64][]Membership {
	out := map[int64][]Membership{}
	for _, m := range members {
		out[m.Member] = append(out[m.Member], m)
	}
	return out
}

// firstAdoptions keeps each organization's first adoption of each practice
// (the lower id on the same day), by practice, then by organization.
func firstAdoptions(adoptions []Adoption) map[int64]map[int64]Adoption {
	out := map[int64]map[int64]Adoption{}
	for _, a := range adoptions {
		firsts := out[a.Practice]
		if firsts == nil {
			firsts = map[int64]Adoption{}
			out[a.Practice] = firsts
		}
		if f, ok := firsts[a.Org]; !ok || dayOf(a.On) < dayOf(f.On) || (dayOf(a.On) == dayOf(f.On) && a.ID < f.ID) {
			firsts[a.Org] = a
		}
	}
	return out
}
