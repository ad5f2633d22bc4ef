package diffusion

import (
	"math/rand/v2"
	"slices"
)

// MinAdoptions is the fewest adoptions with an earlier adopter from which
// the figure says anything: below it, chance alone swings the share by tens
// of points.
const MinAdoptions = 10

// Figure says how often adoptions followed a tie to an organization already
// trying the practice, against chance.
type Figure struct {
	// Adoptions counts organizations' first adoptions of a practice that
	// another organization had adopted before.
	Adoptions int `json:"adoptions"`
	// Followed counts those whose organization's people had a tie (of the
	// kinds given) with people of an earlier adopter, after that adopter
	// began and before the adoption.
	Followed int `json:"followed"`
	// Chance is the share Followed/Adoptions takes on average when each
	// practice's adoption dates are shuffled among its adopters.
	Chance float64 `json:"chance"`
	// P is the share of shuffles (counting the observed order as one) in
	// which at least as many adoptions followed a tie: the one-sided
	// permutation p-value.
	P            float64 `json:"p"`
	Permutations int     `json:"permutations"`
	Seed         uint64  `json:"seed"`
}

// Share is the observed share of adoptions that followed a tie.
func (f Figure) Share() float64 {
	if f.Adoptions == 0 {
		return 0
	}
	return float64(f.Followed) / float64(f.Adoptions)
}

// Enough reports whether there are enough adoptions to tell anything.
func (f Figure) Enough() bool { return f.Adoptions >= MinAdoptions }

// Travelled measures how often each organization's first adoption of a
// practice came after its people had a tie with people of an organization
// already trying it, and compares it with chance: a permutation test that
// shuffles each practice's adoption dates among the organizations that
// adopted it (so each practice keeps its own pace and its own adopters, and
// only who came first changes), permutations times, from seed. Pass only
// the ties that count (those made at gatherings, say).
func Travelled(adoptions []Adoption, ties []Tie, members []Membership, permutations int, seed uint64) Figure {
	practices := practiceDates(adoptions)
	adopters := map[int64]bool{}
	for _, p := range practices {
		for _, org := range p.orgs {
			adopters[org] = true
		}
	}
	idx := pairIndex(ties, members, adopters)
	f := Figure{Permutations: permutations, Seed: seed}
	for i := range practices {
		p := &practices[i]
		p.index(idx)
		followed, eligible := p.count(p.days)
		f.Followed += followed
		f.Adoptions += eligible
	}
	if f.Adoptions == 0 || permutations <= 0 {
		return f
	}
	rng := rand.New(rand.NewPCG(seed, 0x747261766c))
	atLeast, total := 0, 0
	var days []int
	for range permutations {
		followed := 0
		for _, p := range practices {
			days = append(days[:0], p.days...)
			rng.Shuffle(len(days), func(i, j int) { days[i], days[j] = days[j], days[i] })
			n, _ := p.count(days)
			followed += n
		}
		total += followed
		if followed >= f.Followed {
			atLeast++
		}
	}
	f.Chance = float64(total) / float64(permutations) / float64(f.Adoptions)
	f.P = float64(1+atLeast) / float64(1+permutations)
	return f
}

// practice is one practice's first adoptions: organizations in id order,
// with their days, and the days of ties between each two of them
// (ties[i][j]: between orgs[i]'s people and orgs[j]'s, sorted), looked up
// once rather than in every shuffle.
type practice struct {
	orgs []int64
	days []int
	ties [][][]int
}

func (p *practice) index(idx pairs) {
	p.ties = make([][][]int, len(p.orgs))
	for i, b := range p.orgs {
		p.ties[i] = make([][]int, len(p.orgs))
		for j, a := range p.orgs {
			p.ties[i][j] = idx[[2]int64{b, a}]
		}
	}
}

func practiceDates(adoptions []Adoption) []practice {
	firsts := firstAdoptions(adoptions)
	ids := make([]int64, 0, len(firsts))
	for id := range firsts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]practice, 0, len(ids))
	for _, id := range ids {
		var p practice
		for org := range firsts[id] {
			p.orgs = append(p.orgs, org)
		}
		slices.Sort(p.orgs)
		for _, org := range p.orgs {
			p.days = append(p.days, dayOf(firsts[id][org].On))
		}
		out = append(out, p)
	}
	return out
}

// pairs holds, for each ordered pair of organizations, the sorted days on
// which one of the first's people had a tie with one of the second's.
type pairs map[[2]int64][]int

// pairIndex indexes ties between people of different adopting
// organizations, each end counted for the organizations it worked at that
// day.
func pairIndex(ties []Tie, members []Membership, adopters map[int64]bool) pairs {
	byMember := membershipsByMember(members)
	idx := pairs{}
	orgsOn := func(member int64, day int) []int64 {
		var out []int64
		for _, m := range byMember[member] {
			if adopters[m.Org] && m.covers(day) && !slices.Contains(out, m.Org) {
				out = append(out, m.Org)
			}
		}
		return out
	}
	for _, t := range ties {
		day := dayOf(t.On)
		oa := orgsOn(t.A, day)
		if len(oa) == 0 {
			continue
		}
		ob := orgsOn(t.B, day)
		for _, x := range oa {
			for _, y := range ob {
				if x != y {
					idx[[2]int64{x, y}] = append(idx[[2]int64{x, y}], day)
					idx[[2]int64{y, x}] = append(idx[[2]int64{y, x}], day)
				}
			}
		}
	}
	for k, days := range idx {
		slices.Sort(days)
		idx[k] = slices.Compact(days)
	}
	return idx
}

// between reports whether a tie among days (sorted) falls strictly after
// day from and strictly before day to.
func between(days []int, from, to int) bool {
	i, _ := slices.BinarySearch(days, from+1)
	return i < len(days) && days[i] < to
}

// count returns how many adoptions (organization orgs[i] on days[i]) came
// after an earlier adopter and followed a tie with one, and how many came
// after an earlier adopter at all.
func (p *practice) count(days []int) (followed, eligible int) {
	for i := range p.orgs {
		earlier, tied := false, false
		for j := range p.orgs {
			if days[j] >= days[i] {
				continue
			}
			earlier = true
			if between(p.ties[i][j], days[j], days[i]) {
				tied = true
				break
			}
		}
		if earlier {
			eligible++
		}
		if tied {
			followed++
		}
	}
	return followed, eligible
}
