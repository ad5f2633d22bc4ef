package emergence

import (
	"context"
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/diffusion"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// TravelPermutations is how many shuffles of adoption dates the chance of
// the travel figure rests on.
const TravelPermutations = 1000

// Travel measures, as of at, how often an organization's first adoption of
// a practice came after its people sat with, or chose to follow up with,
// people of an organization already trying it at a gathering, against
// chance (diffusion.Travelled, seeded). Like the network's other measures
// it counts only shared ties and the affiliations the whole network sees,
// and the page shows it as aggregates only. It wraps the store's errors.
func Travel(ctx context.Context, st *store.Store, members map[int64]*kindred.Member, at time.Time, seed uint64) (diffusion.Figure, error) {
	all, err := st.AdoptionDays(ctx)
	if err != nil {
		return diffusion.Figure{}, err
	}
	var adoptions []diffusion.Adoption
	adopting := map[int64]bool{}
	for _, a := range all {
		if !a.AdoptedOn.After(at) {
			adoptions = append(adoptions, diffusion.Adoption{ID: a.ID, Practice: a.PracticeID, Org: a.OrganizationID, On: a.AdoptedOn})
			adopting[a.OrganizationID] = true
		}
	}
	var ms []diffusion.Membership
	working := map[int64]bool{}
	for id, m := range members {
		for _, af := range m.SeenByNetwork().Affiliations {
			if adopting[af.OrganizationID] {
				from, until := af.During()
				ms = append(ms, diffusion.Membership{Member: id, Org: af.OrganizationID, From: from, Until: until})
				working[id] = true
			}
		}
	}
	var ties []diffusion.Tie
	err = st.EachLedgerTie(ctx, store.LedgerFilter{Until: at, SharedOnly: true, Kinds: store.GatheringKinds}, func(t kindred.Tie) error {
		if working[t.A] && working[t.B] {
			ties = append(ties, diffusion.Tie{ID: t.ID, A: t.A, B: t.B, Kind: string(t.Kind), On: t.HappenedOn})
		}
		return nil
	})
	if err != nil {
		return diffusion.Figure{}, fmt.Errorf("travel: %w", err)
	}
	return diffusion.Travelled(adoptions, ties, ms, TravelPermutations, seed), nil
}
