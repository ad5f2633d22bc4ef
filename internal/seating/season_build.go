package seating

import (
	"fmt"
	"slices"
	"strings"
)

// maxSeasonRounds bounds the rounds of all dinners of a season together.
const maxSeasonRounds = 250

// seasonModel is a season in model form: the rounds of the dinners to plan
// (or, for scoring, of all dinners) one after another.
type seasonModel struct {
	m *model
	// dinner[r] and round[r] locate model round r in the season.
	dinner, round []int
	// first[d] is dinner d's first model round, or -1 when it is not a
	// round of the model (a held dinner, when planning).
	first []int
	index map[string]int32
}

// seasonRound is one round of a dinner to be laid out in the model.
type seasonRound struct {
	dinner, round int
	attend        []bool
	hosts         []bool
	shape         shape
}

// buildSeason validates p and builds the planning model, whose rounds are
// the dinners not held (held dinners become history), or with all true the
// scoring model, whose rounds are every dinner in order.
func buildSeason(p SeasonProblem, w Weights, all bool) (*seasonModel, error) {
	var pr problems
	m := &model{w: w, violW: 1e4}
	index := m.addGuests(p.Guests, &pr)
	if len(p.Dinners) == 0 {
		pr.bad("a season needs at least one dinner")
	}
	if err := pr.err(); err != nil {
		return nil, err
	}
	sm := &seasonModel{m: m, index: index, first: make([]int, len(p.Dinners))}
	var rounds []seasonRound
	var held [][][]int32 // held seatings, as guest indexes
	for d := range p.Dinners {
		sm.first[d] = -1
		dr, hs := sm.dinnerRounds(p, d, all, &pr)
		if hs != nil {
			held = append(held, hs...)
		}
		if len(dr) > 0 {
			sm.first[d] = len(rounds)
			rounds = append(rounds, dr...)
		}
	}
	if len(rounds) > maxSeasonRounds {
		pr.bad("the season has %d rounds to plan, at most %d", len(rounds), maxSeasonRounds)
	}
	if err := pr.err(); err != nil {
		return nil, err
	}
	sm.layout(rounds)
	m.label = func(r int) string { return sm.roundLabel(p.Dinners, r) }
	m.addHistory(p.History, index, &pr)
	sm.addHeld(held)
	apart := m.addApart(p.Apart, index, &pr)
	m.addTogether(p.Together, index, apart, &pr)
	if err := pr.err(); err != nil {
		return nil, err
	}
	sm.checkDinners(p, apart, &pr)
	if err := pr.err(); err != nil {
		return nil, err
	}
	m.addPins(sm.pins(p, &pr), index, &pr)
	if err := pr.err(); err != nil {
		return nil, err
	}
	m.setMaxNew()
	return sm, nil
}

// dinnerRounds lays out dinner d: its rounds to plan, or (held, not all)
// its seating as history.
func (sm *seasonModel) dinnerRounds(p SeasonProblem, d int, all bool, pr *problems) ([]seasonRound, [][][]int32) {
	dn, name := p.Dinners[d], dinnerName(p.Dinners, d)
	if dn.Held != nil {
		tables := sm.heldSeating(dn.Held, name, pr)
		if !all || tables == nil {
			return nil, tables
		}
		var out []seasonRound
		for r, ts := range tables {
			out = append(out, sm.heldRound(d, r, ts))
		}
		return out, nil
	}
	attend := sm.attendees(dn.Guests, name, pr)
	count := 0
	for _, a := range attend {
		if a {
			count++
		}
	}
	if count == 0 {
		pr.bad("%s has no guests", name)
		return nil, nil
	}
	rounds := max(dn.Rounds, 1)
	if dn.Rounds < 0 || dn.Rounds > maxRounds {
		pr.bad("%s: rounds %d is not between 1 and %d", name, dn.Rounds, maxRounds)
	}
	T, msg := tableCount(count, dn.TableSize, dn.Tables)
	if msg != "" {
		pr.bad("%s: %s", name, msg)
		return nil, nil
	}
	hosts := sm.hostsOf(dn, attend, name, pr)
	nHosts := 0
	for _, h := range hosts {
		if h {
			nHosts++
		}
	}
	if nHosts > T && !p.ExtraHosts {
		pr.bad("%s: %d hosts but only %d tables (hosts: %s); seat fewer hosts or allow extra hosts", name, nHosts, T, sm.m.hostList(hosts))
	}
	sh := newShape(count, T, nHosts)
	out := make([]seasonRound, rounds)
	for r := range out {
		out[r] = seasonRound{dinner: d, round: r, attend: attend, hosts: hosts, shape: sh}
	}
	return out, nil
}

// attendees marks the cohort guests listed, reporting unknown and repeated ids.
func (sm *seasonModel) attendees(ids []string, name string, pr *problems) []bool {
	attend := make([]bool, sm.m.n)
	for _, id := range ids {
		g, ok := sm.index[strings.TrimSpace(id)]
		switch {
		case !ok:
			pr.bad("%s names guest %q, who is not in the cohort", name, id)
		case attend[g]:
			pr.bad("%s lists guest %q twice", name, id)
		default:
			attend[g] = true
		}
	}
	return attend
}

