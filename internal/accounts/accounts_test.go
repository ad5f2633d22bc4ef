package accounts_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/accounts"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/mail"
	"github.com/kindredhq/kindred/internal/password"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// clock is a store clock a test moves by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// world is one test's store, job queue (not started unless asked) and
// accounts service, on one engine.
type world struct {
	st    *store.Store
	q     *jobs.Queue
	svc   *accounts.Service
	clock *clock
	admin *kindred.Viewer
}

// forEachWorld runs fn on SQLite and PostgreSQL, each with its own store,
// clock and service; sender delivers mail (nil keeps it in the outbox).
func forEachWorld(t *testing.T, sender jobs.Sender, fn func(t *testing.T, w *world)) {
	for _, e := range testutil.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			c := &clock{now: time.Date(2030, 3, 1, 9, 0, 0, 0, time.UTC)}
			st := testutil.OpenStore(t, e.DSN(t), store.WithClock(c.Now))
			q, err := jobs.New(jobs.Config{Store: st, Sender: sender, PollInterval: 20 * time.Millisecond, BaseURL: "http://kindred.test", Clock: c.Now})
			if err != nil {
				t.Fatal(err)
			}
			svc := accounts.New(st, q)
			svc.Settings.Password = password.Fast()
			w := &world{st: st, q: q, svc: svc, clock: c}
			a, err := svc.Create(context.Background(), kindred.Operator(), accounts.NewAccount{
				NewAccount: kindred.NewAccount{Email: "admin@example.org", Name: "Ada Admin"}, Access: kindred.Access{Role: kindred.RoleAdmin}})
			if err != nil {
				t.Fatal(err)
			}
			w.admin = w.viewer(t, a.ID)
			fn(t, w)
		})
	}
}

// start works the queue's jobs until the test ends.
func (w *world) start(t *testing.T) {
	t.Helper()
	if err := w.q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = w.q.Stop(ctx)
	})
}

