package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// demoDinnerTalk is what guests write in a past dinner's conversation, in
// order: thanks, a follow-up, a question, answers.
var demoDinnerTalk = []string{
	"Thank you all for last night. I left with three ideas I want to try before the next meeting.",
	"Here is the **volunteer onboarding checklist** I mentioned at our table:\n\n1. A buddy for the first month\n2. A 20-minute welcome call\n3. One small task in the first week",
	"Did anyone write down the name of the text-banking tool the Nairobi group uses?",
	"It was a shared spreadsheet plus a free SMS gateway, nothing fancy. Happy to show you on a call.",
	"Same table next time? I'd like to hear how the budget circles go.",
	"Photos from the evening are in our shared folder; ask me if you want the link.",
}

// demoPracticeTalk is what members write about a practice.
var demoPracticeTalk = []string{
	"We tried this in two chapters this spring. The first month was slow, then it took off once members ran it themselves.",
	"How long did it take before you saw a difference?",
	"About six weeks for us. Starting with the people who already host things helped.",
	"A caution: it did not work when staff kept the final say. People noticed.",
	"Is there a short version of this for groups with no paid staff at all?",
}

// Conversations adds threads with replies to the demo's past dinners (by
// their guests) and to its practices (by members), without notifying
// anyone.
func Conversations(ctx context.Context, st *store.Store, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x74616c6b))
	held, err := st.ListGatherings(ctx, store.GatheringFilter{Statuses: []kindred.GatheringStatus{kindred.GatheringHeld}, Limit: 12})
	if err != nil {
		return err
	}
	practices, err := st.ListPractices(ctx, store.PracticeFilter{Limit: 8})
	if err != nil {
		return err
	}
	members, _, err := st.ListMembers(ctx, store.MemberFilter{Limit: 200})
	if err != nil {
		return err
	}
	guests := map[int64][]int64{}
	for _, g := range held {
		rsvps, err := st.ListRSVPs(ctx, g.ID)
		if err != nil {
			return err
		}
		for _, r := range rsvps {
			if r.Status != kindred.RSVPDeclined {
				guests[g.ID] = append(guests[g.ID], r.MemberID)
			}
		}
	}
	return st.WithTx(ctx, func(tx *store.Tx) error {
		for _, g := range held {
			if len(guests[g.ID]) < 2 {
				continue
			}
			place := kindred.Place{Kind: kindred.PlaceGathering, RefID: g.ID}
			if err := demoThread(ctx, tx, place, g.Title, guests[g.ID], demoDinnerTalk, 3+rng.IntN(4), rng); err != nil {
				return fmt.Errorf("demo conversation on %s: %w", g.Title, err)
			}
		}
		var writers []int64
		for _, m := range members {
			writers = append(writers, m.ID)
		}
		for _, p := range practices {
			place := kindred.Place{Kind: kindred.PlacePractice, RefID: p.Practice.ID}
			if err := demoThread(ctx, tx, place, p.Practice.Title, writers, demoPracticeTalk, 2+rng.IntN(4), rng); err != nil {
				return fmt.Errorf("demo conversation on %s: %w", p.Practice.Title, err)
			}
		}
		return nil
	})
}

// demoThread writes n posts from talk, in order, each by one of authors.
func demoThread(ctx context.Context, tx *store.Tx, place kindred.Place, title string, authors []int64, talk []string, n int, rng *rand.Rand) error {
	if len(authors) == 0 {
		return nil
	}
	th, err := tx.EnsureThread(ctx, place, title)
	if err != nil {
		return err
	}
	for i := range min(n, len(talk)) {
		author := authors[rng.IntN(len(authors))]
		if _, err := tx.AddPost(ctx, kindred.Post{ThreadID: th.ID, AuthorMemberID: author, Body: talk[i], Via: kindred.ViaWeb}); err != nil {
			return err
		}
	}
	return nil
}
