package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/password"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func postForm(t *testing.T, c *http.Client, u string, form url.Values, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, c, req)
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, c, req)
}

func do(t *testing.T, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestNoAccountEnumeration(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		testutil.CreateAccount(t, srv.Store, "known@example.org", kindred.RoleAdmin)
		events, cancel := srv.Queue.Subscribe()
		defer cancel()
		c := testutil.Client()
		r1, known := postForm(t, c, srv.URL+"/signin/link", url.Values{"email": {"known@example.org"}})
		r2, unknown := postForm(t, c, srv.URL+"/signin/link", url.Values{"email": {"nobody@example.org"}})
		if r1.StatusCode != 200 || r2.StatusCode != 200 {
			t.Fatalf("statuses %d, %d; want 200, 200", r1.StatusCode, r2.StatusCode)
		}
		if strings.ReplaceAll(known, "known@", "X@") != strings.ReplaceAll(unknown, "nobody@", "X@") {
			t.Errorf("the answers for a known and an unknown address differ")
		}
		// The jobs, not the requests, look the addresses up.
		testutil.WaitForJobs(t, events, map[string]int{"signin_request": 2, "send_mail": 1})
		if n := len(mailTo(t, srv, "nobody@example.org")); n != 0 {
			t.Errorf("mail sent to an unknown address")
		}
		if n := len(mailTo(t, srv, "known@example.org")); n != 1 {
			t.Errorf("%d messages to the known address, want 1", n)
		}
	})
}

func mailTo(t *testing.T, srv *testutil.Server, addr string) []*kindred.Mail {
	msgs, err := srv.Store.ListMail(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []*kindred.Mail
	for _, m := range msgs {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

func setPassword(t *testing.T, s *store.Store, id int64, pw string) {
	hash, err := password.Fast().Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WithTx(context.Background(), func(tx *store.Tx) error { return tx.SetPasswordHash(context.Background(), id, hash) }); err != nil {
		t.Fatal(err)
	}
}

func TestPasswordSignInAndRateLimit(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		a := testutil.CreateAccount(t, srv.Store, "pw@example.org", kindred.RoleAdmin)
		setPassword(t, srv.Store, a.ID, "correct horse battery")
		c := testutil.Client()
		resp, body := postForm(t, c, srv.URL+"/signin/password", url.Values{"email": {"pw@example.org"}, "password": {"wrong password!"}})
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "don&#39;t match") {
			t.Fatalf("wrong password: %d", resp.StatusCode)
		}
		if strings.Contains(body, "wrong password!") {
			t.Errorf("the password was echoed back into the page")
		}
		if !strings.Contains(body, `value="pw@example.org"`) {
			t.Errorf("the typed email was not kept")
		}
		resp, _ = postForm(t, c, srv.URL+"/signin/password", url.Values{"email": {"pw@example.org"}, "password": {"correct horse battery"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("right password: status %d, want 303", resp.StatusCode)
		}
		if resp, _ := get(t, c, srv.URL+"/me"); resp.StatusCode != 200 {
			t.Errorf("after sign-in, /me = %d", resp.StatusCode)
		}
		other := testutil.Client()
		var last int
		for i := 0; i < 10; i++ {
			resp, _ := postForm(t, other, srv.URL+"/signin/password", url.Values{"email": {"pw@example.org"}, "password": {"guess" + string(rune('a'+i))}})
			last = resp.StatusCode
		}
		if last != http.StatusTooManyRequests {
			t.Errorf("after 10 wrong guesses: status %d, want 429", last)
		}
		resp, _ = postForm(t, other, srv.URL+"/signin/password", url.Values{"email": {"pw@example.org"}, "password": {"correct horse battery"}})
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("the right password during the lockout: status %d, want 429", resp.StatusCode)
		}
	})
}

func TestCrossOriginPostRefused(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	c := testutil.Client()
	resp, body := postForm(t, c, srv.URL+"/signin/link", url.Values{"email": {"a@example.org"}}, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "another site") {
		t.Errorf("cross-site POST: status %d", resp.StatusCode)
	}
	resp, _ = postForm(t, c, srv.URL+"/signin/link", url.Values{"email": {"a@example.org"}}, "Sec-Fetch-Site", "same-origin")
	if resp.StatusCode != 200 {
		t.Errorf("same-origin POST: status %d", resp.StatusCode)
	}
}

func TestSecurityHeadersAndLimits(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	c := testutil.Client()
	resp, body := get(t, c, srv.URL+"/")
	for h, want := range map[string]string{
		"Content-Security-Policy": "script-src 'self'",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "same-origin",
	} {
		if got := resp.Header.Get(h); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to contain %q", h, got, want)
		}
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, " style=") {
		t.Errorf("the page has inline script or style, which the CSP forbids")
	}
	big := url.Values{"email": {strings.Repeat("a", 2<<20)}}
	if resp, _ := postForm(t, c, srv.URL+"/signin/link", big); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("2 MB form: status %d, want 400", resp.StatusCode)
	}
	resp, body = get(t, c, srv.URL+"/no/such/page")
	if resp.StatusCode != 404 || !strings.Contains(body, "There is no page at this address") {
		t.Errorf("unknown page: %d", resp.StatusCode)
	}
}

