package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestSetupCreatesFirstAdminInBrowser(t *testing.T) {
	t.Parallel()
	testutil.ForOneServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		link, err := srv.SetupLink(context.Background())
		if err != nil || link == "" {
			t.Fatalf("SetupLink = %q, %v", link, err)
		}
		b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
		b.Open(link)
		b.CheckA11y()
		b.Screenshot("setup")
		b.Fill("#name", "Robin")
		b.Fill("#email", "robin@example.org")
		b.Fill("#password", "short")
		b.Submit("form[action='/setup'] button")
		if got := b.Text(".alert"); !strings.Contains(got, "Password must be at least 10 characters") {
			t.Errorf("short password: alert = %q", got)
		}
		if b.Value("#name") != "Robin" || b.Value("#email") != "robin@example.org" {
			t.Errorf("typed values lost: %q %q", b.Value("#name"), b.Value("#email"))
		}
		b.CheckA11y()
		b.Fill("#password", "a much longer password")
		b.Submit("form[action='/setup'] button")
		if got := b.Text(".flash"); !strings.Contains(got, "first administrator") {
			t.Fatalf("after setup: flash = %q", got)
		}
		a, err := srv.Store.AccountByEmail(context.Background(), "robin@example.org")
		if err != nil || a.Role != kindred.RoleAdmin || !a.HasPassword {
			t.Fatalf("account = %+v, %v", a, err)
		}
		b.Open(link)
		if got := b.Text("main"); !strings.Contains(got, "already set up") {
			t.Errorf("setup link after setup: %q", got)
		}
	})
}

func TestAPITokensFromProfileInBrowser(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	a := testutil.CreateAccount(t, srv.Store, "tokens@example.org", kindred.RoleAdmin)
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(t, b, srv, a.ID)
	b.Open(srv.URL + "/me")
	b.CheckA11y()
	b.Submit("form[action='/me/tokens'] button")
	if got := b.Text(".alert"); !strings.Contains(got, "required") {
		t.Errorf("token without a name: %q", got)
	}
	b.Fill("#token_name", "weekly export")
	b.Submit("form[action='/me/tokens'] button")
	secret := b.Text("#new-token")
	if !strings.HasPrefix(secret, "kdt_") {
		t.Fatalf("new token = %q", secret)
	}
	b.CheckA11y()
	b.Screenshot("profile")
	if code := apiStatus(t, srv, secret); code != 200 {
		t.Errorf("API with the new token: %d", code)
	}
	b.Submit("form[action$='/revoke'] button")
	if code := apiStatus(t, srv, secret); code != 401 {
		t.Errorf("API with the revoked token: %d, want 401", code)
	}
	b.Open(srv.URL + "/me")
	if strings.Contains(b.Text("main"), "weekly export") {
		t.Errorf("revoked token still listed")
	}
}

func apiStatus(t *testing.T, srv *testutil.Server, token string) int {
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, _ := do(t, testutil.Client(), req)
	return resp.StatusCode
}

func TestAdminInvitesMemberByEmailInBrowser(t *testing.T) {
	t.Parallel()
	mp := testutil.StartedMailpit(t)
	testutil.ForOneServer(t, testutil.ServerOptions{SMTPURL: mp.SMTPURL}, func(t *testing.T, srv *testutil.Server) {
		admin := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("admin"), kindred.RoleAdmin)
		b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
		testutil.SignIn(t, b, srv, admin.ID)
		b.Open(srv.URL + "/admin/accounts")
		b.CheckA11y()

		b.Fill("#email", admin.Email)
		b.Fill("#name", "Someone Else")
		b.Submit("#add-account button")
		if got := b.Text(".alert"); !strings.Contains(got, "already exists") {
			t.Errorf("duplicate email: alert = %q", got)
		}
		if b.Value("#name") != "Someone Else" {
			t.Errorf("typed name lost")
		}

		invitee := testutil.UniqueEmail("invitee")
		b.Fill("#email", invitee)
		b.Fill("#name", "Imani Mensah")
		b.Submit("#add-account button")
		if got := b.Text(".flash"); !strings.Contains(got, invitee) {
			t.Fatalf("flash = %q", got)
		}
		b.Screenshot("admin-accounts")
		msgs := mp.WaitFor(t, invitee, 1, 20*time.Second)
		if len(msgs) != 1 || !strings.Contains(msgs[0].Subject, "invited") {
			t.Fatalf("mailpit has %+v", msgs)
		}
		link := testutil.LinkIn(t, mp.Message(t, msgs[0].ID).Text)

		guest := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
		guest.Open(link)
		guest.Submit("#use-link")
		if got := guest.Text("h1"); got != "Your account" {
			t.Errorf("invitee lands on %q, want their account page", got)
		}

		b.Open(srv.URL + "/admin/outbox")
		if !strings.Contains(b.Text("main"), invitee) {
			t.Errorf("outbox does not list the welcome mail")
		}
		b.CheckA11y()
		b.Open(srv.URL + "/admin/audit")
		if !strings.Contains(b.Text("main"), "account.create") {
			t.Errorf("audit log lacks the account creation")
		}
		b.CheckA11y()
	})
}
