package seating

import (
	"fmt"
	"slices"
	"strings"
)

// Evaluate scores a plan for p, such as one a host edited by hand.
// rounds[r][t] lists the guest ids at table t in round r. It returns an
// error wrapping ErrInvalid when p is invalid or the plan has the wrong
// number of rounds or tables, or does not seat every guest exactly once per
// round; broken hard constraints are reported in Plan.Violations, not as an
// error.
func Evaluate(p Problem, rounds [][][]string, w Weights) (*Plan, error) {
	if w == (Weights{}) {
		w = DefaultWeights()
	}
	m, err := build(p, w)
	if err != nil {
		return nil, err
	}
	at, err := m.parsePlan(rounds)
	if err != nil {
		return nil, err
	}
	return m.plan(at), nil
}

func (m *model) parsePlan(rounds [][][]string) ([][]int32, error) {
	if len(rounds) != m.R {
		return nil, fmt.Errorf("%w: plan has %d rounds, want %d", ErrInvalid, len(rounds), m.R)
	}
	index := make(map[string]int32, m.n)
	for g, id := range m.ids {
		index[id] = int32(g)
	}
	at := make([][]int32, m.R)
	for r, tables := range rounds {
		if len(tables) != m.T {
			return nil, fmt.Errorf("%w: round %d has %d tables, want %d", ErrInvalid, r+1, len(tables), m.T)
		}
		at[r] = slices.Repeat([]int32{-1}, m.n)
		for t, ids := range tables {
			for _, id := range ids {
				g, ok := index[id]
				switch {
				case !ok:
					return nil, fmt.Errorf("%w: round %d table %d seats unknown guest %q", ErrInvalid, r+1, t+1, id)
				case at[r][g] >= 0:
					return nil, fmt.Errorf("%w: round %d seats guest %q twice", ErrInvalid, r+1, id)
				}
				at[r][g] = int32(t)
			}
		}
		for g, t := range at[r] {
			if t < 0 {
				return nil, fmt.Errorf("%w: round %d does not seat guest %q", ErrInvalid, r+1, m.ids[g])
			}
		}
	}
	return at, nil
}

// plan turns a complete assignment into a Plan with score and explanations.
func (m *model) plan(at [][]int32) *Plan {
	s := load(m, at)
	p := &Plan{Rounds: make([][][]string, m.R)}
	for r := range m.R {
		p.Rounds[r] = make([][]string, m.T)
		for t := range m.T {
			p.Rounds[r][t] = []string{}
		}
		for g, t := range at[r] {
			p.Rounds[r][t] = append(p.Rounds[r][t], m.ids[g])
		}
	}
	p.Score = s.score()
	p.Violations = s.violations()
	p.Score.Violations = len(p.Violations)
	p.Guests = s.explain()
	return p
}

// score counts pair occurrences round by round from the complete state.
func (s *state) score() Score {
	m := s.m
	sc := Score{Objective: s.objective(), UpperBound: m.upperBound(), MinNewPeople: m.maxNew}
	for r := range m.R {
		for _, tab := range s.tables[r] {
			for i, g := range tab {
				for _, x := range tab[i+1:] {
					s.countPair(&sc, r, g, x)
				}
			}
		}
	}
	total := 0
	for _, c := range s.newCnt {
		sc.MinNewPeople = min(sc.MinNewPeople, int(c))
		total += int(c)
	}
	sc.MeanNewPeople = float64(total) / float64(m.n)
	return sc
}

func (s *state) countPair(sc *Score, r int, g, x int32) {
	m := s.m
	if m.sameBlock(g, x) {
		return
	}
	earlier := 0
	for q := range r {
		if s.at[q][g] == s.at[q][x] {
			earlier++
		}
	}
	k := m.hist.get(g, x) + earlier
	same := m.org[g] == m.org[x]
	sc.SeatedPairs++
	switch {
	case k > 0:
		sc.RepeatPairs++
	case !same:
		sc.NewCrossOrgPairs++
	}
	if same {
		sc.SameOrgPairs++
	}
}

// violations lists every broken hard constraint of a complete state.
func (s *state) violations() []Violation {
	m := s.m
	var vs []Violation
	add := func(rule string, r int, t int32, gs ...int32) {
		ids := make([]string, len(gs))
		for i, g := range gs {
			ids[i] = m.ids[g]
		}
		vs = append(vs, Violation{Rule: rule, Round: r, Table: int(t), Guests: ids})
	}
	for r := range m.R {
		for t, tab := range s.tables[r] {
			if len(tab) < m.lo || len(tab) > m.hi {
				add("size", r, int32(t), tab...)
			}
			if h := int(s.hosts[r][t]); h < m.hostLo || h > m.hostHi {
				add("hosts", r, int32(t), tab...)
			}
			if s.langViol(r, int32(t)) > 0 {
				add("language", r, int32(t), tab...)
			}
		}
		for g := range m.n {
			s.guestViolations(r, int32(g), add)
		}
	}
	return vs
}

func (s *state) guestViolations(r int, g int32, add func(string, int, int32, ...int32)) {
	m := s.m
	t := s.at[r][g]
	for _, p := range m.apart[g] {
		if g < p && s.at[r][p] == t {
			add("apart", r, t, g, p)
		}
	}
	if b := m.block[g]; b >= 0 && m.blocks[b][0] == g {
		for _, x := range m.blocks[b] {
			if s.at[r][x] != t {
				add("together", r, t, m.blocks[b]...)
				break
			}
		}
	}
	if p := m.pins[r][g]; p >= 0 && p != t {
		add("pin", r, p, g)
	}
}

// explain describes each guest's tablemates in plain words.
func (s *state) explain() []Explanation {
	m := s.m
	out := make([]Explanation, m.n)
	for g := range m.n {
		out[g] = s.explainGuest(int32(g))
	}
	return out
}

func (s *state) explainGuest(g int32) Explanation {
	m := s.m
	e := Explanation{Guest: m.ids[g], Tables: make([]int, m.R)}
	newPeople, orgs := map[int32]bool{}, map[int32]bool{}
	for r := range m.R {
		e.Tables[r] = int(s.at[r][g])
		for _, x := range s.tables[r][s.at[r][g]] {
			switch {
			case x == g || m.sameBlock(g, x):
			case m.org[x] == m.org[g]:
				e.SameOrg++
			case m.hist.get(g, x) > 0 || earlierTogether(s, r, g, x):
				e.Repeats++
			default:
				newPeople[x], orgs[m.org[x]] = true, true
			}
		}
	}
	e.NewPeople, e.NewOrgs = len(newPeople), len(orgs)
	e.Text = explainText(e, m.host[g])
	return e
}

func earlierTogether(s *state, r int, g, x int32) bool {
	for q := range r {
		if s.at[q][g] == s.at[q][x] {
			return true
		}
	}
	return false
}

func explainText(e Explanation, host bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "meets %s from %s", plural(e.NewPeople, "new person", "new people"), plural(e.NewOrgs, "organization", "organizations"))
	if e.Repeats > 0 {
		fmt.Fprintf(&b, "; sits again with %s met before", plural(e.Repeats, "person", "people"))
	}
	if e.SameOrg > 0 {
		fmt.Fprintf(&b, "; sits with %s from their own organization", plural(e.SameOrg, "colleague", "colleagues"))
	}
	if host {
		b.WriteString("; hosts the table")
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
