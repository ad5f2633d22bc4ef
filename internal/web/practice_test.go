package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestPracticeLibraryInBrowser(t *testing.T) {
	t.Parallel()
	testutil.ForOneServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		n := seedNetwork(t, srv.Store)
		testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
		acct := testutil.CreateAccount(t, srv.Store, "maria@example.org", kindred.RoleMember)
		b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
		testutil.SignIn(t, b, srv, acct.ID)

		b.Open(srv.URL + "/practices/new")
		b.CheckA11y()
		b.Fill("#summary", "Thirty-minute conversations before any ask.")
		b.Submit("form.form button")
		if got := b.Text(".alert"); !strings.Contains(got, "Name of the practice is required") {
			t.Errorf("no title: %q", got)
		}
		if b.Value("#summary") != "Thirty-minute conversations before any ask." {
			t.Errorf("typed summary lost")
		}
		b.Fill("#title", "Relational one-to-ones")
		b.Fill("#theme_area", "Membership engagement")
		b.Fill("#tags", "organizing, listening")
		b.Fill("#body", "## How\n\n1. Listen first\n2. Ask about **their** goals\n\n<script>alert('x')</script>[bad](javascript:alert(1))")
		b.Submit("form.form button")
		if got := b.Text("h1"); got != "Relational one-to-ones" {
			t.Fatalf("after sharing: h1 = %q", got)
		}
		html := pageHTML(t, b)
		if strings.Contains(html, "<script>alert") || strings.Contains(html, "javascript:alert") {
			t.Errorf("the practice page runs what was typed")
		}
		if !strings.Contains(b.Text("main"), "Shared by María Estrada") {
			t.Errorf("provenance missing: %q", b.Text("main"))
		}
		b.CheckA11y()

		b.Submit("#adoptions button")
		if got := b.Text(".alert"); !strings.Contains(got, "Organization") {
			t.Errorf("empty adoption: %q", got)
		}
		b.Do(setSelect("#organization", fmt.Sprint(n.union.ID)))
		b.Fill("#note", "Doubled turnout at meetings")
		b.Submit("#adoptions button")
		if got := b.Text(".alert"); !strings.Contains(got, "How did it go?") || b.Value("#organization") != fmt.Sprint(n.union.ID) ||
			b.Value("#note") != "Doubled turnout at meetings" {
			t.Errorf("adoption without an outcome: alert %q, organization %q, note %q kept?", got, b.Value("#organization"), b.Value("#note"))
		}
		b.Do(evalAction(`document.querySelector("input[value=worked]").checked = true`))
		b.Submit("#adoptions button")
		if got := b.Text("#adoptions"); !strings.Contains(got, "Teachers Union Local 7") || !strings.Contains(got, "Chicago") || !strings.Contains(got, "worked") {
			t.Errorf("adoptions: %q", got)
		}
		b.Screenshot("practice")
		b.Open(srv.URL + "/practices/relational-one-to-ones")
		b.ScreenshotView("practice-top")

		b.Open(srv.URL + "/practices?q=conversations")
		b.CheckA11y()
		b.Screenshot("practices")
		if got := b.Text("main"); !strings.Contains(got, "Relational one-to-ones") || !strings.Contains(got, "Tried by 1") {
			t.Errorf("search: %q", got)
		}
		b.Open(srv.URL + fmt.Sprintf("/practices?city=%d", n.boston.ID))
		if strings.Contains(b.Text("main"), "Relational one-to-ones") {
			t.Errorf("Boston filter shows a practice tried only in Chicago")
		}
	})
}
