package seating

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
)

// construct seats everyone greedily, round by round: pinned guests first,
// then hosts, then keep-together groups, then everyone else in random order,
// each at the table where they add most.
func (s *state) construct(rng *rand.Rand) error {
	for r := range s.m.R {
		if err := s.constructRound(r, s.m.units(r), rng); err != nil {
			return err
		}
	}
	return nil
}

func (s *state) constructRound(r int, units [][]int32, rng *rand.Rand) error {
	m := s.m
	var free [][]int32
	for _, u := range units {
		if t := m.pins[r][u[0]]; t >= 0 {
			s.joinUnit(r, u, t)
			continue
		}
		free = append(free, u)
	}
	rng.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
	slices.SortStableFunc(free, func(a, b []int32) int {
		if c := cmp.Compare(min(m.hostsIn(r, b), 1), min(m.hostsIn(r, a), 1)); c != 0 {
			return c
		}
		return cmp.Compare(len(b), len(a))
	})
	for _, u := range free {
		t := s.bestTable(r, u)
		if t < 0 {
			return fmt.Errorf("%w: no table in %s has room for %s next to the pinned guests and hosts", ErrInfeasible, m.roundName(r), m.blockIDs(u))
		}
		s.joinUnit(r, u, t)
	}
	return nil
}

func (s *state) joinUnit(r int, u []int32, t int32) {
	for _, g := range u {
		s.join(r, g, t)
	}
}

// bestTable picks the table where unit u adds most, among the emptiest
// tables it fits (hosts: among those with the fewest hosts), or -1.
func (s *state) bestTable(r int, u []int32) int32 {
	m, sh := s.m, &s.m.sh[r]
	hu := m.hostsIn(r, u)
	minSize, minHosts := sh.hi+1, sh.nHosts+1
	for t := range int32(sh.T) {
		if s.fits(r, t, len(u), hu) {
			minSize = min(minSize, len(s.tables[r][t]))
			minHosts = min(minHosts, int(s.hosts[r][t]))
		}
	}
	best, bestGain := int32(-1), 0.0
	for t := range int32(sh.T) {
		if !s.fits(r, t, len(u), hu) || len(s.tables[r][t]) > minSize+1 {
			continue
		}
		if hu > 0 && int(s.hosts[r][t]) > minHosts {
			continue
		}
		g := s.gain(r, u, t)
		if best < 0 || g > bestGain {
			best, bestGain = t, g
		}
	}
	return best
}

// gain is what seating unit u at table t adds to round r, ignoring fairness.
func (s *state) gain(r int, u []int32, t int32) float64 {
	m := s.m
	d := 0.0
	for _, g := range u {
		for _, x := range s.tables[r][t] {
			d += m.value(g, x, m.hist.get(g, x)+s.together(r, g, x))
		}
		d -= m.violW * float64(s.apartAt(r, g, t))
	}
	if m.nLang > 0 {
		lv := s.langViol(r, t)
		for _, g := range u {
			s.countLangs(r, g, t, 1)
		}
		d -= m.violW * float64(s.langViol(r, t)-lv)
		for _, g := range u {
			s.countLangs(r, g, t, -1)
		}
	}
	return d
}
