package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestFeedbackAskedOnceWithASignInLink: after a held dinner, the guest who
// came and has an account is mailed the after-dinner question once (asked
// twice), with a sign-in link the outbox keeps hidden; guests without an
// account, and a guest marked absent since, get nothing.
func TestFeedbackAskedOnceWithASignInLink(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g, ids := heldDinner(t, s, "Sam", "Tess")
		tess := ids[2]
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			for _, email := range []string{"sam@example.org", "tess@example.org"} { // their profiles become theirs
				acct, err := tx.CreateAccount(ctx, kindred.NewAccount{Email: email, Name: "Account", Role: kindred.RoleMember}, "")
				if err != nil {
					return err
				}
				if _, err := tx.LinkOrCreateMember(ctx, acct); err != nil {
					return err
				}
			}
			_, err := tx.CheckIn(ctx, g.ID, tess, false) // Tess did not come after all
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		q, err := jobs.New(jobs.Config{Store: s, PollInterval: 20 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		events, cancel := q.Subscribe()
		defer cancel()
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = q.Stop(context.Background()) })
		for range 2 {
			if err := s.WithTx(ctx, func(tx *store.Tx) error { return q.AskFeedback(ctx, tx, g.ID, ids...) }); err != nil {
				t.Fatal(err)
			}
		}
		waitKinds(t, events, map[string]int{"feedback_mail": 6, "send_mail": 1})
		list, err := s.ListMail(ctx, 0, 10)
		if err != nil || len(list) != 1 {
			t.Fatalf("%d messages (%v), want Sam's one", len(list), err)
		}
		m := list[0]
		if m.To != "sam@example.org" || !strings.HasPrefix(m.Subject, "One question about") ||
			!strings.Contains(m.Text, "/signin/link?token="+kindred.HiddenSecret) || strings.Contains(m.Text, "Tess") {
			t.Errorf("the question's mail to %s: %q\n%s", m.To, m.Subject, m.Text)
		}
	})
}
