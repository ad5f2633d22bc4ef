package network

import "math"

// Constraint returns Burt's (1992) constraint of every member, as networkx
// computes it for an undirected weighted graph: with p_ij = w_ij / Σ_k w_ik,
// c_i = Σ_j (p_ij + Σ_q p_iq p_qj)², over neighbors j and common neighbors q.
// Low constraint means a broker spanning structural holes; isolates get NaN,
// as in networkx.
func Constraint(g *Graph) []float64 {
	n := g.Len()
	out := make([]float64, n)
	strength := make([]float64, n)
	for v := range n {
		strength[v] = g.Strength(v)
	}
	pv := make([]float64, n) // p_vq for neighbors q of the current v, else 0
	for v := range n {
		nb, wt := g.Neighbors(v)
		if len(nb) == 0 {
			out[v] = math.NaN()
			continue
		}
		for k, q := range nb {
			pv[q] = wt[k] / strength[v]
		}
		c := 0.0
		for k, j := range nb {
			local := wt[k] / strength[v]
			jn, jw := g.Neighbors(int(j))
			for t, q := range jn {
				if pv[q] != 0 {
					// p_vq · p_qj, where p_qj = w_qj / strength[q].
					local += pv[q] * jw[t] / strength[q]
				}
			}
			c += local * local
		}
		out[v] = c
		for _, q := range nb {
			pv[q] = 0
		}
	}
	return out
}

// EffectiveSize returns Burt's effective size of every member's ego network
// in its unweighted form (Borgatti 1997): degree − 2·ties among neighbors /
// degree. Isolates get 0.
func EffectiveSize(g *Graph) []float64 {
	n := g.Len()
	out := make([]float64, n)
	mark := make([]bool, n)
	for v := range n {
		nb, _ := g.Neighbors(v)
		if len(nb) == 0 {
			continue
		}
		for _, q := range nb {
			mark[q] = true
		}
		t := 0
		for _, j := range nb {
			jn, _ := g.Neighbors(int(j))
			for _, q := range jn {
				if mark[q] {
					t++
				}
			}
		}
		// t counts each tie among neighbors twice.
		d := float64(len(nb))
		out[v] = d - float64(t)/d
		for _, q := range nb {
			mark[q] = false
		}
	}
	return out
}
