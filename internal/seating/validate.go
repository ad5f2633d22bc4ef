package seating

import (
	"fmt"
	"slices"
	"strings"
)

// maxProblems caps how many problems one error message lists.
const maxProblems = 12

// problems collects what is wrong with an input so the error names all of it.
type problems struct {
	invalid, infeasible []string
}

func (p *problems) bad(format string, a ...any) {
	p.invalid = append(p.invalid, fmt.Sprintf(format, a...))
}

func (p *problems) impossible(format string, a ...any) {
	p.infeasible = append(p.infeasible, fmt.Sprintf(format, a...))
}

func (p *problems) err() error {
	list, kind := p.invalid, ErrInvalid
	if len(list) == 0 {
		list, kind = p.infeasible, ErrInfeasible
	}
	if len(list) == 0 {
		return nil
	}
	if len(list) > maxProblems {
		list = append(list[:maxProblems:maxProblems], fmt.Sprintf("and %d more", len(list)-maxProblems))
	}
	return fmt.Errorf("%w: %s", kind, strings.Join(list, "; "))
}

// Validate checks a problem without solving it. It returns an error wrapping
// ErrInvalid or ErrInfeasible that names every guest, pair or pin at fault.
func Validate(p Problem) error {
	_, err := build(p, DefaultWeights())
	return err
}

// build validates p and turns it into a model.
func build(p Problem, w Weights) (*model, error) {
	var pr problems
	m := &model{w: w, violW: 1e4}
	index := m.addGuests(p.Guests, &pr)
	m.setSizes(p, &pr)
	if err := pr.err(); err != nil {
		return nil, err
	}
	m.setHosts(p.ExtraHosts, &pr)
	m.addHistory(p.History, index, &pr)
	apart := m.addApart(p.Apart, index, &pr)
	m.addTogether(p.Together, index, apart, &pr)
	if err := pr.err(); err != nil {
		return nil, err
	}
	m.checkLanguages(&pr)
	m.addPins(p.Pins, index, &pr)
	if err := pr.err(); err != nil {
		return nil, err
	}
	m.maxNew = m.R * (m.hi - 1)
	m.pairsRnd = m.nHi*pairs(m.hi) + (m.T-m.nHi)*pairs(m.lo)
	return m, nil
}

func (m *model) addGuests(gs []Guest, pr *problems) map[string]int32 {
	m.n = len(gs)
	index := make(map[string]int32, len(gs))
	orgs, langs := map[string]int32{}, map[string]int32{}
	for i, g := range gs {
		id := strings.TrimSpace(g.ID)
		switch _, dup := index[id]; {
		case id == "":
			pr.bad("guest %d has no id", i+1)
		case dup:
			pr.bad("duplicate guest id %q", id)
		}
		index[id] = int32(i)
		m.ids = append(m.ids, id)
		org := strings.TrimSpace(g.Org)
		if org == "" {
			pr.bad("guest %q has no organization", id)
		}
		if _, ok := orgs[org]; !ok {
			orgs[org] = int32(len(orgs))
		}
		m.org = append(m.org, orgs[org])
		m.host = append(m.host, g.Host)
		if g.Host {
			m.nHosts++
		}
		m.lang = append(m.lang, langIndex(g.Languages, langs))
	}
	m.nOrg, m.nLang = len(orgs), len(langs)
	return index
}

func langIndex(ls []string, langs map[string]int32) []int32 {
	var out []int32
	for _, l := range ls {
		l = strings.ToLower(strings.TrimSpace(l))
		if l == "" {
			continue
		}
		if _, ok := langs[l]; !ok {
			langs[l] = int32(len(langs))
		}
		if !slices.Contains(out, langs[l]) {
			out = append(out, langs[l])
		}
	}
	return out
}

func (m *model) setSizes(p Problem, pr *problems) {
	m.R = max(p.Rounds, 1)
	switch {
	case p.Rounds < 0:
		pr.bad("rounds %d is below 1", p.Rounds)
	case p.Rounds > 50:
		pr.bad("rounds %d is above 50", p.Rounds)
	}
	switch {
	case p.TableSize != 0 && p.Tables != 0:
		pr.bad("set either the table size or the number of tables, not both")
		return
	case p.TableSize != 0 && p.TableSize < 2:
		pr.bad("table size %d is below 2", p.TableSize)
		return
	case p.TableSize != 0:
		m.T = (m.n + p.TableSize - 1) / p.TableSize
	case p.Tables == 0:
		pr.bad("set a table size or a number of tables")
		return
	case p.Tables < 0:
		pr.bad("number of tables %d is below 1", p.Tables)
		return
	default:
		m.T = p.Tables
	}
	if m.n < 2 {
		pr.bad("%d guests: at least 2 are needed", m.n)
		return
	}
	m.lo = m.n / m.T
	m.nHi = m.n - m.lo*m.T
	m.hi = m.lo + min(m.nHi, 1)
	if m.lo < 2 {
		pr.bad("%d guests at %d tables leaves a table with fewer than 2 people; choose fewer tables", m.n, m.T)
	}
}

func (m *model) setHosts(extra bool, pr *problems) {
	if m.nHosts > m.T && !extra {
		var hosts []string
		for g, h := range m.host {
			if h {
				hosts = append(hosts, m.ids[g])
			}
		}
		pr.bad("%d hosts but only %d tables (hosts: %s); seat fewer hosts or allow extra hosts", m.nHosts, m.T, shortList(hosts))
	}
	m.hostLo = m.nHosts / m.T
	m.nHostHi = m.nHosts - m.hostLo*m.T
	m.hostHi = m.hostLo + min(m.nHostHi, 1)
}