func TestHealthReadyMetrics(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	c := testutil.Client()
	for path, want := range map[string]string{
		"/healthz": "ok", "/readyz": "ready", "/metrics": "kindred_http_requests_total",
	} {
		get(t, c, srv.URL+"/") // make sure a request was counted
		resp, body := get(t, c, srv.URL+path)
		if resp.StatusCode != 200 || !strings.Contains(body, want) {
			t.Errorf("%s: %d, body lacks %q", path, resp.StatusCode, want)
		}
	}
}

// TestMetricsNeedTheirToken: without KINDRED_METRICS_TOKEN, a scraper on
// the same machine reads /metrics (TestHealthReadyMetrics) and so does a
// signed-in administrator, but not a visitor a reverse proxy on the same
// machine forwards (the authorization matrix sends every role that way);
// with it, only its bearer does, whoever else asks.
func TestMetricsNeedTheirToken(t *testing.T) {
	t.Parallel()
	const token = "kindred-metrics-0123456789"
	metrics := func(c *http.Client, srv *testutil.Server, header ...string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+"/metrics", nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, body := do(t, c, req)
		return resp.StatusCode, body
	}
	open := testutil.StartServer(t, testutil.ServerOptions{})
	admin := newPerson(t, open, "Adi Admin", "adi.m@example.org", kindred.RoleAdmin, 0)
	if code, body := metrics(admin.c, open, "X-Forwarded-For", "198.51.100.4"); code != 200 || !strings.Contains(body, "kindred_http_requests_total") {
		t.Errorf("an administrator through a proxy, no token set: %d, want the metrics", code)
	}
	if code, _ := metrics(testutil.Client(), open, "X-Forwarded-For", "198.51.100.4"); code != http.StatusForbidden {
		t.Errorf("a visitor through a proxy on this machine, no token set: %d, want 403", code)
	}
	locked := testutil.StartServer(t, testutil.ServerOptions{MetricsToken: token})
	admin = newPerson(t, locked, "Adi Admin", "adi.m@example.org", kindred.RoleAdmin, 0)
	for name, c := range map[string]*http.Client{"a scraper on this machine": testutil.Client(), "an administrator": admin.c} {
		if code, _ := metrics(c, locked, "Authorization", "Bearer not-the-token-at-all"); code != http.StatusUnauthorized {
			t.Errorf("%s without the token: %d, want 401", name, code)
		}
	}
	if code, body := metrics(testutil.Client(), locked, "Authorization", "Bearer "+token, "X-Forwarded-For", "198.51.100.4"); code != 200 ||
		!strings.Contains(body, "go_goroutines") {
		t.Errorf("the token's bearer: %d, want the metrics", code)
	}
}

