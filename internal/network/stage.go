package network

import (
	"errors"
	"fmt"
	"time"
)

// Stage is a step of a network's lifecycle: Krebs and Holley's growth from
// fragments to a core with a wide periphery, continued by Wheatley and
// Frieze's communities of practice and system of influence.
type Stage string

// The stages, in order.
const (
	StageFragments     Stage = "fragments"
	StageSingleHub     Stage = "single-hub"
	StageMultiHub      Stage = "multi-hub"
	StageCorePeriphery Stage = "core-periphery"
	StagePractice      Stage = "communities-of-practice"
	StageInfluence     Stage = "system-of-influence"
)

// minCommunityMembers is the smallest community counted: smaller groups are
// not shown either, for privacy.
const minCommunityMembers = 5

// Thresholds of the stage heuristic (research note §4.2).
const (
	FragmentsBelow     = 0.5  // largest component share below this: fragments
	SingleHubAbove     = 0.5  // degree centralization above this: single hub
	CoreFitMin         = 0.5  // Borgatti–Everett fit for core/periphery
	CoreDensityMin     = 0.5  // density inside the core for core/periphery
	PracticeSnapshots  = 3    // a community of practice persists this many snapshots
	PracticeCohesion   = 0.5  // and keeps at least this share of its ties inside
	InfluenceCrossMin  = 0.15 // share of ties between communities for a system of influence
	InfluenceCommunity = 2    // communities of practice needed for a system of influence
)

// Snapshot is what the stage heuristic needs from one analysis of the
// network, typically taken monthly.
type Snapshot struct {
	At                   time.Time   `json:"at"`
	Members              int         `json:"members"`
	Ties                 int         `json:"ties"`
	LargestShare         float64     `json:"largestShare"`
	DegreeCentralization float64     `json:"degreeCentralization"`
	Hubs                 int         `json:"hubs"`
	CoreFit              float64     `json:"coreFit"`
	CoreDensity          float64     `json:"coreDensity"`
	Modularity           float64     `json:"modularity"`
	CrossCommunityShare  float64     `json:"crossCommunityShare"`
	Communities          []Community `json:"communities"`
}

// SnapshotOf extracts a Snapshot from an analysis of g taken at `at`.
// Community ids are the analysis labels; match them to the previous snapshot
// with MatchCommunities before storing.
func SnapshotOf(g *Graph, a *Analysis, at time.Time) Snapshot {
	s := Snapshot{
		At: at, Members: a.Members, Ties: a.Ties, LargestShare: a.LargestShare,
		DegreeCentralization: a.DegreeCentralization, Hubs: len(a.Hubs),
		CoreFit: a.Core.Fit, CoreDensity: a.Core.CoreDensity,
		Modularity: a.Modularity, CrossCommunityShare: a.CrossCommunityShare,
	}
	label := a.CommunityLabels()
	s.Communities = make([]Community, a.CommunityCount)
	for i, c := range label {
		s.Communities[c].ID = c
		s.Communities[c].Members = append(s.Communities[c].Members, g.ID(i))
	}
	forEachTie(g, func(v, u int) {
		if label[v] == label[u] {
			s.Communities[label[v]].Internal++
			return
		}
		s.Communities[label[v]].External++
		s.Communities[label[u]].External++
	})
	for k := range s.Communities {
		s.Communities[k].Members = sortedCopy(s.Communities[k].Members)
	}
	return s
}

// StageAssessment is the lifecycle stage with the evidence for it, in plain
// words an organizer can read.
type StageAssessment struct {
	Stage   Stage    `json:"stage"`
	Reasons []string `json:"reasons"`
	// Next says what would move the network to the following stage.
	Next string `json:"next"`
	// Practices is the number of communities of practice found: communities of
	// at least five members that kept their identity over the last
	// PracticeSnapshots snapshots and keep most of their ties inside.
	Practices int `json:"practices"`
}

// ErrNoSnapshots is returned by AssessStage without any snapshot.
var ErrNoSnapshots = errors.New("no snapshot to assess")

