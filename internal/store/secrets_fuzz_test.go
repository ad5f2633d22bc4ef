package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// secrets are the real ones FuzzSecrets guards: a sign-in link, an API token,
// a story's edit link and a session token.
type secrets struct{ link, apiToken, storyEdit, session string }

func storeSecrets(f *testing.F, s *store.Store) secrets {
	ctx := context.Background()
	acct := testutil.CreateAccount(f, s, "fuzz@example.org", kindred.RoleMember)
	sec := secrets{session: "fuzz-session-token"}
	err := s.WithTx(ctx, func(tx *store.Tx) (err error) {
		if sec.link, err = tx.CreateMagicLink(ctx, &acct.ID, store.LinkSignIn, time.Hour, "/"); err != nil {
			return err
		}
		if sec.apiToken, _, err = tx.CreateAPIToken(ctx, acct.ID, "fuzz"); err != nil {
			return err
		}
		c, err := tx.CreateCampaign(ctx, demo.BrightSpots(s.Now()))
		if err != nil {
			return err
		}
		_, sec.storyEdit, err = tx.CreateStory(ctx, c, kindred.NewStory{Text: "A story to edit later.", Lang: "en",
			Consent: kindred.ConsentPublic, Name: "Teller", Email: "teller@example.org"})
		return err
	})
	if err == nil {
		err = s.Sessions().CommitCtx(ctx, sec.session, []byte("data"), time.Now().Add(time.Hour))
	}
	if err != nil {
		f.Fatal(err)
	}
	return sec
}

// FuzzSecrets presents arbitrary strings wherever a secret from outside is
// looked up (sign-in link, API token, story edit link, session cookie): none
// but the real one is accepted, and a wrong one is "not found", never a
// database error. The seeds include each real secret altered by one byte.
func FuzzSecrets(f *testing.F) {
	s := testutil.OpenStore(f, ":memory:")
	ctx := context.Background()
	sec := storeSecrets(f, s)
	_, _, _, tokErr := s.TokenOwner(ctx, sec.apiToken)
	_, storyErr := s.StoryByEditToken(ctx, sec.storyEdit)
	_, found, _ := s.Sessions().FindCtx(ctx, sec.session)
	if err := s.CheckMagicLink(ctx, sec.link, store.LinkSignIn); err != nil || tokErr != nil || storyErr != nil || !found {
		f.Fatalf("the real secrets: link %v, token %v, story %v, session found %v", err, tokErr, storyErr, found)
	}
	real := map[string]bool{sec.link: true, sec.apiToken: true, sec.storyEdit: true, sec.session: true}
	for k := range real {
		f.Add(k[:len(k)-1])
		f.Add(k + "A")
		f.Add(k[1:])
	}
	for _, seed := range []string{"", " ", "'; DROP TABLE magic_links;--", "\x00", "%00", "😀", "\xff\xfe"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, try string) {
		if real[try] {
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
		if _, _, _, err := s.TokenOwner(ctx, try); kindred.ErrorCode(err) != kindred.EUNAUTHORIZED {
			t.Errorf("TokenOwner(%q) = %v, want EUNAUTHORIZED", try, err)
		}
		if _, err := s.StoryByEditToken(ctx, try); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("StoryByEditToken(%q) = %v, want ENOTFOUND", try, err)
		}
		if _, found, err := s.Sessions().FindCtx(ctx, try); found || err != nil {
			t.Errorf("Sessions.FindCtx(%q) = %v, %v; want not found", try, found, err)
		}
	})
}
