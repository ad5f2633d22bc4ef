package web_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// The regression tests of issue #14's sign-in items (3, 4, 9, 11, 14): each
// failed on the code before its fix.

// manualClock is a server clock the test moves by hand.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func newManualClock() *manualClock { return &manualClock{now: time.Now().UTC().Truncate(time.Second)} }

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// forEachServerWithClock is testutil.ForEachServer with a clock of its own
// per server.
func forEachServerWithClock(t *testing.T, o testutil.ServerOptions, fn func(t *testing.T, srv *testutil.Server, clock *manualClock)) {
	for _, e := range testutil.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			opts, clock := o, newManualClock()
			opts.Clock = clock.Now
			if e.Name != "sqlite" {
				opts.DSN = e.DSN(t)
			}
			fn(t, testutil.StartServer(t, opts), clock)
		})
	}
}

// waitForJobs waits until n jobs of kind have finished, failing unless each completed.
func waitForJobs(t testing.TB, events <-chan *river.Event, kind string, n int) {
	t.Helper()
	testutil.WaitForJobs(t, events, map[string]int{kind: n})
}

// signinTokens finds the secrets of the sign-in links in a page or message.
var signinTokens = regexp.MustCompile(`/signin/link\?token=([A-Za-z0-9_%-]+)`)

func tokensIn(s string) []string {
	var out []string
	for _, m := range signinTokens.FindAllStringSubmatch(s, -1) {
		if tok, err := url.QueryUnescape(m[1]); err == nil {
			out = append(out, tok)
		}
	}
	return out
}

// useLink uses a sign-in link's secret on a fresh client and returns the
// answer's status and Location.
func useLink(t *testing.T, srv *testutil.Server, c *http.Client, token string) (int, string) {
	t.Helper()
	resp, _ := postForm(t, c, srv.URL+"/signin/link/use", url.Values{"token": {token}})
	return resp.StatusCode, resp.Header.Get("Location")
}

// TestStoredMailHoldsNoLiveSignInLink (#14 item 3): an administrator reading
// Admin → Outbox, or the stored messages themselves, finds no sign-in link
// that works, while the person the mail went to gets one that does.
func TestStoredMailHoldsNoLiveSignInLink(t *testing.T) {
	t.Parallel()
	mp := testutil.StartedMailpit(t)
	testutil.ForEachServer(t, testutil.ServerOptions{SMTPURL: mp.SMTPURL}, func(t *testing.T, srv *testutil.Server) {
		admin := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("outbox-admin"), kindred.RoleAdmin)
		known := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("outbox-known"), kindred.RoleMember)
		events, cancel := srv.Queue.Subscribe()
		defer cancel()
		ac := testutil.SignedInClient(t, srv, admin.ID)
		invitee := testutil.UniqueEmail("outbox-invitee")
		if resp, _ := postForm(t, ac, srv.URL+"/admin/accounts", url.Values{"email": {invitee}, "name": {"New Person"}, "role": {"member"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("invite: status %d", resp.StatusCode)
		}
		if resp, _ := postForm(t, testutil.Client(), srv.URL+"/signin/link", url.Values{"email": {known.Email}}); resp.StatusCode != http.StatusOK {
			t.Fatalf("request a link: status %d", resp.StatusCode)
		}
		waitForJobs(t, events, "send_mail", 2)
		for _, to := range []string{invitee, known.Email} {
			m := testutil.LastMailTo(t, srv.Store, to)
			_, shown := get(t, ac, fmt.Sprintf("%s/admin/outbox/%d", srv.URL, m.ID))
			if !strings.Contains(shown, "/signin/link?token=") {
				t.Errorf("the outbox no longer shows that a sign-in link was sent to %s", to)
			}
			for where, text := range map[string]string{"stored text": m.Text, "stored HTML": m.HTML, "outbox page": shown} {
				for _, tok := range tokensIn(text) {
					if status, _ := useLink(t, srv, testutil.Client(), tok); status == http.StatusSeeOther {
						t.Errorf("the %s of the mail to %s holds a live sign-in link", where, to)
					}
				}
			}
			msgs := mp.WaitFor(t, to, 1, 30*time.Second)
			if len(msgs) != 1 {
				t.Fatalf("%d messages delivered to %s, want 1", len(msgs), to)
			}
			delivered := tokensIn(mp.Message(t, msgs[0].ID).Text)
			if len(delivered) != 1 {
				t.Fatalf("the mail delivered to %s holds %d sign-in links, want 1", to, len(delivered))
			}
			if status, _ := useLink(t, srv, testutil.Client(), delivered[0]); status != http.StatusSeeOther {
				t.Errorf("the link delivered to %s does not sign in: status %d", to, status)
			}
		}
	})
}