// hostsOf marks the hosts of a dinner: its Hosts list, or the attending
// guests whose cohort entry hosts.
func (sm *seasonModel) hostsOf(dn Dinner, attend []bool, name string, pr *problems) []bool {
	hosts := make([]bool, sm.m.n)
	if dn.Hosts == nil {
		for g, a := range attend {
			hosts[g] = a && sm.m.host[g]
		}
		return hosts
	}
	for _, id := range dn.Hosts {
		g, ok := sm.index[strings.TrimSpace(id)]
		switch {
		case !ok:
			pr.bad("%s names host %q, who is not in the cohort", name, id)
		case !attend[g]:
			pr.bad("%s names host %q, who is not coming", name, id)
		default:
			hosts[g] = true
		}
	}
	return hosts
}

// heldSeating reads a held dinner's seating as guest indexes.
func (sm *seasonModel) heldSeating(held [][][]string, name string, pr *problems) [][][]int32 {
	out := make([][][]int32, len(held))
	for r, tables := range held {
		seen := map[int32]bool{}
		for _, ids := range tables {
			var t []int32
			for _, id := range ids {
				g, ok := sm.index[strings.TrimSpace(id)]
				switch {
				case !ok:
					pr.bad("%s (held) seats guest %q, who is not in the cohort", name, id)
					continue
				case seen[g]:
					pr.bad("%s (held) seats guest %q twice in round %d", name, id, r+1)
					continue
				}
				seen[g] = true
				t = append(t, g)
			}
			out[r] = append(out[r], t)
		}
	}
	return out
}

// heldRound turns a held round into a round of the scoring model.
func (sm *seasonModel) heldRound(d, r int, tables [][]int32) seasonRound {
	attend := make([]bool, sm.m.n)
	count := 0
	for _, t := range tables {
		for _, g := range t {
			attend[g] = true
			count++
		}
	}
	hosts := make([]bool, sm.m.n)
	nHosts := 0
	for g, a := range attend {
		if a && sm.m.host[g] {
			hosts[g] = true
			nHosts++
		}
	}
	sh := newShape(count, max(len(tables), 1), nHosts)
	return seasonRound{dinner: d, round: r, attend: attend, hosts: hosts, shape: sh}
}

// addHeld records a held dinner's meetings as history.
func (sm *seasonModel) addHeld(rounds [][][]int32) {
	for _, tables := range rounds {
		for _, t := range tables {
			for i, g := range t {
				for _, x := range t[i+1:] {
					sm.m.hist.add(g, x, 1)
				}
			}
		}
	}
}

// layout sets the model's rounds; attendance is left nil when everyone
// comes to every round, so a season of one cohort is a single gathering
// in all but name.
func (sm *seasonModel) layout(rounds []seasonRound) {
	m := sm.m
	m.R = len(rounds)
	everyone := true
	for _, sr := range rounds {
		m.sh = append(m.sh, sr.shape)
		m.hostR = append(m.hostR, sr.hosts)
		m.in = append(m.in, sr.attend)
		sm.dinner = append(sm.dinner, sr.dinner)
		sm.round = append(sm.round, sr.round)
		everyone = everyone && !slices.Contains(sr.attend, false)
	}
	if everyone {
		m.in = nil
	}
}

// checkDinners checks keep-together groups and languages at each dinner.
func (sm *seasonModel) checkDinners(p SeasonProblem, apart map[uint64]bool, pr *problems) {
	for d, r := range sm.first {
		if r < 0 || p.Dinners[d].Held != nil {
			continue
		}
		where := " at " + dinnerName(p.Dinners, d)
		sm.m.checkBlocks(r, where, apart, pr)
		sm.m.checkLanguages(r, where, pr)
	}
}

// pins turns the dinners' pins into pins of model rounds.
func (sm *seasonModel) pins(p SeasonProblem, pr *problems) []Pin {
	var out []Pin
	for d, dn := range p.Dinners {
		if len(dn.Pins) == 0 {
			continue
		}
		name := dinnerName(p.Dinners, d)
		if sm.first[d] < 0 || dn.Held != nil {
			pr.bad("%s is held; its seating cannot be pinned", name)
			continue
		}
		rounds := max(dn.Rounds, 1)
		for _, pin := range dn.Pins {
			if pin.Round < 0 || pin.Round >= rounds {
				pr.bad("%s: pin of guest %q names round %d of %d", name, pin.Guest, pin.Round+1, rounds)
				continue
			}
			out = append(out, Pin{Guest: pin.Guest, Round: sm.first[d] + pin.Round, Table: pin.Table})
		}
	}
	return out
}

func (sm *seasonModel) roundLabel(ds []Dinner, r int) string {
	d := sm.dinner[r]
	rounds := max(ds[d].Rounds, 1)
	if ds[d].Held != nil {
		rounds = len(ds[d].Held)
	}
	if rounds == 1 {
		return dinnerName(ds, d)
	}
	return fmt.Sprintf("%s round %d", dinnerName(ds, d), sm.round[r]+1)
}
