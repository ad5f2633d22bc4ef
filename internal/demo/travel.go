package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// travelPerDinner is how many adoptions each held dinner of the demo
// carries from one organization to another.
const travelPerDinner = 4

// Travel makes some of the demo's practices travel along the ties of its
// held dinners, so practice pages show the path to an adoption and the
// Emergence page has something to measure: for a pair of guests of
// different organizations who shared a table, the first organization
// adopted a practice a few months before the dinner and
// the second a few weeks after it. Only guests whose organization the whole
// network sees are chosen, and each organization adopts a practice once. It
// runs after the dinners were held (their table ties written) and before
// the snapshots.
func Travel(ctx context.Context, st *store.Store, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x74726176656c))
	held, err := st.ListGatherings(ctx, store.GatheringFilter{Statuses: []kindred.GatheringStatus{kindred.GatheringHeld}, Limit: 20})
	if err != nil {
		return err
	}
	ties, err := st.Ledger(ctx, store.LedgerFilter{SharedOnly: true, Kinds: []kindred.TieKind{kindred.TieSatTogether}})
	if err != nil {
		return err
	}
	adopted, practices, err := demoAdoptions(ctx, st)
	if err != nil || len(practices) == 0 {
		return err
	}
	now := st.Now()
	return st.WithTx(ctx, func(tx *store.Tx) error {
		next := 0
		for _, g := range held {
			pairs, err := crossOrgPairs(ctx, st, ties, g, rng)
			if err != nil {
				return err
			}
			made := 0
			for _, pr := range pairs {
				if made == travelPerDinner {
					break
				}
				p := practices[next%len(practices)]
				if adopted[[2]int64{p, pr[0]}] || adopted[[2]int64{p, pr[1]}] {
					continue
				}
				next++
				made++
				if err := carry(ctx, tx, adopted, p, pr, g, now, rng); err != nil {
					return fmt.Errorf("demo travel: %w", err)
				}
			}
		}
		return nil
	})
}

// carry records that organization pr[0] tried practice p months before
// dinner g and organization pr[1] weeks after it.
func carry(ctx context.Context, tx *store.Tx, adopted map[[2]int64]bool, p int64, pr [2]int64, g *kindred.Gathering, now time.Time, rng *rand.Rand) error {
	day := g.LocalDay()
	first := &kindred.Adoption{PracticeID: p, OrganizationID: pr[0], Outcome: kindred.OutcomeWorked, AdoptedOn: day.AddDate(0, -2-rng.IntN(3), -rng.IntN(20))}
	if err := tx.AddAdoption(ctx, first, 0); err != nil {
		return err
	}
	adopted[[2]int64{p, pr[0]}] = true
	on := day.AddDate(0, 0, 7+rng.IntN(28))
	if !on.Before(now) {
		on = now.AddDate(0, 0, -1)
	}
	a := &kindred.Adoption{PracticeID: p, OrganizationID: pr[1], Outcome: []kindred.Outcome{kindred.OutcomeTried, kindred.OutcomeWorked}[rng.IntN(2)],
		Note: "We heard about it at the " + g.Title + ".", AdoptedOn: on}
	adopted[[2]int64{p, pr[1]}] = true
	return tx.AddAdoption(ctx, a, 0)
}

// demoAdoptions returns which organizations adopted which practice
// ({practice, organization}), and the practices' ids.
func demoAdoptions(ctx context.Context, st *store.Store) (map[[2]int64]bool, []int64, error) {
	days, err := st.AdoptionDays(ctx)
	if err != nil {
		return nil, nil, err
	}
	adopted := map[[2]int64]bool{}
	for _, a := range days {
		adopted[[2]int64{a.PracticeID, a.OrganizationID}] = true
	}
	hits, err := st.ListPractices(ctx, store.PracticeFilter{Limit: 100})
	if err != nil {
		return nil, nil, err
	}
	var ids []int64
	for _, h := range hits {
		ids = append(ids, h.Practice.ID)
	}
	slices.Sort(ids)
	return adopted, ids, nil
}

// crossOrgPairs lists, in random order, the {organization, organization}
// pairs of guests who shared a table at g, each guest counted for the
// organization the whole network sees them work at.
func crossOrgPairs(ctx context.Context, st *store.Store, ties []kindred.Tie, g *kindred.Gathering, rng *rand.Rand) ([][2]int64, error) {
	var at []kindred.Tie
	var ids []int64
	for _, t := range ties {
		if t.SourceRef == g.Title && t.HappenedOn.Equal(g.LocalDay()) {
			at = append(at, t)
			ids = append(ids, t.A, t.B)
		}
	}
	members, err := st.MembersByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	orgOf := func(id int64) int64 {
		if m := members[id]; m != nil {
			if a, ok := m.SeenByNetwork().PrimaryAffiliation(); ok && a.Current() {
				return a.OrganizationID
			}
		}
		return 0
	}
	var out [][2]int64
	for _, t := range at {
		a, b := orgOf(t.A), orgOf(t.B)
		if a != 0 && b != 0 && a != b {
			out = append(out, [2]int64{a, b})
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out, nil
}
