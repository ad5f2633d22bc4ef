package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func createAccount(t *testing.T, s *store.Store, email string, role kindred.Role) *kindred.Account {
	t.Helper()
	var a *kindred.Account
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		var err error
		a, err = tx.CreateAccount(context.Background(), kindred.NewAccount{Email: email, Name: "Ada " + email, Role: role}, "")
		return err
	})
	if err != nil {
		t.Fatalf("create account %s: %v", email, err)
	}
	return a
}

func TestAccounts(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		first := createAccount(t, s, "First@Example.org", kindred.RoleMember)
		if first.Role != kindred.RoleAdmin {
			t.Errorf("first account role = %q, want admin", first.Role)
		}
		if first.Email != "first@example.org" {
			t.Errorf("email = %q, want it normalized", first.Email)
		}
		second := createAccount(t, s, "second@example.org", kindred.RoleMember)
		if second.Role != kindred.RoleMember {
			t.Errorf("second account role = %q, want member", second.Role)
		}
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			_, err := tx.CreateAccount(ctx, kindred.NewAccount{Email: "SECOND@example.org"}, "")
			return err
		})
		if kindred.ErrorCode(err) != kindred.ECONFLICT || kindred.ErrorFields(err)["email"] == "" {
			t.Errorf("duplicate email: err = %v, want ECONFLICT on email", err)
		}
		got, err := s.AccountByEmail(ctx, " second@EXAMPLE.org ")
		if err != nil || got.ID != second.ID {
			t.Fatalf("AccountByEmail = %v, %v", got, err)
		}
		if _, err := s.AccountByEmail(ctx, "nobody@example.org"); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("missing account: err = %v, want ENOTFOUND", err)
		}
		n, err := s.CountAccounts(ctx)
		if err != nil || n != 2 {
			t.Errorf("CountAccounts = %d, %v; want 2", n, err)
		}
	})
}

func TestAccountValidation(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			_, err := tx.CreateAccount(ctx, kindred.NewAccount{Email: "not-an-email", Password: "short"}, "")
			return err
		})
		f := kindred.ErrorFields(err)
		if kindred.ErrorCode(err) != kindred.EINVALID || f["email"] == "" || f["password"] == "" {
			t.Errorf("err = %v, want EINVALID naming email and password", err)
		}
		if n, _ := s.CountAccounts(ctx); n != 0 {
			t.Errorf("a rejected account was stored")
		}
	})
}

func TestRolesAndCities(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		createAccount(t, s, "admin@example.org", "")
		org := createAccount(t, s, "org@example.org", kindred.RoleMember)
		var chicago kindred.City
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			chicago, err = tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
			if err != nil {
				return err
			}
			return tx.SetRole(ctx, org.ID, kindred.RoleOrganizer, []int64{chicago.ID})
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Account(ctx, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.CanOrganize(chicago.ID) || got.CanOrganize(chicago.ID+1) {
			t.Errorf("organizer scope = %v, want only Chicago (%d)", got.CityIDs, chicago.ID)
		}
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			_, err := tx.CreateCity(ctx, kindred.City{Name: "Atlantis", Slug: "atlantis", TimeZone: "Mars/Olympus"})
			return err
		})
		if kindred.ErrorFields(err)["time_zone"] == "" {
			t.Errorf("bad time zone: err = %v, want a time_zone problem", err)
		}
	})
}