// AssessStage places the network, as of the last snapshot in history (oldest
// first), on the lifecycle. The heuristic checks, in order: fragments (largest
// component below half the members), single hub (degree centralization above
// 0.5), then the highest of system of influence (two or more communities of
// practice and a rising share of ties between communities, at least 15%),
// communities of practice (at least one), core/periphery (Borgatti–Everett
// fit and core density at least 0.5), and otherwise multi-hub. Communities are
// matched across snapshots by Jaccard overlap. Reciprocity and shared practice
// themes, which the research note also names, are not in the graph and are
// left to the caller. It returns ErrNoSnapshots for an empty history.
func AssessStage(history []Snapshot) (StageAssessment, error) {
	if len(history) == 0 {
		return StageAssessment{}, ErrNoSnapshots
	}
	cur := history[len(history)-1]
	var r []string
	if cur.LargestShare < FragmentsBelow {
		r = append(r, fmt.Sprintf("Only %s of members are in the largest connected group; the rest are in separate clusters.", pct(cur.LargestShare)))
		return StageAssessment{Stage: StageFragments, Reasons: r,
			Next: "Introduce members of the separate clusters to each other, or have one weaver reach out to each cluster."}, nil
	}
	r = append(r, fmt.Sprintf("%s of members are connected in one network.", pct(cur.LargestShare)))
	if cur.DegreeCentralization > SingleHubAbove {
		r = append(r, fmt.Sprintf("Ties are concentrated around few people (degree centralization %.2f, above %.2f): the network depends on one hub.", cur.DegreeCentralization, SingleHubAbove))
		return StageAssessment{Stage: StageSingleHub, Reasons: r,
			Next: "Help others become weavers: have the hub introduce members to each other rather than through themselves."}, nil
	}
	r = append(r, fmt.Sprintf("Ties are spread out (degree centralization %.2f) with %d hub(s)%s.", cur.DegreeCentralization, cur.Hubs, trendWords(history)))
	return assessMature(history, r), nil
}

func assessMature(history []Snapshot, r []string) StageAssessment {
	cur := history[len(history)-1]
	practices := countPractices(history)
	cp := cur.CoreFit >= CoreFitMin && cur.CoreDensity >= CoreDensityMin
	r = append(r, fmt.Sprintf("Core–periphery fit is %.2f and the core's density %.2f (both need %.1f).", cur.CoreFit, cur.CoreDensity, CoreFitMin))
	r = append(r, fmt.Sprintf("%d communit%s of at least %d members kept their identity over the last %d snapshots and keep most ties inside.",
		practices, plural(practices, "y", "ies"), minCommunityMembers, PracticeSnapshots))
	rising := crossRising(history)
	trend := ""
	if rising {
		trend = ", and rising"
	}
	r = append(r, fmt.Sprintf("%s of ties join different communities%s.", pct(cur.CrossCommunityShare), trend))
	a := StageAssessment{Reasons: r, Practices: practices}
	switch {
	case practices >= InfluenceCommunity && rising && cur.CrossCommunityShare >= InfluenceCrossMin:
		a.Stage, a.Next = StageInfluence, "Keep weaving between communities and make their joint work visible."
	case practices >= 1:
		a.Stage, a.Next = StagePractice, "Connect the communities of practice to each other: introductions across them, joint gatherings."
	case cp:
		a.Stage, a.Next = StageCorePeriphery, "Nourish groups with shared practice: repeat gatherings for the same people around a theme."
	default:
		a.Stage, a.Next = StageMultiHub, "Densify the core: introduce the hubs and their closest members to each other."
	}
	return a
}

// countPractices counts communities of the last snapshot that persisted over
// the last PracticeSnapshots snapshots, are large enough and cohesive.
func countPractices(history []Snapshot) int {
	if len(history) < PracticeSnapshots {
		return 0
	}
	recent := history[len(history)-PracticeSnapshots:]
	matched := recent[0].Communities
	alive := make(map[int]int) // id -> consecutive snapshots seen
	for _, c := range matched {
		alive[c.ID] = 1
	}
	for _, s := range recent[1:] {
		matched = MatchCommunities(matched, s.Communities, DefaultMinJaccard, 0)
		next := make(map[int]int)
		for _, c := range matched {
			next[c.ID] = alive[c.ID] + 1
		}
		alive = next
	}
	count := 0
	for _, c := range matched {
		ties := c.Internal + c.External
		if alive[c.ID] >= PracticeSnapshots && len(c.Members) >= minCommunityMembers &&
			ties > 0 && float64(c.Internal)/float64(ties) >= PracticeCohesion {
			count++
		}
	}
	return count
}

// crossRising reports whether the share of ties between communities rose
// over the last three snapshots without falling.
func crossRising(history []Snapshot) bool {
	if len(history) < 3 {
		return false
	}
	h := history[len(history)-3:]
	return h[1].CrossCommunityShare >= h[0].CrossCommunityShare &&
		h[2].CrossCommunityShare >= h[1].CrossCommunityShare &&
		h[2].CrossCommunityShare > h[0].CrossCommunityShare
}

func trendWords(history []Snapshot) string {
	if len(history) < 2 {
		return ""
	}
	prev, cur := history[len(history)-2], history[len(history)-1]
	switch {
	case cur.DegreeCentralization < prev.DegreeCentralization:
		return ", and centralization is falling"
	case cur.DegreeCentralization > prev.DegreeCentralization:
		return ", but centralization is rising"
	}
	return ""
}

func pct(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
