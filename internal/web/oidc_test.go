package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// The people at the test provider.
var (
	oidcAda     = testutil.OIDCUser{Username: "ada", Password: "ada-at-the-provider", FirstName: "Ada", LastName: "Okafor", Email: "Ada.Okafor@Example.org", EmailVerified: true}
	oidcBisi    = testutil.OIDCUser{Username: "bisi", Password: "bisi-at-the-provider", FirstName: "Bisi", LastName: "Adeyemi", Email: "bisi@example.org", EmailVerified: true}
	oidcChidi   = testutil.OIDCUser{Username: "chidi", Password: "chidi-at-the-provider", FirstName: "Chidi", LastName: "Obi", Email: "chidi@example.org", EmailVerified: true}
	oidcUnknown = testutil.OIDCUser{Username: "mallory", Password: "mallory-at-the-provider", FirstName: "Mallory", LastName: "Typed", Email: "admin@example.org"}
)

// startSingleSignOn starts a provider with Ada, Bisi and Mallory (whose
// unverified address is the administrator's) and a Kindred that signs in
// with it, and makes that administrator.
func startSingleSignOn(t *testing.T, o testutil.OIDCOptions, createProfiles bool) (*testutil.OIDCProvider, *testutil.Server, *kindred.Account) {
	t.Helper()
	p := testutil.StartOIDCProvider(t, o, oidcAda, oidcBisi, oidcUnknown)
	srv := testutil.StartServer(t, testutil.ServerOptions{OIDC: p.Settings("Acme Login", createProfiles)})
	p.AllowRedirect(srv.URL)
	admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
	return p, srv, admin
}

// TestSingleSignOnInBrowser: the button on the sign-in page, the
// provider's own login page, and back in Kindred signed in, where the
// person was going, as a new member; an unverified address refused though
// it is an administrator's; a tampered state refused.
func TestSingleSignOnInBrowser(t *testing.T) {
	t.Parallel()
	p, srv, _ := startSingleSignOn(t, testutil.OIDCOptions{}, false)
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	ctx := context.Background()

	b.Open(srv.URL + "/signin?next=/me")
	if got := b.Text("#signin-oidc"); got != "Sign in with Acme Login" {
		t.Fatalf("button = %q", got)
	}
	b.CheckA11y()
	b.Screenshot("signin-oidc")
	providerLogin(t, b, p, "#signin-oidc", oidcAda)
	if u, _ := url.Parse(b.URL()); u.Path != "/me" {
		t.Fatalf("after signing in at the provider: %s, want /me", b.URL())
	}
	if got := b.Text("h1"); got != "Your account" {
		t.Errorf("h1 = %q, want the account page", got)
	}
	if got := b.Text(".flash"); !strings.Contains(got, "Acme Login") {
		t.Errorf("flash = %q, want a welcome naming the provider", got)
	}
	b.CheckA11y()
	a, err := srv.Store.AccountByEmail(ctx, "ada.okafor@example.org")
	if err != nil {
		t.Fatalf("no account for Ada: %v", err)
	}
	if a.Role != kindred.RoleMember || a.Name != "Ada Okafor" {
		t.Errorf("new account = %+v, want the member Ada Okafor", a)
	}
	log, err := srv.Store.AuditLog(ctx, 10)
	if err != nil || len(log) == 0 || log[0].Action != "account.create" || log[0].AccountID == nil || *log[0].AccountID != a.ID {
		t.Errorf("audit = %+v, %v; want account.create by Ada's new account", log, err)
	}
	b.Submit("form[action='/signout'] button")

	// Mallory typed the administrator's address at the provider, which
	// has not verified it.
	b.Open(srv.URL + "/signin")
	providerLogin(t, b, p, "#signin-oidc", oidcUnknown)
	if got := b.Text(".alert"); !strings.Contains(got, "has not verified your email address admin@example.org") {
		t.Errorf("unverified address: alert = %q", got)
	}
	if got := b.Text("h1"); got != "Sign in to Kindred" {
		t.Errorf("unverified address: h1 = %q, want the sign-in page", got)
	}
	b.CheckA11y()
	b.Screenshot("signin-oidc-unverified")
	b.Open(srv.URL + "/me")
	if u, _ := url.Parse(b.URL()); u.Path != "/signin" {
		t.Errorf("after the refusal /me went to %s, want the sign-in page", b.URL())
	}

	// A tampered state: the browser starts a sign-in, the provider answers
	// with a code, and the state on the way back is not the one this
	// browser's session holds.
	b.Open(srv.URL + "/signin")
	b.Submit("#signin-oidc")
	callback := p.Login(t, b.URL(), oidcBisi.Username, oidcBisi.Password)
	tampered := withQuery(t, callback, "state", "forged-"+query(t, callback, "state"))
	b.Open(tampered)
	if got := b.Text(".alert"); !strings.Contains(got, "does not belong to the sign-in started in this browser") {
		t.Errorf("tampered state: alert = %q", got)
	}
	// The genuine answer after that is refused too: the started sign-in
	// was used up by the forged one.
	b.Open(callback)
	if got := b.Text(".alert"); !strings.Contains(got, "Start again") {
		t.Errorf("genuine answer after a forged one: alert = %q", got)
	}
	if _, err := srv.Store.AccountByEmail(ctx, "bisi@example.org"); kindred.ErrorCode(err) != kindred.ENOTFOUND {
		t.Errorf("Bisi's account after a tampered state: %v, want none", err)
	}
}

