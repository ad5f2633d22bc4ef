package seating

import (
	"fmt"
	"math"
	"strings"
)

// plan turns the planning model's assignment into a SeasonPlan, scored on
// the whole season (held dinners included) in order.
func (sm *seasonModel) plan(p SeasonProblem, w Weights, at [][]int32) (*SeasonPlan, error) {
	em, err := buildSeason(p, w, true)
	if err != nil {
		return nil, err
	}
	full := make([][]int32, em.m.R)
	for r := range full {
		d, k := em.dinner[r], em.round[r]
		if p.Dinners[d].Held != nil {
			full[r] = em.heldAt(p.Dinners[d].Held[k])
		} else {
			full[r] = at[sm.first[d]+k]
		}
	}
	s := load(em.m, full)
	out := &SeasonPlan{Score: s.score(), Dinners: make([]DinnerPlan, len(p.Dinners))}
	for d := range p.Dinners {
		out.Dinners[d] = em.dinnerPlan(s, p, d)
	}
	if sm.m.R > 0 {
		for _, v := range load(sm.m, at).violations() {
			v.Dinner, v.Round, v.inSeason = sm.dinner[v.Round], sm.round[v.Round], true
			out.Violations = append(out.Violations, v)
		}
	}
	out.Score.Violations = len(out.Violations)
	for g := range int32(em.m.n) {
		out.Guests = append(out.Guests, em.seasonGuest(s, g))
	}
	return out, nil
}

// heldAt is a held round's seating as a table per guest (-1 when absent).
func (sm *seasonModel) heldAt(tables [][]string) []int32 {
	at := make([]int32, sm.m.n)
	for g := range at {
		at[g] = -1
	}
	for t, ids := range tables {
		for _, id := range ids {
			at[sm.index[strings.TrimSpace(id)]] = int32(t)
		}
	}
	return at
}

// dinnerPlan reads dinner d off the scoring state.
func (sm *seasonModel) dinnerPlan(s *state, p SeasonProblem, d int) DinnerPlan {
	m := s.m
	dp := DinnerPlan{Name: dinnerName(p.Dinners, d), Held: p.Dinners[d].Held != nil}
	var rounds []int
	for r := range m.R {
		if sm.dinner[r] != d {
			continue
		}
		rounds = append(rounds, r)
		tables := make([][]string, len(s.tables[r]))
		for t := range tables {
			tables[t] = []string{}
		}
		for g, t := range s.at[r] {
			if t >= 0 {
				tables[t] = append(tables[t], m.ids[g])
			}
		}
		dp.Rounds = append(dp.Rounds, tables)
		if m.themes.n > 0 {
			themes := make([][]TableTheme, len(s.tables[r]))
			for t, tab := range s.tables[r] {
				themes[t] = m.sharedThemes(tab)
			}
			dp.TableThemes = append(dp.TableThemes, themes)
		}
	}
	dp.Score = s.scoreRounds(rounds)
	return dp
}

// scoreRounds scores the given rounds of a complete state: pairs as in
// score (met before means in history or any earlier round), the pair part
// of the objective with k counting earlier meetings, and the new people
// each attending guest meets there for the first time.
func (s *state) scoreRounds(rounds []int) Score {
	m := s.m
	sc := Score{MinNewPeople: math.MaxInt32}
	fresh := make([]map[int32]bool, m.n)
	for _, r := range rounds {
		sc.UpperBound += m.freePairs(r)
		for _, tab := range s.tables[r] {
			for i, g := range tab {
				for _, x := range tab[i+1:] {
					before := sc.RepeatPairs
					s.countPair(&sc, r, g, x)
					k := m.hist.get(g, x) + s.earlier(r, g, x)
					sc.Objective += m.value(g, x, k)
					if sc.RepeatPairs == before && m.org[g] != m.org[x] && !m.sameBlock(g, x) {
						addFresh(fresh, g, x)
						addFresh(fresh, x, g)
					}
				}
			}
		}
	}
	attendees, total := 0, 0
	for g := range int32(m.n) {
		if !attendsAny(m, g, rounds) {
			continue
		}
		attendees++
		total += len(fresh[g])
		sc.MinNewPeople = min(sc.MinNewPeople, len(fresh[g]))
	}
	if attendees == 0 {
		sc.MinNewPeople = 0
	} else {
		sc.MeanNewPeople = float64(total) / float64(attendees)
	}
	return sc
}

func addFresh(fresh []map[int32]bool, g, x int32) {
	if fresh[g] == nil {
		fresh[g] = map[int32]bool{}
	}
	fresh[g][x] = true
}

func attendsAny(m *model, g int32, rounds []int) bool {
	for _, r := range rounds {
		if m.attends(r, g) {
			return true
		}
	}
	return false
}

// earlier counts the rounds before r in which g and x share a table.
func (s *state) earlier(r int, g, x int32) int {
	c := 0
	for q := range r {
		if t := s.at[q][g]; t >= 0 && t == s.at[q][x] {
			c++
		}
	}
	return c
}

// seasonGuest explains guest g's season from the scoring state.
func (sm *seasonModel) seasonGuest(s *state, g int32) SeasonGuest {
	m := s.m
	e := s.explainGuest(g)
	sg := SeasonGuest{Guest: e.Guest, NewPeople: e.NewPeople, NewOrgs: e.NewOrgs, Repeats: e.Repeats, SameOrg: e.SameOrg, Themes: e.Themes}
	dinners := map[int]bool{}
	for r, t := range e.Tables {
		if t < 0 {
			continue
		}
		dinners[sm.dinner[r]] = true
		seat := SeasonSeat{Dinner: sm.dinner[r], Round: sm.round[r], Table: t}
		for _, x := range s.tables[r][t] {
			if x != g {
				seat.With = append(seat.With, m.ids[x])
			}
		}
		sg.Seats = append(sg.Seats, seat)
	}
	sg.Text = seasonText(sg, len(dinners))
	return sg
}

func seasonText(sg SeasonGuest, dinners int) string {
	if dinners == 0 {
		return "comes to no dinner"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "meets %s from %s over %s", plural(sg.NewPeople, "new person", "new people"),
		plural(sg.NewOrgs, "organization", "organizations"), plural(dinners, "dinner", "dinners"))
	if sg.Repeats > 0 {
		fmt.Fprintf(&b, "; sits again with someone met before %s", plural(sg.Repeats, "time", "times"))
	}
	if sg.SameOrg > 0 {
		fmt.Fprintf(&b, "; sits with a colleague %s", plural(sg.SameOrg, "time", "times"))
	}
	for _, tm := range sg.Themes {
		fmt.Fprintf(&b, "; shares %q with %s", tm.Theme, strings.Join(tm.With, ", "))
	}
	return b.String()
}
