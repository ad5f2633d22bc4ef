package network

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Profile is what a member asks for, offers and cares about, as free tags.
// Tags match case-insensitively after trimming spaces.
type Profile struct {
	Asks      []string
	Offers    []string
	Interests []string
}

// Introduction is a suggested introduction between two members.
type Introduction struct {
	A, B    string
	Score   float64
	Via     []string // members who know both (up to three)
	Reasons []string
}

// profileIndex holds normalised tag sets per member index, and the same
// tags as sorted ids for counting what two members have in common without
// hashing (SuggestIntroductions asks it of every pair two steps apart).
type profileIndex struct {
	asks, offers, interests       []map[string]bool
	askIDs, offerIDs, interestIDs [][]int32
	present                       []bool // the member has a tag of any kind
}

func indexProfiles(g *Graph, profiles map[string]Profile) profileIndex {
	n := g.Len()
	pi := profileIndex{asks: make([]map[string]bool, n), offers: make([]map[string]bool, n), interests: make([]map[string]bool, n),
		askIDs: make([][]int32, n), offerIDs: make([][]int32, n), interestIDs: make([][]int32, n), present: make([]bool, n)}
	tagID := map[string]int32{}
	ids := func(set map[string]bool) []int32 {
		out := make([]int32, 0, len(set))
		for t := range set {
			id, ok := tagID[t]
			if !ok {
				id = int32(len(tagID))
				tagID[t] = id
			}
			out = append(out, id)
		}
		slices.Sort(out)
		return out
	}
	for id, p := range profiles {
		i, ok := g.Index(id)
		if !ok {
			continue
		}
		pi.asks[i], pi.offers[i], pi.interests[i] = tagSet(p.Asks), tagSet(p.Offers), tagSet(p.Interests)
		pi.askIDs[i], pi.offerIDs[i], pi.interestIDs[i] = ids(pi.asks[i]), ids(pi.offers[i]), ids(pi.interests[i])
		pi.present[i] = len(pi.asks[i])+len(pi.offers[i])+len(pi.interests[i]) > 0
	}
	return pi
}

func tagSet(tags []string) map[string]bool {
	if len(tags) == 0 {
		return nil
	}
	s := make(map[string]bool, len(tags))
	for _, t := range tags {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			s[t] = true
		}
	}
	return s
}

func (pi profileIndex) has(i int) bool { return pi.present[i] }

// match scores what members a and b have for each other: 2 per ask one has
// that the other offers, 1 per shared interest; reasons name the tags.
func (pi profileIndex) match(g *Graph, a, b int) (float64, []string) {
	var reasons []string
	score := 0.0
	for _, dir := range [2][2]int{{a, b}, {b, a}} {
		if tags := common(pi.asks[dir[0]], pi.offers[dir[1]]); len(tags) > 0 {
			score += 2 * float64(len(tags))
			reasons = append(reasons, fmt.Sprintf("%s asks for %s, which %s offers", g.ID(dir[0]), strings.Join(tags, ", "), g.ID(dir[1])))
		}
	}
	if tags := common(pi.interests[a], pi.interests[b]); len(tags) > 0 {
		score += float64(len(tags))
		reasons = append(reasons, "both work on "+strings.Join(tags, ", "))
	}
	return score, reasons
}

// score is match's score without the reasons: what it costs to rule a
// pair out.
func (pi profileIndex) score(a, b int) float64 {
	return 2*float64(countCommon(pi.askIDs[a], pi.offerIDs[b])+countCommon(pi.askIDs[b], pi.offerIDs[a])) +
		float64(countCommon(pi.interestIDs[a], pi.interestIDs[b]))
}

// bound is the highest score an introduction of member v could reach with
// anyone, common contacts included: every ask met, every offer taken, every
// interest shared, five members knowing both.
func (pi profileIndex) bound(v int) float64 {
	return 2*float64(len(pi.askIDs[v])+len(pi.offerIDs[v])) + float64(len(pi.interestIDs[v])) + 0.5
}

