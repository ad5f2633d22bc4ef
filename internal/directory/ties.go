package directory

import (
	"context"
	"fmt"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Claim is what saying "we know each other" did.
type Claim int

// What a claim can do.
const (
	ClaimAsked     Claim = iota // a new tie waits for the other member to confirm it
	ClaimConfirmed              // the other member had said so first: the tie now counts
	ClaimKnown                  // already said (pending or confirmed): nothing changed
)

// ClaimTie records that the viewer knows member otherID: a self-reported
// tie that counts only once the other confirms it (kindred.ClaimedTie). When
// the other had already said so, the viewer's word confirms that tie
// instead; saying it twice changes nothing. It answers ENOTFOUND when either
// has no profile, EINVALID for oneself.
func (s *Service) ClaimTie(ctx context.Context, v *kindred.Viewer, otherID int64) (Claim, *kindred.Member, error) {
	other, err := s.Store.Member(ctx, otherID)
	if err != nil {
		return 0, nil, err
	}
	if err := other.MayClaimTie(v); err != nil {
		return 0, other, err
	}
	var did Claim
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		ties, err := tx.SelfReportedTies(ctx, v.MemberID(), other.ID)
		if err != nil {
			return err
		}
		for _, t := range ties {
			if t.AwaitsAnswerFrom(v.MemberID()) {
				did = ClaimConfirmed
				return tx.ConfirmTie(ctx, t.ID)
			}
		}
		if len(ties) > 0 {
			did = ClaimKnown
			return nil
		}
		did = ClaimAsked
		_, err = tx.AddTie(ctx, kindred.ClaimedTie(v.MemberID(), other.ID, tx.Now()))
		return err
	})
	if err != nil {
		return 0, other, fmt.Errorf("claim tie: %w", err)
	}
	return did, other, nil
}

// HideTie hides tie id from everyone else and from the network's measures
// (or shows it again), for one of its two members. It answers ENOTFOUND
// for anyone else.
func (s *Service) HideTie(ctx context.Context, v *kindred.Viewer, id int64, hidden bool) error {
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		t, err := tx.Tie(ctx, id)
		if err != nil {
			return err
		}
		if err := t.MayHide(v); err != nil {
			return err
		}
		return tx.SetTieHidden(ctx, id, v.MemberID(), hidden)
	})
	if err != nil {
		return fmt.Errorf("hide tie: %w", err)
	}
	return nil
}

// AnswerTie confirms tie id (from now on it counts) or declines it (it is
// deleted), for the member it awaits (kindred.Tie.MayAnswer). It returns
// the tie as it was and answers ENOTFOUND for anyone else.
func (s *Service) AnswerTie(ctx context.Context, v *kindred.Viewer, id int64, confirm bool) (kindred.Tie, error) {
	var t kindred.Tie
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if t, err = tx.Tie(ctx, id); err != nil {
			return err
		}
		if err := t.MayAnswer(v); err != nil {
			return err
		}
		if confirm {
			return tx.ConfirmTie(ctx, id)
		}
		return tx.DeleteTie(ctx, id)
	})
	if err != nil {
		return t, fmt.Errorf("answer tie: %w", err)
	}
	return t, nil
}
