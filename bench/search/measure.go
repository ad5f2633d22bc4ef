package main

import (
	"context"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// result is the latency of one kind of search over all timed searches.
type result struct {
	what string
	ds   []time.Duration
	hits float64 // mean results per search
	err  error
}

func (r result) pct(p float64) float64 {
	return float64(r.ds[int(p*float64(len(r.ds)-1))].Microseconds()) / 1000
}

// measure times n searches, each by a random viewer (eight in ten a member,
// one an account without a profile, one an administrator) for a random
// query: the notes the viewer may read, the practices, and both as the
// practices page runs them.
func measure(ctx context.Context, st *store.Store, members []int64, n int) []result {
	rng := rand.New(rand.NewPCG(2, 9))
	notes, practices, page := result{what: "notes (permitted)"}, result{what: "practices"}, result{what: "page (both)"}
	var noteHits, practiceHits int
	for range n {
		viewer := kindred.NoteReader{Account: &kindred.Account{Role: kindred.RoleMember}}
		switch rng.IntN(10) {
		case 0: // an account without a profile
		case 1:
			viewer.Account.Role = kindred.RoleAdmin
		default:
			viewer.MemberID = members[rng.IntN(len(members))]
		}
		q := queries[rng.IntN(len(queries))]
		t0 := time.Now()
		nh, err := st.SearchNotes(ctx, viewer, q, 20)
		t1 := time.Now()
		ph, err2 := st.ListPractices(ctx, store.PracticeFilter{Query: q, Limit: 20})
		t2 := time.Now()
		if err == nil {
			err = err2
		}
		if err != nil {
			return []result{{err: err}}
		}
		noteHits, practiceHits = noteHits+len(nh), practiceHits+len(ph)
		notes.ds, practices.ds, page.ds = append(notes.ds, t1.Sub(t0)), append(practices.ds, t2.Sub(t1)), append(page.ds, t2.Sub(t0))
	}
	notes.hits, practices.hits = float64(noteHits)/float64(n), float64(practiceHits)/float64(n)
	page.hits = notes.hits + practices.hits
	out := []result{notes, practices, page}
	for i := range out {
		slices.Sort(out[i].ds)
	}
	return out
}
