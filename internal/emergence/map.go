package emergence

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/network"
	"github.com/kindredhq/kindred/internal/store"
)

// MaxMapMembers and MaxMapPairs bound one answer of the map. A map within
// both is drawn whole; above either, it answers its communities only, and
// one community's members when asked for them (the most connected first, at
// most MaxMapMembers, with at most MaxMapPairs pairs among them), saying how
// many more there are rather than cutting them silently. At 300,000 members
// and 2.5 million pairs, one answer of everything took gigabytes.
const (
	MaxMapMembers = 3000
	MaxMapPairs   = 50000
	// maxFound is how many members a search of the map answers.
	maxFound = 20
)

// MapQuery is the part of the map asked for: all of Scope (drawn whole
// when small enough, else as communities), one community's members, or the
// members whose names contain Search.
type MapQuery struct {
	Scope
	Open      bool // Community's members only
	Community int  // with Open; 0 is the members not yet in a community
	Search    string
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
	TopOrg string  `json:"topOrg"` // the most common organization members show the whole network
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	Radius float64 `json:"radius"`
}

// Map is what the Emergence page draws: members placed in advance, and
// their communities. When Partial, Nodes and Edges hold only the part
// asked for (for the whole of a large map, only the viewer's own node), and MoreMembers and
// MorePairs say how many of that part were left out.
type Map struct {
	Nodes       []MapNode      `json:"nodes"`
	Edges       []MapEdge      `json:"edges"`
	Communities []MapCommunity `json:"communities"`
	Links       []MapEdge      `json:"links"`   // ties between communities
	Members     int            `json:"members"` // members with shared ties in scope
	Pairs       int            `json:"pairs"`   // pairs of them sharing ties
	Partial     bool           `json:"partial"`
	MoreMembers int            `json:"moreMembers"`
	MorePairs   int            `json:"morePairs"`
	Me          string         `json:"me,omitempty"` // the viewer's own node, when on the map
	MyCommunity *int           `json:"myCommunity,omitempty"`
}

// Map returns the part q asks for of the map of the network viewer may see
// (the same members and shared ties as Visible), laid out as
// network.GroupLayout does: communities as discs, members inside. Its size
// is bounded by MaxMapMembers and MaxMapPairs whatever the network's. What
// does not depend on the viewer (degrees, communities, places) is worked out
// once per change of the ledger, members or snapshots for the whole network;
// names and organizations go through kindred.Member.VisibleTo for each
// member answered. me is the viewer's member id (0: none). It returns the
// store's errors.
func (c *NetworkCache) Map(ctx context.Context, st *store.Store, viewer *kindred.Account, me int64, q MapQuery) (*Map, error) {
	sh, err := c.shape(ctx, st, viewer, q.Scope)
	if err != nil {
		return nil, err
	}
	maxMembers, maxPairs := cmp.Or(c.MaxMembers, MaxMapMembers), cmp.Or(c.MaxPairs, MaxMapPairs)
	large := sh.nodes > maxMembers || sh.pairs > maxPairs
	m := &Map{Members: sh.nodes, Pairs: sh.pairs, Partial: large || q.Open || q.Search != "",
		Nodes: []MapNode{}, Edges: []MapEdge{}, Communities: []MapCommunity{}, Links: []MapEdge{}}
	mine, onMap := sh.index(me)
	onMap = onMap && sh.degree[mine] > 0
	var part []int32
	switch {
	case q.Search != "":
		part, m.MoreMembers = sh.search(q.Search)
	case q.Open:
		group := sh.order[int32(q.Community)]
		part, m.MoreMembers = group[:min(len(group), maxMembers)], max(0, len(group)-maxMembers)
	default:
		m.Communities, m.Links = sh.communities, sh.links
		if !large {
			part = sh.everyone()
		} else if onMap {
			part = []int32{mine} // the viewer themselves, so "Centre on me" knows where
		}
	}
	if onMap {
		g := int(sh.group[mine])
		m.Me, m.MyCommunity = key(me), &g
	}
	m.Nodes = sh.nodesOf(part, viewer)
	if q.Search == "" {
		m.Edges, m.MorePairs = sh.edgesAmong(part, maxPairs)
	}
	return m, nil
}

// mapShape is the map of the members in one scope as of one day, without
// anything a viewer may or may not see: who is in scope, how many others
// each shares ties with, their community and place.
type mapShape struct {
	ledger  *sharedLedger
	day     int32
	members []*kindred.Member // by ledger index: in scope (shared; never shown as is), or nil
	degree  []int32
	group   []int32 // community, by ledger index
	rank    []int32 // place in its community's order
	order   map[int32][]int32
	discs   map[int32]network.GroupDisc
	nodes   int // members with a degree
	pairs   int

	communities []MapCommunity
	links       []MapEdge

	lowerOnce sync.Once
	lower     []string // names in lower case, by ledger index (for search)
}