func TestMagicLinks(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := createAccount(t, s, "link@example.org", "")
		var secret, expired string
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			if secret, err = tx.CreateMagicLink(ctx, &a.ID, store.LinkSignIn, time.Hour, "/me"); err != nil {
				return err
			}
			expired, err = tx.CreateMagicLink(ctx, &a.ID, store.LinkSignIn, -time.Minute, "")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CheckMagicLink(ctx, secret, store.LinkSignIn); err != nil {
			t.Errorf("CheckMagicLink(valid) = %v", err)
		}
		consume := func(sec string) (store.MagicLink, error) {
			var l store.MagicLink
			err := s.WithTx(ctx, func(tx *store.Tx) error {
				var err error
				l, err = tx.ConsumeMagicLink(ctx, sec, store.LinkSignIn)
				return err
			})
			return l, err
		}
		l, err := consume(secret)
		if err != nil || l.AccountID != a.ID || l.Redirect != "/me" {
			t.Fatalf("consume = %+v, %v", l, err)
		}
		if _, err := consume(secret); kindred.ErrorCode(err) != kindred.EGONE || !strings.Contains(err.Error(), "already been used") {
			t.Errorf("second use: err = %v, want EGONE already used", err)
		}
		if _, err := consume(expired); kindred.ErrorCode(err) != kindred.EGONE || !strings.Contains(err.Error(), "expired") {
			t.Errorf("expired: err = %v, want EGONE expired", err)
		}
		if _, err := consume("forged"); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("forged: err = %v, want ENOTFOUND", err)
		}
		if err := s.CheckMagicLink(ctx, secret, store.LinkSignIn); kindred.ErrorCode(err) != kindred.EGONE {
			t.Errorf("CheckMagicLink(used) = %v, want EGONE", err)
		}
	})
}

func TestAPITokens(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := createAccount(t, s, "tok@example.org", "")
		var secret string
		var tok *kindred.APIToken
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			secret, tok, err = tx.CreateAPIToken(ctx, a.ID, "scripts")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, store.APITokenPrefix) || !strings.HasPrefix(secret, tok.Prefix) {
			t.Errorf("secret %q, prefix %q", secret, tok.Prefix)
		}
		_, owner, _, err := s.TokenOwner(ctx, secret)
		if err != nil || owner != a.ID {
			t.Fatalf("TokenOwner = %d, %v", owner, err)
		}
		list, err := s.APITokens(ctx, a.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("APITokens = %v, %v", list, err)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.RevokeAPIToken(ctx, a.ID+1, tok.ID) }); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("revoking someone else's token: err = %v, want ENOTFOUND", err)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.RevokeAPIToken(ctx, a.ID, tok.ID) }); err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := s.TokenOwner(ctx, secret); kindred.ErrorCode(err) != kindred.EUNAUTHORIZED {
			t.Errorf("revoked token: err = %v, want EUNAUTHORIZED", err)
		}
		err = s.WithTx(ctx, func(tx *store.Tx) error { _, _, err := tx.CreateAPIToken(ctx, a.ID, " "); return err })
		if kindred.ErrorFields(err)["name"] == "" {
			t.Errorf("empty name: err = %v", err)
		}
	})
}

