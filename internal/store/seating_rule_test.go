package store_test

import (
	"context"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestSeatingRules(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g := createGathering(t, s, dinner(seedDirectory(t, s), 10))
		ids := guests(t, s, 4)
		for _, id := range ids[:3] {
			rsvp(t, s, g.ID, id, kindred.RSVPGoing)
		}
		add := func(r kindred.SeatingRule) (*kindred.SeatingRule, error) {
			r.GatheringID = g.ID
			var made *kindred.SeatingRule
			err := s.WithTx(ctx, func(tx *store.Tx) error {
				var err error
				made, err = tx.AddSeatingRule(ctx, r)
				return err
			})
			return made, err
		}
		// Given in either order, the pair is stored in order.
		made, err := add(kindred.SeatingRule{Kind: kindred.SeatTogether, MemberA: ids[1], MemberB: ids[0], Note: " interprets "})
		if err != nil || made.MemberA != ids[0] || made.MemberB != ids[1] || made.Note != "interprets" || made.NameA == "" {
			t.Fatalf("added %+v, %v", made, err)
		}
		if _, err := add(kindred.SeatingRule{Kind: kindred.SeatApart, MemberA: ids[0], MemberB: ids[1]}); kindred.ErrorCode(err) != kindred.ECONFLICT ||
			kindred.ErrorFields(err)["member_b"] == "" {
			t.Errorf("a second rule for the pair: %v", err)
		}
		if _, err := add(kindred.SeatingRule{Kind: kindred.SeatApart, MemberA: ids[0], MemberB: ids[3]}); kindred.ErrorFields(err)["member_b"] == "" {
			t.Errorf("a rule about someone without an RSVP: %v", err)
		}
		if _, err := add(kindred.SeatingRule{Kind: "near", MemberA: ids[2], MemberB: ids[2]}); kindred.ErrorFields(err)["kind"] == "" || kindred.ErrorFields(err)["member_b"] == "" {
			t.Errorf("a bad kind and one person twice: %v", err)
		}
		if _, err := add(kindred.SeatingRule{Kind: kindred.SeatApart, MemberA: ids[2], MemberB: ids[0]}); err != nil {
			t.Fatal(err)
		}
		rules, err := s.SeatingRules(ctx, g.ID)
		if err != nil || len(rules) != 2 {
			t.Fatalf("rules = %+v, %v; want 2", rules, err)
		}
		err = s.WithTx(ctx, func(tx *store.Tx) error { return tx.DeleteSeatingRule(ctx, g.ID+1, made.ID) })
		if kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("deleting through another gathering: %v", err)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.DeleteSeatingRule(ctx, g.ID, made.ID) }); err != nil {
			t.Fatal(err)
		}
		if rules, _ := s.SeatingRules(ctx, g.ID); len(rules) != 1 || rules[0].Kind != kindred.SeatApart {
			t.Errorf("after deleting the together rule: %+v", rules)
		}
	})
}
