package emergence

import (
	"context"
	"math"
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
	ledger, err := c.sharedLedger(ctx, st)
	if err != nil {
		return nil, err
	}
	people, err := c.memberSummaries(ctx, st)
	if err != nil {
		return nil, err
	}
	communities, err := c.communitiesAsOf(ctx, st, scope.Until)
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

// MapNode is a member on the network map, placed by the server.
type MapNode struct {
	ID        string  `json:"id"`
	Label     string  `json:"label"`
	Org       string  `json:"org"` // "" when not shown to the viewer
	Degree    int     `json:"degree"`
	Community int     `json:"community"`
	X         float64 `json:"x"`
	Y         float64 `json:"y"`
}

// MapEdge is a shared tie between two members, or the ties between two
// communities, on the map.
type MapEdge struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Weight int    `json:"weight"`
}

// MapCommunity is a community drawn as one node when the map is zoomed out.
type MapCommunity struct {
	ID     int     `json:"id"`
	Label  string  `json:"label"`
	Size   int     `json:"size"`
	TopOrg string  `json:"topOrg"` // the most common organization the viewer may see
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	Radius float64 `json:"radius"`
}

// Map is what the Emergence page draws: every member with shared ties in
// the scope (none cut), placed in advance, and their communities.
type Map struct {
	Nodes       []MapNode      `json:"nodes"`
	Edges       []MapEdge      `json:"edges"`
	Communities []MapCommunity `json:"communities"`
	Links       []MapEdge      `json:"links"` // ties between communities
	Members     int            `json:"members"`
	Me          string         `json:"me,omitempty"` // the viewer's own node, when on the map
}

// Map returns the map of the network viewer may see in scope (Visible),
// laid out by network.GroupLayout: communities as discs, members inside. me
// is the viewer's member id (0: none). It returns the store's errors.
func (c *NetworkCache) Map(ctx context.Context, st *store.Store, viewer *kindred.Account, me int64, scope Scope) (*Map, error) {
	v, err := c.Visible(ctx, st, viewer, scope)
	if err != nil {
		return nil, err
	}
	return mapOf(v, me), nil
}

func mapOf(v *Visible, me int64) *Map {
	index := make(map[int64]int, len(v.Nodes))
	lnodes := make([]network.LayoutNode, len(v.Nodes))
	keys := make([]string, len(v.Nodes)) // each member's id as the map names it, made once
	for i, n := range v.Nodes {
		index[n.ID] = i
		lnodes[i] = network.LayoutNode{Group: n.Community, Degree: n.Degree}
		keys[i] = key(n.ID)
	}
	lties := make([][2]int, len(v.Ties))
	m := &Map{Members: len(v.Nodes), Nodes: make([]MapNode, len(v.Nodes)), Edges: make([]MapEdge, len(v.Ties)),
		Communities: []MapCommunity{}, Links: []MapEdge{}}
	links := map[[2]int]int{}
	for i, t := range v.Ties {
		a, b := index[t.A], index[t.B]
		lties[i] = [2]int{a, b}
		m.Edges[i] = MapEdge{Source: keys[a], Target: keys[b], Weight: t.Count}
		if ca, cb := v.Nodes[a].Community, v.Nodes[b].Community; ca != cb {
			links[[2]int{min(ca, cb), max(ca, cb)}] += t.Count
		}
	}
	l := network.GroupLayout(lnodes, lties)
	for i, n := range v.Nodes {
		m.Nodes[i] = MapNode{ID: keys[i], Label: n.Name, Org: n.Organization, Degree: n.Degree, Community: n.Community,
			X: round1(l.Nodes[i].X), Y: round1(l.Nodes[i].Y)}
		if n.ID == me {
			m.Me = keys[i]
		}
	}
	top := topOrgs(v)
	for _, d := range l.Groups {
		m.Communities = append(m.Communities, community(d, top[d.Group]))
	}
	for pair, w := range links {
		m.Links = append(m.Links, MapEdge{Source: "c" + strconv.Itoa(pair[0]), Target: "c" + strconv.Itoa(pair[1]), Weight: w})
	}
	sort.Slice(m.Links, func(i, j int) bool {
		return m.Links[i].Source < m.Links[j].Source || (m.Links[i].Source == m.Links[j].Source && m.Links[i].Target < m.Links[j].Target)
	})
	return m
}

// topOrgs returns each community's most common organization the viewer
// may see (the first by name among equals), counted in one pass over the
// members.
func topOrgs(v *Visible) map[int]string {
	counts := map[int]map[string]int{}
	for _, n := range v.Nodes {
		if n.Organization == "" {
			continue
		}
		if counts[n.Community] == nil {
			counts[n.Community] = map[string]int{}
		}
		counts[n.Community][n.Organization]++
	}
	top := make(map[int]string, len(counts))
	for g, orgs := range counts {
		best := ""
		for o, c := range orgs {
			if c > orgs[best] || (c == orgs[best] && o < best) {
				best = o
			}
		}
		top[g] = best
	}
	return top
}

// community describes one disc of the layout, whose most common
// organization is top.
func community(d network.GroupDisc, top string) MapCommunity {
	label := "Community " + strconv.Itoa(d.Group)
	if d.Group == 0 {
		label = "Not yet in a community"
	}
	return MapCommunity{ID: d.Group, Label: label, Size: d.Size, TopOrg: top,
		X: round1(d.Centre.X), Y: round1(d.Centre.Y), Radius: round1(d.Radius)}
}

// round1 keeps one decimal: the map's JSON stays small.
func round1(f float64) float64 { return math.Round(f*10) / 10 }
