package network

import (
	"slices"
)

// GroupBridging is Krackhardt and Stern's E–I index for one group of members
// sharing an attribute value (an organization, a city, a role).
type GroupBridging struct {
	Group    string  `json:"group"`
	Members  int     `json:"members"`
	Internal int     `json:"internal"` // ties with both ends in the group
	External int     `json:"external"` // ties from the group to another group
	EI       float64 `json:"ei"`       // (E − I) / (E + I), in [-1, 1]; 0 without ties
}

// Bridging summarises how far ties cross the boundaries of one attribute.
type Bridging struct {
	Attribute string `json:"attribute"`
	// EI is the whole network's E–I index: (cross − within) / all counted ties.
	EI float64 `json:"ei"`
	// CrossShare is the share of counted ties that join different groups.
	CrossShare float64 `json:"crossShare"`
	// Counted is the number of ties whose two ends both have the attribute;
	// ties touching a member without it are left out.
	Counted int             `json:"counted"`
	Groups  []GroupBridging `json:"groups"` // by size, largest first, then by name
}

// EIIndex computes the E–I index of every group of the attribute and of the
// whole network. Members without the attribute are left out, with their ties.
func EIIndex(g *Graph, attr string) Bridging {
	idx, names := groupIndex(g, attr)
	groups := make([]GroupBridging, len(names))
	for k, name := range names {
		groups[k].Group = name
	}
	for v := range g.Len() {
		if idx[v] >= 0 {
			groups[idx[v]].Members++
		}
	}
	b := Bridging{Attribute: attr}
	within := 0
	forEachTie(g, func(v, u int) {
		gv, gu := idx[v], idx[u]
		if gv < 0 || gu < 0 {
			return
		}
		b.Counted++
		if gv == gu {
			groups[gv].Internal++
			within++
			return
		}
		groups[gv].External++
		groups[gu].External++
	})
	for k := range groups {
		groups[k].EI = eiOf(groups[k].External, groups[k].Internal)
	}
	b.EI = eiOf(b.Counted-within, within)
	if b.Counted > 0 {
		b.CrossShare = float64(b.Counted-within) / float64(b.Counted)
	}
	slices.SortStableFunc(groups, func(a, c GroupBridging) int { return c.Members - a.Members })
	b.Groups = groups
	return b
}

func eiOf(external, internal int) float64 {
	if external+internal == 0 {
		return 0
	}
	return float64(external-internal) / float64(external+internal)
}

// GroupMatrix counts ties between groups of one attribute, such as the
// organization-to-organization tie matrix. Ties[i][j] is the number of ties
// between Groups[i] and Groups[j]; the diagonal holds ties inside a group.
type GroupMatrix struct {
	Attribute string   `json:"attribute"`
	Groups    []string `json:"groups"` // sorted by name
	Ties      [][]int  `json:"ties"`
}

// TieMatrix builds the GroupMatrix of an attribute. Members without it are
// left out.
func TieMatrix(g *Graph, attr string) GroupMatrix {
	idx, names := groupIndex(g, attr)
	m := GroupMatrix{Attribute: attr, Groups: names, Ties: make([][]int, len(names))}
	for k := range m.Ties {
		m.Ties[k] = make([]int, len(names))
	}
	forEachTie(g, func(v, u int) {
		a, c := idx[v], idx[u]
		if a < 0 || c < 0 {
			return
		}
		m.Ties[a][c]++
		if a != c {
			m.Ties[c][a]++
		}
	})
	return m
}

// groupIndex maps each member to the index of its attribute value in the
// sorted list of values, or -1 when the attribute is missing.
func groupIndex(g *Graph, attr string) ([]int, []string) {
	seen := make(map[string]bool)
	for v := range g.Len() {
		if a := g.Attr(v, attr); a != "" {
			seen[a] = true
		}
	}
	names := make([]string, 0, len(seen))
	for a := range seen {
		names = append(names, a)
	}
	slices.Sort(names)
	pos := make(map[string]int, len(names))
	for k, a := range names {
		pos[a] = k
	}
	idx := make([]int, g.Len())
	for v := range idx {
		idx[v] = -1
		if a := g.Attr(v, attr); a != "" {
			idx[v] = pos[a]
		}
	}
	return idx, names
}

// forEachTie calls fn once per tie with v < u.
func forEachTie(g *Graph, fn func(v, u int)) {
	for v := range g.Len() {
		for _, u := range g.nbr[g.off[v]:g.off[v+1]] {
			if int(u) > v {
				fn(v, int(u))
			}
		}
	}
}
