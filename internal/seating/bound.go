package seating

// objectiveBound is an upper bound on the objective of any plan, used to
// stop the search as soon as a plan provably cannot be improved:
//
//   - every round seats its free pairs (seated pairs minus keep-together
//     pairs minus the same-organization pairs organization sizes force) at
//     most once as new pairs worth 1 each, plus the theme bonus for at most
//     as many theme-sharing pairs as exist, and pays the forced
//     same-organization pairs;
//   - the new people of all guests add up to twice the new pairs, so the
//     fairness term is at best the shortfall from every guest's maximum
//     spread as evenly as possible.
//
// It ignores history, hosts, languages and do-not-seat pairs, so it is valid
// for every plan but not always reachable.
func (m *model) objectiveBound() float64 {
	free, forced := 0, 0
	for r := range m.R {
		free += m.freePairs(r)
		forced += m.forcedSameOrg(r)
	}
	b := float64(free) - m.w.SameOrg*float64(forced)
	if m.themes.n > 0 && m.w.Theme > 0 {
		b += m.w.Theme * float64(min(free, m.themePairs()))
	}
	short := -2 * free
	for _, c := range m.maxNew {
		short += int(c)
	}
	if short > 0 {
		q, rest := short/m.n, short%m.n
		b -= m.w.Fairness * float64(rest*(q+1)*(q+1)+(m.n-rest)*q*q)
	}
	return b
}

// themePairs counts the pairs from different organizations who never met
// and share a theme: at most this many occurrences earn the theme bonus.
func (m *model) themePairs() int {
	c := 0
	for i := range int32(m.n) {
		for j := i + 1; j < int32(m.n); j++ {
			if m.org[i] != m.org[j] && !m.sameBlock(i, j) && m.hist.get(i, j) == 0 && m.themes.share(i, j) {
				c++
			}
		}
	}
	return c
}