// providerLogin clicks button on Kindred's page, fills the provider's
// login page as u and submits it, landing back in Kindred.
func providerLogin(t *testing.T, b *testutil.Browser, p *testutil.OIDCProvider, button string, u testutil.OIDCUser) {
	t.Helper()
	b.Submit(button)
	if !strings.HasPrefix(b.URL(), p.Issuer) {
		t.Fatalf("the button led to %s, not to the provider %s", b.URL(), p.Issuer)
	}
	b.Fill("#username", u.Username)
	b.Fill("#password", u.Password)
	b.Submit("button[type=submit]")
	if strings.HasPrefix(b.URL(), p.Issuer) {
		t.Fatalf("still at the provider after logging in as %s: %s", u.Username, b.URL())
	}
}

// query returns the parameter name of address u.
func query(t *testing.T, u, name string) string {
	t.Helper()
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	return parsed.Query().Get(name)
}

// withQuery returns address u with parameter name set to value.
func withQuery(t *testing.T, u, name, value string) string {
	t.Helper()
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	q := parsed.Query()
	q.Set(name, value)
	parsed.RawQuery = q.Encode()
	return parsed.String()
}

// signOnHTTP signs u in at the provider from c's session, starting at
// /signin/oidc?next=next, and returns the callback's response and body.
func signOnHTTP(t *testing.T, c *http.Client, srv *testutil.Server, p *testutil.OIDCProvider, next string, u testutil.OIDCUser) (*http.Response, string) {
	t.Helper()
	resp, _ := get(t, c, srv.URL+"/signin/oidc?next="+url.QueryEscape(next))
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), p.Issuer) {
		t.Fatalf("GET /signin/oidc = %d to %q, want 303 to the provider", resp.StatusCode, resp.Header.Get("Location"))
	}
	return get(t, c, p.Login(t, resp.Header.Get("Location"), u.Username, u.Password))
}

