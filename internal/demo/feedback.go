package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// demoWillTry are what the demo's guests say they will try after dinner.
var demoWillTry = []string{
	"Ask every new volunteer what they want to learn, before giving them a task.",
	"A buddy for each newcomer for their first three meetings.",
	"Serving dinner before the meeting, not after.",
	"Budget circles in our smallest chapter.",
	"Text-banking run by members, with staff writing only the first script.",
	"A shared calendar of actions with the two groups we met tonight.",
	"House meetings in Spanish first, then in English.",
	"Asking everyone to host once.",
}

// demoValues weights the answers to "how valuable was it?": most dinners
// were worth it, a few were not.
var demoValues = []int{2, 3, 3, 4, 4, 4, 5, 5, 5, 0}

// Feedback answers the after-dinner question for about two thirds of the
// guests who came to each held demo dinner: how valuable it was, often one
// thing they will try, and sometimes one person they would like to meet
// again (a few pairs name each other).
func Feedback(ctx context.Context, st *store.Store, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x6665656462))
	held, err := st.ListGatherings(ctx, store.GatheringFilter{Statuses: []kindred.GatheringStatus{kindred.GatheringHeld}, Limit: 1000})
	if err != nil {
		return err
	}
	return st.WithTx(ctx, func(tx *store.Tx) error {
		for _, g := range held {
			came, err := tx.ListRSVPs(ctx, g.ID, kindred.RSVPAttended)
			if err != nil {
				return err
			}
			if err := demoFeedbackOf(ctx, tx, g.ID, came, rng); err != nil {
				return fmt.Errorf("demo feedback of %s: %w", g.Title, err)
			}
		}
		return nil
	})
}

func demoFeedbackOf(ctx context.Context, tx *store.Tx, gatheringID int64, came []*kindred.RSVP, rng *rand.Rand) error {
	wishes := map[int64]int64{}
	for i, r := range came {
		if _, err := tx.MarkFeedbackAsked(ctx, gatheringID, r.MemberID); err != nil {
			return err
		}
		if rng.IntN(3) == 0 || len(came) < 2 {
			continue // a third do not answer
		}
		f := kindred.Feedback{GatheringID: gatheringID, MemberID: r.MemberID, Value: demoValues[rng.IntN(len(demoValues))]}
		if rng.IntN(2) == 0 {
			f.WillTry = demoWillTry[rng.IntN(len(demoWillTry))]
		}
		switch other, ok := wishes[r.MemberID]; {
		case ok && rng.IntN(2) == 0:
			f.MeetAgainID = other // named back
		case rng.IntN(5) < 2:
			f.MeetAgainID = came[(i+1+rng.IntN(len(came)-1))%len(came)].MemberID
			wishes[f.MeetAgainID] = r.MemberID
		}
		if err := tx.SaveFeedback(ctx, f); err != nil {
			return err
		}
	}
	return nil
}
