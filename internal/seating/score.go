package seating

import (
	"cmp"
	"fmt"
	"math"
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
		if len(tables) != m.sh[r].T {
			return nil, fmt.Errorf("%w: round %d has %d tables, want %d", ErrInvalid, r+1, len(tables), m.sh[r].T)
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
			if t < 0 && m.attends(r, int32(g)) {
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
		p.Rounds[r] = make([][]string, m.sh[r].T)
		for t := range p.Rounds[r] {
			p.Rounds[r][t] = []string{}
		}
		for g, t := range at[r] {
			if t >= 0 {
				p.Rounds[r][t] = append(p.Rounds[r][t], m.ids[g])
			}
		}
	}
	p.Score = s.score()
	p.TableThemes = s.tableThemes()
	p.Violations = s.violations()
	p.Score.Violations = len(p.Violations)
	p.Guests = s.explain()
	return p
}

// score counts pair occurrences round by round from the complete state.
func (s *state) score() Score {
	m := s.m
	sc := Score{Objective: s.objective(), UpperBound: m.upperBound(), MinNewPeople: math.MaxInt32}
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
		if t := s.at[q][g]; t >= 0 && t == s.at[q][x] {
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
		if m.themes.n > 0 && m.themes.share(g, x) {
			sc.ThemePairs++
		}
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
		sh := &m.sh[r]
		for t, tab := range s.tables[r] {
			if len(tab) < sh.lo || len(tab) > sh.hi {
				add("size", r, int32(t), tab...)
			}
			if h := int(s.hosts[r][t]); h < sh.hostLo || h > sh.hostHi {
				add("hosts", r, int32(t), tab...)
			}
			if s.langViol(r, int32(t)) > 0 {
				add("language", r, int32(t), tab...)
			}
		}
		for g := range int32(m.n) {
			if m.attends(r, g) {
				s.guestViolations(r, g, add)
			}
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
	if b := m.blockR[r][g]; b >= 0 && m.blocksR[r][b][0] == g {
		for _, x := range m.blocksR[r][b] {
			if s.at[r][x] != t {
				add("together", r, t, m.blocksR[r][b]...)
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
	themed := map[int][]int32{}
	for r := range m.R {
		e.Tables[r] = int(s.at[r][g])
		if e.Tables[r] < 0 {
			continue
		}
		for _, x := range s.tables[r][s.at[r][g]] {
			switch {
			case x == g || m.sameBlock(g, x):
			case m.org[x] == m.org[g]:
				e.SameOrg++
			case m.hist.get(g, x) > 0 || earlierTogether(s, r, g, x):
				e.Repeats++
			default:
				newPeople[x], orgs[m.org[x]] = true, true
				for _, th := range m.themes.common(g, x) {
					if !slices.Contains(themed[th], x) {
						themed[th] = append(themed[th], x)
					}
				}
			}
		}
	}
	e.NewPeople, e.NewOrgs = len(newPeople), len(orgs)
	e.Themes = m.themeMatches(themed)
	e.Text = explainText(e, m.host[g])
	return e
}

// themeMatches lists the themes a guest shares, in theme order, with the
// tablemates sharing each in input order.
func (m *model) themeMatches(themed map[int][]int32) []ThemeMatch {
	var out []ThemeMatch
	for th := range m.themes.n {
		xs := themed[th]
		if len(xs) == 0 {
			continue
		}
		slices.Sort(xs)
		tm := ThemeMatch{Theme: m.themes.names[th]}
		for _, x := range xs {
			tm.With = append(tm.With, m.ids[x])
		}
		out = append(out, tm)
	}
	return out
}

// tableThemes lists, for every table, the themes two or more of its guests
// share, most shared first (then in theme order); nil without themes.
func (s *state) tableThemes() [][][]TableTheme {
	m := s.m
	if m.themes.n == 0 {
		return nil
	}
	out := make([][][]TableTheme, m.R)
	for r := range m.R {
		out[r] = make([][]TableTheme, len(s.tables[r]))
		for t, tab := range s.tables[r] {
			out[r][t] = m.sharedThemes(tab)
		}
	}
	return out
}

func (m *model) sharedThemes(tab []int32) []TableTheme {
	guests := slices.Sorted(slices.Values(tab))
	var out []TableTheme
	for th := range m.themes.n {
		var ids []string
		for _, g := range guests {
			if m.themes.of(g)[th/64]&(1<<uint(th%64)) != 0 {
				ids = append(ids, m.ids[g])
			}
		}
		if len(ids) >= 2 {
			out = append(out, TableTheme{Theme: m.themes.names[th], Guests: ids})
		}
	}
	slices.SortStableFunc(out, func(a, b TableTheme) int { return cmp.Compare(len(b.Guests), len(a.Guests)) })
	return out
}

func earlierTogether(s *state, r int, g, x int32) bool {
	for q := range r {
		if t := s.at[q][g]; t >= 0 && t == s.at[q][x] {
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
	for _, tm := range e.Themes {
		fmt.Fprintf(&b, "; shares %q with %s", tm.Theme, strings.Join(tm.With, ", "))
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
