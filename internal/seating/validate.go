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
	T := m.setSizes(p, &pr)
	if err := pr.err(); err != nil {
		return nil, err
	}
	m.setHosts(T, p.ExtraHosts, &pr)
	m.addHistory(p.History, index, &pr)
	apart := m.addApart(p.Apart, index, &pr)
	m.addTogether(p.Together, index, apart, &pr)
	m.checkBlocks(0, "", apart, &pr)
	if err := pr.err(); err != nil {
		return nil, err
	}
	m.checkLanguages(0, "", &pr)
	m.addPins(p.Pins, index, &pr)
	if err := pr.err(); err != nil {
		return nil, err
	}
	m.setMaxNew()
	return m, nil
}

// setMaxNew records the most new people each guest could meet: one per
// seat beside them in every round they attend.
func (m *model) setMaxNew() {
	m.maxNew = make([]int32, m.n)
	for r := range m.R {
		for g := range int32(m.n) {
			if m.attends(r, g) {
				m.maxNew[g] += int32(m.sh[r].hi - 1)
			}
		}
	}
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
		m.lang = append(m.lang, langIndex(g.Languages, langs))
	}
	m.nOrg, m.nLang = len(orgs), len(langs)
	m.themes = newThemeSets(gs)
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

// setSizes reads the rounds and returns the number of tables.
func (m *model) setSizes(p Problem, pr *problems) int {
	m.R = max(p.Rounds, 1)
	switch {
	case p.Rounds < 0:
		pr.bad("rounds %d is below 1", p.Rounds)
	case p.Rounds > maxRounds:
		pr.bad("rounds %d is above %d", p.Rounds, maxRounds)
	}
	T, msg := tableCount(m.n, p.TableSize, p.Tables)
	if msg != "" {
		pr.bad("%s", msg)
	}
	return T
}

// maxRounds bounds the rounds of one plan (a season's dinners included).
const maxRounds = 50

// tableCount returns the number of tables for n guests given a table size
// or a number of tables (exactly one set), or a message saying what is wrong.
func tableCount(n, size, tables int) (int, string) {
	T := tables
	switch {
	case size != 0 && tables != 0:
		return 0, "set either the table size or the number of tables, not both"
	case size != 0 && size < 2:
		return 0, fmt.Sprintf("table size %d is below 2", size)
	case size != 0:
		T = (n + size - 1) / size
	case tables == 0:
		return 0, "set a table size or a number of tables"
	case tables < 0:
		return 0, fmt.Sprintf("number of tables %d is below 1", tables)
	}
	switch {
	case n < 2:
		return 0, fmt.Sprintf("%d guests: at least 2 are needed", n)
	case n/T < 2:
		return 0, fmt.Sprintf("%d guests at %d tables leaves a table with fewer than 2 people; choose fewer tables", n, T)
	}
	return T, ""
}

// setHosts checks the hosts and lays out every round of a single gathering
// at T tables.
func (m *model) setHosts(T int, extra bool, pr *problems) {
	nHosts := 0
	for _, h := range m.host {
		if h {
			nHosts++
		}
	}
	if nHosts > T && !extra {
		pr.bad("%d hosts but only %d tables (hosts: %s); seat fewer hosts or allow extra hosts", nHosts, T, m.hostList(m.host))
	}
	sh := newShape(m.n, T, nHosts)
	for range m.R {
		m.sh = append(m.sh, sh)
		m.hostR = append(m.hostR, m.host)
	}
}

func (m *model) hostList(hosts []bool) string {
	var ids []string
	for g, h := range hosts {
		if h {
			ids = append(ids, m.ids[g])
		}
	}
	return shortList(ids)
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
	m.roundBlocks()
}

// roundBlocks records, per round, the groups two or more of whose members
// attend; with everyone attending they are the groups themselves.
func (m *model) roundBlocks() {
	m.blockR, m.blocksR = make([][]int32, m.R), make([][][]int32, m.R)
	for r := range m.R {
		if m.in == nil {
			m.blockR[r], m.blocksR[r] = m.block, m.blocks
			continue
		}
		m.blockR[r] = make([]int32, m.n)
		m.blocksR[r] = make([][]int32, len(m.blocks))
		for b, members := range m.blocks {
			for _, g := range members {
				if m.in[r][g] {
					m.blocksR[r][b] = append(m.blocksR[r][b], g)
				}
			}
		}
		for g := range m.n {
			m.blockR[r][g] = -1
			if b := m.block[g]; b >= 0 && m.in[r][g] && len(m.blocksR[r][b]) >= 2 {
				m.blockR[r][g] = b
			}
		}
	}
}

// checkBlocks checks that every keep-together group attending round r can
// sit at one of its tables; where names the round in messages ("" for a
// single gathering, whose rounds are all alike).
func (m *model) checkBlocks(r int, where string, apart map[uint64]bool, pr *problems) {
	for _, b := range m.blocksR[r] {
		if len(b) >= 2 {
			m.checkBlock(r, b, where, apart, pr)
		}
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

func (m *model) checkBlock(r int, b []int32, where string, apart map[uint64]bool, pr *problems) {
	sh := m.sh[r]
	if len(b) > sh.hi {
		pr.impossible("keep-together group %s has %d guests, more than a table of %d%s", m.blockIDs(b), len(b), sh.hi, where)
	}
	if h := m.hostsIn(r, b); h > max(sh.hostHi, 1) {
		pr.impossible("keep-together group %s has %d hosts, more than one table's share%s", m.blockIDs(b), h, where)
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

// checkLanguages reports guests of round r who cannot find enough people
// there to talk to for even the smallest table; where names the round in
// messages. It runs only when at most 64 languages are used.
func (m *model) checkLanguages(r int, where string, pr *problems) {
	if m.nLang == 0 || m.nLang > 64 {
		return
	}
	masks := make([]uint64, m.n)
	anyone := 0
	for g, ls := range m.lang {
		if !m.attends(r, int32(g)) {
			continue
		}
		for _, l := range ls {
			masks[g] |= 1 << uint(l)
		}
		if masks[g] == 0 {
			anyone++
		}
	}
	lo := m.sh[r].lo
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
		if partners < lo-1 {
			pr.impossible("guest %q shares a language with only %d others; a table seats %d (no shared language possible)%s", m.ids[g], partners, lo, where)
		}
	}
}