// trickyNexts are next= values that once led off the site after sign-in, or
// could: browsers drop tabs and newlines from a URL and read a backslash as
// a slash, so "/\t/evil.example" is "//evil.example", another site.
var trickyNexts = []string{
	"/\t/evil.example/phish", "/\r/evil.example/phish", "/\n/evil.example/phish", "/\r\n/evil.example/phish",
	"/%09/evil.example/phish", "//evil.example/phish", "///evil.example/phish", "/\\evil.example/phish",
	"\\\\evil.example/phish", "/\\/evil.example/phish", "/%5Cevil.example/phish", "/%2F/evil.example/phish",
	"https://evil.example/phish", "http:evil.example", "javascript:alert(1)", " //evil.example/phish",
	"\t//evil.example/phish", "/\x00/evil.example", "/\u00a0/evil.example", "evil.example",
}

// safeNexts are same-site paths that must survive sign-in as they are.
var safeNexts = []string{"/me", "/gatherings?when=past", "/network?q=S%C3%A3o+Paulo", "/practices/relational-one-to-ones"}

// TestSignInRedirectStaysOnSite (#14 item 4): after signing in with a
// password or with an emailed link, only a path on this site survives as
// where to go next.
func TestSignInRedirectStaysOnSite(t *testing.T) {
	t.Parallel()
	mp := testutil.StartedMailpit(t)
	clock := newManualClock()
	srv := testutil.StartServer(t, testutil.ServerOptions{SMTPURL: mp.SMTPURL, Clock: clock.Now})
	cases := map[string]string{}
	for _, n := range trickyNexts {
		cases[n] = "/"
	}
	for _, n := range safeNexts {
		cases[n] = n
	}
	for next, want := range cases {
		clock.Advance(time.Hour) // each case its own rate-limit window
		a := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("next"), kindred.RoleMember)
		setPassword(t, srv.Store, a.ID, "a good long password")
		resp, _ := postForm(t, testutil.Client(), srv.URL+"/signin/password", url.Values{"email": {a.Email}, "password": {"a good long password"}, "next": {next}})
		if got := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || got != want {
			t.Errorf("password sign-in with next=%q: %d to %q, want 303 to %q", next, resp.StatusCode, got, want)
		}
		if resp, _ := postForm(t, testutil.Client(), srv.URL+"/signin/link", url.Values{"email": {a.Email}, "next": {next}}); resp.StatusCode != http.StatusOK {
			t.Fatalf("request a link with next=%q: status %d", next, resp.StatusCode)
		}
		msgs := mp.WaitFor(t, a.Email, 1, 30*time.Second)
		if len(msgs) != 1 {
			t.Fatalf("no sign-in mail for next=%q", next)
		}
		toks := tokensIn(mp.Message(t, msgs[0].ID).Text)
		if len(toks) != 1 {
			t.Fatalf("next=%q: %d links in the mail", next, len(toks))
		}
		if status, got := useLink(t, srv, testutil.Client(), toks[0]); status != http.StatusSeeOther || got != want {
			t.Errorf("link sign-in with next=%q: %d to %q, want 303 to %q", next, status, got, want)
		}
	}
}