// maxShapes is how many days' shapes of the whole network a cache keeps.
const maxShapes = 8

// shape returns the map's shape in scope. The whole network's is the same
// for every viewer and kept per day; a city's depends on whose city the
// viewer may see, so it is worked out on each request (a city is a small
// part of the ledger).
func (c *NetworkCache) shape(ctx context.Context, st *store.Store, viewer *kindred.Account, scope Scope) (*mapShape, error) {
	day := untilDay(scope.Until)
	load := func(ctx context.Context) (*mapShape, error) {
		ledger, people, comms, err := c.network(ctx, st, scope.Until)
		if err != nil {
			return nil, err
		}
		in := func(m *kindred.Member) bool { return true }
		if scope.CityID != 0 {
			// The city as viewer may see it (Member.VisibleTo keeps CityID
			// only where CanSee allows), without copying every member.
			in = func(m *kindred.Member) bool { return m.CityID == scope.CityID && m.CanSee(viewer, kindred.FieldCity) }
		}
		return newShape(ledger, people, comms, in, day), nil
	}
	if scope.CityID != 0 {
		return load(ctx)
	}
	c.shapesMu.Lock()
	if c.shapes == nil || (c.shapes[day] == nil && len(c.shapes) >= maxShapes) {
		// A stream of odd dates must not keep a shape each: start over.
		c.shapes = map[int32]*store.Cached[*mapShape]{}
	}
	cached := c.shapes[day]
	if cached == nil {
		cached = new(store.Cached[*mapShape])
		c.shapes[day] = cached
	}
	c.shapesMu.Unlock()
	// One load serves every request waiting for it, so none cancels it for the others.
	return cached.Get(st, shapeTables, func() (*mapShape, error) { return load(context.WithoutCancel(ctx)) })
}

// shapeTables are the tables the whole network's shape is read from.
var shapeTables = slices.Concat(store.LedgerTables, store.MemberSummaryTables, store.SnapshotTables)

// newShape works out the shape of the members of people for whom in holds,
// with their shared ties on or before day.
func newShape(l *sharedLedger, people []*kindred.Member, comms *communities, in func(*kindred.Member) bool, day int32) *mapShape {
	sh := &mapShape{ledger: l, day: day, members: make([]*kindred.Member, len(l.ids)), degree: make([]int32, len(l.ids)),
		group: make([]int32, len(l.ids)), rank: make([]int32, len(l.ids)), order: map[int32][]int32{}}
	k := 0
	for i, id := range l.ids {
		for k < len(people) && people[k].ID < id {
			k++
		}
		if k < len(people) && people[k].ID == id && in(people[k]) {
			sh.members[i] = people[k]
		}
	}
	sh.eachPair(func(i, j int32, _ int) {
		sh.degree[i]++
		sh.degree[j]++
		sh.pairs++
	})
	from := 0
	for i, id := range l.ids {
		if sh.degree[i] > 0 {
			sh.group[i] = int32(comms.lookup(id, &from))
			sh.order[sh.group[i]] = append(sh.order[sh.group[i]], int32(i))
			sh.nodes++
		}
	}
	sizes := make(map[int]int, len(sh.order))
	for g, ms := range sh.order {
		slices.SortFunc(ms, func(a, b int32) int { return cmp.Or(cmp.Compare(sh.degree[b], sh.degree[a]), cmp.Compare(a, b)) })
		for r, i := range ms {
			sh.rank[i] = int32(r)
		}
		sizes[int(g)] = len(ms)
	}
	counts, weights := map[[2]int]float64{}, map[[2]int]int{}
	sh.eachPair(func(i, j int32, n int) {
		if a, b := int(sh.group[i]), int(sh.group[j]); a != b {
			pair := [2]int{min(a, b), max(a, b)}
			counts[pair]++
			weights[pair] += n
		}
	})
	sh.discs = map[int32]network.GroupDisc{}
	for _, d := range network.GroupDiscs(sizes, counts) {
		sh.discs[int32(d.Group)] = d
		sh.communities = append(sh.communities, sh.community(d))
	}
	sh.links = make([]MapEdge, 0, len(weights))
	for pair, w := range weights {
		sh.links = append(sh.links, MapEdge{Source: "c" + strconv.Itoa(pair[0]), Target: "c" + strconv.Itoa(pair[1]), Weight: w})
	}
	slices.SortFunc(sh.links, func(a, b MapEdge) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Target, b.Target))
	})
	return sh
}

// eachPair calls fn with every pair of members in scope sharing ties on or
// before the shape's day (by ledger index, i < j in the ledger's order) and
// how many.
func (sh *mapShape) eachPair(fn func(i, j int32, n int)) {
	l := sh.ledger
	for i, a := range sh.members {
		if a == nil {
			continue
		}
		for p := l.rows[i]; p < l.rows[i+1]; p++ {
			if j := l.other[p]; sh.members[j] != nil {
				if n := l.count(p, sh.day); n > 0 {
					fn(int32(i), j, n)
				}
			}
		}
	}
}