// TestSingleSignOnAccounts, on both engines: a new account is a member
// made with its profile when asked, an existing account is matched by its
// verified address whatever the case and keeps its role, the session token
// is renewed at sign-in, and next stays on this site.
func TestSingleSignOnAccounts(t *testing.T) {
	t.Parallel()
	for _, inIDToken := range []bool{false, true} {
		p := testutil.StartOIDCProvider(t, testutil.OIDCOptions{EmailInIDToken: inIDToken}, oidcAda, oidcBisi, oidcChidi, oidcUnknown)
		name := map[bool]string{false: "claims from userinfo", true: "claims in the ID token"}[inIDToken]
		t.Run(name, func(t *testing.T) {
			testutil.ForEachServer(t, testutil.ServerOptions{OIDC: p.Settings("Acme Login", true)}, func(t *testing.T, srv *testutil.Server) {
				ctx := context.Background()
				p.AllowRedirect(srv.URL)
				testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
				bisi := testutil.CreateAccount(t, srv.Store, "bisi@example.org", kindred.RoleOrganizer)

				c := testutil.Client()
				start, _ := get(t, c, srv.URL+"/signin/oidc?next=/me")
				before := sessionCookie(t, srv, c) // the session holding the started sign-in
				resp, _ := get(t, c, p.Login(t, start.Header.Get("Location"), oidcAda.Username, oidcAda.Password))
				if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/me" {
					t.Fatalf("callback = %d to %q, want 303 to /me", resp.StatusCode, resp.Header.Get("Location"))
				}
				if after := sessionCookie(t, srv, c); after == "" || after == before {
					t.Errorf("session token not renewed at sign-in: %q then %q", before, after)
				}
				if resp, _ := get(t, c, srv.URL+"/me"); resp.StatusCode != http.StatusOK {
					t.Errorf("GET /me after single sign-on = %d", resp.StatusCode)
				}
				ada, err := srv.Store.AccountByEmail(ctx, "ada.okafor@example.org")
				if err != nil || ada.Role != kindred.RoleMember || ada.NetworkWide {
					t.Fatalf("Ada's new account = %+v, %v; want a member", ada, err)
				}
				if m, err := srv.Store.MemberByEmail(ctx, "ada.okafor@example.org"); err != nil || m.Name != "Ada Okafor" {
					t.Errorf("Ada's profile = %+v, %v; want one made with the account", m, err)
				}

				// Bisi's account exists: matched, not made again; still an
				// organizer; next off this site goes home.
				c2 := testutil.Client()
				resp, _ = signOnHTTP(t, c2, srv, p, "//evil.example.org/x", oidcBisi)
				if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
					t.Errorf("callback with a foreign next = %d to %q, want 303 to /", resp.StatusCode, resp.Header.Get("Location"))
				}
				again, err := srv.Store.Account(ctx, bisi.ID)
				if err != nil || again.Role != kindred.RoleOrganizer {
					t.Errorf("Bisi after single sign-on = %+v, %v; want the same organizer", again, err)
				}
				// Chidi is listed in the directory without an account: his
				// new account takes that profile rather than a second one.
				listed := &kindred.Member{Name: "Chidi Obi (listed)", Email: "chidi@example.org"}
				if err := srv.Store.WithTx(ctx, func(tx *store.Tx) error { _, err := tx.CreateMember(ctx, listed); return err }); err != nil {
					t.Fatal(err)
				}
				if resp, _ := signOnHTTP(t, testutil.Client(), srv, p, "/", oidcChidi); resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("Chidi's sign-in = %d", resp.StatusCode)
				}
				chidi, err := srv.Store.AccountByEmail(ctx, "chidi@example.org")
				if err != nil {
					t.Fatal(err)
				}
				if m, err := srv.Store.MemberByEmail(ctx, "chidi@example.org"); err != nil || m.ID != listed.ID || m.AccountID != chidi.ID {
					t.Errorf("Chidi's profile = %+v, %v; want the listed one (%d) linked to his account %d", m, err, listed.ID, chidi.ID)
				}
				log, _ := srv.Store.AuditLog(ctx, 50)
				creates := 0
				for _, e := range log {
					if e.Action == "account.create" {
						creates++
						if !strings.Contains(e.Detail, "single sign-on with Acme Login") || (e.Subject != "ada.okafor@example.org" && e.Subject != "chidi@example.org") {
							t.Errorf("audit entry %+v, want Ada's or Chidi's, naming the provider", e)
						}
					}
				}
				if creates != 2 {
					t.Errorf("%d account.create entries, want 2 (Ada's and Chidi's)", creates)
				}
			})
		})
	}
}