// TestSignInRedirectStaysOnSiteInBrowser (#14 item 4) follows the redirect
// in a real browser, which drops tabs and newlines and reads backslashes as
// slashes: after signing in, the browser is still on this site.
func TestSignInRedirectStaysOnSiteInBrowser(t *testing.T) {
	t.Parallel()
	mp := testutil.StartedMailpit(t)
	srv := testutil.StartServer(t, testutil.ServerOptions{SMTPURL: mp.SMTPURL})
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	for _, next := range []string{"/\t/evil.example/phish", "/\n/evil.example/phish", "/\\evil.example/phish", "//evil.example/phish"} {
		a := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("browser-next"), kindred.RoleMember)
		setPassword(t, srv.Store, a.ID, "a good long password")
		b.Open(srv.URL + "/signin?next=" + url.QueryEscape(next))
		b.Do(chromedp.Click(chromedp.CSS("details.panel summary")))
		b.Fill("#pw-email", a.Email)
		b.Fill("#password", "a good long password")
		b.Submit("form[action='/signin/password'] button")
		if got := b.URL(); !strings.HasPrefix(got, srv.URL+"/") {
			t.Errorf("password sign-in with next=%q left the site for %q", next, got)
		}
	}
	next := "/\t/evil.example/phish"
	a := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("browser-link-next"), kindred.RoleMember)
	b.Open(srv.URL + "/signin?next=" + url.QueryEscape(next))
	b.Fill("#email", a.Email)
	b.Submit("form[action='/signin/link'] button")
	msgs := mp.WaitFor(t, a.Email, 1, 30*time.Second)
	if len(msgs) != 1 {
		t.Fatalf("no sign-in mail")
	}
	b.Open(testutil.LinkIn(t, mp.Message(t, msgs[0].ID).Text))
	b.Submit("#use-link")
	if got := b.URL(); !strings.HasPrefix(got, srv.URL+"/") {
		t.Errorf("link sign-in with next=%q left the site for %q", next, got)
	}
}

// signInWithPassword returns a new client signed in with the password.
func signInWithPassword(t *testing.T, srv *testutil.Server, email, pw string) *http.Client {
	t.Helper()
	c := testutil.Client()
	resp, _ := postForm(t, c, srv.URL+"/signin/password", url.Values{"email": {email}, "password": {pw}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d", email, resp.StatusCode)
	}
	return c
}

// signedInStatus is GET /me's status: 200 signed in, 303 sent to sign in.
func signedInStatus(t *testing.T, srv *testutil.Server, c *http.Client) int {
	t.Helper()
	resp, _ := get(t, c, srv.URL+"/me")
	return resp.StatusCode
}

// TestPasswordChangeEndsOtherSessions (#14 item 9): changing the password
// signs out every other session; the one that changed it stays.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		a := testutil.CreateAccount(t, srv.Store, "sessions@example.org", kindred.RoleMember)
		setPassword(t, srv.Store, a.ID, "the first password")
		here := signInWithPassword(t, srv, a.Email, "the first password")
		there := signInWithPassword(t, srv, a.Email, "the first password")
		byLink := testutil.SignedInClient(t, srv, a.ID)
		resp, _ := postForm(t, here, srv.URL+"/me/password", url.Values{"current_password": {"the first password"}, "new_password": {"the second password"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("change password: status %d", resp.StatusCode)
		}
		if got := signedInStatus(t, srv, here); got != http.StatusOK {
			t.Errorf("the session that changed the password: GET /me = %d, want 200", got)
		}
		for name, c := range map[string]*http.Client{"another password session": there, "a link session": byLink} {
			if got := signedInStatus(t, srv, c); got != http.StatusSeeOther {
				t.Errorf("%s after the password change: GET /me = %d, want 303 (signed out)", name, got)
			}
		}
	})
}

// TestSignOutEverywhere (#14 item 9): the account page's "sign out
// everywhere else" ends every other session of the account, not others'.
func TestSignOutEverywhere(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		a := testutil.CreateAccount(t, srv.Store, "everywhere@example.org", kindred.RoleMember)
		other := testutil.CreateAccount(t, srv.Store, "someone.else@example.org", kindred.RoleMember)
		here, there := testutil.SignedInClient(t, srv, a.ID), testutil.SignedInClient(t, srv, a.ID)
		bystander := testutil.SignedInClient(t, srv, other.ID)
		_, page := get(t, here, srv.URL+"/me")
		if !strings.Contains(page, `action="/me/signout-everywhere"`) {
			t.Errorf("the account page has no sign-out-everywhere button")
		}
		if resp, _ := postForm(t, here, srv.URL+"/me/signout-everywhere", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign out everywhere: status %d", resp.StatusCode)
		}
		for name, c := range map[string]*http.Client{"this session": here, "another person's session": bystander} {
			if got := signedInStatus(t, srv, c); got != http.StatusOK {
				t.Errorf("%s: GET /me = %d, want 200", name, got)
			}
		}
		if got := signedInStatus(t, srv, there); got != http.StatusSeeOther {
			t.Errorf("the other session: GET /me = %d, want 303 (signed out)", got)
		}
	})
}