func TestStaticFilesAreHashed(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	c := testutil.Client()
	_, body := get(t, c, srv.URL+"/signin")
	i := strings.Index(body, "/static/")
	if i < 0 {
		t.Fatal("no static URL in the page")
	}
	u := body[i : i+strings.IndexByte(body[i:], '"')]
	resp, _ := get(t, c, srv.URL+u)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("GET %s: %d, Cache-Control %q", u, resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
}

func TestPagesNeedSignIn(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	member := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
	_ = member
	m := testutil.CreateAccount(t, srv.Store, "member@example.org", kindred.RoleMember)
	setPassword(t, srv.Store, m.ID, "member password 1")
	anon := testutil.Client()
	for _, p := range []string{"/me", "/admin/accounts", "/admin/outbox", "/network"} {
		resp, _ := get(t, anon, srv.URL+p)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin?next=") {
			t.Errorf("anonymous GET %s: %d %s", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	c := testutil.Client()
	postForm(t, c, srv.URL+"/signin/password", url.Values{"email": {"member@example.org"}, "password": {"member password 1"}})
	for _, p := range []string{"/admin/accounts", "/admin/outbox", "/admin/audit"} {
		if resp, _ := get(t, c, srv.URL+p); resp.StatusCode != http.StatusForbidden {
			t.Errorf("member GET %s: %d, want 403", p, resp.StatusCode)
		}
	}
	if resp, _ := postForm(t, c, srv.URL+"/admin/accounts", url.Values{"email": {"x@example.org"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("member POST /admin/accounts: %d, want 403", resp.StatusCode)
	}
}

func TestSafeRedirectAfterSignIn(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	a := testutil.CreateAccount(t, srv.Store, "r@example.org", kindred.RoleAdmin)
	setPassword(t, srv.Store, a.ID, "redirect password")
	for next, want := range map[string]string{"/me": "/me", "//evil.example/": "/", "https://evil.example": "/"} {
		c := testutil.Client()
		resp, _ := postForm(t, c, srv.URL+"/signin/password", url.Values{"email": {"r@example.org"}, "password": {"redirect password"}, "next": {next}})
		if got := resp.Header.Get("Location"); got != want {
			t.Errorf("next=%q: redirected to %q, want %q", next, got, want)
		}
	}
}

func TestAdminMakesOrganizerOfCities(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	n := seedNetwork(t, srv.Store)
	admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
	who := testutil.CreateAccount(t, srv.Store, "helper@example.org", kindred.RoleMember)
	c := testutil.SignedInClient(t, srv, admin.ID)
	path := srv.URL + "/admin/accounts/" + fmt.Sprint(who.ID) + "/role"
	resp, body := postForm(t, c, path, url.Values{"role": {"organizer"}, "cities_offered": {"1"}})
	if resp.StatusCode != 422 || !strings.Contains(body, "Choose the cities") {
		t.Errorf("organizer without cities: %d", resp.StatusCode)
	}
	resp, _ = postForm(t, c, path, url.Values{"role": {"organizer"}, "cities_offered": {"1"}, "city_id": {fmt.Sprint(n.boston.ID)}})
	if resp.StatusCode != 303 {
		t.Fatalf("make organizer: %d", resp.StatusCode)
	}
	a, err := srv.Store.Account(context.Background(), who.ID)
	if err != nil || a.Role != kindred.RoleOrganizer || !a.CanOrganize(n.boston.ID) || a.CanOrganize(n.chicago.ID) {
		t.Errorf("account = %+v, %v", a, err)
	}
	_, body = get(t, c, srv.URL+"/admin/accounts")
	if !strings.Contains(body, fmt.Sprintf(`<input type="checkbox" name="city_id" value="%d" checked> Boston</label>`, n.boston.ID)) {
		t.Errorf("the accounts page does not show the organizer's city")
	}
}

// TestInvalidUTF8Refused: addresses, queries and forms holding bytes that
// are not UTF-8 are a 400 with a sentence on both engines (PostgreSQL used to
// fail them with a server error), on pages and the API alike.
func TestInvalidUTF8Refused(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		createBrightSpots(t, srv.Store, nil)
		admin := testutil.SignedInClient(t, srv, testutil.CreateAccount(t, srv.Store, "utf8@example.org", kindred.RoleAdmin).ID)
		for _, p := range []string{"/c/%FF", "/practices/%FF", "/network/organizations/%FF", "/network/cities/%FF", "/listening/%FF/stories",
			"/network?tag=%FF", "/network?language=%FF", "/api/v1/campaigns/%FF"} {
			resp, body := get(t, admin, srv.URL+p)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "valid") {
				t.Errorf("GET %s: status %d, want 400 saying why", p, resp.StatusCode)
			}
		}
		for _, p := range []string{"/me", "/network/cities", "/c/bright-spots"} {
			resp, _ := postForm(t, admin, srv.URL+p, url.Values{"name": {"x\xffy"}, "time_zone": {"America/Chicago"}, "text": {"x\xff"}})
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("POST %s with a broken name: status %d, want 400", p, resp.StatusCode)
			}
		}
		if resp, _ := get(t, admin, srv.URL+"/network?q="+url.QueryEscape("São Paulo")); resp.StatusCode != http.StatusOK {
			t.Errorf("a query in valid UTF-8: status %d", resp.StatusCode)
		}
	})
}