// pairBound is the highest score an introduction of v and w could reach
// from the sizes of their tag lists alone.
func (pi profileIndex) pairBound(v, w int) float64 {
	return 2*float64(min(len(pi.askIDs[v]), len(pi.offerIDs[w]))+min(len(pi.askIDs[w]), len(pi.offerIDs[v]))) +
		float64(min(len(pi.interestIDs[v]), len(pi.interestIDs[w]))) + 0.5
}

// countCommon counts the ids two sorted lists share (eachCommon without
// the call per id: it runs for every candidate pair).
func countCommon(x, y []int32) int {
	n, i, j := 0, 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] < y[j]:
			i++
		case x[i] > y[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// commonNeighbors returns the members tied to both v and w.
func commonNeighbors(g *Graph, v, w int) []int {
	x, _ := g.Neighbors(v)
	y, _ := g.Neighbors(w)
	var out []int
	eachCommon(x, y, func(u int32) { out = append(out, int(u)) })
	return out
}

// eachCommon calls f with each value two ascending lists share, in order.
func eachCommon(x, y []int32, f func(int32)) {
	for len(x) > 0 && len(y) > 0 {
		switch {
		case x[0] < y[0]:
			x = x[1:]
		case x[0] > y[0]:
			y = y[1:]
		default:
			f(x[0])
			x, y = x[1:], y[1:]
		}
	}
}

// groupIDs numbers the values of attr: members with the same value share
// an id, members without one get -1.
func groupIDs(g *Graph, attr string) []int32 {
	ids, seen := make([]int32, g.Len()), map[string]int32{}
	for i := range ids {
		a := g.Attr(i, attr)
		if a == "" {
			ids[i] = -1
			continue
		}
		id, ok := seen[a]
		if !ok {
			id = int32(len(seen))
			seen[a] = id
		}
		ids[i] = id
	}
	return ids
}

func common(x, y map[string]bool) []string {
	var out []string
	for t := range x {
		if y[t] {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// differentGroups reports whether a and b are known to be in different
// groups of attr; an empty attr means "any pair".
func differentGroups(g *Graph, attr string, a, b int) bool {
	if attr == "" {
		return true
	}
	ga, gb := g.Attr(a, attr), g.Attr(b, attr)
	return ga != "" && gb != "" && ga != gb
}

// SuggestIntroductions proposes introductions that close triangles across
// organizations (Krebs and Holley's core weaving move): two members not yet
// tied, two steps apart, in different groups of orgAttr (usually
// "organization"; "" allows any pair), whose profiles match — an ask of one is
// an offer of the other, or they share an interest. The score is the profile
// match plus a little for each member who knows both (up to five). It returns
// at most limit suggestions, best first (ties by ids); never an error. The
// work is split over up to GOMAXPROCS goroutines; the result does not depend
// on how many.
func SuggestIntroductions(g *Graph, profiles map[string]Profile, orgAttr string, limit int) []Introduction {
	if limit <= 0 {
		return nil
	}
	s := introScan{g: g, pi: indexProfiles(g, profiles), limit: limit}
	if orgAttr != "" {
		s.groups = groupIDs(g, orgAttr)
	}
	// Members are visited by decreasing bound, so the worst kept soon scores
	// above what most members could reach and the rest are never visited.
	// Each chunk keeps its own best limit; the best limit of all are among
	// them, and the order of introductions is total, so the result is the
	// same in any visiting order and on any number of cores.
	for v := range g.Len() {
		if s.pi.has(v) {
			s.order = append(s.order, int32(v))
		}
	}
	slices.SortStableFunc(s.order, func(a, b int32) int { return cmp.Compare(s.pi.bound(int(b)), s.pi.bound(int(a))) })
	parts := make([][]Introduction, chunks)
	eachChunk(func() func(c int) {
		return func(c int) { parts[c] = s.scan(c, chunks) }
	})
	out := slices.Concat(parts...)
	slices.SortFunc(out, compareIntroductions)
	return out[:min(limit, len(out))]
}

// introScan finds the best introductions among the pairs two steps apart.
type introScan struct {
	g      *Graph
	pi     profileIndex
	groups []int32 // nil: any pair
	limit  int
	order  []int32 // members with a profile, by decreasing bound
}

// scan judges the pairs (v, w), v < w, for v = order[first],
// order[first+step], …, once each, with arrays indexed by member rather
// than maps. Only the best limit are kept as they are found, only those get
// their reasons and common contacts written, and it stops at the first
// member whose tags could not score above the worst kept. (A national
// network has tens of millions of candidate pairs.)
func (s introScan) scan(first, step int) []Introduction {
	g, pi, limit := s.g, s.pi, s.limit
	var out []Introduction
	n := g.Len()
	stamp, tied, ok, mutual := make([]int32, n), make([]int32, n), make([]bool, n), make([]int32, n)
	for i := range stamp {
		stamp[i], tied[i] = -1, -1
	}
	var cands []int
	for k := first; k < len(s.order); k += step {
		v := int(s.order[k])
		if len(out) == limit && pi.bound(v) < out[limit-1].Score {
			break
		}
		cands = cands[:0]
		nb, _ := g.Neighbors(v)
		for _, u := range nb {
			tied[u] = int32(v)
		}
		for _, u := range nb {
			un, _ := g.Neighbors(int(u))
			for _, w32 := range un {
				w := int(w32)
				if w <= v {
					continue
				}
				if stamp[w] != int32(v) {
					stamp[w], mutual[w] = int32(v), 0
					ok[w] = pi.has(w) && tied[w] != int32(v) && (s.groups == nil || s.groups[v] >= 0 && s.groups[w] >= 0 && s.groups[v] != s.groups[w])
					if ok[w] {
						cands = append(cands, w)
					}
				}
				if ok[w] {
					mutual[w]++
				}
			}
		}
		for _, w := range cands {
			if len(out) == limit && pi.pairBound(v, w) < out[limit-1].Score {
				continue
			}
			score := pi.score(v, w)
			if score <= 0 {
				continue
			}
			total := score + 0.1*float64(min(mutual[w], 5))
			if len(out) == limit && (total < out[limit-1].Score ||
				total == out[limit-1].Score && compareIntroductions(Introduction{A: g.ID(v), B: g.ID(w), Score: total}, out[limit-1]) >= 0) {
				continue
			}
			_, reasons := pi.match(g, v, w)
			in := introduction(g, v, w, score, commonNeighbors(g, v, w), reasons)
			at, _ := slices.BinarySearchFunc(out, in, compareIntroductions)
			out = slices.Insert(out, at, in)
			if len(out) > limit {
				out = out[:limit]
			}
		}
	}
	return out
}

// compareIntroductions orders introductions best first: higher score, then
// by ids.
func compareIntroductions(a, b Introduction) int {
	if c := cmp.Compare(b.Score, a.Score); c != 0 {
		return c
	}
	return cmp.Or(strings.Compare(a.A, b.A), strings.Compare(a.B, b.B))
}

func introduction(g *Graph, v, w int, score float64, mids []int, reasons []string) Introduction {
	in := Introduction{A: g.ID(v), B: g.ID(w), Score: score + 0.1*float64(min(len(mids), 5)), Reasons: reasons}
	names := make([]string, len(mids))
	for k, m := range mids {
		names[k] = g.ID(m)
	}
	slices.Sort(names)
	in.Via = names[:min(3, len(names))]
	know := "members know"
	if len(mids) == 1 {
		know = "member knows"
	}
	in.Reasons = append(in.Reasons, fmt.Sprintf("%d %s both, e.g. %s", len(mids), know, strings.Join(in.Via, ", ")))
	return in
}

// CoreLink suggests connecting a peripheral member to a member of the core.
type CoreLink struct {
	Member, Core string
	Score        float64
	Reasons      []string
}

// SuggestCoreLinks proposes, for peripheral members (outside cp's core, fewest
// ties first), one core member to meet: not yet tied, preferring a profile
// match, then someone two steps away, then another organization. Isolates are
// included: they need it most. It returns at most limit suggestions; never an
// error. cp must come from FindCorePeriphery on the same graph.
func SuggestCoreLinks(g *Graph, cp CorePeriphery, profiles map[string]Profile, orgAttr string, limit int) []CoreLink {
	pi := indexProfiles(g, profiles)
	byTag := coreTagIndex(g, cp, pi)
	var periphery []int
	for v := range g.Len() {
		if !cp.InCore[v] {
			periphery = append(periphery, v)
		}
	}
	slices.SortStableFunc(periphery, func(a, b int) int { return g.Degree(a) - g.Degree(b) })
	var out []CoreLink
	for _, v := range periphery {
		if len(out) >= limit {
			break
		}
		if link, ok := bestCoreLink(g, cp, pi, byTag, orgAttr, v); ok {
			out = append(out, link)
		}
	}
	return out
}

// coreTagIndex maps each offer and interest tag to the core members with it.
func coreTagIndex(g *Graph, cp CorePeriphery, pi profileIndex) map[string][]int {
	idx := make(map[string][]int)
	for v := range g.Len() {
		if !cp.InCore[v] {
			continue
		}
		for _, set := range []map[string]bool{pi.offers[v], pi.interests[v]} {
			for t := range set {
				idx[t] = append(idx[t], v)
			}
		}
	}
	return idx
}

func bestCoreLink(g *Graph, cp CorePeriphery, pi profileIndex, byTag map[string][]int, orgAttr string, v int) (CoreLink, bool) {
	cand := make(map[int]bool) // core members matching a tag or two steps away
	for _, set := range []map[string]bool{pi.asks[v], pi.interests[v]} {
		for t := range set {
			for _, c := range byTag[t] {
				cand[c] = true
			}
		}
	}
	nb, _ := g.Neighbors(v)
	for _, u := range nb {
		un, _ := g.Neighbors(int(u))
		for _, c := range un {
			if cp.InCore[c] {
				cand[int(c)] = true
			}
		}
	}
	best, bestScore, bestReasons := -1, 0.0, []string(nil)
	for c := range cand {
		if c == v || g.HasTie(v, c) {
			continue
		}
		score, reasons := pi.match(g, v, c)
		if commonNeighbor(g, v, c) {
			score += 0.5
			reasons = append(reasons, "they have a contact in common")
		}
		if differentGroups(g, orgAttr, v, c) {
			score += 0.25
		}
		if score > bestScore || (score == bestScore && best >= 0 && g.ID(c) < g.ID(best)) {
			best, bestScore, bestReasons = c, score, reasons
		}
	}
	if best < 0 {
		return CoreLink{}, false
	}
	return CoreLink{Member: g.ID(v), Core: g.ID(best), Score: bestScore, Reasons: bestReasons}, true
}

func commonNeighbor(g *Graph, a, b int) bool {
	x, _ := g.Neighbors(a)
	y, _ := g.Neighbors(b)
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch {
		case x[i] == y[j]:
			return true
		case x[i] < y[j]:
			i++
		default:
			j++
		}
	}
	return false
}

// FragileBroker is a member whose absence would split the network, with what
// would break off.
type FragileBroker struct {
	ID        string
	BreaksOff int   // members cut off from the largest remaining part
	Pieces    []int // sizes of the parts, largest first
}

// FragileBrokers returns up to limit articulation points whose loss would cut
// off the most members, largest loss first, so organizers can add redundant
// ties around them. Never an error.
func FragileBrokers(g *Graph, limit int) []FragileBroker {
	cuts, _ := Fragility(g)
	out := make([]FragileBroker, 0, min(limit, len(cuts)))
	for _, c := range cuts[:min(limit, len(cuts))] {
		out = append(out, FragileBroker{ID: g.ID(c.Node), BreaksOff: c.BreaksOff, Pieces: c.Pieces})
	}
	return out
}

// Weaving gathers the three kinds of weaving suggestions for one network.
type Weaving struct {
	Introductions []Introduction
	CoreLinks     []CoreLink
	Fragile       []FragileBroker
}

// SuggestWeaving computes introductions across organizations, links from the
// periphery to the core and fragile brokers, up to limit of each. orgAttr is
// the attribute naming a member's organization ("" allows any pair). Never an
// error; members without a profile only appear among fragile brokers and as
// peripheral members two steps from the core.
func SuggestWeaving(g *Graph, profiles map[string]Profile, orgAttr string, limit int) Weaving {
	return Weaving{
		Introductions: SuggestIntroductions(g, profiles, orgAttr, limit),
		CoreLinks:     SuggestCoreLinks(g, FindCorePeriphery(g), profiles, orgAttr, limit),
		Fragile:       FragileBrokers(g, limit),
	}
}
