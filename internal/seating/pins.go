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
	case p.Table < 0 || p.Table >= m.T:
		pr.bad("pin of guest %q names table %d of %d", p.Guest, p.Table+1, m.T)
		return
	}
	members := []int32{g}
	if b := m.block[g]; b >= 0 {
		members = m.blocks[b]
	}
	for _, h := range members {
		if t := m.pins[p.Round][h]; t >= 0 && int(t) != p.Table {
			pr.impossible("guest %q is pinned to tables %d and %d in round %d (keep-together groups move as one)", m.ids[h], t+1, p.Table+1, p.Round+1)
			continue
		}
		m.pins[p.Round][h] = int32(p.Table)
		m.pinned[h] = true
	}
}

// checkPinnedTables checks that the guests pinned in round r leave every
// table within its size and host share and never pin do-not-seat pairs together.
func (m *model) checkPinnedTables(r int, pr *problems) {
	size := make([]int, m.T)
	hosts := make([]int, m.T)
	for g, t := range m.pins[r] {
		if t < 0 {
			continue
		}
		size[t]++
		if m.host[g] {
			hosts[t]++
		}
		for _, h := range m.apart[g] {
			if int32(g) < h && m.pins[r][h] == t {
				pr.impossible("do-not-seat guests %q and %q are pinned to table %d in round %d", m.ids[g], m.ids[h], t+1, r+1)
			}
		}
	}
	big, hostBig := 0, 0
	for t := range m.T {
		if size[t] > m.hi {
			pr.impossible("%d guests pinned to table %d in round %d, which seats %d", size[t], t+1, r+1, m.hi)
		}
		if size[t] > m.lo {
			big++
		}
		if hosts[t] > m.hostHi {
			pr.impossible("%d hosts pinned to table %d in round %d", hosts[t], t+1, r+1)
		}
		if hosts[t] > m.hostLo {
			hostBig++
		}
	}
	if big > m.nHi {
		pr.impossible("pins in round %d fill %d tables beyond %d seats; only %d tables can have %d", r+1, big, m.lo, m.nHi, m.hi)
	}
	if hostBig > m.nHostHi {
		pr.impossible("pins in round %d put extra hosts at %d tables; hosts would not be spread evenly", r+1, hostBig)
	}
}