// TestSingleSignOnRefusals: what the provider or a forger sends back
// becomes a page saying so, with its status, never a 500.
func TestSingleSignOnRefusals(t *testing.T) {
	t.Parallel()
	p, srv, _ := startSingleSignOn(t, testutil.OIDCOptions{}, false)

	c := testutil.Client()
	resp, _ := get(t, c, srv.URL+"/signin/oidc")
	state := query(t, resp.Header.Get("Location"), "state")
	tests := []struct {
		name, query string
		status      int
		words       string
	}{
		{"the person said no", "?error=access_denied&state=" + state, http.StatusUnauthorized, "You did not allow Kindred"},
		{"no sign-in started here", "?code=abc&state=" + state, http.StatusGone, "was not started in this browser"},
	}
	for _, tt := range tests {
		resp, body := get(t, c, srv.URL+"/signin/oidc/callback"+tt.query)
		if resp.StatusCode != tt.status || !strings.Contains(body, tt.words) {
			t.Errorf("%s: %d, want %d saying %q", tt.name, resp.StatusCode, tt.status, tt.words)
		}
	}

	// The genuine answer, in a browser that did not start the sign-in (a
	// forced login): refused.
	c = testutil.Client()
	resp, _ = get(t, c, srv.URL+"/signin/oidc")
	callback := p.Login(t, resp.Header.Get("Location"), oidcAda.Username, oidcAda.Password)
	if resp, body := get(t, testutil.Client(), callback); resp.StatusCode != http.StatusGone || !strings.Contains(body, "Start again") {
		t.Errorf("answer in another browser: %d, want 410", resp.StatusCode)
	}
	// A used code: the provider refuses it.
	resp, _ = get(t, c, srv.URL+"/signin/oidc")
	callback = p.Login(t, resp.Header.Get("Location"), oidcAda.Username, oidcAda.Password)
	if resp, _ := get(t, c, callback); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first use of the answer: %d, want 303", resp.StatusCode)
	}
	resp, _ = get(t, c, srv.URL+"/signin/oidc")
	fresh := query(t, resp.Header.Get("Location"), "state")
	if resp, body := get(t, c, withQuery(t, callback, "state", fresh)); resp.StatusCode != http.StatusGone || !strings.Contains(body, "already used") {
		t.Errorf("a used code again: %d, want 410 saying it was used", resp.StatusCode)
	}
}

// TestSingleSignOnProviderDown: a provider that does not answer is a 503
// page saying so; Kindred starts anyway.
func TestSingleSignOnProviderDown(t *testing.T) {
	t.Parallel()
	down := testutil.StartServer(t, testutil.ServerOptions{OIDC: config.OIDC{Issuer: "http://127.0.0.1:1/", ClientID: "k", ClientSecret: "s", Name: "Acme Login"}})
	resp, body := get(t, testutil.Client(), down.URL+"/signin/oidc")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "cannot reach Acme Login") {
		t.Errorf("provider down: %d, want 503 saying so", resp.StatusCode)
	}
}

// TestSingleSignOnNeverMakesTheFirstAdministrator: on an install nobody
// has set up, the first account would be its administrator; a provider may
// not make it.
func TestSingleSignOnNeverMakesTheFirstAdministrator(t *testing.T) {
	t.Parallel()
	p := testutil.StartOIDCProvider(t, testutil.OIDCOptions{}, oidcAda)
	srv := testutil.StartServer(t, testutil.ServerOptions{OIDC: p.Settings("Acme Login", false)})
	p.AllowRedirect(srv.URL)
	resp, body := signOnHTTP(t, testutil.Client(), srv, p, "/", oidcAda)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "setup link") {
		t.Errorf("first sign-in of an empty install: %d, want 403 pointing to the setup link", resp.StatusCode)
	}
	if _, err := srv.Store.AccountByEmail(context.Background(), "ada.okafor@example.org"); kindred.ErrorCode(err) != kindred.ENOTFOUND {
		t.Errorf("account after the refusal: %v, want none", err)
	}
}

// TestSingleSignOnOff: without a provider the button is not shown and the
// routes are not there.
func TestSingleSignOnOff(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	if _, body := get(t, testutil.Client(), srv.URL+"/signin"); strings.Contains(body, "signin-oidc") {
		t.Errorf("sign-in page offers single sign-on without a provider")
	}
	for _, path := range []string{"/signin/oidc", "/signin/oidc/callback?state=x&code=y"} {
		if resp, _ := get(t, testutil.Client(), srv.URL+path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s without a provider = %d, want 404", path, resp.StatusCode)
		}
	}
}

// TestSingleSignOnButtonOnPhone: the longest provider name the settings
// allow still fits a phone.
func TestSingleSignOnButtonOnPhone(t *testing.T) {
	t.Parallel()
	name := "Northwest Community Foundations Network"
	srv := testutil.StartServer(t, testutil.ServerOptions{OIDC: config.OIDC{Issuer: "http://127.0.0.1:1/", ClientID: "k", ClientSecret: "s", Name: name}})
	b := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	b.Open(srv.URL + "/signin") // Open fails the test if the page scrolls sideways
	if got := b.Text("#signin-oidc"); got != "Sign in with "+name {
		t.Errorf("button = %q", got)
	}
	b.CheckA11y()
	b.Screenshot("signin-oidc-phone")
}
