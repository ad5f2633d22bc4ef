package web_test

import (
	"context"
	"net/url"
	"strconv"

	"github.com/chromedp/chromedp"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestEmergencePageInBrowser(t *testing.T) {
	t.Parallel()
	srv, res := testutil.StartDemoServer(t, demo.Small, testutil.ServerOptions{})
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(t, b, srv, res.Admin.ID)
	b.Open(srv.URL + "/")
	if got := b.Text(".figures"); !strings.Contains(got, "301") {
		t.Errorf("home figures = %q", got)
	}
	b.CheckA11y()
	b.ScreenshotView("home-demo")
	b.Open(srv.URL + "/emergence")
	b.Do(chromedp.WaitVisible(chromedp.CSS(`#network-map[data-ready="true"] canvas`)))
	if got := b.Text("#map-status"); !strings.Contains(got, "people with shared ties") {
		t.Errorf("map status = %q", got)
	}
	b.CheckA11y()
	b.Screenshot("emergence")
	b.Do(evalAction(`window.scrollTo(0, document.getElementById("map-title").getBoundingClientRect().top + window.scrollY - 90)`))
	b.ScreenshotView("emergence-map")
	main := strings.ToLower(b.Text("main"))
	for _, jargon := range []string{"centralization", "core–periphery fit", "e–i index"} {
		if strings.Contains(main, jargon) {
			t.Errorf("the Emergence page shows %q before its details are opened", jargon)
		}
	}
	for _, want := range []string{"Stage of the network", "Across organizations", "Introductions that would help most", "Brokers", "Across cities", "Across roles", "As of", "What we see", "The measures behind these sentences",
		"named someone they'd like to meet again"} {
		if !strings.Contains(main, strings.ToLower(want)) {
			t.Errorf("Emergence page lacks %q", want)
		}
	}

	// A member sees the aggregates, not who the brokers are.
	member := testutil.CreateAccount(t, srv.Store, "someone@example.org", kindred.RoleMember)
	c := testutil.SignedInClient(t, srv, member.ID)
	_, body := get(t, c, srv.URL+"/emergence")
	if !strings.Contains(body, "Stage of the network") || strings.Contains(body, "Brokers") || strings.Contains(body, "Introductions that would help") {
		t.Errorf("a member's Emergence page shows organizer-only parts")
	}
}

func TestHideAConnection(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	n := seedNetwork(t, srv.Store)
	testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
	acct := testutil.CreateAccount(t, srv.Store, "maria@example.org", kindred.RoleMember)
	ctx := context.Background()
	var tieID int64
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.LinkOrCreateMember(ctx, acct); err != nil {
			return err
		}
		var err error
		tieID, err = tx.AddTie(ctx, kindred.Tie{A: n.maria.ID, B: n.kwame.ID, Kind: kindred.TieSatTogether, Source: kindred.SourceGathering,
			SourceRef: "Spring dinner", HappenedOn: srv.Store.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	b := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, b, srv, acct.ID)
	b.Open(srv.URL + "/me/ties")
	b.CheckA11y()
	if got := b.Text("main"); !strings.Contains(got, "Kwame Mensah") || !strings.Contains(got, "Spring dinner") {
		t.Fatalf("connections page: %q", got)
	}
	b.Submit("#tie-" + itoa(tieID) + " button")
	if got := b.Text("#tie-" + itoa(tieID)); !strings.Contains(got, "hidden by you") {
		t.Errorf("after hiding: %q", got)
	}
	shared, _ := srv.Store.Ledger(ctx, store.LedgerFilter{SharedOnly: true})
	if len(shared) != 0 {
		t.Errorf("a hidden tie still counts")
	}
	_, body := get(t, testutil.SignedInClient(t, srv, acct.ID), srv.URL+"/emergence/map.json")
	if strings.Contains(body, "Kwame") {
		t.Errorf("the map shows a hidden tie: %s", body)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestIntroductionBecomesATie(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	n := seedNetwork(t, srv.Store)
	admin := testutil.CreateAccount(t, srv.Store, "robin.okafor@example.org", kindred.RoleAdmin)
	c := testutil.SignedInClient(t, srv, admin.ID)
	resp, _ := postForm(t, c, srv.URL+"/emergence/introductions", url.Values{"a": {itoa(n.maria.ID)}, "b": {itoa(n.kwame.ID)},
		"reasons": {"María asks for fundraising, which Kwame offers"}, "message": {"You two should talk about dues."}})
	if resp.StatusCode != 303 {
		t.Fatalf("send introduction: %d", resp.StatusCode)
	}
	var links []string
	for _, to := range []string{"maria@example.org", "kwame@example.org"} {
		m := testutil.LastMailTo(t, srv.Store, to)
		if !strings.Contains(m.Subject, "Robin Okafor would like you to meet") || !strings.Contains(m.Text, "dues") {
			t.Errorf("mail to %s: %q", to, m.Subject)
		}
		i := strings.Index(m.Text, "/introductions/accept?token=")
		links = append(links, strings.Fields(m.Text[i:])[0])
	}
	anon := testutil.Client()
	for i, link := range links {
		u, _ := url.Parse(link)
		resp, body := postForm(t, anon, srv.URL+"/introductions/accept", url.Values{"token": {u.Query().Get("token")}})
		if resp.StatusCode != 200 {
			t.Fatalf("accept %d: %d", i, resp.StatusCode)
		}
		if i == 1 && !strings.Contains(body, "now connected") {
			t.Errorf("second acceptance does not say they are connected")
		}
	}
	ties, _ := srv.Store.TiesOf(context.Background(), n.maria.ID)
	if len(ties) != 1 || ties[0].Kind != kindred.TieIntroduced {
		t.Errorf("ties after the introduction = %+v", ties)
	}
	if resp, _ := postForm(t, anon, srv.URL+"/introductions/accept", url.Values{"token": {"forged"}}); resp.StatusCode != 404 {
		t.Errorf("forged token: %d", resp.StatusCode)
	}
	member := testutil.CreateAccount(t, srv.Store, "m@example.org", kindred.RoleMember)
	if resp, _ := postForm(t, testutil.SignedInClient(t, srv, member.ID), srv.URL+"/emergence/introductions", url.Values{"a": {"1"}, "b": {"2"}}); resp.StatusCode != 403 {
		t.Errorf("member sending an introduction: %d", resp.StatusCode)
	}
}

func TestWeKnowEachOther(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	n := seedNetwork(t, srv.Store)
	testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
	acct := testutil.CreateAccount(t, srv.Store, "maria@example.org", kindred.RoleMember)
	c := testutil.SignedInClient(t, srv, acct.ID)
	if resp, _ := postForm(t, c, srv.URL+"/network/members/"+itoa(n.kwame.ID)+"/know", url.Values{}); resp.StatusCode != 303 {
		t.Fatalf("know: %d", resp.StatusCode)
	}
	ties, _ := srv.Store.TiesOf(context.Background(), n.kwame.ID)
	if len(ties) != 1 || ties[0].Kind != kindred.TieSelfReported {
		t.Errorf("ties = %+v", ties)
	}
}
