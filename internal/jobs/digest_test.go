package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/mail"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestWeeklyDigest(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		composer, err := mail.NewComposer()
		if err != nil {
			t.Fatal(err)
		}
		q, err := jobs.New(jobs.Config{Store: s, PollInterval: 20 * time.Millisecond, Mail: composer, BaseURL: "http://kindred.example"})
		if err != nil {
			t.Fatal(err)
		}
		var in, out *kindred.Account
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			chicago, err := tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
			if err != nil {
				return err
			}
			org, err := tx.CreateOrganization(ctx, kindred.Organization{Name: "Teachers Union", CityIDs: []int64{chicago.ID}})
			if err != nil {
				return err
			}
			if in, err = tx.CreateAccount(ctx, kindred.NewAccount{Email: "in@example.org", Name: "Ana"}, ""); err != nil {
				return err
			}
			if out, err = tx.CreateAccount(ctx, kindred.NewAccount{Email: "out@example.org", Name: "Bo"}, ""); err != nil {
				return err
			}
			if _, err := tx.CreateMember(ctx, &kindred.Member{AccountID: in.ID, Name: "Ana", CityID: chicago.ID}); err != nil {
				return err
			}
			if err := tx.SetDigest(ctx, in.ID, true); err != nil {
				return err
			}
			p := &kindred.Practice{Title: "SMS reminders", Summary: "Text the day before."}
			if _, err := tx.CreatePractice(ctx, p, 0); err != nil {
				return err
			}
			return tx.AddAdoption(ctx, &kindred.Adoption{PracticeID: p.ID, OrganizationID: org.ID, Outcome: kindred.OutcomeWorked, AdoptedOn: tx.Now()}, 0)
		})
		if err != nil {
			t.Fatal(err)
		}
		events, cancel := q.Subscribe()
		defer cancel()
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer q.Stop(ctx)
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return q.SendDigests(ctx, tx) }); err != nil {
			t.Fatal(err)
		}
		waitForKind(t, events, "practice_digest")
		msgs, _ := s.ListMail(ctx, 0, 10)
		var got []string
		for _, m := range msgs {
			got = append(got, m.To)
			if m.To == "in@example.org" && (!strings.Contains(m.Text, "SMS reminders") || !strings.Contains(m.Text, "Teachers Union (worked)")) {
				t.Errorf("digest text: %q", m.Text)
			}
		}
		if len(msgs) != 1 || msgs[0].To != in.Email {
			t.Errorf("digests went to %v, want only %s (%s did not ask)", got, in.Email, out.Email)
		}
	})
}