func TestSessions(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ss := s.Sessions()
		if err := ss.CommitCtx(ctx, "tok1", []byte("data"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := ss.CommitCtx(ctx, "tok1", []byte("data2"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		b, found, err := ss.FindCtx(ctx, "tok1")
		if err != nil || !found || string(b) != "data2" {
			t.Errorf("FindCtx = %q, %v, %v", b, found, err)
		}
		if err := ss.CommitCtx(ctx, "old", []byte("x"), time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := ss.FindCtx(ctx, "old"); found {
			t.Errorf("expired session found")
		}
		if err := ss.DeleteCtx(ctx, "tok1"); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := ss.FindCtx(ctx, "tok1"); found {
			t.Errorf("deleted session found")
		}
	})
}

func TestMail(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var id int64
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			id, err = tx.InsertMail(ctx, kindred.Mail{To: "a@example.org", Subject: "Hi", Text: "Hello",
				Attachments: []kindred.Attachment{{Filename: "x.ics", ContentType: "text/calendar", Data: []byte("BEGIN:VCALENDAR")}}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.MarkMail(ctx, id, kindred.MailSent, "") }); err != nil {
			t.Fatal(err)
		}
		m, err := s.Mail(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != kindred.MailSent || m.SentAt == nil || m.Attempts != 1 || len(m.Attachments) != 1 || string(m.Attachments[0].Data) != "BEGIN:VCALENDAR" {
			t.Errorf("mail = %+v", m)
		}
		list, err := s.ListMail(ctx, 0, 10)
		if err != nil || len(list) != 1 {
			t.Errorf("ListMail = %d, %v", len(list), err)
		}
	})
}

func TestSearch(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		docs := []kindred.SearchDoc{
			{Kind: "practice", RefID: 1, Title: "Relational organizing", Body: "One-to-one meetings build membership engagement over time."},
			{Kind: "practice", RefID: 2, Title: "Distributed organizing", Body: "Volunteers lead campaigns with digital tools; São Paulo café meetups."},
			{Kind: "note", RefID: 3, Scope: "organizers", Title: "Dinner notes", Body: "Membership dues and engagement."},
		}
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			for _, d := range docs {
				if err := tx.IndexDocument(ctx, d); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			q    kindred.SearchQuery
			want []int64
		}{
			{"word", kindred.SearchQuery{Text: "membership"}, []int64{1, 3}},
			{"prefix", kindred.SearchQuery{Text: "engag"}, []int64{1, 3}},
			{"all words", kindred.SearchQuery{Text: "membership dues"}, []int64{3}},
			{"kind filter", kindred.SearchQuery{Text: "membership", Kinds: []string{"practice"}}, []int64{1}},
			{"scope filter", kindred.SearchQuery{Text: "membership", Scopes: []string{"network"}}, []int64{1}},
			{"accents", kindred.SearchQuery{Text: "sao paulo"}, []int64{2}},
			{"operators are words", kindred.SearchQuery{Text: `"organizing" OR -( NEAR`}, nil},
			{"empty", kindred.SearchQuery{Text: "  "}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				hits, err := s.Search(ctx, tt.q)
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				for _, h := range hits {
					got = append(got, h.RefID)
				}
				if !sameIDs(got, tt.want) {
					t.Errorf("Search(%q) = %v, want %v", tt.q.Text, got, tt.want)
				}
			})
		}
		hits, _ := s.Search(ctx, kindred.SearchQuery{Text: "relational"})
		if len(hits) != 1 || !strings.Contains(hits[0].Title, kindred.HighlightStart+"Relational"+kindred.HighlightEnd) {
			t.Errorf("highlight: %+v", hits)
		}
		// Re-indexing replaces; removing drops.
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			if err := tx.IndexDocument(ctx, kindred.SearchDoc{Kind: "practice", RefID: 1, Title: "Renamed", Body: "nothing"}); err != nil {
				return err
			}
			return tx.RemoveDocument(ctx, "practice", 2)
		})
		if err != nil {
			t.Fatal(err)
		}
		if hits, _ := s.Search(ctx, kindred.SearchQuery{Text: "organizing"}); len(hits) != 0 {
			t.Errorf("after reindex: %+v", hits)
		}
	})
}

func sameIDs(got, want []int64) bool {
	if len(got) != len(want) {
		return false
	}
	seen := map[int64]bool{}
	for _, g := range got {
		seen[g] = true
	}
	for _, w := range want {
		if !seen[w] {
			return false
		}
	}
	return true
}

func TestNewerSchemaRefused(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.FakeFutureSchema(ctx) }); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Migrate(ctx); !errors.Is(err, store.ErrNewerSchema) {
			t.Errorf("Migrate on a newer schema: err = %v, want ErrNewerSchema", err)
		}
	})
}

func TestConcurrentMigrations(t *testing.T) {
	t.Parallel()
	dsn := testutil.PostgresDSN(t)
	if dsn == "" {
		t.Skip("KINDRED_TEST_POSTGRES is not set")
	}
	fresh := testutil.EmptyPostgres(t)
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			s, err := store.Open(context.Background(), fresh)
			if err == nil {
				_, err = s.Migrate(context.Background())
				s.Close()
			}
			errs <- err
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Errorf("instance %d: %v", i, err)
		}
	}
}