// viewer is the account as a request would see it.
func (w *world) viewer(t *testing.T, id int64) *kindred.Viewer {
	t.Helper()
	a, err := w.st.Account(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	v, err := w.st.Viewer(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// add creates an account with the access, as the administrator.
func (w *world) add(t *testing.T, email string, x kindred.Access) *kindred.Account {
	t.Helper()
	a, err := w.svc.Create(context.Background(), w.admin, accounts.NewAccount{NewAccount: kindred.NewAccount{Email: email}, Access: x})
	if err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
	return a
}

// city stores a city and returns its id.
func (w *world) city(t *testing.T, name string) int64 {
	t.Helper()
	var c kindred.City
	err := w.st.WithTx(context.Background(), func(tx *store.Tx) error {
		var err error
		c, err = tx.CreateCity(context.Background(), kindred.City{Name: name, Slug: strings.ToLower(name), TimeZone: "America/Chicago"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// audits returns the detail of each audit entry with the action, newest first.
func (w *world) audits(t *testing.T, action string) []string {
	t.Helper()
	entries, err := w.st.AuditLog(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Action == action {
			out = append(out, e.Subject+": "+e.Detail)
		}
	}
	return out
}

// waitForJobs waits until n jobs of kind have completed.
func waitForJobs(t *testing.T, events <-chan *river.Event, kind string, n int) {
	t.Helper()
	testutil.WaitForJobs(t, events, map[string]int{kind: n})
}

func TestSetAccessRules(t *testing.T) {
	t.Parallel()
	forEachWorld(t, nil, func(t *testing.T, w *world) {
		ctx := context.Background()
		chicago := w.city(t, "Chicago")
		person := w.add(t, "person@example.org", kindred.Access{Role: kindred.RoleMember})
		other := w.add(t, "other.admin@example.org", kindred.Access{Role: kindred.RoleAdmin})

		err := w.svc.SetAccess(ctx, w.admin, person.ID, kindred.Access{Role: kindred.RoleOrganizer})
		if kindred.ErrorCode(err) != kindred.EINVALID || kindred.ErrorFields(err)["city_id"] == "" {
			t.Errorf("an organizer of nothing: %v, want EINVALID on city_id", err)
		}
		if err := w.svc.SetAccess(ctx, w.admin, person.ID, kindred.Access{Role: kindred.RoleOrganizer, CityIDs: []int64{chicago}}); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.SetAccess(ctx, w.admin, person.ID, kindred.Access{Role: kindred.RoleOrganizer, CityIDs: []int64{chicago}, NetworkWide: true}); err != nil {
			t.Fatal(err)
		}
		got := w.viewer(t, person.ID)
		if !got.OrganizesNetwork() || !got.CanOrganize(chicago) {
			t.Errorf("after the grant: %+v", got.Account)
		}
		if a := w.audits(t, "account.role"); len(a) != 2 || a[0] != "person@example.org: organizer of cities 1; network-wide" {
			t.Errorf("audit of the grant: %q", a)
		}
		if err := w.svc.SetAccess(ctx, w.admin, person.ID, kindred.Access{Role: kindred.RoleMember, NetworkWide: true}); err != nil {
			t.Fatal(err)
		}
		if got := w.viewer(t, person.ID); got.OrganizesNetwork() || got.Account.NetworkWide || len(got.Account.CityIDs) != 0 {
			t.Errorf("a member keeps no grant or city: %+v", got.Account)
		}

		err = w.svc.SetAccess(ctx, w.admin, w.admin.AccountID(), kindred.Access{Role: kindred.RoleMember})
		if kindred.ErrorCode(err) != kindred.EINVALID || kindred.ErrorFields(err)["role"] == "" {
			t.Errorf("dropping one's own admin role: %v, want EINVALID on role", err)
		}
		if err := w.svc.SetAccess(ctx, w.viewer(t, person.ID), other.ID, kindred.Access{Role: kindred.RoleMember}); kindred.ErrorCode(err) != kindred.EFORBIDDEN {
			t.Errorf("a member changes an admin's role: %v, want EFORBIDDEN", err)
		}
		if err := w.svc.SetAccess(ctx, kindred.Operator(), other.ID, kindred.Access{Role: kindred.RoleMember}); err != nil {
			t.Errorf("the command line demotes one of two admins: %v", err)
		}
		err = w.svc.SetAccess(ctx, kindred.Operator(), w.admin.AccountID(), kindred.Access{Role: kindred.RoleMember})
		if kindred.ErrorCode(err) != kindred.EINVALID {
			t.Errorf("demoting the last admin: %v, want EINVALID", err)
		}
		if err := w.svc.SetAccess(ctx, w.admin, 99999, kindred.Access{Role: kindred.RoleMember}); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("a missing account: %v, want ENOTFOUND", err)
		}
	})
}

func TestCreateAccounts(t *testing.T) {
	t.Parallel()
	forEachWorld(t, nil, func(t *testing.T, w *world) {
		ctx := context.Background()
		boston := w.city(t, "Boston")
		a, err := w.svc.Create(ctx, kindred.Operator(), accounts.NewAccount{
			NewAccount: kindred.NewAccount{Email: "Org@Example.org", Password: "a long enough password"},
			Access:     kindred.Access{Role: kindred.RoleOrganizer, CityIDs: []int64{boston}, NetworkWide: true}})
		if err != nil {
			t.Fatal(err)
		}
		if a.Email != "org@example.org" || !a.HasPassword || !a.NetworkWide || len(a.CityIDs) != 1 {
			t.Errorf("created %+v", a)
		}
		_, err = w.svc.Create(ctx, w.admin, accounts.NewAccount{NewAccount: kindred.NewAccount{Email: "not an address", Password: "short"},
			Access: kindred.Access{Role: kindred.RoleOrganizer}})
		if f := kindred.ErrorFields(err); kindred.ErrorCode(err) != kindred.EINVALID || f["email"] == "" || f["password"] == "" || f["city_id"] == "" {
			t.Errorf("bad input: %v, want EINVALID on email, password and city_id", err)
		}
		_, err = w.svc.Create(ctx, w.admin, accounts.NewAccount{NewAccount: kindred.NewAccount{Email: "org@example.org"}})
		if kindred.ErrorCode(err) != kindred.ECONFLICT {
			t.Errorf("a taken address: %v, want ECONFLICT", err)
		}
		member := w.viewer(t, w.add(t, "member@example.org", kindred.Access{}).ID)
		if _, err := w.svc.Invite(ctx, member, accounts.NewAccount{NewAccount: kindred.NewAccount{Email: "x@example.org"}}); kindred.ErrorCode(err) != kindred.EFORBIDDEN {
			t.Errorf("a member invites: %v, want EFORBIDDEN", err)
		}
		if a := w.audits(t, "account.create"); len(a) != 3 || a[1] != "org@example.org: organizer of cities 1; network-wide" {
			t.Errorf("audit: %q", a)
		}
	})
}

// TestStoredSignInMailHoldsNoSecret (#14 item 3): the welcome and sign-in
// mails are stored with the link's secret hidden and their jobs carry none;
// kept in the outbox (no mail server), no link is ever made for them.
func TestStoredSignInMailHoldsNoSecret(t *testing.T) {
	t.Parallel()
	forEachWorld(t, nil, func(t *testing.T, w *world) {
		ctx := context.Background()
		invitee, err := w.svc.Invite(ctx, w.admin, accounts.NewAccount{NewAccount: kindred.NewAccount{Email: "invitee@example.org", Name: "Ines"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.RequestSignInLink(ctx, accounts.LinkRequest{Email: invitee.Email, Next: "/me", ClientIP: "192.0.2.1"}); err != nil {
			t.Fatal(err)
		}
		events, cancel := w.q.Subscribe()
		defer cancel()
		w.start(t)
		waitForJobs(t, events, "send_mail", 2)
		msgs, err := w.st.ListMail(ctx, 0, 10)
		if err != nil || len(msgs) != 2 {
			t.Fatalf("%d messages, %v; want the welcome and the sign-in mail", len(msgs), err)
		}
		for _, m := range msgs {
			if m.Status != kindred.MailOutbox || !strings.Contains(m.Text, "/signin/link?token="+kindred.HiddenSecret) ||
				!strings.Contains(m.HTML, "token="+kindred.HiddenSecret) {
				t.Errorf("stored %q (%s): the hidden link is missing:\n%s", m.Subject, m.Status, m.Text)
			}
		}
		var links, argsWithToken int
		if err := w.st.DB().QueryRow(`SELECT COUNT(*) FROM magic_links WHERE purpose = 'signin'`).Scan(&links); err != nil {
			t.Fatal(err)
		}
		if links != 0 {
			t.Errorf("%d sign-in links made for mail that stays in the outbox, want 0", links)
		}
		if err := w.st.DB().QueryRow(`SELECT COUNT(*) FROM river_job WHERE CAST(args AS TEXT) LIKE '%token%'`).Scan(&argsWithToken); err != nil {
			t.Fatal(err)
		}
		if argsWithToken != 0 {
			t.Errorf("%d jobs carry a token in their arguments", argsWithToken)
		}
	})
}

// TestSignInLinkMadeAtSending: through a real mail server, the message that
// arrives carries a working link made as it was sent; the stored one still
// hides it.
func TestSignInLinkMadeAtSending(t *testing.T) {
	t.Parallel()
	mp := testutil.StartedMailpit(t)
	forEachWorld(t, mail.NewSMTP(mp.SMTP, "Kindred <kindred@example.org>"), func(t *testing.T, w *world) {
		ctx := context.Background()
		email := testutil.UniqueEmail("made-at-sending")
		w.add(t, email, kindred.Access{})
		events, cancel := w.q.Subscribe()
		defer cancel()
		w.start(t)
		if _, err := w.svc.RequestSignInLink(ctx, accounts.LinkRequest{Email: email, Next: "/gatherings?when=past", ClientIP: "192.0.2.1"}); err != nil {
			t.Fatal(err)
		}
		waitForJobs(t, events, "send_mail", 1)
		msgs := mp.WaitFor(t, email, 1, 20*time.Second)
		if len(msgs) != 1 {
			t.Fatalf("%d messages arrived", len(msgs))
		}
		text := mp.Message(t, msgs[0].ID).Text
		_, token, ok := strings.Cut(testutil.LinkIn(t, text), "token=")
		if !ok || token == kindred.HiddenSecret {
			t.Fatalf("the delivered mail holds no secret: %s", text)
		}
		sess, next, err := w.svc.SignInWithLink(ctx, token)
		if err != nil || next != "/gatherings?when=past" || sess.AccountID == 0 {
			t.Errorf("using the delivered link: %+v, %q, %v", sess, next, err)
		}
		stored, err := w.st.ListMail(ctx, 0, 1)
		if err != nil || strings.Contains(stored[0].Text, token) || stored[0].Status != kindred.MailSent {
			t.Errorf("the stored message holds the delivered secret, or was not marked sent: %+v %v", stored, err)
		}
	})
}

// TestSignInLinkRequestOnlySchedules (#14 item 13): the request does the
// same work for a known and an unknown address — it schedules a job and
// looks nothing up — and only the job mails the known one.
func TestSignInLinkRequestOnlySchedules(t *testing.T) {
	t.Parallel()
	forEachWorld(t, nil, func(t *testing.T, w *world) {
		ctx := context.Background()
		w.add(t, "known@example.org", kindred.Access{})
		for _, email := range []string{"Known@Example.org", "nobody@example.org"} {
			got, err := w.svc.RequestSignInLink(ctx, accounts.LinkRequest{Email: email, Next: "//evil.example", ClientIP: "192.0.2.1"})
			if err != nil || got != strings.ToLower(email) {
				t.Fatalf("request for %s: %q, %v", email, got, err)
			}
		}
		var jobsPending int
		if err := w.st.DB().QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind = 'signin_request'`).Scan(&jobsPending); err != nil {
			t.Fatal(err)
		}
		if msgs, _ := w.st.ListMail(ctx, 0, 10); len(msgs) != 0 || jobsPending != 2 {
			t.Fatalf("before the jobs ran: %d messages, %d sign-in jobs; want 0 and 2", len(msgs), jobsPending)
		}
		events, cancel := w.q.Subscribe()
		defer cancel()
		w.start(t)
		testutil.WaitForJobs(t, events, map[string]int{"signin_request": 2, "send_mail": 1})
		msgs, _ := w.st.ListMail(ctx, 0, 10)
		if len(msgs) != 1 || msgs[0].To != "known@example.org" {
			t.Errorf("after the jobs: %+v, want one message to the known address", msgs)
		}
		if _, err := w.svc.RequestSignInLink(ctx, accounts.LinkRequest{Email: "not an address"}); kindred.ErrorFields(err)["email"] == "" {
			t.Errorf("a malformed address: %v, want EINVALID on email", err)
		}
	})
}

// TestPasswordLimits (#14 item 14): wrong passwords are limited per
// account across addresses and per address across accounts, and neither
// stops the account's link sign-in.
func TestPasswordLimits(t *testing.T) {
	t.Parallel()
	forEachWorld(t, nil, func(t *testing.T, w *world) {
		ctx := context.Background()
		a, err := w.svc.Create(ctx, w.admin, accounts.NewAccount{NewAccount: kindred.NewAccount{Email: "pw@example.org", Password: "the right password"}})
		if err != nil {
			t.Fatal(err)
		}
		try := func(ip, email, pw string) error {
			_, _, err := w.svc.SignInWithPassword(ctx, accounts.PasswordSignIn{Email: email, Password: pw, ClientIP: ip})
			return err
		}
		if err := try("192.0.2.1", a.Email, "the right password"); err != nil {
			t.Fatalf("the right password: %v", err)
		}
		for i := 0; i < accounts.FailPerEmail; i++ {
			ip := "198.51.100." + string(rune('a'+i%26))
			if err := try(ip, a.Email, "wrong"); kindred.ErrorCode(err) != kindred.EUNAUTHORIZED {
				t.Fatalf("wrong guess %d: %v", i, err)
			}
		}
		err = try("203.0.113.9", a.Email, "the right password")
		if kindred.ErrorCode(err) != kindred.ERATELIMIT || !strings.Contains(kindred.ErrorMessage(err), "sign-in link") {
			t.Errorf("the right password after %d wrong ones from many addresses: %v, want ERATELIMIT pointing to the link", accounts.FailPerEmail, err)
		}
		if _, err := w.svc.RequestSignInLink(ctx, accounts.LinkRequest{Email: a.Email, ClientIP: "203.0.113.9"}); err != nil {
			t.Errorf("a link for the locked account: %v", err)
		}
		w.clock.Advance(accounts.FailPerEmailWindow + time.Minute)
		if err := try("203.0.113.9", a.Email, "the right password"); err != nil {
			t.Errorf("after the window: %v", err)
		}

		for i := 0; i < accounts.FailPerClient; i++ {
			if err := try("192.0.2.77", "guess"+string(rune('a'+i%26))+string(rune('a'+i/26))+"@example.org", "wrong"); kindred.ErrorCode(err) != kindred.EUNAUTHORIZED {
				t.Fatalf("guess %d from one address: %v", i, err)
			}
		}
		if err := try("192.0.2.77", a.Email, "the right password"); kindred.ErrorCode(err) != kindred.ERATELIMIT {
			t.Errorf("one address after %d wrong passwords for other accounts: %v, want ERATELIMIT", accounts.FailPerClient, err)
		}
		if err := try("192.0.2.78", a.Email, "the right password"); err != nil {
			t.Errorf("the account from another address: %v", err)
		}
	})
}

// TestSessions (#14 item 9): a session ends after its idle time, at its
// lifetime however busy, and when the password changes or the account signs
// out everywhere — except the session that did it.
func TestSessions(t *testing.T) {
	t.Parallel()
	forEachWorld(t, nil, func(t *testing.T, w *world) {
		ctx := context.Background()
		day := 24 * time.Hour
		a, err := w.svc.Create(ctx, w.admin, accounts.NewAccount{NewAccount: kindred.NewAccount{Email: "s@example.org", Password: "the first password"}})
		if err != nil {
			t.Fatal(err)
		}
		signIn := func() kindred.Session {
			sess, _, err := w.svc.SignInWithPassword(ctx, accounts.PasswordSignIn{Email: a.Email, Password: "the first password", ClientIP: "192.0.2.1"})
			if err != nil {
				t.Fatal(err)
			}
			return sess
		}
		resume := func(s kindred.Session) accounts.Resumed {
			r, err := w.svc.Resume(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		idle, busy := signIn(), signIn()
		for i := 0; i < 4; i++ {
			w.clock.Advance(6 * day)
			r := resume(busy)
			if r.Ended || r.Viewer.AccountID() != a.ID || !r.Touched {
				t.Fatalf("a session used every 6 days, day %d: %+v", 6*(i+1), r)
			}
			busy = r.Session
		}
		if r := resume(idle); !r.Ended || r.Viewer.SignedIn() {
			t.Errorf("a session unused for 24 days: %+v, want ended", r)
		}
		w.clock.Advance(6*day + time.Hour)
		if r := resume(busy); !r.Ended {
			t.Errorf("a busy session past 30 days: %+v, want ended", r)
		}

		here, there := signIn(), signIn()
		v := w.viewer(t, a.ID)
		here, err = w.svc.ChangePassword(ctx, v, here, accounts.PasswordChange{Current: "wrong one", New: "the second password"})
		if kindred.ErrorFields(err)["current_password"] == "" {
			t.Errorf("a wrong current password: %v", err)
		}
		here, err = w.svc.ChangePassword(ctx, v, here, accounts.PasswordChange{Current: "the first password", New: "the second password"})
		if err != nil {
			t.Fatal(err)
		}
		if r := resume(here); r.Ended {
			t.Errorf("the session that changed the password ended")
		}
		if r := resume(there); !r.Ended {
			t.Errorf("another session outlived the password change")
		}
		other := signInAgain(t, w, a.Email, "the second password")
		here, err = w.svc.SignOutEverywhere(ctx, w.viewer(t, a.ID), here)
		if err != nil {
			t.Fatal(err)
		}
		if r := resume(here); r.Ended {
			t.Errorf("the session that signed out everywhere ended")
		}
		if r := resume(other); !r.Ended {
			t.Errorf("another session outlived sign out everywhere")
		}
		if a := w.audits(t, "account.password"); len(a) != 1 {
			t.Errorf("audit of the password change: %q", a)
		}
		if a := w.audits(t, "account.signout_everywhere"); len(a) != 1 {
			t.Errorf("audit of sign out everywhere: %q", a)
		}
	})
}

func signInAgain(t *testing.T, w *world, email, pw string) kindred.Session {
	t.Helper()
	sess, _, err := w.svc.SignInWithPassword(context.Background(), accounts.PasswordSignIn{Email: email, Password: pw, ClientIP: "192.0.2.2"})
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

func TestSignInNextStaysOnSite(t *testing.T) {
	t.Parallel()
	forEachWorld(t, nil, func(t *testing.T, w *world) {
		ctx := context.Background()
		a, err := w.svc.Create(ctx, w.admin, accounts.NewAccount{NewAccount: kindred.NewAccount{Email: "n@example.org", Password: "the right password"}})
		if err != nil {
			t.Fatal(err)
		}
		for next, want := range map[string]string{"/\t/evil.example/phish": "/", "/me": "/me", "https://evil.example": "/"} {
			_, got, err := w.svc.SignInWithPassword(ctx, accounts.PasswordSignIn{Email: a.Email, Password: "the right password", Next: next})
			if err != nil || got != want {
				t.Errorf("next=%q: %q, %v; want %q", next, got, err, want)
			}
		}
	})
}

func TestTokens(t *testing.T) {
	t.Parallel()
	forEachWorld(t, nil, func(t *testing.T, w *world) {
		ctx := context.Background()
		m := w.add(t, "t@example.org", kindred.Access{})
		v := w.viewer(t, m.ID)
		if _, _, err := w.svc.CreateToken(ctx, v, accounts.TokenRequest{AccountID: m.ID, Name: " "}); kindred.ErrorFields(err)["token_name"] == "" {
			t.Errorf("a token without a name: %v, want EINVALID on token_name", err)
		}
		if _, _, err := w.svc.CreateToken(ctx, w.admin, accounts.TokenRequest{AccountID: m.ID, Name: "theirs"}); kindred.ErrorCode(err) != kindred.EFORBIDDEN {
			t.Errorf("an admin makes a token for someone else: %v, want EFORBIDDEN", err)
		}
		secret, tok, err := w.svc.CreateToken(ctx, v, accounts.TokenRequest{AccountID: m.ID, Name: "export"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := w.svc.Authenticate(ctx, secret)
		if err != nil || got.AccountID() != m.ID {
			t.Fatalf("authenticate: %+v, %v", got, err)
		}
		if err := w.svc.RevokeToken(ctx, w.admin, tok.ID); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("revoking another's token: %v, want ENOTFOUND", err)
		}
		if err := w.svc.RevokeToken(ctx, v, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Authenticate(ctx, secret); kindred.ErrorCode(err) != kindred.EUNAUTHORIZED {
			t.Errorf("a revoked token: %v, want EUNAUTHORIZED", err)
		}
		if _, _, err := w.svc.CreateToken(ctx, kindred.Operator(), accounts.TokenRequest{AccountID: m.ID, Name: "ops"}); err != nil {
			t.Errorf("the command line makes a token for an account: %v", err)
		}
		if a := w.audits(t, "token.create"); len(a) != 2 {
			t.Errorf("token audits: %q", a)
		}
	})
}

func TestDeleteMe(t *testing.T) {
	t.Parallel()
	forEachWorld(t, nil, func(t *testing.T, w *world) {
		ctx := context.Background()
		err := w.svc.DeleteMe(ctx, w.admin, "admin@example.org")
		if kindred.ErrorCode(err) != kindred.EINVALID || !strings.Contains(kindred.ErrorMessage(err), "only administrator") {
			t.Errorf("the last admin deletes their account: %v", err)
		}
		m := w.viewer(t, w.add(t, "leaver@example.org", kindred.Access{}).ID)
		if err := w.svc.DeleteMe(ctx, m, "someone@example.org"); kindred.ErrorFields(err)["confirm"] == "" {
			t.Errorf("a wrong confirmation: %v", err)
		}
		if err := w.svc.DeleteMe(ctx, m, " Leaver@Example.org "); err != nil {
			t.Fatal(err)
		}
		if _, err := w.st.Account(ctx, m.AccountID()); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("the account is still there: %v", err)
		}
		if a := w.audits(t, "account.delete"); len(a) != 1 {
			t.Errorf("audit: %q", a)
		}
	})
}

func TestSetup(t *testing.T) {
	t.Parallel()
	for _, e := range testutil.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			ctx := context.Background()
			st := testutil.OpenStore(t, e.DSN(t))
			svc := accounts.New(st, nil)
			svc.Settings.Password = password.Fast()
			link, err := svc.SetupLink(ctx, "http://kindred.test")
			if err != nil || link == "" {
				t.Fatalf("setup link: %q, %v", link, err)
			}
			_, token, _ := strings.Cut(link, "token=")
			if err := svc.CheckSetup(ctx, "not-the-token"); kindred.ErrorCode(err) != kindred.ENOTFOUND || !strings.Contains(kindred.ErrorMessage(err), "Restart kindred serve") {
				t.Errorf("a wrong setup link: %v", err)
			}
			second, _ := svc.SetupLink(ctx, "http://kindred.test")
			sess, err := svc.Setup(ctx, token, kindred.NewAccount{Email: "first@example.org", Password: "a long password"})
			if err != nil || sess.AccountID == 0 {
				t.Fatalf("setup: %+v, %v", sess, err)
			}
			a, _ := st.Account(ctx, sess.AccountID)
			if a.Role != kindred.RoleAdmin || !a.HasPassword {
				t.Errorf("the first administrator: %+v", a)
			}
			_, token2, _ := strings.Cut(second, "token=")
			if _, err := svc.Setup(ctx, token2, kindred.NewAccount{Email: "second@example.org"}); kindred.ErrorCode(err) != kindred.EGONE {
				t.Errorf("a second setup with another unused link: %v, want EGONE", err)
			}
			if err := svc.CheckSetup(ctx, token2); kindred.ErrorCode(err) != kindred.EGONE {
				t.Errorf("the setup page once set up: %v, want EGONE", err)
			}
		})
	}
}
