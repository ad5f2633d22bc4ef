package accounts

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// alreadySetUp is the answer to setting up an install that has an administrator.
var alreadySetUp = kindred.Errorf(kindred.EGONE, "Kindred is already set up. Sign in instead, or ask an administrator for an account.")

// CheckSetup tells whether the setup link could create the first
// administrator now: EGONE once there are accounts, else the link's
// problem (ENOTFOUND, EGONE) with what to do about it.
func (s *Service) CheckSetup(ctx context.Context, token string) error {
	if n, err := s.Store.CountAccounts(ctx); err != nil {
		return err
	} else if n > 0 {
		return alreadySetUp
	}
	if err := s.Store.CheckMagicLink(ctx, token, store.LinkSetup); err != nil {
		var e *kindred.Error
		if !errors.As(err, &e) {
			return err
		}
		return kindred.Errorf(e.Code, "%s Restart kindred serve to print a new setup link.", e.Message)
	}
	return nil
}

// SetupLink returns a one-time link (valid a day) that creates the first
// administrator, or "" when there are accounts already.
func (s *Service) SetupLink(ctx context.Context, baseURL string) (string, error) {
	n, err := s.Store.CountAccounts(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	var secret string
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		secret, err = tx.CreateMagicLink(ctx, nil, store.LinkSetup, 24*time.Hour, "")
		return err
	})
	if err != nil {
		return "", fmt.Errorf("setup link: %w", err)
	}
	return baseURL + "/setup?token=" + url.QueryEscape(secret), nil
}

// Setup creates the first administrator with the setup link's token and
// starts their session. EINVALID naming the bad fields, ENOTFOUND or EGONE
// for a bad, used or expired link, EGONE once Kindred has an administrator.
func (s *Service) Setup(ctx context.Context, token string, n kindred.NewAccount) (kindred.Session, error) {
	n.Role = kindred.RoleAdmin
	if err := n.Validate(); err != nil {
		return kindred.Session{}, err
	}
	hash, err := s.hash(n.Password)
	if err != nil {
		return kindred.Session{}, err
	}
	var sess kindred.Session
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if admins, err := tx.CountAdmins(ctx); err != nil {
			return err
		} else if admins > 0 {
			return alreadySetUp
		}
		if _, err := tx.ConsumeMagicLink(ctx, token, store.LinkSetup); err != nil {
			return err
		}
		a, err := tx.CreateAccount(ctx, n, hash)
		if err != nil {
			return err
		}
		if err := tx.Audit(ctx, a.ID, "setup", a.Email, "first administrator"); err != nil {
			return err
		}
		sess, err = startSession(ctx, tx, a.ID)
		return err
	})
	if err != nil {
		return sess, fmt.Errorf("setup: %w", err)
	}
	return sess, nil
}

// NewAccount is an account an administrator adds: who, with what access
// (Access.Role is the role, member when empty; NewAccount.Role is ignored).
type NewAccount struct {
	kindred.NewAccount
	Access kindred.Access
}

// Invite adds an account and emails the person a welcome with a sign-in
// link. EFORBIDDEN unless the viewer is an administrator, EINVALID naming
// the bad fields, ECONFLICT (on "email") for an address that has an account.
func (s *Service) Invite(ctx context.Context, v *kindred.Viewer, in NewAccount) (*kindred.Account, error) {
	return s.add(ctx, v, in, true)
}

// Create adds an account without mail (the command line), with a password
// when one is given; errors as Invite. The first account on an empty
// install is an administrator whatever was asked.
func (s *Service) Create(ctx context.Context, v *kindred.Viewer, in NewAccount) (*kindred.Account, error) {
	return s.add(ctx, v, in, false)
}

func (s *Service) add(ctx context.Context, v *kindred.Viewer, in NewAccount, welcome bool) (*kindred.Account, error) {
	if err := v.MayManageAccounts(); err != nil {
		return nil, err
	}
	n, x := in.NewAccount, in.Access
	if x.Role == "" {
		x.Role = kindred.RoleMember
	}
	n.Role = x.Role
	err1, err2 := n.Validate(), x.Validate()
	if err := joinProblems(err1, err2); err != nil {
		return nil, err
	}
	hash, err := s.hash(n.Password)
	if err != nil {
		return nil, err
	}
	var a *kindred.Account
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if a, err = tx.CreateAccount(ctx, n, hash); err != nil {
			return err
		}
		if a.Role == kindred.RoleAdmin && x.Role != kindred.RoleAdmin {
			x = kindred.Access{Role: kindred.RoleAdmin} // the first account
		} else if err := tx.SetAccess(ctx, a.ID, x); err != nil {
			return err
		}
		if err := tx.Audit(ctx, v.AccountID(), "account.create", a.Email, x.String()); err != nil {
			return err
		}
		if !welcome {
			return nil
		}
		return s.Queue.MailSignInLink(ctx, tx, a, "welcome", s.welcomeLink(), map[string]any{"InvitedBy": v.Account.DisplayName()})
	})
	if err != nil {
		return nil, fmt.Errorf("add account: %w", err)
	}
	return s.Store.Account(ctx, a.ID)
}

// welcomeLink is the sign-in link of a welcome email.
func (s *Service) welcomeLink() jobs.SignInLink {
	return jobs.SignInLink{Redirect: "/me", TTL: s.settings().WelcomeTTL}
}

// SetAccess changes what an account may do: its role, an organizer's
// cities and the network-wide grant (kindred.Access). EFORBIDDEN unless the
// viewer is an administrator, EINVALID for an organizer of nothing, for
// dropping one's own administrator role or the last administrator's,
// ENOTFOUND for a missing account.
func (s *Service) SetAccess(ctx context.Context, v *kindred.Viewer, accountID int64, x kindred.Access) error {
	if err := v.MayManageAccounts(); err != nil {
		return err
	}
	if err := x.Validate(); err != nil {
		return err
	}
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		target, err := tx.Account(ctx, accountID)
		if err != nil {
			return err
		}
		admins, err := tx.CountAdmins(ctx)
		if err != nil {
			return err
		}
		if err := x.MayGive(v, target, admins); err != nil {
			return err
		}
		if err := tx.SetAccess(ctx, accountID, x); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "account.role", target.Email, x.String())
	})
	if err != nil {
		return fmt.Errorf("set access: %w", err)
	}
	return nil
}

// SignInLinkFor makes a one-time sign-in link to the account with email and
// returns it: for the command line's operator (kindred user link), who holds
// the database anyway, on an install without a mail server, where emailed
// links are never stored where anyone could read them. EFORBIDDEN for
// anyone else, ENOTFOUND for an unknown address.
func (s *Service) SignInLinkFor(ctx context.Context, v *kindred.Viewer, email, baseURL string, ttl time.Duration) (string, error) {
	if !v.IsOperator() {
		return "", kindred.Errorf(kindred.EFORBIDDEN, "Only the command line on the server prints sign-in links.")
	}
	a, err := s.Store.AccountByEmail(ctx, email)
	if err != nil {
		return "", err
	}
	var secret string
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if secret, err = tx.CreateMagicLink(ctx, &a.ID, store.LinkSignIn, ttl, "/"); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "account.link", a.Email, "sign-in link printed on the command line")
	})
	if err != nil {
		return "", fmt.Errorf("sign-in link: %w", err)
	}
	return baseURL + "/signin/link?token=" + url.QueryEscape(secret), nil
}

// hash hashes pw, or returns "" for no password.
func (s *Service) hash(pw string) (string, error) {
	if pw == "" {
		return "", nil
	}
	return s.settings().Password.Hash(pw)
}
