package seating

import (
	"math/bits"
	"math/rand/v2"
)

// The freedom construction, after Triska & Musliu (2012): it seats the
// guests of each round a pair at a time, always at the emptiest table, and
// among the pairs that add no repeat prefers the one whose tablemates-to-be
// leave the most people free to meet everyone at the table later. The
// freedom of a set of guests is the number of guests none of them has met
// (or may not meet). Greedy plans built this way leave later rounds room to
// avoid repeats, which makes them far better starting points for the local
// search on social-golfer-like instances than plans built seat by seat.

// freedomLimit is the largest instance the freedom construction is used
// for; it looks at every pair of unseated guests for every seat.
const freedomLimit = 256

// blocked is a bit set per guest of the guests they have met, share an
// organization with or must not sit with.
type blocked struct {
	words int
	bits  []uint64
}

func (b *blocked) of(g int32) []uint64 {
	return b.bits[int(g)*b.words : int(g+1)*b.words]
}

func (b *blocked) set(g, x int32) {
	b.bits[int(g)*b.words+int(x)/64] |= 1 << uint(x%64)
	b.bits[int(x)*b.words+int(g)/64] |= 1 << uint(g%64)
}

func (b *blocked) has(g, x int32) bool {
	return b.bits[int(g)*b.words+int(x)/64]&(1<<uint(x%64)) != 0
}

// newBlocked marks history, organizations and do-not-seat pairs.
func newBlocked(m *model) *blocked {
	b := &blocked{words: (m.n + 63) / 64}
	b.bits = make([]uint64, m.n*b.words)
	for g := range int32(m.n) {
		b.set(g, g)
		for x := g + 1; x < int32(m.n); x++ {
			if m.org[g] == m.org[x] || m.hist.get(g, x) > 0 {
				b.set(g, x)
			}
		}
		for _, x := range m.apart[g] {
			b.set(g, x)
		}
	}
	return b
}

// constructFreedom seats everyone round by round: pinned guests, hosts and
// keep-together groups first as construct does, then the other guests a
// pair at a time by freedom.
func (s *state) constructFreedom(rng *rand.Rand) error {
	m := s.m
	b := newBlocked(m)
	union := make([]uint64, b.words)
	for r := range m.R {
		var singles [][]int32
		var rest [][]int32
		for _, u := range m.units(r) {
			if len(u) == 1 && m.pins[r][u[0]] < 0 && !m.hostR[r][u[0]] {
				singles = append(singles, u)
			} else {
				rest = append(rest, u)
			}
		}
		if err := s.constructRound(r, rest, rng); err != nil {
			return err
		}
		left := make([]int32, len(singles))
		for i, u := range singles {
			left[i] = u[0]
		}
		rng.Shuffle(len(left), func(i, j int) { left[i], left[j] = left[j], left[i] })
		for len(left) > 0 {
			left = s.seatByFreedom(r, left, b, union, rng)
		}
		for _, tab := range s.tables[r] {
			for i, g := range tab {
				for _, x := range tab[i+1:] {
					b.set(g, x)
				}
			}
		}
	}
	return nil
}

// seatByFreedom seats one or two of the guests left at the emptiest table
// of round r and returns those still left.
func (s *state) seatByFreedom(r int, left []int32, b *blocked, union []uint64, rng *rand.Rand) []int32 {
	t, room := s.emptiestTable(r)
	at := s.tables[r][t]
	clear(union)
	for _, x := range at {
		orInto(union, b.of(x))
	}
	bestI, bestJ, bestKey, ties := -1, -1, [2]int{}, 0
	offer := func(i, j int, key [2]int) {
		switch {
		case bestI < 0 || key[0] < bestKey[0] || key[0] == bestKey[0] && key[1] > bestKey[1]:
			bestI, bestJ, bestKey, ties = i, j, key, 1
		case key == bestKey:
			ties++
			if rng.IntN(ties) == 0 {
				bestI, bestJ = i, j
			}
		}
	}
	for i, a := range left {
		ca := conflicts(b, a, at)
		if room < 2 || len(left) == 1 {
			offer(i, -1, [2]int{ca, freedom(union, b.of(a), nil)})
			continue
		}
		for j := i + 1; j < len(left); j++ {
			x := left[j]
			c := ca + conflicts(b, x, at)
			if b.has(a, x) {
				c++
			}
			offer(i, j, [2]int{c, freedom(union, b.of(a), b.of(x))})
		}
	}
	s.join(r, left[bestI], t)
	if bestJ >= 0 {
		s.join(r, left[bestJ], t)
		left[bestJ] = left[len(left)-1]
		left = left[:len(left)-1]
	}
	left[bestI] = left[len(left)-1]
	return left[:len(left)-1]
}

// emptiestTable returns the table of round r with fewest guests (lowest
// first) and how many more it may take.
func (s *state) emptiestTable(r int) (int32, int) {
	sh := &s.m.sh[r]
	best := int32(0)
	for t := range int32(sh.T) {
		if len(s.tables[r][t]) < len(s.tables[r][best]) {
			best = t
		}
	}
	size := len(s.tables[r][best])
	if size >= sh.lo && s.nBig[r] >= sh.nHi {
		return best, 0
	}
	if s.nBig[r] < sh.nHi {
		return best, sh.hi - size
	}
	return best, sh.lo - size
}

func conflicts(b *blocked, g int32, at []int32) int {
	c := 0
	for _, x := range at {
		if b.has(g, x) {
			c++
		}
	}
	return c
}

// freedom counts the guests in none of the sets.
func freedom(union, a, x []uint64) int {
	used := 0
	for k := range union {
		w := union[k] | a[k]
		if x != nil {
			w |= x[k]
		}
		used += bits.OnesCount64(w)
	}
	return len(union)*64 - used
}

func orInto(dst, src []uint64) {
	for k := range dst {
		dst[k] |= src[k]
	}
}
