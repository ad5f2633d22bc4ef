package network

import "math"

// CorePeriphery describes the network's core and periphery.
//
// The core is a k-core: members with core number at least CoreK. CoreK is
// chosen among all core numbers to maximise Borgatti and Everett's (1999)
// discrete core–periphery fit with the core–periphery block left free: the
// correlation, over core–core and periphery–periphery pairs, between "tied"
// and "both in the core". A perfect fit (1) is a complete core with no ties
// among peripheral members. Coreness is Borgatti–Everett's continuous model:
// the vector c maximising the fit of c_i·c_j to the ties (off-diagonal least
// squares, power-iteration style), scaled so the highest member has 1.
type CorePeriphery struct {
	CoreNumber  []int     // k-core number per member
	CoreK       int       // members with CoreNumber >= CoreK form the core
	InCore      []bool    // per member
	CoreSize    int       // members in the core
	Fit         float64   // discrete Borgatti–Everett fit of the chosen core, in [-1, 1]
	CoreDensity float64   // density of ties inside the core
	Coreness    []float64 // continuous coreness per member, in [0, 1]
	CorenessFit float64   // correlation of ties with c_i·c_j over all pairs
}

// FindCorePeriphery computes core numbers, the best k-core partition and the
// continuous coreness. It never fails; an empty graph gives zero values.
func FindCorePeriphery(g *Graph) CorePeriphery {
	cn := CoreNumbers(g)
	cp := CorePeriphery{CoreNumber: cn, InCore: make([]bool, g.Len())}
	if g.Len() == 0 {
		return cp
	}
	cp.CoreK, cp.Fit = bestCoreK(g, cn)
	ties := 0
	for i, k := range cn {
		if k >= cp.CoreK {
			cp.InCore[i] = true
			cp.CoreSize++
		}
	}
	for v := range g.Len() {
		for _, u := range g.nbr[g.off[v]:g.off[v+1]] {
			if int(u) > v && cp.InCore[v] && cp.InCore[u] {
				ties++
			}
		}
	}
	if cp.CoreSize > 1 {
		cp.CoreDensity = float64(ties) / (float64(cp.CoreSize) * float64(cp.CoreSize-1) / 2)
	}
	cp.Coreness, cp.CorenessFit = continuousCoreness(g, 100)
	return cp
}

// bestCoreK tries every core number as the threshold and returns the one with
// the highest discrete fit (the smallest core on ties).
func bestCoreK(g *Graph, cn []int) (int, float64) {
	kmax := 0
	for _, k := range cn {
		kmax = max(kmax, k)
	}
	// atLeast[k]: members with core number >= k. tiesMin[k] / tiesMax[k]:
	// ties whose lower / higher core number is exactly k.
	atLeast := make([]float64, kmax+2)
	tiesMin := make([]float64, kmax+2)
	tiesMax := make([]float64, kmax+2)
	for _, k := range cn {
		atLeast[k]++
	}
	for v := range g.Len() {
		for _, u := range g.nbr[g.off[v]:g.off[v+1]] {
			if int(u) > v {
				tiesMin[min(cn[v], cn[u])]++
				tiesMax[max(cn[v], cn[u])]++
			}
		}
	}
	for k := kmax - 1; k >= 0; k-- {
		atLeast[k] += atLeast[k+1]
	}
	// periTies[k]: ties with both core numbers below k.
	periTies := make([]float64, kmax+2)
	for k := 1; k <= kmax+1; k++ {
		periTies[k] = periTies[k-1] + tiesMax[k-1]
	}
	n := float64(g.Len())
	bestK, bestFit := kmax, math.Inf(-1)
	coreTies := 0.0
	for k := kmax; k >= 1; k-- {
		coreTies += tiesMin[k]
		fit := discreteFit(atLeast[k], n-atLeast[k], coreTies, periTies[k])
		if fit > bestFit+1e-12 {
			bestK, bestFit = k, fit
		}
	}
	if math.IsInf(bestFit, -1) {
		bestFit = 0
	}
	return bestK, bestFit
}

// discreteFit is the phi correlation between "tied" and "both core" over
// core–core and periphery–periphery pairs.
func discreteFit(nc, np, coreTies, periTies float64) float64 {
	pCC, pPP := nc*(nc-1)/2, np*(np-1)/2
	n11, n10 := coreTies, pCC-coreTies
	n01, n00 := periTies, pPP-periTies
	den := (n11 + n10) * (n01 + n00) * (n11 + n01) * (n10 + n00)
	if den <= 0 {
		return 0
	}
	return (n11*n00 - n10*n01) / math.Sqrt(den)
}

// continuousCoreness fits c_i·c_j to the adjacency off the diagonal with the
// alternating least-squares update c_i = Σ_j a_ij c_j / Σ_{j≠i} c_j², and
// returns c scaled to max 1 and its correlation with the ties over all pairs.
func continuousCoreness(g *Graph, iterations int) ([]float64, float64) {
	n := g.Len()
	c := make([]float64, n)
	for i := range c {
		c[i] = math.Sqrt(float64(g.Degree(i)) + 1)
	}
	next := make([]float64, n)
	for range iterations {
		sq := 0.0
		for _, x := range c {
			sq += x * x
		}
		change := 0.0
		for i := range n {
			s := 0.0
			for _, j := range g.nbr[g.off[i]:g.off[i+1]] {
				s += c[j]
			}
			if d := sq - c[i]*c[i]; d > 0 {
				next[i] = s / d
			} else {
				next[i] = 0
			}
			change = math.Max(change, math.Abs(next[i]-c[i]))
		}
		c, next = next, c
		if change < 1e-10 {
			break
		}
	}
	fit := corenessFit(g, c)
	top := 0.0
	for _, x := range c {
		top = math.Max(top, x)
	}
	if top > 0 {
		for i := range c {
			c[i] /= top
		}
	}
	return c, fit
}

// corenessFit is the Pearson correlation between a_ij and c_i·c_j over all
// unordered pairs, computed in O(ties) from sums.
func corenessFit(g *Graph, c []float64) float64 {
	n := float64(g.Len())
	pairs := n * (n - 1) / 2
	if pairs < 2 {
		return 0
	}
	s1, s2, s4 := 0.0, 0.0, 0.0
	for _, x := range c {
		s1 += x
		s2 += x * x
		s4 += x * x * x * x
	}
	sumY := (s1*s1 - s2) / 2
	sumY2 := (s2*s2 - s4) / 2
	sumX := float64(g.Ties())
	sumXY := 0.0
	for v := range g.Len() {
		for _, u := range g.nbr[g.off[v]:g.off[v+1]] {
			if int(u) > v {
				sumXY += c[v] * c[u]
			}
		}
	}
	cov := sumXY/pairs - (sumX/pairs)*(sumY/pairs)
	vx := sumX/pairs - (sumX/pairs)*(sumX/pairs)
	vy := sumY2/pairs - (sumY/pairs)*(sumY/pairs)
	if vx <= 0 || vy <= 0 {
		return 0
	}
	return cov / math.Sqrt(vx*vy)
}
