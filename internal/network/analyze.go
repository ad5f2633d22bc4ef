package network

import (
	"errors"
	"math"
	"slices"
	"sync"
)

// Defaults for Options.
const (
	// DefaultExactLimit is the largest network (in members) whose betweenness
	// and closeness are computed exactly. Exact Brandes costs members × ties
	// steps: about a second for 10,000 members with 100,000 ties on one core.
	DefaultExactLimit = 10000
	// DefaultPivots is the number of sampled sources above DefaultExactLimit,
	// up to LargeNetwork members: about a second for 300,000 ties on two
	// cores. See the package doc for the measured accuracy.
	DefaultPivots = 500
	// LargeNetwork is the size (in members) above which betweenness is
	// sampled from DefaultLargePivots sources.
	LargeNetwork = 100000
	// DefaultLargePivots is the number of sampled sources above
	// LargeNetwork members: each source is a search of the whole network,
	// and 500 of them over 3 million ties were 85 s of CPU, most of a
	// monthly snapshot's time. The error of a sampled estimate depends on
	// the number of sources, not on the network's size; see the package doc
	// for what 200 give.
	DefaultLargePivots = 200
)

// DefaultPivotsFor is the number of sampled sources Analyze uses for a
// network of the given size: DefaultPivots, or DefaultLargePivots above
// LargeNetwork members.
func DefaultPivotsFor(members int) int {
	if members > LargeNetwork {
		return DefaultLargePivots
	}
	return DefaultPivots
}

// ErrEmptyGraph is returned by Analyze for a network without members.
var ErrEmptyGraph = errors.New("the network has no members")

// Options tune Analyze. The zero value uses the defaults.
type Options struct {
	Seed       uint64  // seeds communities and betweenness sampling
	Resolution float64 // community resolution; <= 0 means 1
	// Attributes are the member attributes whose E–I index is reported;
	// nil means organization, city and role.
	Attributes []string
	// MatrixAttribute is the attribute of the tie matrix; "" means organization.
	MatrixAttribute string
	ExactLimit      int // <= 0 means DefaultExactLimit
	Pivots          int // <= 0 means DefaultPivotsFor(members)
	// Restarts is the number of Leiden runs whose best partition is kept;
	// <= 0 means DefaultRestarts.
	Restarts int
}

func (o Options) withDefaults() Options {
	if o.Resolution <= 0 {
		o.Resolution = 1
	}
	if o.Attributes == nil {
		o.Attributes = []string{"organization", "city", "role"}
	}
	if o.MatrixAttribute == "" {
		o.MatrixAttribute = "organization"
	}
	if o.ExactLimit <= 0 {
		o.ExactLimit = DefaultExactLimit
	}
	return o
}

// NodeMetrics are one member's measures.
type NodeMetrics struct {
	ID          string   `json:"id"`
	Degree      int      `json:"degree"`
	Strength    float64  `json:"strength"`
	Betweenness float64  `json:"betweenness"`
	Closeness   *float64 `json:"closeness,omitempty"`  // absent when betweenness was sampled
	Constraint  *float64 `json:"constraint,omitempty"` // absent for members without ties
	Effective   float64  `json:"effectiveSize"`
	CoreNumber  int      `json:"coreNumber"`
	Coreness    float64  `json:"coreness"`
	InCore      bool     `json:"inCore"`
	Community   int      `json:"community"`
	Reach2      int      `json:"reach2"` // members within two steps
}

// CoreSummary is the network-level part of CorePeriphery.
type CoreSummary struct {
	CoreK       int     `json:"coreK"`
	CoreSize    int     `json:"coreSize"`
	Fit         float64 `json:"fit"`
	CoreDensity float64 `json:"coreDensity"`
	CorenessFit float64 `json:"corenessFit"`
}

// Broker is a member whose loss would split the network.
type Broker struct {
	ID        string `json:"id"`
	BreaksOff int    `json:"breaksOff"`
	Pieces    []int  `json:"pieces"`
}

