package jobs_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// heldDinner stores a held dinner that guests attended; it returns their ids.
func heldDinner(t *testing.T, s *store.Store, names ...string) (*kindred.Gathering, []int64) {
	t.Helper()
	ctx := context.Background()
	g, first := seedDinner(t, s, time.Now().Add(-72*time.Hour).Truncate(time.Minute))
	ids := []int64{first}
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		for _, n := range names {
			id, err := tx.CreateMember(ctx, &kindred.Member{Name: n, Email: strings.ToLower(n) + "@example.org"})
			if err != nil {
				return err
			}
			if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: id, Status: kindred.RSVPGoing}); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		for _, id := range ids {
			if _, err := tx.CheckIn(ctx, g.ID, id, true); err != nil {
				return err
			}
		}
		return tx.SetGatheringStatus(ctx, g.ID, kindred.GatheringHeld)
	})
	if err != nil {
		t.Fatal(err)
	}
	return g, ids
}

func TestFollowUpsAskedAfterTheDinnerAndThirtyDaysOn(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g, ids := heldDinner(t, s, "Sam", "Tess")
		rae, sam, tess := ids[0], ids[1], ids[2]
		var offset atomic.Int64 // how far the queue's clock lags real time
		offset.Store(int64(jobs.FollowUpAfter + time.Minute))
		q, err := jobs.New(jobs.Config{Store: s, PollInterval: 20 * time.Millisecond,
			Clock: func() time.Time { return time.Now().Add(-time.Duration(offset.Load())) }})
		if err != nil {
			t.Fatal(err)
		}
		events, cancel := q.Subscribe()
		defer cancel()
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = q.Stop(context.Background()) })
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return q.AskFollowUps(ctx, tx, g.ID) }); err != nil {
			t.Fatal(err)
		}
		for _, m := range waitMail(t, s, events, 3) {
			if !strings.HasPrefix(m.Subject, "Whom from your table will you follow up with?") || !strings.Contains(m.Text, "/followup/") {
				t.Errorf("follow-up email: %q\n%s", m.Subject, m.Text)
			}
		}
		// Rae and Sam nominate each other while the clock is 30 days behind, so
		// their question is due at once; Rae and Tess a moment later, on time.
		schedule := func(a, b int64) {
			err := s.WithTx(ctx, func(tx *store.Tx) error {
				if _, err := tx.SetNominations(ctx, g.ID, a, []int64{b, tess}); err != nil {
					return err
				}
				made, err := tx.SetNominations(ctx, g.ID, b, []int64{a})
				if err == nil {
					err = q.ScheduleFollowUpChecks(ctx, tx, append(made, made...)) // twice: still asked once
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		schedule(rae, sam)
		waitKinds(t, events, map[string]int{"follow_up_check": 2, "gathering_mail": 2, "send_mail": 2})
		offset.Store(0)
		schedule(rae, tess)
		list, err := s.ListMail(ctx, 0, 20)
		if err != nil || len(list) != 5 || !strings.HasPrefix(list[0].Subject, "Did your follow-up happen?") {
			t.Fatalf("%d messages (%v), newest %q; want 5 with both questions last", len(list), err, list[0].Subject)
		}
		fs, err := s.FollowUpsOf(ctx, g.ID, rae)
		if err != nil || len(fs) != 2 {
			t.Fatalf("rae's follow-ups %+v, %v", fs, err)
		}
		for _, f := range fs {
			if want := f.OtherID == sam; f.Asked != want {
				t.Errorf("follow-up with %s asked %v, want %v (due in 30 days)", f.OtherName, f.Asked, want)
			}
		}
	})
}
