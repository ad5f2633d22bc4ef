package network

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// LedgerShape describes a synthetic relationship ledger for demos and
// benchmarks.
type LedgerShape struct {
	Members       int
	Ties          int
	Organizations int
	Cities        int
	// WithinOrg is the share of ties drawn inside a member's organization.
	WithinOrg float64
	Seed      uint64
}

// Generate builds a reproducible synthetic ledger shaped like a network of
// organizations: organization sizes follow a Zipf-like law, each member has a
// Pareto-distributed activity (so degrees are heavy-tailed: a few weavers know
// many people), and a tie joins two members chosen by activity, inside the
// same organization with probability WithinOrg. Members get organization,
// city (their organization's, mostly) and role attributes. It returns an error
// when the shape is impossible (fewer than two members, more ties than pairs).
func Generate(s LedgerShape) (*Graph, error) {
	maxTies := s.Members * (s.Members - 1) / 2
	if s.Members < 2 || s.Ties < 0 || s.Ties > maxTies/2 || s.Organizations < 1 || s.Cities < 1 {
		return nil, fmt.Errorf("generate ledger: impossible shape %+v", s)
	}
	r := rand.New(rand.NewPCG(s.Seed, 0x6c6564676572))
	org := assignOrganizations(r, s.Members, s.Organizations)
	activity := make([]float64, s.Members)
	for i := range activity {
		activity[i] = math.Pow(1-r.Float64(), -1/1.5) // Pareto, alpha 1.5
	}
	b := NewBuilder()
	roles := []string{"director", "organizer", "staff", "volunteer"}
	orgCity := make([]int, s.Organizations)
	for k := range orgCity {
		orgCity[k] = r.IntN(s.Cities)
	}
	for i := range s.Members {
		city := orgCity[org[i]]
		if r.Float64() < 0.1 {
			city = r.IntN(s.Cities)
		}
		b.AddNode(fmt.Sprintf("m%d", i), map[string]string{
			"organization": fmt.Sprintf("org%d", org[i]),
			"city":         fmt.Sprintf("city%d", city),
			"role":         roles[r.IntN(len(roles))],
		})
	}
	addTies(r, b, s, org, activity)
	return b.Build(), nil
}

func assignOrganizations(r *rand.Rand, members, orgs int) []int {
	weight := make([]float64, orgs)
	for k := range weight {
		weight[k] = 1 / math.Pow(float64(k+1), 0.8)
	}
	pick := newSampler(weight)
	org := make([]int, members)
	for i := range org {
		org[i] = pick.draw(r)
	}
	return org
}

func addTies(r *rand.Rand, b *Builder, s LedgerShape, org []int, activity []float64) {
	global := newSampler(activity)
	byOrg := make([][]int, s.Organizations)
	for i, o := range org {
		byOrg[o] = append(byOrg[o], i)
	}
	local := make([]*sampler, s.Organizations)
	for o, members := range byOrg {
		w := make([]float64, len(members))
		for k, i := range members {
			w[k] = activity[i]
		}
		local[o] = newSampler(w)
	}
	seen := make(map[[2]int]bool, s.Ties)
	for len(seen) < s.Ties {
		v := global.draw(r)
		u := global.draw(r)
		if r.Float64() < s.WithinOrg && len(byOrg[org[v]]) > 1 {
			u = byOrg[org[v]][local[org[v]].draw(r)]
		}
		key := [2]int{min(u, v), max(u, v)}
		if u == v || seen[key] {
			continue
		}
		seen[key] = true
		// Errors are impossible here: distinct non-empty ids, weight 1.
		_ = b.AddTie(fmt.Sprintf("m%d", v), fmt.Sprintf("m%d", u), 1)
	}
}

// sampler draws indexes with probability proportional to their weight.
type sampler struct{ cum []float64 }

func newSampler(w []float64) *sampler {
	cum := make([]float64, len(w))
	s := 0.0
	for i, x := range w {
		s += x
		cum[i] = s
	}
	return &sampler{cum}
}

func (s *sampler) draw(r *rand.Rand) int {
	x := r.Float64() * s.cum[len(s.cum)-1]
	i, _ := slices.BinarySearch(s.cum, x)
	return min(i, len(s.cum)-1)
}