// BridgeTie is a tie whose loss would split the network.
type BridgeTie struct {
	A         string `json:"a"`
	B         string `json:"b"`
	BreaksOff int    `json:"breaksOff"`
}

// Analysis is every measure of one network, ready to encode as JSON.
type Analysis struct {
	Members                   int      `json:"members"`
	Ties                      int      `json:"ties"`
	Isolates                  int      `json:"isolates"`
	Components                int      `json:"components"`
	LargestComponent          int      `json:"largestComponent"`
	LargestShare              float64  `json:"largestShare"`
	Density                   float64  `json:"density"`
	AverageDegree             float64  `json:"averageDegree"`
	DegreeCentralization      float64  `json:"degreeCentralization"`
	BetweennessCentralization float64  `json:"betweennessCentralization"`
	BetweennessSampled        bool     `json:"betweennessSampled"`
	Pivots                    int      `json:"pivots,omitempty"`
	AvgPathLength             float64  `json:"avgPathLength,omitempty"`
	TwoStepReachShare         float64  `json:"twoStepReachShare"`
	Hubs                      []string `json:"hubs"`

	Resolution          float64 `json:"resolution"`
	Seed                uint64  `json:"seed"`
	Modularity          float64 `json:"modularity"`
	CommunityCount      int     `json:"communityCount"`
	CrossCommunityShare float64 `json:"crossCommunityShare"`

	Core      CoreSummary   `json:"corePeriphery"`
	Bridging  []Bridging    `json:"bridging"`
	Matrix    GroupMatrix   `json:"matrix"`
	CutPoints []Broker      `json:"cutPoints"`
	Bridges   []BridgeTie   `json:"bridges"`
	Nodes     []NodeMetrics `json:"nodes"`
}

// Analyze computes every measure of g. It returns ErrEmptyGraph when g has no
// members; a network with members but no ties is analysed (everything is an
// isolate).
func Analyze(g *Graph, opt Options) (*Analysis, error) {
	if g.Len() == 0 {
		return nil, ErrEmptyGraph
	}
	opt = opt.withDefaults()
	if opt.Pivots <= 0 {
		opt.Pivots = DefaultPivotsFor(g.Len())
	}
	a := &Analysis{Members: g.Len(), Ties: g.Ties(), Resolution: opt.Resolution, Seed: opt.Seed}
	a.Nodes = make([]NodeMetrics, g.Len())
	for i := range a.Nodes {
		a.Nodes[i] = NodeMetrics{ID: g.ID(i), Degree: g.Degree(i), Strength: g.Strength(i)}
		if g.Degree(i) == 0 {
			a.Isolates++
		}
	}
	restarts := opt.Restarts
	if restarts <= 0 {
		restarts = DefaultRestarts(g.Len())
	}
	// Betweenness (itself on every core) and communities (on one) are the
	// costliest parts; they run beside the others. Each part is a pure
	// function of g whose result is stored after all have finished, so the
	// analysis is the same as one computed part after part.
	var (
		wg    sync.WaitGroup
		ps    PathStats
		label []int
	)
	wg.Go(func() { ps = ShortestPaths(g, opt.ExactLimit, opt.Pivots, opt.Seed) })
	wg.Go(func() { label = BestCommunities(g, opt.Resolution, opt.Seed, restarts) })
	a.structure(g)
	cp := FindCorePeriphery(g)
	cons, eff := Constraint(g), EffectiveSize(g)
	a.brokers(g)
	for _, attr := range opt.Attributes {
		if b := EIIndex(g, attr); len(b.Groups) > 0 {
			a.Bridging = append(a.Bridging, b)
		}
	}
	a.Matrix = TieMatrix(g, opt.MatrixAttribute)
	wg.Wait()
	a.paths(ps, cons, eff)
	a.communities(g, label)
	a.core(cp)
	return a, nil
}

