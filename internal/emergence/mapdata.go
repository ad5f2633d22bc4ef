package emergence

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/network"
	"github.com/kindredhq/kindred/internal/store"
)

// Scope selects the part of the network to show or export.
type Scope struct {
	CityID int64     // members in this city (as the viewer sees it); 0: all
	Until  time.Time // ties that happened on or before this day; zero: today
}

// VisibleNode is a member as a viewer may see them on the map or in an
// export: name, primary organization and city only where the viewer may
// see them, and the community the network's measures put them in (0 when
// they have none yet).
type VisibleNode struct {
	ID           int64
	Name         string
	Organization string
	City         string
	Community    int
	Degree       int // people they share ties with
}

// VisibleTie is what two members share: how many ties join them.
type VisibleTie struct {
	A, B  int64 // A < B
	Count int
}

// Visible is the relationship network as one viewer may see it.
type Visible struct {
	Nodes []VisibleNode // most connected first
	Ties  []VisibleTie  // by A, then B
}

// Visible returns the network as viewer may see it: shared ties only
// (never one a member has hidden, nor one awaiting confirmation), between
// members placed and labelled through kindred.Member.VisibleTo — a member
// whose city viewer may not see is in no city (and so in no city's scope),
// one whose organizations viewer may not see has none. Communities come from
// the latest snapshot taken on or before scope.Until. It is the one place
// the map and the exports learn what a viewer may see of the network: the
// ledger, members and snapshots are read once for every viewer (see
// NetworkCache), what this viewer sees of them on each call. It returns the
// store's errors wrapped.
func (c *NetworkCache) Visible(ctx context.Context, st *store.Store, viewer *kindred.Account, scope Scope) (*Visible, error) {
	ledger, people, communities, err := c.network(ctx, st, scope.Until)
	if err != nil {
		return nil, err
	}
	cities, err := st.Cities(ctx)
	if err != nil {
		return nil, err
	}
	seen := ledger.seenBy(people, viewer, scope.CityID)
	ties, degree := ledger.tiesBetween(seen, untilDay(scope.Until))
	return &Visible{Nodes: nodesOf(seen, degree, cities, communities), Ties: ties}, nil
}

// nodesOf returns the members seen with a degree, most connected first,
// with their city's name and their community.
func nodesOf(seen []*kindred.Member, degree []int32, cities []kindred.City, communities *communities) []VisibleNode {
	cityName := make(map[int64]string, len(cities))
	for _, c := range cities {
		cityName[c.ID] = c.Name
	}
	n := 0
	for _, d := range degree {
		if d > 0 {
			n++
		}
	}
	nodes, from := make([]VisibleNode, 0, n), 0
	for i, d := range degree {
		if d == 0 {
			continue
		}
		m := seen[i]
		n := VisibleNode{ID: m.ID, Name: m.Name, City: cityName[m.CityID], Community: communities.lookup(m.ID, &from), Degree: int(d)}
		if a, ok := m.PrimaryAffiliation(); ok {
			n.Organization = a.OrganizationName
		}
		nodes = append(nodes, n)
	}
	sort.Slice(nodes, func(i, j int) bool {
		a, b := nodes[i], nodes[j]
		return a.Degree > b.Degree || (a.Degree == b.Degree && a.ID < b.ID)
	})
	return nodes
}

// tiesBetween returns the pairs of members seen (non-nil) that share ties
// on or before day, with how many, by A then B, and how many such pairs
// each member is in. The pairs are counted first, so the slice is made
// once: at 3 million ties, growing it would copy it many times over.
func (l *sharedLedger) tiesBetween(seen []*kindred.Member, day int32) ([]VisibleTie, []int32) {
	degree, n := make([]int32, len(l.ids)), 0
	each := func(fn func(i int, j int32, count int)) {
		for i, a := range seen {
			if a == nil {
				continue
			}
			for p := l.rows[i]; p < l.rows[i+1]; p++ {
				if j := l.other[p]; seen[j] != nil {
					if c := l.count(p, day); c > 0 {
						fn(i, j, c)
					}
				}
			}
		}
	}
	each(func(i int, j int32, _ int) {
		degree[i]++
		degree[j]++
		n++
	})
	ties := make([]VisibleTie, 0, n)
	each(func(i int, j int32, c int) { ties = append(ties, VisibleTie{A: l.ids[i], B: l.ids[j], Count: c}) })
	return ties, degree
}

// seenBy returns, for each member of the ledger, the member as viewer may
// see them (Member.VisibleTo), or nil when they are not in the city (as
// viewer may see it; 0: any) or no longer a member.
func (l *sharedLedger) seenBy(people []*kindred.Member, viewer *kindred.Account, city int64) []*kindred.Member {
	seen := make([]*kindred.Member, len(l.ids))
	k := 0
	for i, id := range l.ids {
		for k < len(people) && people[k].ID < id {
			k++
		}
		if k == len(people) {
			break
		}
		if people[k].ID != id {
			continue
		}
		if v := people[k].VisibleTo(viewer); v != nil && (city == 0 || v.CityID == city) {
			seen[i] = v
		}
	}
	return seen
}

// ExportGraph returns the network for a file Gephi, Kumu or networkx reads:
// each member with organization, city and community as attributes (empty
// where the viewer may not see them), each pair with the number of ties
// they share as the weight.
func (v *Visible) ExportGraph() *network.ExportGraph {
	g := &network.ExportGraph{
		NodeAttrs: []network.AttrDecl{{Key: "organization", Type: network.AttrString}, {Key: "city", Type: network.AttrString},
			{Key: "community", Type: network.AttrInteger}, {Key: "degree", Type: network.AttrInteger}},
		Nodes: make([]network.ExportNode, 0, len(v.Nodes)),
		Edges: make([]network.ExportEdge, 0, len(v.Ties)),
	}
	for _, n := range v.Nodes {
		attrs := map[string]string{"organization": n.Organization, "city": n.City, "degree": strconv.Itoa(n.Degree)}
		if n.Community != 0 {
			attrs["community"] = strconv.Itoa(n.Community)
		}
		g.Nodes = append(g.Nodes, network.ExportNode{ID: key(n.ID), Label: n.Name, Attrs: attrs})
	}
	for _, t := range v.Ties {
		g.Edges = append(g.Edges, network.ExportEdge{Source: key(t.A), Target: key(t.B), Weight: float64(t.Count)})
	}
	return g
}
