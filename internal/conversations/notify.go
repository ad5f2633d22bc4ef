package conversations

import (
	"context"
	"fmt"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Settings returns how the viewer hears of each kind of conversation news,
// every kind filled in. EUNAUTHORIZED without an account.
func (s *Service) Settings(ctx context.Context, v *kindred.Viewer) (kindred.NotifySettings, error) {
	if !v.SignedIn() {
		return nil, kindred.Errorf(kindred.EUNAUTHORIZED, "Sign in to choose your notifications.")
	}
	stored, err := s.Store.NotifySettings(ctx, v.AccountID())
	if err != nil {
		return nil, err
	}
	out := kindred.NotifySettings{}
	for _, k := range kindred.NotifyKinds {
		out[k] = stored.Of(k)
	}
	return out, nil
}

// SaveSettings records how the viewer hears of the kinds set in settings
// (others keep theirs). EINVALID names a bad kind or mode; EUNAUTHORIZED
// without an account.
func (s *Service) SaveSettings(ctx context.Context, v *kindred.Viewer, settings kindred.NotifySettings) error {
	if !v.SignedIn() {
		return kindred.Errorf(kindred.EUNAUTHORIZED, "Sign in to choose your notifications.")
	}
	if err := settings.Validate(); err != nil {
		return err
	}
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		for _, k := range kindred.NotifyKinds {
			if m, ok := settings[k]; ok {
				if err := tx.SetNotify(ctx, v.AccountID(), k, m); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save notification settings: %w", err)
	}
	return nil
}

// Unsubscription is what an unsubscribe link stops, for whom.
type Unsubscription struct {
	Token kindred.UnsubscribeToken
	Email string
	What  string // in plain words
}

// CheckUnsubscribe reads an unsubscribe link without changing anything,
// for the page that asks to confirm. EINVALID for a link that was altered
// or cut short; EGONE when its account no longer exists.
func (s *Service) CheckUnsubscribe(ctx context.Context, token string) (*Unsubscription, error) {
	key, err := s.Store.LinkKey(ctx, "unsubscribe")
	if err != nil {
		return nil, err
	}
	t, err := kindred.ParseUnsubscribeToken(token, key)
	if err != nil {
		return nil, err
	}
	a, err := s.Store.Account(ctx, t.AccountID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil, kindred.Errorf(kindred.EGONE, "This unsubscribe link belongs to an account that no longer exists: it gets no more email.")
	}
	if err != nil {
		return nil, err
	}
	return &Unsubscription{Token: t, Email: a.Email, What: kindred.DescribeList(t.List)}, nil
}

// Unsubscribe stops what an unsubscribe link names, without signing in
// (the signed link is the credential, RFC 8058): one kind of conversation
// news, the daily digest (every kind sent as a digest), or the weekly
// practice digest. Doing it twice is harmless. Errors as CheckUnsubscribe.
func (s *Service) Unsubscribe(ctx context.Context, token string) (*Unsubscription, error) {
	u, err := s.CheckUnsubscribe(ctx, token)
	if err != nil {
		return nil, err
	}
	id := u.Token.AccountID
	settings, err := s.Store.NotifySettings(ctx, id)
	if err != nil {
		return nil, err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		switch u.Token.List {
		case kindred.UnsubscribePractices:
			return tx.SetDigest(ctx, id, false)
		case kindred.UnsubscribeDigest:
			for _, k := range kindred.NotifyKinds {
				if settings.Of(k) == kindred.NotifyDigest {
					if err := tx.SetNotify(ctx, id, k, kindred.NotifyOff); err != nil {
						return err
					}
				}
			}
			return nil
		}
		return tx.SetNotify(ctx, id, kindred.NotifyKind(u.Token.List), kindred.NotifyOff)
	})
	if err != nil {
		return nil, fmt.Errorf("unsubscribe: %w", err)
	}
	return u, nil
}

// ReplyTarget resolves a reply address's local part to who may post and
// where: the signature must match, the account exist, and the account
// still be allowed to write in the conversation. The error says why not:
// EINVALID for an unsigned or forged address, EGONE for an account or
// conversation that no longer exists, ENOTFOUND or EFORBIDDEN (as Post)
// when the member may no longer read or write there.
func (s *Service) ReplyTarget(ctx context.Context, local string) (*kindred.Viewer, kindred.Place, error) {
	key, err := s.Store.LinkKey(ctx, "reply")
	if err != nil {
		return nil, kindred.Place{}, err
	}
	addr, err := kindred.ParseReplyLocal(local, key)
	if err != nil {
		return nil, kindred.Place{}, err
	}
	gone := kindred.Errorf(kindred.EGONE, "This conversation or account no longer exists.")
	acct, err := s.Store.Account(ctx, addr.AccountID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil, kindred.Place{}, gone
	}
	if err != nil {
		return nil, kindred.Place{}, err
	}
	th, err := s.Store.Thread(ctx, addr.ThreadID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil, kindred.Place{}, gone
	}
	if err != nil {
		return nil, kindred.Place{}, err
	}
	v, err := s.Store.Viewer(ctx, acct)
	if err != nil {
		return nil, kindred.Place{}, err
	}
	c, err := s.visible(ctx, v, th.Place)
	if err != nil {
		return nil, kindred.Place{}, kindred.Errorf(kindred.EFORBIDDEN, "You can no longer read this conversation, so your reply cannot be posted.")
	}
	if err := c.MayPost(v); err != nil {
		return nil, kindred.Place{}, err
	}
	return v, th.Place, nil
}
