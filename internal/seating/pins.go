package seating

// addPins records pins, extends each to the pinned guest's keep-together
// group and checks that pinned guests fit their tables.
func (m *model) addPins(ps []Pin, index map[string]int32, pr *problems) {
	m.pins = make([][]int32, m.R)
	for r := range m.pins {
		m.pins[r] = make([]int32, m.n)
		for g := range m.pins[r] {
			m.pins[r][g] = -1
		}
	}
	m.pinned = make([]bool, m.n)
	for _, p := range ps {
		m.addPin(p, index, pr)
	}
	for r := range m.R {
		m.checkPinnedTables(r, pr)
	}
}

func (m *model) addPin(p Pin, index map[string]int32, pr *problems) {
	g, ok := index[p.Guest]
	switch {
	case !ok:
		pr.bad("pin names unknown guest %q", p.Guest)
		return
	case p.Round < 0 || p.Round >= m.R:
		pr.bad("pin of guest %q names round %d of %d", p.Guest, p.Round+1, m.R)
		return
	case !m.attends(p.Round, g):
		pr.bad("pin of guest %q names %s, which they do not attend", p.Guest, m.roundName(p.Round))
		return
	case p.Table < 0 || p.Table >= m.sh[p.Round].T:
		pr.bad("pin of guest %q names table %d of %d", p.Guest, p.Table+1, m.sh[p.Round].T)
		return
	}
	members := []int32{g}
	if b := m.blockR[p.Round][g]; b >= 0 {
		members = m.blocksR[p.Round][b]
	}
	for _, h := range members {
		if t := m.pins[p.Round][h]; t >= 0 && int(t) != p.Table {
			pr.impossible("guest %q is pinned to tables %d and %d in %s (keep-together groups move as one)", m.ids[h], t+1, p.Table+1, m.roundName(p.Round))
			continue
		}
		m.pins[p.Round][h] = int32(p.Table)
		m.pinned[h] = true
	}
}

// checkPinnedTables checks that the guests pinned in round r leave every
// table within its size and host share and never pin do-not-seat pairs together.
func (m *model) checkPinnedTables(r int, pr *problems) {
	sh, name := m.sh[r], m.roundName(r)
	size := make([]int, sh.T)
	hosts := make([]int, sh.T)
	for g, t := range m.pins[r] {
		if t < 0 {
			continue
		}
		size[t]++
		if m.hostR[r][g] {
			hosts[t]++
		}
		for _, h := range m.apart[g] {
			if int32(g) < h && m.pins[r][h] == t {
				pr.impossible("do-not-seat guests %q and %q are pinned to table %d in %s", m.ids[g], m.ids[h], t+1, name)
			}
		}
	}
	big, hostBig := 0, 0
	for t := range sh.T {
		if size[t] > sh.hi {
			pr.impossible("%d guests pinned to table %d in %s, which seats %d", size[t], t+1, name, sh.hi)
		}
		if size[t] > sh.lo {
			big++
		}
		if hosts[t] > sh.hostHi {
			pr.impossible("%d hosts pinned to table %d in %s", hosts[t], t+1, name)
		}
		if hosts[t] > sh.hostLo {
			hostBig++
		}
	}
	if big > sh.nHi {
		pr.impossible("pins in %s fill %d tables beyond %d seats; only %d tables can have %d", name, big, sh.lo, sh.nHi, sh.hi)
	}
	if hostBig > sh.nHostHi {
		pr.impossible("pins in %s put extra hosts at %d tables; hosts would not be spread evenly", name, hostBig)
	}
}
