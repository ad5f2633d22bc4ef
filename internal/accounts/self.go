package accounts

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Rename changes the viewer's display name. EINVALID (on "name") for a
// name too long, EUNAUTHORIZED when nobody is signed in.
func (s *Service) Rename(ctx context.Context, v *kindred.Viewer, name string) error {
	if err := signedIn(v); err != nil {
		return err
	}
	var p kindred.Problems
	name = kindred.ValidateName(name, "name", &p)
	if err := p.Err(); err != nil {
		return err
	}
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateAccountName(ctx, v.AccountID(), name) })
	if err != nil {
		return fmt.Errorf("rename account: %w", err)
	}
	return nil
}

// PasswordChange sets or changes the viewer's password.
type PasswordChange struct {
	Current, New string
	ClientIP     string // for the limit on wrong passwords
}

// ChangePassword sets the viewer's password (changing one needs the
// current password) and ends every other session of the account; it
// returns current, the viewer's own session, as it goes on. EINVALID on
// "new_password" for a bad password and on "current_password" for a wrong
// one, ERATELIMIT after too many wrong ones.
func (s *Service) ChangePassword(ctx context.Context, v *kindred.Viewer, current kindred.Session, in PasswordChange) (kindred.Session, error) {
	if err := signedIn(v); err != nil {
		return current, err
	}
	var p kindred.Problems
	kindred.ValidatePassword(in.New, "new_password", &p)
	if err := p.Err(); err != nil {
		return current, err
	}
	if v.Account.HasPassword {
		if err := s.limits.passwordBlocked(in.ClientIP, v.Account.Email); err != nil {
			return current, err
		}
		if _, err := s.checkPassword(ctx, in.ClientIP, v.Account.Email, in.Current); err != nil {
			if kindred.ErrorCode(err) != kindred.EUNAUTHORIZED {
				return current, err
			}
			return current, &kindred.Error{Code: kindred.EINVALID, Message: "Your current password is not right.",
				Fields: map[string]string{"current_password": "does not match"}}
		}
	}
	hash, err := s.hash(in.New)
	if err != nil {
		return current, err
	}
	return s.endOtherSessions(ctx, v, current, "account.password", func(tx *store.Tx) error {
		return tx.SetPasswordHash(ctx, v.AccountID(), hash)
	})
}

// SetDigest turns the viewer's weekly practice digest on or off.
func (s *Service) SetDigest(ctx context.Context, v *kindred.Viewer, on bool) error {
	if err := signedIn(v); err != nil {
		return err
	}
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error { return tx.SetDigest(ctx, v.AccountID(), on) })
	if err != nil {
		return fmt.Errorf("set digest: %w", err)
	}
	return nil
}

// TokenRequest asks for an API token acting as an account.
type TokenRequest struct {
	AccountID int64
	Name      string // what it is for
}

// CreateToken makes an API token and returns its secret, shown once, with
// its description. EFORBIDDEN for another person's account (only the
// command line makes tokens for others), EINVALID on "token_name".
func (s *Service) CreateToken(ctx context.Context, v *kindred.Viewer, in TokenRequest) (string, *kindred.APIToken, error) {
	if err := v.MayMakeTokenFor(in.AccountID); err != nil {
		return "", nil, err
	}
	var p kindred.Problems
	name := kindred.ValidateTokenName(in.Name, "token_name", &p)
	if err := p.Err(); err != nil {
		return "", nil, err
	}
	var secret string
	var tok *kindred.APIToken
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if secret, tok, err = tx.CreateAPIToken(ctx, in.AccountID, name); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "token.create", tok.Prefix, tok.Name)
	})
	if err != nil {
		return "", nil, fmt.Errorf("create token: %w", err)
	}
	return secret, tok, nil
}

// RevokeToken revokes one of the viewer's API tokens. ENOTFOUND when it is
// not theirs or already revoked.
func (s *Service) RevokeToken(ctx context.Context, v *kindred.Viewer, tokenID int64) error {
	if err := signedIn(v); err != nil {
		return err
	}
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeAPIToken(ctx, v.AccountID(), tokenID); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "token.revoke", strconv.FormatInt(tokenID, 10), "")
	})
	if err != nil {
		return fmt.Errorf("revoke token: %w", err)
	}
	return nil
}

// Authenticate resolves an API token to its viewer, noting the token's use
// at most once a minute so reads stay reads. EUNAUTHORIZED for an unknown
// or revoked token.
func (s *Service) Authenticate(ctx context.Context, secret string) (*kindred.Viewer, error) {
	tokenID, accountID, lastUsed, err := s.Store.TokenOwner(ctx, secret)
	if err != nil {
		return nil, err
	}
	if lastUsed == nil || s.Store.Now().Sub(*lastUsed) > time.Minute {
		if err := s.Store.WithTx(ctx, func(tx *store.Tx) error { return tx.TouchAPIToken(ctx, tokenID) }); err != nil {
			s.Log.Warn("record token use", "err", err) // a read goes on without it
		}
	}
	a, err := s.Store.Account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return s.Store.Viewer(ctx, a)
}

// Export returns everything Kindred keeps about the viewer.
func (s *Service) Export(ctx context.Context, v *kindred.Viewer) (*store.PersonalData, error) {
	if err := signedIn(v); err != nil {
		return nil, err
	}
	return s.Store.PersonalDataOf(ctx, v.AccountID())
}

// DeleteMe deletes the viewer's account and profile (see
// store.Tx.DeleteAccount for what stays) once they typed their email to
// confirm. EINVALID on "confirm" for a wrong confirmation or for the last
// administrator.
func (s *Service) DeleteMe(ctx context.Context, v *kindred.Viewer, confirm string) error {
	if err := signedIn(v); err != nil {
		return err
	}
	if !strings.EqualFold(strings.TrimSpace(confirm), v.Account.Email) {
		return &kindred.Error{Code: kindred.EINVALID, Message: "Type your email address to confirm.",
			Fields: map[string]string{"confirm": "must be your email address, " + v.Account.Email}}
	}
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		admins, err := tx.CountAdmins(ctx)
		if err != nil {
			return err
		}
		a, err := tx.Account(ctx, v.AccountID())
		if err != nil {
			return err
		}
		if err := a.MayDelete(admins); err != nil {
			return err
		}
		if err := tx.DeleteAccount(ctx, a.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, 0, "account.delete", "account "+strconv.FormatInt(a.ID, 10), "deleted by its owner")
	})
	if err != nil {
		return fmt.Errorf("delete account: %w", err)
	}
	return nil
}
