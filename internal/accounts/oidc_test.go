package accounts_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/accounts"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// newSignOn returns a sign-on with the test provider over a fresh SQLite
// store on clk, with an administrator so new accounts are members.
func newSignOn(t *testing.T, p *testutil.OIDCProvider, clk *clock) *accounts.SingleSignOn {
	t.Helper()
	st := testutil.OpenStore(t, t.TempDir()+"/kindred.db", store.WithClock(clk.Now))
	testutil.CreateAccount(t, st, "admin@example.org", kindred.RoleAdmin)
	const redirect = "http://127.0.0.1:1/signin/oidc/callback"
	p.AllowRedirect("http://127.0.0.1:1")
	return accounts.NewSingleSignOn(st, nil, accounts.SingleSignOnSettings{Name: "Acme Login", Issuer: p.Issuer,
		ClientID: p.ClientID, ClientSecret: p.ClientSecret, RedirectURL: redirect})
}

// callbackOf reads the provider's answer.
func callbackOf(t *testing.T, address string) accounts.Callback {
	t.Helper()
	u, err := url.Parse(address)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	return accounts.Callback{State: q.Get("state"), Code: q.Get("code"), Error: q.Get("error")}
}

var ada = testutil.OIDCUser{Username: "ada", Password: "pw-ada", FirstName: "Ada", LastName: "Okafor", Email: "ada@example.org", EmailVerified: true}

// TestSingleSignOnFinish: a sign-in finished in time makes the member
// account; one that took longer than PendingTTL is refused as expired,
// though the provider's answer is genuine.
func TestSingleSignOnFinish(t *testing.T) {
	t.Parallel()
	p := testutil.StartOIDCProvider(t, testutil.OIDCOptions{}, ada)
	clk := &clock{now: time.Now()}
	sso := newSignOn(t, p, clk)
	ctx := context.Background()

	to, pending, err := sso.Begin(ctx, "/me")
	if err != nil {
		t.Fatal(err)
	}
	if q := callbackOf(t, to); q.State != pending.State || strings.Contains(to, pending.Verifier) || !strings.Contains(to, "code_challenge_method=S256") {
		t.Errorf("authorization address %s: want the state, a S256 challenge, never the verifier", to)
	}
	done, err := sso.Finish(ctx, pending, callbackOf(t, p.Login(t, to, ada.Username, ada.Password)))
	if err != nil || !done.Created || done.Next != "/me" || done.Session.AccountID == 0 {
		t.Fatalf("Finish = %+v, %v; want a new account going to /me", done, err)
	}

	to, pending, err = sso.Begin(ctx, "/")
	if err != nil {
		t.Fatal(err)
	}
	answer := callbackOf(t, p.Login(t, to, ada.Username, ada.Password))
	clk.Advance(accounts.DefaultPendingTTL + time.Minute)
	if _, err := sso.Finish(ctx, pending, answer); kindred.ErrorCode(err) != kindred.EGONE || !strings.Contains(kindred.ErrorMessage(err), "took too long") {
		t.Errorf("Finish after %v = %v, want EGONE saying it took too long", accounts.DefaultPendingTTL, err)
	}
}

// TestSingleSignOnProviderErrors: the provider's error codes become
// sentences, with the status they deserve; unknown codes are not echoed.
func TestSingleSignOnProviderErrors(t *testing.T) {
	t.Parallel()
	p := testutil.StartOIDCProvider(t, testutil.OIDCOptions{})
	sso := newSignOn(t, p, &clock{now: time.Now()})
	pending := accounts.PendingSignIn{State: "s", StartedAt: time.Now()}
	tests := []struct{ code, want, words string }{
		{"access_denied", kindred.EUNAUTHORIZED, "You did not allow Kindred"},
		{"login_required", kindred.EUNAUTHORIZED, "needs you to sign in there first"},
		{"temporarily_unavailable", kindred.EUNAVAILABLE, "Try again in a few minutes"},
		{"<script>", kindred.EUNAUTHORIZED, "did not sign you in"},
	}
	for _, tt := range tests {
		_, err := sso.Finish(context.Background(), pending, accounts.Callback{State: "s", Error: tt.code})
		if kindred.ErrorCode(err) != tt.want || !strings.Contains(kindred.ErrorMessage(err), tt.words) || strings.Contains(kindred.ErrorMessage(err), "<script>") {
			t.Errorf("error=%s: %v (%s), want %s saying %q", tt.code, err, kindred.ErrorCode(err), tt.want, tt.words)
		}
	}
}

// TestPendingSignInRoundTrips: what the session keeps comes back whole.
func TestPendingSignInRoundTrips(t *testing.T) {
	t.Parallel()
	in := accounts.PendingSignIn{State: "s", Nonce: "n", Verifier: "v", Next: "/me", StartedAt: time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out accounts.PendingSignIn
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("round trip = %+v, %v; want %+v", out, err, in)
	}
}
