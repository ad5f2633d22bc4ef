package testutil

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"

	"github.com/kindredhq/kindred/internal/config"
)

// OIDCProvider is a real OpenID Connect provider running in the test
// process on a loopback port: zitadel/oidc's certified OP library with its
// example server (a login page with a username and password, the
// authorization code flow with PKCE, signed ID tokens, discovery, keys and
// userinfo), over an in-memory store of the test's users and one client
// for Kindred.
type OIDCProvider struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	store        *providerStorage
}

// OIDCUser is a person who can sign in at the provider.
type OIDCUser struct {
	Username, Password  string
	FirstName, LastName string
	Email               string
	EmailVerified       bool
}

// OIDCOptions tune StartOIDCProvider.
type OIDCOptions struct {
	// EmailInIDToken puts the profile and email claims in the ID token too;
	// without it they come from the userinfo endpoint only, as the
	// standard allows when an access token is issued.
	EmailInIDToken bool
}

// StartOIDCProvider serves a provider with users until the test ends.
// Kindred's callback must be allowed with AllowRedirect before a sign-in.
func StartOIDCProvider(t testing.TB, o OIDCOptions, users ...OIDCUser) *OIDCProvider {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &OIDCProvider{Issuer: "http://" + ln.Addr().String() + "/", ClientID: "kindred", ClientSecret: "provider-secret-" + ln.Addr().String()}
	byID := map[string]*storage.User{}
	for i, u := range users {
		id := "user-" + string(rune('a'+i))
		byID[id] = &storage.User{ID: id, Username: u.Username, Password: u.Password, FirstName: u.FirstName,
			LastName: u.LastName, Email: u.Email, EmailVerified: u.EmailVerified, PreferredLanguage: language.English}
	}
	p.store = &providerStorage{Storage: storage.NewStorageWithClients(providerUsers(byID), map[string]*storage.Client{}),
		id: p.ClientID, secret: p.ClientSecret, emailInIDToken: o.EmailInIDToken}
	srv := &http.Server{Handler: exampleop.SetupServer(p.Issuer, p.store, nil, false), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("OIDC provider: %v", err)
		}
	})
	return p
}

// Settings are the KINDRED_OIDC_* settings of a Kindred that signs in
// with this provider, named name on the button.
func (p *OIDCProvider) Settings(name string, createProfiles bool) config.OIDC {
	return config.OIDC{Issuer: p.Issuer, ClientID: p.ClientID, ClientSecret: p.ClientSecret, Name: name, CreateProfiles: createProfiles}
}

// AllowRedirect lets Kindred's callback at baseURL receive the provider's
// answers, as an administrator registers it at a real provider.
func (p *OIDCProvider) AllowRedirect(baseURL string) {
	p.store.allow(strings.TrimRight(baseURL, "/") + config.CallbackPath)
}

// Login signs username in at the provider without a browser: it follows
// authURL (where Kindred sent the browser, or the provider's login page a
// browser stopped at), fills the provider's login page and returns the
// address the provider then sends the browser back to (Kindred's callback
// with the code and state).
func (p *OIDCProvider) Login(t testing.TB, authURL, username, password string) string {
	t.Helper()
	c := Client()
	next := authURL
	for range 10 {
		if u, err := url.Parse(next); err == nil && strings.HasPrefix(next, p.Issuer) && u.Path == "/login/username" {
			next = p.submitLogin(t, c, u.Query().Get("authRequestID"), username, password)
			continue
		}
		resp, err := c.Get(next)
		if err != nil {
			t.Fatalf("provider: %v", err)
		}
		resp.Body.Close()
		loc, err := resp.Location()
		if err != nil {
			t.Fatalf("provider: GET %s answered %d without a redirect", next, resp.StatusCode)
		}
		if !strings.HasPrefix(loc.String(), p.Issuer) {
			return loc.String()
		}
		next = loc.String()
	}
	t.Fatalf("provider: too many redirects from %s", authURL)
	return ""
}

// submitLogin posts the provider's login form and returns where it leads.
func (p *OIDCProvider) submitLogin(t testing.TB, c *http.Client, requestID, username, password string) string {
	t.Helper()
	resp, err := c.PostForm(p.Issuer+"login/username", url.Values{"id": {requestID}, "username": {username}, "password": {password}})
	if err != nil {
		t.Fatalf("provider login: %v", err)
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil {
		t.Fatalf("provider login as %s: status %d, no redirect (wrong password?)", username, resp.StatusCode)
	}
	return loc.String()
}

// providerStorage is the example storage with Kindred's client, whose
// allowed redirects the test adds while the provider runs (the example's
// own client list is one map shared by the whole process).
type providerStorage struct {
	*storage.Storage
	id, secret     string
	emailInIDToken bool
	mu             sync.Mutex
	redirects      []string
}

func (s *providerStorage) allow(uri string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.redirects, uri) {
		s.redirects = append(s.redirects, uri)
	}
}

// GetClientByClientID implements op.Storage for Kindred's client.
func (s *providerStorage) GetClientByClientID(_ context.Context, clientID string) (op.Client, error) {
	if clientID != s.id {
		return nil, errors.New("client not found")
	}
	s.mu.Lock()
	c := storage.WebClient(s.id, s.secret, s.redirects...)
	s.mu.Unlock()
	if s.emailInIDToken {
		return claimsInIDToken{c}, nil
	}
	return c, nil
}

// AuthorizeClientIDSecret implements op.Storage for Kindred's client.
func (s *providerStorage) AuthorizeClientIDSecret(_ context.Context, clientID, clientSecret string) error {
	if clientID != s.id || clientSecret != s.secret {
		return errors.New("invalid client")
	}
	return nil
}

// claimsInIDToken asks the provider to put the userinfo claims in the ID
// token.
type claimsInIDToken struct{ op.Client }

func (claimsInIDToken) IDTokenUserinfoClaimsAssertion() bool { return true }

// providerUsers is the provider's user directory.
type providerUsers map[string]*storage.User

func (u providerUsers) GetUserByID(id string) *storage.User { return u[id] }

func (u providerUsers) GetUserByUsername(username string) *storage.User {
	for _, user := range u {
		if user.Username == username {
			return user
		}
	}
	return nil
}

func (u providerUsers) ExampleClientID() string { return storage.ServiceUserID }