// community describes disc d, with the organization most of its members
// show the whole network (the first by name among equals): a label every
// viewer may read, the same for all.
func (sh *mapShape) community(d network.GroupDisc) MapCommunity {
	label := "Community " + strconv.Itoa(d.Group)
	if d.Group == 0 {
		label = "Not yet in a community"
	}
	counts, top := map[string]int{}, ""
	for _, i := range sh.order[int32(d.Group)] {
		m := sh.members[i]
		if m.Visibility.Of(kindred.FieldAffiliations) != kindred.LevelNetwork {
			continue
		}
		if a, ok := m.PrimaryAffiliation(); ok {
			counts[a.OrganizationName]++
			if n, best := counts[a.OrganizationName], counts[top]; n > best || (n == best && a.OrganizationName < top) {
				top = a.OrganizationName
			}
		}
	}
	return MapCommunity{ID: d.Group, Label: label, Size: d.Size, TopOrg: top,
		X: round1(d.Centre.X), Y: round1(d.Centre.Y), Radius: round1(d.Radius)}
}

// everyone returns every member with a degree, most connected first.
func (sh *mapShape) everyone() []int32 {
	out := make([]int32, 0, sh.nodes)
	for _, ms := range sh.order {
		out = append(out, ms...)
	}
	slices.SortFunc(out, func(a, b int32) int { return cmp.Or(cmp.Compare(sh.degree[b], sh.degree[a]), cmp.Compare(a, b)) })
	return out
}

// index returns member id's ledger index.
func (sh *mapShape) index(id int64) (int32, bool) {
	i, ok := slices.BinarySearch(sh.ledger.ids, id)
	return int32(i), ok && sh.members[i] != nil
}

// search returns the members on the map whose names contain q in any case
// (those named exactly q first, then the most connected), at most maxFound,
// and how many more matched.
func (sh *mapShape) search(q string) ([]int32, int) {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return nil, 0
	}
	sh.lowerOnce.Do(func() {
		sh.lower = make([]string, len(sh.members))
		for i, m := range sh.members {
			if m != nil && sh.degree[i] > 0 {
				sh.lower[i] = strings.ToLower(m.Name)
			}
		}
	})
	var hits []int32
	for i, name := range sh.lower {
		if name != "" && strings.Contains(name, q) {
			hits = append(hits, int32(i))
		}
	}
	slices.SortFunc(hits, func(a, b int32) int {
		return cmp.Or(-cmp.Compare(boolInt(sh.lower[a] == q), boolInt(sh.lower[b] == q)), cmp.Compare(sh.degree[b], sh.degree[a]), cmp.Compare(a, b))
	})
	return hits[:min(len(hits), maxFound)], max(0, len(hits)-maxFound)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nodesOf returns the members at the given ledger indices as viewer may see
// them (Member.VisibleTo), placed in their community's disc.
func (sh *mapShape) nodesOf(part []int32, viewer *kindred.Account) []MapNode {
	out := make([]MapNode, 0, len(part))
	for _, i := range part {
		v := sh.members[i].VisibleTo(viewer)
		p := sh.discs[sh.group[i]].Member(int(sh.rank[i]))
		n := MapNode{ID: key(v.ID), Label: v.Name, Degree: int(sh.degree[i]), Community: int(sh.group[i]), X: round1(p.X), Y: round1(p.Y)}
		if a, ok := v.PrimaryAffiliation(); ok {
			n.Org = a.OrganizationName
		}
		out = append(out, n)
	}
	return out
}

// edgesAmong returns the pairs among the given members (by A, then B), at
// most limit, and how many more there are.
func (sh *mapShape) edgesAmong(part []int32, limit int) ([]MapEdge, int) {
	if len(part) == 0 {
		return []MapEdge{}, 0
	}
	l := sh.ledger
	in := make([]bool, len(l.ids))
	for _, i := range part {
		in[i] = true
	}
	rows := slices.Sorted(slices.Values(part))
	out, more := []MapEdge{}, 0
	for _, i := range rows {
		for p := l.rows[i]; p < l.rows[i+1]; p++ {
			j := l.other[p]
			if !in[j] {
				continue
			}
			n := l.count(p, sh.day)
			switch {
			case n == 0:
			case len(out) < limit:
				out = append(out, MapEdge{Source: key(l.ids[i]), Target: key(l.ids[j]), Weight: n})
			default:
				more++
			}
		}
	}
	return out, more
}

// round1 keeps one decimal: the map's JSON stays small.
func round1(f float64) float64 { return math.Round(f*10) / 10 }
