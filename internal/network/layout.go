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
	groups := make([]int, 0, len(members))
	for g := range members {
		groups = append(groups, g)
	}
	sort.Slice(groups, func(i, j int) bool {
		a, b := len(members[groups[i]]), len(members[groups[j]])
		return a > b || (a == b && groups[i] < groups[j])
	})
	index := make(map[int]int, len(groups))
	discs := make([]GroupDisc, len(groups))
	for i, g := range groups {
		index[g] = i
		discs[i] = GroupDisc{Group: g, Size: len(members[g]), Radius: discRadius(len(members[g]))}
	}
	links := map[[2]int]float64{}
	for _, t := range ties {
		if t[0] < 0 || t[1] < 0 || t[0] >= len(nodes) || t[1] >= len(nodes) {
			continue
		}
		a, b := index[nodes[t[0]].Group], index[nodes[t[1]].Group]
		if a == b {
			continue
		}
		links[[2]int{min(a, b), max(a, b)}]++
	}
	placeDiscs(discs, links)
	out := Layout{Nodes: make([]Point, len(nodes)), Groups: discs}
	for _, d := range discs {
		ids := members[d.Group]
		sort.SliceStable(ids, func(i, j int) bool { return nodes[ids[i]].Degree > nodes[ids[j]].Degree })
		for k, id := range ids {
			r, a := math.Sqrt(float64(k)+0.5), float64(k)*golden
			out.Nodes[id] = Point{d.Centre.X + r*math.Cos(a), d.Centre.Y + r*math.Sin(a)}
		}
	}
	return out
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