func shortList(ids []string) string {
	if len(ids) > 8 {
		return strings.Join(ids[:8], ", ") + fmt.Sprintf(" and %d more", len(ids)-8)
	}
	return strings.Join(ids, ", ")
}

// lookup resolves a pair of ids, reporting unknown ones.
func lookup(index map[string]int32, what string, a, b string, pr *problems) (int32, int32, bool) {
	i, okA := index[strings.TrimSpace(a)]
	j, okB := index[strings.TrimSpace(b)]
	switch {
	case !okA:
		pr.bad("%s names unknown guest %q", what, a)
	case !okB:
		pr.bad("%s names unknown guest %q", what, b)
	case i == j:
		pr.bad("%s pairs guest %q with itself", what, a)
	default:
		return i, j, true
	}
	return 0, 0, false
}

func (m *model) addHistory(hs []Meeting, index map[string]int32, pr *problems) {
	m.hist = newHistory(m.n)
	for _, h := range hs {
		i, j, ok := lookup(index, "history", h.A, h.B, pr)
		if !ok {
			continue
		}
		if h.Times < 0 {
			pr.bad("history for %q and %q has negative times %d", h.A, h.B, h.Times)
			continue
		}
		m.hist.add(i, j, h.Times)
	}
}

func (m *model) addApart(ps []Pair, index map[string]int32, pr *problems) map[uint64]bool {
	m.apart = make([][]int32, m.n)
	set := map[uint64]bool{}
	for _, p := range ps {
		i, j, ok := lookup(index, "do-not-seat", p.A, p.B, pr)
		if !ok || set[pairKey(i, j)] {
			continue
		}
		set[pairKey(i, j)] = true
		m.apart[i] = append(m.apart[i], j)
		m.apart[j] = append(m.apart[j], i)
	}
	return set
}

// addTogether joins keep-together pairs into groups and checks each group
// can sit at one table.
func (m *model) addTogether(ps []Pair, index map[string]int32, apart map[uint64]bool, pr *problems) {
	parent := make([]int32, m.n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, p := range ps {
		i, j, ok := lookup(index, "keep-together", p.A, p.B, pr)
		if !ok {
			continue
		}
		if apart[pairKey(i, j)] {
			pr.impossible("guests %q and %q are both keep-together and do-not-seat", m.ids[i], m.ids[j])
		}
		parent[find(i)] = find(j)
	}
	m.groupBlocks(find)
	for _, b := range m.blocks {
		m.checkBlock(b, apart, pr)
	}
}

func (m *model) groupBlocks(find func(int32) int32) {
	m.block = make([]int32, m.n)
	byRoot := map[int32]int32{}
	count := make([]int, m.n)
	for g := range m.n {
		count[find(int32(g))]++
	}
	for g := range m.n {
		m.block[g] = -1
		r := find(int32(g))
		if count[r] < 2 {
			continue
		}
		b, ok := byRoot[r]
		if !ok {
			b = int32(len(m.blocks))
			byRoot[r] = b
			m.blocks = append(m.blocks, nil)
		}
		m.block[g] = b
		m.blocks[b] = append(m.blocks[b], int32(g))
	}
}

func (m *model) blockIDs(b []int32) string {
	ids := make([]string, len(b))
	for i, g := range b {
		ids[i] = m.ids[g]
	}
	return shortList(ids)
}

func (m *model) checkBlock(b []int32, apart map[uint64]bool, pr *problems) {
	if len(b) > m.hi {
		pr.impossible("keep-together group %s has %d guests, more than a table of %d", m.blockIDs(b), len(b), m.hi)
	}
	if h := m.hostsIn(b); h > max(m.hostHi, 1) {
		pr.impossible("keep-together group %s has %d hosts, more than one table's share", m.blockIDs(b), h)
	}
	for i, g := range b {
		for _, h := range b[i+1:] {
			if apart[pairKey(g, h)] && len(b) > 2 {
				pr.impossible("guests %q and %q are do-not-seat but in the same keep-together group %s", m.ids[g], m.ids[h], m.blockIDs(b))
			}
		}
	}
	if !m.shareLanguage(b) {
		pr.impossible("keep-together group %s shares no language", m.blockIDs(b))
	}
}

// shareLanguage reports whether the guests who list languages have one in common.
func (m *model) shareLanguage(gs []int32) bool {
	count := map[int32]int{}
	speakers := 0
	for _, g := range gs {
		if len(m.lang[g]) == 0 {
			continue
		}
		speakers++
		for _, l := range m.lang[g] {
			count[l]++
		}
	}
	if speakers == 0 {
		return true
	}
	for _, c := range count {
		if c == speakers {
			return true
		}
	}
	return false
}

// checkLanguages reports guests who cannot find enough people to talk to for
// even the smallest table. It runs only when at most 64 languages are used.
func (m *model) checkLanguages(pr *problems) {
	if m.nLang == 0 || m.nLang > 64 {
		return
	}
	masks := make([]uint64, m.n)
	anyone := 0
	for g, ls := range m.lang {
		for _, l := range ls {
			masks[g] |= 1 << uint(l)
		}
		if masks[g] == 0 {
			anyone++
		}
	}
	for g, mg := range masks {
		if mg == 0 {
			continue
		}
		partners := anyone
		for h, mh := range masks {
			if h != g && mh&mg != 0 {
				partners++
			}
		}
		if partners < m.lo-1 {
			pr.impossible("guest %q shares a language with only %d others; a table seats %d (no shared language possible)", m.ids[g], partners, m.lo)
		}
	}
}
