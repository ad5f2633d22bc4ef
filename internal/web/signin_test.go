package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestSignInWithEmailLinkInBrowser(t *testing.T) {
	t.Parallel()
	mp := testutil.StartedMailpit(t)
	srv := testutil.StartServer(t, testutil.ServerOptions{SMTPURL: mp.SMTPURL})
	email := testutil.UniqueEmail("ada.okafor")
	testutil.CreateAccount(t, srv.Store, email, kindred.RoleAdmin)
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)

	b.Open(srv.URL + "/")
	b.CheckA11y()
	b.Screenshot("home-signed-out")

	b.Open(srv.URL + "/signin")
	b.CheckA11y()
	b.Screenshot("signin")
	b.Fill("#email", "not an email")
	b.Submit("form[action='/signin/link'] button")
	if got := b.Text(".field-error"); !strings.Contains(got, "not an email address") {
		t.Errorf("field error = %q", got)
	}
	if got := b.Value("#email"); got != "not an email" {
		t.Errorf("typed email lost: %q", got)
	}
	b.CheckA11y()

	b.Fill("#email", strings.ToUpper(email[:1])+email[1:])
	b.Submit("form[action='/signin/link'] button")
	if got := b.Text("h1"); got != "Check your email" {
		t.Fatalf("after requesting a link: h1 = %q", got)
	}
	msgs := mp.WaitFor(t, email, 1, 30*time.Second)
	if len(msgs) != 1 {
		t.Fatalf("%d sign-in mails, want 1", len(msgs))
	}
	link := testutil.LinkIn(t, mp.Message(t, msgs[0].ID).Text)

	b.Open(link)
	b.CheckA11y()
	b.Submit("#use-link")
	if got := b.Text("h1"); !strings.Contains(got, "Hello") {
		t.Fatalf("after using the link: h1 = %q", got)
	}
	b.CheckA11y()
	b.Screenshot("home-signed-in")

	// The same link again: it says so and offers a new one.
	b.Open(link)
	if got := b.Text(".alert"); !strings.Contains(got, "already been used") {
		t.Errorf("reused link: %q", got)
	}
	if got := b.Text("h1"); got != "Sign in to Kindred" {
		t.Errorf("reused link page h1 = %q", got)
	}
}

func TestPhoneLayout(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	admin := testutil.CreateAccount(t, srv.Store, "phone@example.org", kindred.RoleAdmin)
	b := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, b, srv, admin.ID)
	for _, path := range []string{"/", "/me", "/admin/accounts", "/network"} {
		b.Open(srv.URL + path)
		b.CheckA11y()
		width, err := pageWidth(b)
		if err != nil {
			t.Fatal(err)
		}
		if width > testutil.PhoneWidth {
			t.Errorf("%s is %dpx wide on a %dpx phone: it scrolls sideways", path, width, testutil.PhoneWidth)
		}
	}
	b.Open(srv.URL + "/")
	b.Screenshot("home-phone")
}