func (a *Analysis) structure(g *Graph) {
	_, sizes := Components(g)
	a.Components, a.LargestComponent = len(sizes), sizes[0]
	a.LargestShare = float64(sizes[0]) / float64(g.Len())
	a.Density = Density(g)
	a.AverageDegree = 2 * float64(g.Ties()) / float64(g.Len())
	a.DegreeCentralization = DegreeCentralization(g)
	a.Hubs = []string{}
	for _, h := range Hubs(g) {
		a.Hubs = append(a.Hubs, g.ID(h))
	}
	reach := TwoStepReach(g)
	total := 0.0
	for i, r := range reach {
		a.Nodes[i].Reach2 = r
		total += float64(r)
	}
	if g.Len() > 1 {
		a.TwoStepReachShare = total / float64(g.Len()) / float64(g.Len()-1)
	}
}

func (a *Analysis) paths(ps PathStats, cons, eff []float64) {
	a.BetweennessSampled, a.Pivots, a.AvgPathLength = ps.Sampled, ps.Pivots, ps.AvgPathLength
	a.BetweennessCentralization = BetweennessCentralization(ps.Betweenness)
	for i := range a.Nodes {
		a.Nodes[i].Betweenness = ps.Betweenness[i]
		if ps.Closeness != nil {
			c := ps.Closeness[i]
			a.Nodes[i].Closeness = &c
		}
	}
	for i := range a.Nodes {
		a.Nodes[i].Effective = eff[i]
		if c := cons[i]; !math.IsNaN(c) {
			a.Nodes[i].Constraint = &c
		}
	}
}

func (a *Analysis) communities(g *Graph, label []int) {
	a.Modularity = Modularity(g, label, a.Resolution)
	cross := 0
	forEachTie(g, func(v, u int) {
		if label[v] != label[u] {
			cross++
		}
	})
	if g.Ties() > 0 {
		a.CrossCommunityShare = float64(cross) / float64(g.Ties())
	}
	for i, c := range label {
		a.Nodes[i].Community = c
		a.CommunityCount = max(a.CommunityCount, c+1)
	}
}

func (a *Analysis) core(cp CorePeriphery) {
	a.Core = CoreSummary{CoreK: cp.CoreK, CoreSize: cp.CoreSize, Fit: cp.Fit, CoreDensity: cp.CoreDensity, CorenessFit: cp.CorenessFit}
	for i := range a.Nodes {
		a.Nodes[i].CoreNumber, a.Nodes[i].Coreness, a.Nodes[i].InCore = cp.CoreNumber[i], cp.Coreness[i], cp.InCore[i]
	}
}

func (a *Analysis) brokers(g *Graph) {
	cuts, bridges := Fragility(g)
	a.CutPoints, a.Bridges = []Broker{}, []BridgeTie{}
	for _, c := range cuts {
		a.CutPoints = append(a.CutPoints, Broker{ID: g.ID(c.Node), BreaksOff: c.BreaksOff, Pieces: c.Pieces})
	}
	for _, b := range bridges {
		a.Bridges = append(a.Bridges, BridgeTie{A: g.ID(b.A), B: g.ID(b.B), BreaksOff: b.BreaksOff})
	}
}

// CommunityLabels returns the community of every member, indexed like the Graph.
func (a *Analysis) CommunityLabels() []int {
	out := make([]int, len(a.Nodes))
	for i, n := range a.Nodes {
		out[i] = n.Community
	}
	return out
}

// TopBrokers returns up to k members by betweenness, highest first (ties by
// lower constraint, then by id).
func (a *Analysis) TopBrokers(k int) []NodeMetrics {
	nodes := slices.Clone(a.Nodes)
	slices.SortStableFunc(nodes, func(x, y NodeMetrics) int {
		switch {
		case x.Betweenness != y.Betweenness:
			if x.Betweenness > y.Betweenness {
				return -1
			}
			return 1
		case x.Constraint != nil && y.Constraint != nil && *x.Constraint != *y.Constraint:
			if *x.Constraint < *y.Constraint {
				return -1
			}
			return 1
		}
		return 0
	})
	return nodes[:min(k, len(nodes))]
}
