package testutil

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// CreateAccount makes an account directly in the store.
func CreateAccount(t testing.TB, s *store.Store, email string, role kindred.Role) *kindred.Account {
	t.Helper()
	var a *kindred.Account
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		var err error
		a, err = tx.CreateAccount(context.Background(), kindred.NewAccount{Email: email, Name: nameFor(email), Role: role}, "")
		if err == nil && a.Role != role && role != "" {
			err = tx.SetRole(context.Background(), a.ID, role, nil)
			a.Role = role
		}
		return err
	})
	if err != nil {
		t.Fatalf("create account %s: %v", email, err)
	}
	return a
}

// SignInLink makes a one-time sign-in link for the account.
func SignInLink(t testing.TB, srv *Server, accountID int64) string {
	t.Helper()
	var secret string
	err := srv.Store.WithTx(context.Background(), func(tx *store.Tx) error {
		var err error
		secret, err = tx.CreateMagicLink(context.Background(), &accountID, store.LinkSignIn, time.Hour, "/")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return srv.URL + "/signin/link?token=" + secret
}

// SignIn signs the browser in as the account through a real sign-in link.
func SignIn(t testing.TB, b *Browser, srv *Server, accountID int64) {
	t.Helper()
	b.Open(SignInLink(t, srv, accountID))
	b.Submit("#use-link")
}

var linkPattern = regexp.MustCompile(`https?://\S+/signin/link\?token=[A-Za-z0-9_%-]+`)

// LinkIn returns the first sign-in link in a message body, or fails.
func LinkIn(t testing.TB, body string) string {
	t.Helper()
	link := linkPattern.FindString(body)
	if link == "" {
		t.Fatalf("no sign-in link in %q", body)
	}
	return link
}

// LastMailTo returns the newest stored message to addr, or fails.
func LastMailTo(t testing.TB, s *store.Store, addr string) *kindred.Mail {
	t.Helper()
	msgs, err := s.ListMail(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if m.To == addr {
			return m
		}
	}
	t.Fatalf("no mail to %s", addr)
	return nil
}

// nameFor makes a readable name from an address: "ada.lovelace@…" → "Ada Lovelace".
func nameFor(email string) string {
	local, _, _ := strings.Cut(email, "@")
	words := strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '-' || r == '_' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// SignedInClient returns an HTTP client signed in as the account through a
// real sign-in link.
func SignedInClient(t testing.TB, srv *Server, accountID int64) *http.Client {
	t.Helper()
	link := SignInLink(t, srv, accountID)
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	c := Client()
	resp, err := c.PostForm(srv.URL+"/signin/link/use", url.Values{"token": {u.Query().Get("token")}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", resp.StatusCode)
	}
	return c
}