// TestSessionIdleAndAbsoluteLifetime (#14 item 9): a session unused for the
// idle timeout (7 days by default) ends; one in use ends at its absolute
// lifetime (30 days) however busy.
func TestSessionIdleAndAbsoluteLifetime(t *testing.T) {
	t.Parallel()
	forEachServerWithClock(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server, clock *manualClock) {
		a := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("idle"), kindred.RoleMember)
		idle := testutil.SignedInClient(t, srv, a.ID)
		busy := testutil.SignedInClient(t, srv, a.ID)
		for day := 6; day <= 24; day += 6 {
			clock.Advance(6 * 24 * time.Hour)
			if got := signedInStatus(t, srv, busy); got != http.StatusOK {
				t.Fatalf("a session used every 6 days, on day %d: GET /me = %d, want 200", day, got)
			}
		}
		if got := signedInStatus(t, srv, idle); got != http.StatusSeeOther {
			t.Errorf("a session unused for 24 days: GET /me = %d, want 303", got)
		}
		clock.Advance(6*24*time.Hour + time.Hour)
		if got := signedInStatus(t, srv, busy); got != http.StatusSeeOther {
			t.Errorf("a busy session past 30 days: GET /me = %d, want 303", got)
		}
	})
}

// sessionCookie returns the session cookie c holds for srv.
func sessionCookie(t *testing.T, srv *testutil.Server, c *http.Client) string {
	t.Helper()
	u, _ := url.Parse(srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "kindred_session" {
			return ck.Value
		}
	}
	return ""
}

// TestSessionIDRotatesAtSignIn (#14 item 9): signing in, by link or by
// password, gives the browser a new session id, and the old id signs no one
// in, so an id planted before sign-in is worthless after it.
func TestSessionIDRotatesAtSignIn(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		a := testutil.CreateAccount(t, srv.Store, "rotate@example.org", kindred.RoleMember)
		b := testutil.CreateAccount(t, srv.Store, "rotate.b@example.org", kindred.RoleMember)
		setPassword(t, srv.Store, b.ID, "b's long password")
		c := testutil.SignedInClient(t, srv, a.ID)
		first := sessionCookie(t, srv, c)
		link, _ := url.Parse(testutil.SignInLink(t, srv, b.ID))
		if status, _ := useLink(t, srv, c, link.Query().Get("token")); status != http.StatusSeeOther {
			t.Fatalf("second sign-in by link: %d", status)
		}
		second := sessionCookie(t, srv, c)
		if resp, _ := postForm(t, c, srv.URL+"/signin/password", url.Values{"email": {b.Email}, "password": {"b's long password"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("third sign-in by password: %d", resp.StatusCode)
		}
		third := sessionCookie(t, srv, c)
		if first == "" || first == second || second == third {
			t.Errorf("session ids across sign-ins: %q, %q, %q; want three different ones", first, second, third)
		}
		u, _ := url.Parse(srv.URL)
		for _, old := range []string{first, second} {
			stale := testutil.Client()
			stale.Jar.SetCookies(u, []*http.Cookie{{Name: "kindred_session", Value: old}})
			if got := signedInStatus(t, srv, stale); got != http.StatusSeeOther {
				t.Errorf("a session id from before a sign-in: GET /me = %d, want 303", got)
			}
		}
	})
}

