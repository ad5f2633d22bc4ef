package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// FuzzMagicLink presents arbitrary sign-in link secrets: none but the real
// one is accepted (checked or used), a wrong one is ENOTFOUND and never
// a database error, and the real secret, altered in one byte, is refused.
func FuzzMagicLink(f *testing.F) {
	s := testutil.OpenStore(f, ":memory:")
	ctx := context.Background()
	acct := testutil.CreateAccount(f, s, "fuzz@example.org", kindred.RoleMember)
	var secret string
	err := s.WithTx(ctx, func(tx *store.Tx) (err error) {
		secret, err = tx.CreateMagicLink(ctx, &acct.ID, store.LinkSignIn, time.Hour, "/")
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	if err := s.CheckMagicLink(ctx, secret, store.LinkSignIn); err != nil {
		f.Fatalf("the real link: %v", err)
	}
	for _, seed := range []string{secret[:len(secret)-1], secret + "A", "", " ", "'; DROP TABLE magic_links;--", "\x00", "%00", "😀", secret[1:]} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, try string) {
		if try == secret {
			return
		}
		if err := s.CheckMagicLink(ctx, try, store.LinkSignIn); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("CheckMagicLink(%q) = %v, want ENOTFOUND", try, err)
		}
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			_, err := tx.ConsumeMagicLink(ctx, try, store.LinkSignIn)
			return err
		})
		if kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("ConsumeMagicLink(%q) = %v, want ENOTFOUND", try, err)
		}
	})
}
