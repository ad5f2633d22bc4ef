package network

import (
	"math"
	"sort"
)

// Point is a position on a drawing, in arbitrary units (one unit is about
// the room one member takes).
type Point struct{ X, Y float64 }

// LayoutNode is a member to place: its group (community) and how connected
// it is.
type LayoutNode struct {
	Group  int
	Degree int
}

// GroupDisc is where a group is drawn: its centre and the radius of the disc
// its members fill.
type GroupDisc struct {
	Group  int
	Centre Point
	Radius float64
	Size   int
}

// Layout is a drawing of a network precomputed once, so that a browser only
// paints it: every node's position (in the order given) and every group's
// disc.
type Layout struct {
	Nodes  []Point
	Groups []GroupDisc // largest first
}

// golden is the golden angle, which spreads points on a sunflower spiral.
var golden = math.Pi * (3 - math.Sqrt(5))

// GroupLayout places nodes by group: each group is a disc whose area grows
// with its members, the discs pulled together by the ties between them and
// pushed apart until none overlap, and inside its disc the group's most
// connected members sit at the centre on a sunflower spiral. ties are pairs
// of node indices; a tie naming an index out of range is ignored. It is
// deterministic and costs O(groups² · iterations + nodes + ties), so a
// network of thousands is laid out in milliseconds.
func GroupLayout(nodes []LayoutNode, ties [][2]int) Layout {
	members := map[int][]int{}
	for i, n := range nodes {
		members[n.Group] = append(members[n.Group], i)
	}
	sizes := make(map[int]int, len(members))
	for g, ms := range members {
		sizes[g] = len(ms)
	}
	links := map[[2]int]float64{}
	for _, t := range ties {
		if t[0] < 0 || t[1] < 0 || t[0] >= len(nodes) || t[1] >= len(nodes) {
			continue
		}
		a, b := nodes[t[0]].Group, nodes[t[1]].Group
		if a != b {
			links[[2]int{min(a, b), max(a, b)}]++
		}
	}
	discs := GroupDiscs(sizes, links)
	out := Layout{Nodes: make([]Point, len(nodes)), Groups: discs}
	for _, d := range discs {
		ids := members[d.Group]
		sort.SliceStable(ids, func(i, j int) bool { return nodes[ids[i]].Degree > nodes[ids[j]].Degree })
		for k, id := range ids {
			out.Nodes[id] = d.Member(k)
		}
	}
	return out
}

// GroupDiscs places groups of the given sizes (by group) as GroupLayout
// does, pulled together by links, the number of ties between two groups (by
// the pair of groups, lower first). The discs come largest first. A caller
// that knows each group's size and links without listing every tie (a
// network too large to draw at once) places its groups with it, and their
// members with GroupDisc.Member.
func GroupDiscs(sizes map[int]int, links map[[2]int]float64) []GroupDisc {
	groups := make([]int, 0, len(sizes))
	for g := range sizes {
		groups = append(groups, g)
	}
	sort.Slice(groups, func(i, j int) bool {
		a, b := sizes[groups[i]], sizes[groups[j]]
		return a > b || (a == b && groups[i] < groups[j])
	})
	index := make(map[int]int, len(groups))
	discs := make([]GroupDisc, len(groups))
	for i, g := range groups {
		index[g] = i
		discs[i] = GroupDisc{Group: g, Size: sizes[g], Radius: discRadius(sizes[g])}
	}
	byDisc := make(map[[2]int]float64, len(links))
	for pair, n := range links {
		a, oka := index[pair[0]]
		b, okb := index[pair[1]]
		if oka && okb && a != b {
			byDisc[[2]int{min(a, b), max(a, b)}] += n
		}
	}
	placeDiscs(discs, byDisc)
	return discs
}

// Member returns where the group's k-th member (0: the most connected)
// sits in the disc: on a sunflower spiral from the centre.
func (d GroupDisc) Member(k int) Point {
	r, a := math.Sqrt(float64(k)+0.5), float64(k)*golden
	return Point{d.Centre.X + r*math.Cos(a), d.Centre.Y + r*math.Sin(a)}
}

// discRadius is the radius of a sunflower of n points one unit apart, with a
// margin.
func discRadius(n int) float64 { return math.Sqrt(float64(n)+0.5) + 1 }

// placeDiscs starts the discs on a spiral, largest in the middle, then
// relaxes: linked discs attract (more with more ties), all are drawn gently
// to the centre, and overlapping discs are pushed apart.
func placeDiscs(discs []GroupDisc, links map[[2]int]float64) {
	for i := range discs {
		r, a := 3*math.Sqrt(float64(i))*discs[0].Radius/2, float64(i)*golden
		discs[i].Centre = Point{r * math.Cos(a), r * math.Sin(a)}
	}
	const iterations, gap = 120, 1.5
	pairs := make([][2]int, 0, len(links))
	for p := range links {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		return pairs[i][0] < pairs[j][0] || (pairs[i][0] == pairs[j][0] && pairs[i][1] < pairs[j][1])
	})
	// How hard each pair pulls, worked out once rather than looked up in
	// every iteration (with hundreds of communities, the lookups were most
	// of the layout's time).
	pull := make([]float64, len(pairs))
	for k, p := range pairs {
		pull[k] = math.Min(1, math.Log1p(links[p])/4)
	}
	for it := 0; it < iterations; it++ {
		step := 0.1 * (1 - float64(it)/iterations)
		for k, p := range pairs {
			a, b := &discs[p[0]], &discs[p[1]]
			dx, dy := b.Centre.X-a.Centre.X, b.Centre.Y-a.Centre.Y
			d := math.Hypot(dx, dy)
			want := a.Radius + b.Radius + gap
			if d <= want {
				continue
			}
			f := step * pull[k] * (d - want) / d
			a.Centre.X, a.Centre.Y = a.Centre.X+f*dx/2, a.Centre.Y+f*dy/2
			b.Centre.X, b.Centre.Y = b.Centre.X-f*dx/2, b.Centre.Y-f*dy/2
		}
		for i := range discs {
			discs[i].Centre.X *= 1 - step/10
			discs[i].Centre.Y *= 1 - step/10
		}
		separate(discs, gap)
	}
	for range 50 {
		if !separate(discs, gap) {
			break
		}
	}
}

// separate pushes overlapping discs apart; it reports whether any overlapped.
func separate(discs []GroupDisc, gap float64) bool {
	moved := false
	for i := range discs {
		for j := i + 1; j < len(discs); j++ {
			a, b := &discs[i], &discs[j]
			dx, dy := b.Centre.X-a.Centre.X, b.Centre.Y-a.Centre.Y
			want := a.Radius + b.Radius + gap
			if dx*dx+dy*dy >= want*want {
				continue // apart: most pairs, told without a square root
			}
			d := math.Hypot(dx, dy)
			if d >= want {
				continue
			}
			moved = true
			if d < 1e-9 {
				dx, dy, d = math.Cos(float64(i+j)), math.Sin(float64(i+j)), 1
			}
			push := (want - d) / 2
			a.Centre.X, a.Centre.Y = a.Centre.X-push*dx/d, a.Centre.Y-push*dy/d
			b.Centre.X, b.Centre.Y = b.Centre.X+push*dx/d, b.Centre.Y+push*dy/d
		}
	}
	return moved
}
