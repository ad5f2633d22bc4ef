package store_test

import (
	"context"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func nominate(t *testing.T, s *store.Store, gid, who int64, whom ...int64) []store.FollowUp {
	t.Helper()
	var made []store.FollowUp
	err := s.WithTx(context.Background(), func(tx *store.Tx) (err error) {
		made, err = tx.SetNominations(context.Background(), gid, who, whom)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return made
}

func TestMutualNominationsBecomeOneFollowUpTie(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		h := seedHarvest(t, s)
		if made := nominate(t, s, h.g.ID, h.ana, h.ben, h.cleo); len(made) != 0 {
			t.Errorf("one-sided nominations made %d follow-ups", len(made))
		}
		made := nominate(t, s, h.g.ID, h.ben, h.ana)
		if len(made) != 1 || made[0].A != min(h.ana, h.ben) {
			t.Fatalf("mutual nomination made %+v, want one follow-up of ana and ben", made)
		}
		if again := append(nominate(t, s, h.g.ID, h.ben, h.ana), nominate(t, s, h.g.ID, h.ana, h.ben)...); len(again) != 0 {
			t.Errorf("saving again made %d more follow-ups", len(again))
		}
		ties, err := s.TiesOf(ctx, h.ana)
		if err != nil || len(ties) != 1 || ties[0].Kind != kindred.TieFollowUp || ties[0].SourceRef != h.g.Title || ties[0].Source != kindred.SourceGathering {
			t.Fatalf("ana's ties %+v, %v; want one follow_up tie from the gathering", ties, err)
		}
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			if first, err := tx.MarkFollowUpAsked(ctx, h.g.ID, h.ben, h.ana); err != nil || !first {
				t.Errorf("first ask: %v %v", first, err)
			}
			if again, _ := tx.MarkFollowUpAsked(ctx, h.g.ID, h.ana, h.ben); again {
				t.Errorf("the pair was asked twice")
			}
			if err := tx.AnswerFollowUp(ctx, h.g.ID, ties[0].ID, h.cleo, true); kindred.ErrorCode(err) != kindred.ENOTFOUND {
				t.Errorf("cleo answers for ana and ben: %v", err)
			}
			if err := tx.AnswerFollowUp(ctx, h.g.ID+1000, ties[0].ID, h.ben, true); kindred.ErrorCode(err) != kindred.ENOTFOUND {
				t.Errorf("ben answers from another gathering's link: %v", err)
			}
			if err := tx.AnswerFollowUp(ctx, h.g.ID, ties[0].ID, h.ben, true); err != nil {
				return err
			}
			return tx.AnswerFollowUp(ctx, h.g.ID, ties[0].ID, h.ana, false)
		})
		if err != nil {
			t.Fatal(err)
		}
		fs, err := s.FollowUpsOf(ctx, h.g.ID, h.ana)
		if err != nil || len(fs) != 1 || fs[0].Status != "confirmed" || fs[0].OtherID != h.ben || !fs[0].Asked {
			t.Errorf("ana's follow-ups %+v, %v; want ben's, confirmed (one yes outweighs a no) and asked", fs, err)
		}
	})
}