// TestSignedInResponsesAreNotStored (#14 item 11): whatever a signed-in
// person is sent — pages, exports, their data, the outbox — carries
// Cache-Control: no-store, as do pages that hold a sign-in secret.
func TestSignedInResponsesAreNotStored(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	seedNetwork(t, srv.Store)
	admin := testutil.CreateAccount(t, srv.Store, "nostore@example.org", kindred.RoleAdmin)
	c := testutil.SignedInClient(t, srv, admin.ID)
	var mailID int64
	if err := srv.Store.WithTx(context.Background(), func(tx *store.Tx) error {
		var err error
		mailID, err = tx.InsertMail(context.Background(), kindred.Mail{To: "x@example.org", Subject: "Hello", Text: "Hello"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/me", "/me/export.json", "/admin/outbox", fmt.Sprintf("/admin/outbox/%d", mailID), "/admin/accounts",
		"/admin/audit", "/network", "/network/export/members.csv", "/emergence/map.json", "/no/such/page"} {
		resp, _ := get(t, c, srv.URL+p)
		if got := resp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("signed-in GET %s (%d): Cache-Control %q, want no-store", p, resp.StatusCode, got)
		}
	}
	member := testutil.CreateAccount(t, srv.Store, "nostore.member@example.org", kindred.RoleMember)
	resp, _ := get(t, testutil.Client(), testutil.SignInLink(t, srv, member.ID))
	if got := resp.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("the sign-in link page: Cache-Control %q, want no-store", got)
	}
}

// clientFrom returns a client whose requests come from ip (a loopback
// address such as 127.0.0.7), so a test can play several people.
func clientFrom(ip string) *http.Client {
	c := testutil.Client()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	c.Transport = &http.Transport{DialContext: d.DialContext}
	return c
}

// TestPasswordGuessingLimitedPerAccountAndPerAddress (#14 item 14): wrong
// passwords are limited per account across addresses and per address
// across accounts; the account's owner can still sign in with a link.
func TestPasswordGuessingLimitedPerAccountAndPerAddress(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		victim := testutil.CreateAccount(t, srv.Store, "victim@example.org", kindred.RoleMember)
		setPassword(t, srv.Store, victim.ID, "the victim's password")
		// Many addresses, each under its own limit, guess one account.
		for i := 0; i < 12; i++ {
			c := clientFrom(fmt.Sprintf("127.0.1.%d", 10+i))
			for j := 0; j < 2; j++ {
				resp, _ := postForm(t, c, srv.URL+"/signin/password", url.Values{"email": {victim.Email}, "password": {fmt.Sprintf("guess %d-%d", i, j)}})
				if resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusTooManyRequests {
					t.Fatalf("guess %d-%d: status %d", i, j, resp.StatusCode)
				}
			}
		}
		resp, body := postForm(t, clientFrom("127.0.1.99"), srv.URL+"/signin/password", url.Values{"email": {victim.Email}, "password": {"the victim's password"}})
		if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "sign-in link") {
			t.Errorf("the right password after 24 wrong ones from 12 addresses: status %d, want 429 pointing to the sign-in link", resp.StatusCode)
		}
		events, cancel := srv.Queue.Subscribe()
		defer cancel()
		if resp, _ := postForm(t, clientFrom("127.0.1.98"), srv.URL+"/signin/link", url.Values{"email": {victim.Email}}); resp.StatusCode != http.StatusOK {
			t.Errorf("the owner asks for a link during the password lockout: status %d, want 200", resp.StatusCode)
		}
		waitForJobs(t, events, "send_mail", 1)
		if n := len(mailTo(t, srv, victim.Email)); n != 1 {
			t.Errorf("%d sign-in mails to the locked-out owner, want 1", n)
		}

		// One address guesses many accounts, once each.
		guesser := clientFrom("127.0.2.50")
		var last int
		for i := 0; i < 31; i++ {
			resp, _ := postForm(t, guesser, srv.URL+"/signin/password", url.Values{"email": {fmt.Sprintf("person%d@example.org", i)}, "password": {"password123!"}})
			last = resp.StatusCode
		}
		if last != http.StatusTooManyRequests {
			t.Errorf("one address after 31 wrong passwords for 31 accounts: status %d, want 429", last)
		}
	})
}

// TestStrangerCannotLockOutLinkSignIn (#14 item 14): someone asking for
// many links to another person's address is stopped, but the person still
// gets a link when they ask from their own address.
func TestStrangerCannotLockOutLinkSignIn(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		victim := testutil.CreateAccount(t, srv.Store, "link.victim@example.org", kindred.RoleMember)
		stranger := clientFrom("127.0.3.20")
		var last int
		for i := 0; i < 8; i++ {
			resp, _ := postForm(t, stranger, srv.URL+"/signin/link", url.Values{"email": {victim.Email}})
			last = resp.StatusCode
		}
		if last != http.StatusTooManyRequests {
			t.Errorf("one address asking 8 links for one person: status %d, want 429", last)
		}
		if resp, _ := postForm(t, clientFrom("127.0.3.21"), srv.URL+"/signin/link", url.Values{"email": {victim.Email}}); resp.StatusCode != http.StatusOK {
			t.Errorf("the person asks from their own address: status %d, want 200", resp.StatusCode)
		}
	})
}
