package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestClaimReportMail: only tellers who asked, left an email and did not
// withdraw are claimed, each once, however often the report is published;
// the wish to hear of the report is dropped without an email.
func TestClaimReportMail(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := createCampaign(t, s, testCampaign())
		story := func(email string, notify, anonymous bool) (*kindred.Story, string) {
			st, secret, err := tell(t, s, c, kindred.NewStory{Text: "A story for the report.", Lang: "en", Consent: kindred.ConsentPublic,
				Email: email, Anonymous: anonymous, NotifyReport: notify, MailLang: "es", Source: "form"})
			if err != nil {
				t.Fatal(err)
			}
			return st, secret
		}
		asked, _ := story("asked@example.org", true, false)
		story("quiet@example.org", false, false)
		noEmail, _ := story("", true, false)
		anon, _ := story("anon@example.org", true, true)
		_, withdrawn := story("gone@example.org", true, false)
		if !asked.NotifyReport || noEmail.NotifyReport || anon.NotifyReport {
			t.Errorf("NotifyReport stored as %v (asked), %v (no email), %v (anonymous); want true, false, false",
				asked.NotifyReport, noEmail.NotifyReport, anon.NotifyReport)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.WithdrawStory(ctx, withdrawn) }); err != nil {
			t.Fatal(err)
		}
		claim := func() []store.ReportTeller {
			var got []store.ReportTeller
			if err := s.WithTx(ctx, func(tx *store.Tx) error {
				var err error
				got, err = tx.ClaimReportMail(ctx, c.ID)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return got
		}
		got := claim()
		if len(got) != 1 || got[0].StoryID != asked.ID || got[0].Email != "asked@example.org" || got[0].Lang != "es" {
			t.Fatalf("first claim = %+v, want only story %d to asked@example.org in es", got, asked.ID)
		}
		if again := claim(); len(again) != 0 {
			t.Errorf("second claim = %+v, want nobody twice", again)
		}
	})
}

// TestReportPublished: publishing sets the time the campaign reads back;
// taking it down clears it; an unknown campaign is ENOTFOUND.
func TestReportPublished(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := createCampaign(t, s, testCampaign())
		if c.ReportPublished != nil {
			t.Fatalf("a new campaign's report is published: %v", c.ReportPublished)
		}
		set := func(id int64, published bool) error {
			return s.WithTx(ctx, func(tx *store.Tx) error { return tx.SetReportPublished(ctx, id, published) })
		}
		if err := set(c.ID, true); err != nil {
			t.Fatal(err)
		}
		got, err := s.CampaignBySlug(ctx, c.Slug)
		if err != nil || got.ReportPublished == nil || s.Now().Sub(*got.ReportPublished).Abs() > time.Minute {
			t.Fatalf("after publishing: %v, %v", got.ReportPublished, err)
		}
		list, err := s.Campaigns(ctx)
		if err != nil || len(list) != 1 || list[0].ReportPublished == nil {
			t.Errorf("Campaigns after publishing: %+v, %v", list, err)
		}
		if err := set(c.ID, false); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.CampaignByID(ctx, c.ID); got.ReportPublished != nil {
			t.Errorf("after taking it down: %v, want nil", got.ReportPublished)
		}
		if err := set(c.ID+1000, true); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("unknown campaign: %v, want ENOTFOUND", err)
		}
	})
}

// TestStoryByID reads a story by id alone, and not once withdrawn.
func TestStoryByID(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := createCampaign(t, s, testCampaign())
		st, secret, err := tell(t, s, c, kindred.NewStory{Text: "Mine.", Lang: "en", Consent: kindred.ConsentOrganizers,
			Email: "me@example.org", NotifyReport: true, Source: "form"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.StoryByID(ctx, st.ID)
		if err != nil || got.Text != "Mine." || got.CampaignID != c.ID || !got.NotifyReport {
			t.Fatalf("StoryByID = %+v, %v", got, err)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.WithdrawStory(ctx, secret) }); err != nil {
			t.Fatal(err)
		}
		if _, err := s.StoryByID(ctx, st.ID); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("withdrawn: %v, want ENOTFOUND", err)
		}
	})
}
