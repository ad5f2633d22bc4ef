package seating

import (
	"math/bits"
	"strings"
)

// themeSets holds each guest's themes as a bit set, for a quick test of
// whether two guests share one.
type themeSets struct {
	n     int      // distinct themes
	words int      // uint64 words per guest
	bits  []uint64 // guest g's set is bits[g*words : (g+1)*words]
	names []string // theme names in order of first appearance
}

// newThemeSets indexes the guests' themes, case-insensitively and trimmed;
// the first spelling of a theme names it.
func newThemeSets(gs []Guest) themeSets {
	var ts themeSets
	index := map[string]int{}
	per := make([][]int, len(gs))
	for g, guest := range gs {
		for _, th := range guest.Themes {
			key := strings.ToLower(strings.TrimSpace(th))
			if key == "" {
				continue
			}
			i, ok := index[key]
			if !ok {
				i = len(ts.names)
				index[key] = i
				ts.names = append(ts.names, strings.TrimSpace(th))
			}
			per[g] = append(per[g], i)
		}
	}
	ts.n = len(ts.names)
	if ts.n == 0 {
		return ts
	}
	ts.words = (ts.n + 63) / 64
	ts.bits = make([]uint64, len(gs)*ts.words)
	for g, is := range per {
		for _, i := range is {
			ts.bits[g*ts.words+i/64] |= 1 << uint(i%64)
		}
	}
	return ts
}

func (ts *themeSets) of(g int32) []uint64 {
	return ts.bits[int(g)*ts.words : int(g+1)*ts.words]
}

// share reports whether guests i and j have a theme in common.
func (ts *themeSets) share(i, j int32) bool {
	a, b := ts.of(i), ts.of(j)
	for k := range a {
		if a[k]&b[k] != 0 {
			return true
		}
	}
	return false
}

// common lists the themes i and j share, in theme order.
func (ts *themeSets) common(i, j int32) []int {
	var out []int
	if ts.n == 0 {
		return nil
	}
	a, b := ts.of(i), ts.of(j)
	for k := range a {
		for w := a[k] & b[k]; w != 0; w &= w - 1 {
			out = append(out, k*64+bits.TrailingZeros64(w))
		}
	}
	return out
}
