package network

import (
	"slices"
)

// DefaultMinJaccard is the overlap above which two communities in successive
// snapshots count as the same community (research note §4.2).
const DefaultMinJaccard = 0.5

// Community is a community of one snapshot with an identity that persists
// across snapshots.
type Community struct {
	ID      int      `json:"id"`
	Members []string `json:"members"` // sorted
	// Internal and External count ties inside the community and ties from it
	// to other communities (filled by SnapshotOf; optional otherwise).
	Internal int `json:"internal"`
	External int `json:"external"`
	// Jaccard is the overlap with the community of the previous snapshot it
	// continues, or 0 for a new community.
	Jaccard float64 `json:"jaccard"`
}

// MatchCommunities gives the communities of a new snapshot the ids of the
// previous snapshot's communities they continue. Pairs are matched greedily by
// decreasing Jaccard overlap of their members, each community at most once,
// when the overlap is at least minJaccard (<= 0 means DefaultMinJaccard).
// Unmatched new communities get fresh ids from firstNewID upward, and above
// every previous id. next is not modified; Internal and External are kept.
func MatchCommunities(prev, next []Community, minJaccard float64, firstNewID int) []Community {
	if minJaccard <= 0 {
		minJaccard = DefaultMinJaccard
	}
	out := make([]Community, len(next))
	for k, c := range next {
		out[k] = c
		out[k].Members = sortedCopy(c.Members)
		out[k].ID, out[k].Jaccard = -1, 0
	}
	fresh := firstNewID
	for _, p := range prev {
		fresh = max(fresh, p.ID+1)
	}
	taken := make([]bool, len(prev))
	for _, pr := range candidatePairs(prev, out, minJaccard) {
		if out[pr.next].ID >= 0 || taken[pr.prev] {
			continue
		}
		taken[pr.prev] = true
		out[pr.next].ID, out[pr.next].Jaccard = prev[pr.prev].ID, pr.jaccard
	}
	for k := range out {
		if out[k].ID < 0 {
			out[k].ID = fresh
			fresh++
		}
	}
	return out
}

type pair struct {
	prev, next int
	jaccard    float64
}

// candidatePairs lists every pair of overlapping communities with Jaccard at
// least min, best first, using an index from member to previous community.
func candidatePairs(prev, next []Community, minJ float64) []pair {
	where := make(map[string]int)
	for k, p := range prev {
		for _, m := range p.Members {
			where[m] = k
		}
	}
	var pairs []pair
	for k, c := range next {
		overlap := make(map[int]int)
		for _, m := range c.Members {
			if p, ok := where[m]; ok {
				overlap[p]++
			}
		}
		for p, o := range overlap {
			j := float64(o) / float64(len(prev[p].Members)+len(c.Members)-o)
			if j >= minJ {
				pairs = append(pairs, pair{prev: p, next: k, jaccard: j})
			}
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		switch {
		case a.jaccard > b.jaccard:
			return -1
		case a.jaccard < b.jaccard:
			return 1
		case a.prev != b.prev:
			return a.prev - b.prev
		}
		return a.next - b.next
	})
	return pairs
}

// Jaccard returns |a ∩ b| / |a ∪ b| of two member lists (duplicates ignored);
// 0 when both are empty.
func Jaccard(a, b []string) float64 {
	set := make(map[string]bool, len(a))
	for _, x := range a {
		set[x] = true
	}
	inter, union := 0, len(set)
	seen := make(map[string]bool, len(b))
	for _, x := range b {
		if seen[x] {
			continue
		}
		seen[x] = true
		if set[x] {
			inter++
		} else {
			union++
		}
	}
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}
