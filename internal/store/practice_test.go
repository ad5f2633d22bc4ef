package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestPracticesAndAdoptions(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := seedDirectory(t, s)
		ana := createMember(t, s, &kindred.Member{Name: "Ana"})
		p := &kindred.Practice{Title: "Relational one-to-ones", Summary: "Thirty-minute conversations before any ask.",
			Body: "## How\n\nListen first.", ThemeArea: "Membership engagement", Tags: []string{"organizing", "listening"},
			Contacts: []kindred.Contact{{MemberID: ana.ID}}, Sources: []kindred.PracticeSource{{Kind: "member", RefID: ana.ID, Label: "Ana"}}}
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.CreatePractice(ctx, p, 0); err != nil {
				return err
			}
			return tx.AddAdoption(ctx, &kindred.Adoption{PracticeID: p.ID, OrganizationID: f.union, Outcome: kindred.OutcomeWorked,
				Note: "Doubled turnout", AdoptedOn: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}, 0)
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.PracticeBySlug(ctx, "relational-one-to-ones")
		if err != nil {
			t.Fatal(err)
		}
		if got.Stage != kindred.StageTried || len(got.Tags) != 2 || len(got.Contacts) != 1 || got.Contacts[0].Name != "Ana" ||
			len(got.Adoptions) != 1 || got.Adoptions[0].CityNames[0] != "Chicago" || len(got.Sources) != 1 {
			t.Errorf("practice = %+v", got)
		}
		hits, err := s.ListPractices(ctx, store.PracticeFilter{Query: "conversations"})
		if err != nil || len(hits) != 1 || hits[0].Adoptions != 1 || hits[0].Worked != 1 {
			t.Errorf("search = %+v, %v", hits, err)
		}
		if hits, _ := s.ListPractices(ctx, store.PracticeFilter{CityID: f.boston}); len(hits) != 0 {
			t.Errorf("Boston filter found %d", len(hits))
		}
		if hits, _ := s.ListPractices(ctx, store.PracticeFilter{CityID: f.chicago, Stage: kindred.StageTried}); len(hits) != 1 {
			t.Errorf("Chicago + tried found %d", len(hits))
		}
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			_, err := tx.CreatePractice(ctx, &kindred.Practice{Title: "", Stage: "legendary"}, 0)
			return err
		})
		if fl := kindred.ErrorFields(err); fl["title"] == "" || fl["stage"] == "" {
			t.Errorf("bad practice: %v", err)
		}
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			return tx.AddAdoption(ctx, &kindred.Adoption{PracticeID: p.ID, OrganizationID: 99999, Outcome: "meh"}, 0)
		})
		if fl := kindred.ErrorFields(err); fl["outcome"] == "" || fl["adopted_on"] == "" {
			t.Errorf("bad adoption: %v", err)
		}
	})
}
