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

// TestFeedbackAskedOnceWithASignInLinkOrAPersonalLink: after a held
// dinner, each guest who came is mailed the after-dinner question once
// (asked twice): Sam, who has an account, with a sign-in link the outbox
// keeps hidden; Rae, who has none, with her personal link, which opens her
// question without signing in. Tess (an account) and Uma (none), marked
// absent since, get nothing.
func TestFeedbackAskedOnceWithASignInLinkOrAPersonalLink(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g, ids := heldDinner(t, s, "Sam", "Tess", "Uma")
		rae, tess, uma := ids[0], ids[2], ids[3]
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
			for _, id := range []int64{tess, uma} { // they did not come after all
				if _, err := tx.CheckIn(ctx, g.ID, id, false); err != nil {
					return err
				}
			}
			return nil
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
		waitKinds(t, events, map[string]int{"feedback_mail": 8, "send_mail": 2})
		list, err := s.ListMail(ctx, 0, 10)
		if err != nil || len(list) != 2 {
			t.Fatalf("%d messages (%v), want Sam's and Rae's", len(list), err)
		}
		to := map[string]*kindred.Mail{}
		for _, m := range list {
			to[m.To] = m
		}
		if m := to["sam@example.org"]; m == nil || !strings.HasPrefix(m.Subject, "One question about") ||
			!strings.Contains(m.Text, "/signin/link?token="+kindred.HiddenSecret) || strings.Contains(m.Text, "/feedback/") {
			t.Errorf("the question's mail to Sam: %+v", m)
		}
		m := to["rae@example.org"]
		if m == nil || !strings.HasPrefix(m.Subject, "One question about") || strings.Contains(m.Text, "/signin/link") {
			t.Fatalf("the question's mail to Rae: %+v", m)
		}
		link, err := q.FeedbackLink(ctx, g, rae)
		if err != nil || !strings.Contains(m.Text, link) || !strings.Contains(m.HTML, link) {
			t.Fatalf("Rae's mail does not carry her personal link %q (%v):\n%s", link, err, m.Text)
		}
		key, err := s.LinkKey(ctx, kindred.FeedbackLinkKey)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := kindred.ParseRSVPToken(link[strings.LastIndex(link, "/")+1:], key, time.Now())
		if err != nil || tok.GatheringID != g.ID || tok.MemberID != rae {
			t.Errorf("Rae's link carries %+v, %v", tok, err)
		}
	})
}
