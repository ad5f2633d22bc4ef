package web_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/tableplan"
	"github.com/kindredhq/kindred/internal/testutil"
)

var tableGuestNames = []string{"Amara Okafor", "Ben Cohen", "Carmen Ruiz", "Dev Patel", "Elena Petrova", "Femi Adeyemi",
	"Grace Liu", "Hugo Martins", "Imani Brooks", "Jonah Weiss", "Keiko Tanaka", "Luis Ortega", "Maya Haddad", "Noor Rahman"}

// tableDinner stores a Chicago dinner with n guests going from five
// organizations (the network's two and three more), the first two hosting,
// and one earlier dinner at which guests 2 and 3 sat together.
func tableDinner(t *testing.T, s *store.Store, nw network, n int) (*kindred.Gathering, []*kindred.Member) {
	t.Helper()
	ctx := context.Background()
	var g *kindred.Gathering
	var guests []*kindred.Member
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		orgs := []int64{nw.union.ID, nw.clinic.ID}
		for _, name := range []string{"Eastside Food Bank", "Youth Voices Chicago", "Tenants United"} {
			o, err := tx.CreateOrganization(ctx, kindred.Organization{Name: name, Kind: "nonprofit", CityIDs: []int64{nw.chicago.ID}})
			if err != nil {
				return err
			}
			orgs = append(orgs, o.ID)
		}
		for i := range n {
			m := &kindred.Member{Name: tableGuestNames[i%len(tableGuestNames)], Email: testutil.UniqueEmail("guest"), CityID: nw.chicago.ID,
				Affiliations: []kindred.Affiliation{{OrganizationID: orgs[i%len(orgs)], Role: "Organizer"}}}
			if _, err := tx.CreateMember(ctx, m); err != nil {
				return err
			}
			guests = append(guests, m)
		}
		start := time.Date(2027, 3, 4, 0, 0, 0, 0, time.UTC)
		var hosts []int64
		for _, m := range guests[:min(2, n)] {
			hosts = append(hosts, m.ID)
		}
		var err error
		g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: nw.chicago.ID, Title: "Chicago spring dinner", Capacity: 40, TableSize: 4,
			StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen, HostIDs: hosts})
		if err != nil {
			return err
		}
		for _, m := range guests {
			if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: m.ID, Status: kindred.RSVPGoing}); err != nil {
				return err
			}
		}
		if n < 4 {
			return nil
		}
		_, err = tx.AddTie(ctx, kindred.Tie{A: guests[2].ID, B: guests[3].ID, Kind: kindred.TieSatTogether, Source: kindred.SourceGathering,
			SourceRef: "Winter dinner", HappenedOn: start.AddDate(0, -3, 0)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return g, guests
}

// send posts form (or gets, when form is nil) and returns the status and body.
func send(t *testing.T, c *http.Client, u string, form url.Values) (int, string) {
	t.Helper()
	var resp *http.Response
	var err error
	if form == nil {
		resp, err = c.Get(u)
	} else {
		resp, err = c.PostForm(u, form)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// current adds the stored plan's revision to form, as the page's forms send
// it back.
func current(t *testing.T, s *store.Store, gatheringID int64, form url.Values) url.Values {
	t.Helper()
	out := url.Values{"revision": {fmt.Sprint(storedPlan(t, s, gatheringID).Revision)}}
	for k, v := range form {
		out[k] = v
	}
	return out
}

func storedPlan(t *testing.T, s *store.Store, gatheringID int64) *kindred.TablePlan {
	t.Helper()
	p, err := s.TablePlan(context.Background(), gatheringID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestTablesComposeAndEdit composes a two-round plan, refuses bad input
// keeping what was typed, moves and pins a guest, re-runs around the pin and
// locks the plan.
func TestTablesComposeAndEdit(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		g, guests := tableDinner(t, srv.Store, seedNetwork(t, srv.Store), 12)
		admin := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("host"), kindred.RoleAdmin)
		c := testutil.SignedInClient(t, srv, admin.ID)
		base := fmt.Sprintf("%s/gatherings/%d/tables", srv.URL, g.ID)

		code, body := send(t, c, base, url.Values{"table_size": {"four"}, "rounds": {"2"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "People per table must be a whole number") || !strings.Contains(body, `value="four"`) {
			t.Errorf("table size four: %d, want 422 naming the field and keeping the text", code)
		}
		compose := url.Values{"table_size": {"4"}, "rounds": {"2"}, "action": {"compose"}}
		if code, body := send(t, c, base, compose); code != http.StatusSeeOther {
			t.Fatalf("compose: %d %s", code, body)
		}
		plan := storedPlan(t, srv.Store, g.ID)
		checkPlanShape(t, plan, guests)
		if code, _ := send(t, c, base, current(t, srv.Store, g.ID, compose)); code != http.StatusSeeOther || !reflect.DeepEqual(storedPlan(t, srv.Store, g.ID).Seats, plan.Seats) {
			t.Errorf("composing again with the stored seed gave other tables (%d)", code)
		}
		code, body = send(t, c, base, nil)
		for _, want := range []string{"new cross-organization pairs", "meets ", "Amara Okafor", "Host", "Eastside Food Bank", "Re-run around the pins"} {
			if code != http.StatusOK || !strings.Contains(body, want) {
				t.Errorf("tables page (%d) lacks %q", code, want)
			}
		}
		if code, body := send(t, c, base+"/cards", nil); code != http.StatusOK || strings.Count(body, "Round 2: <strong>table") != 12 {
			t.Errorf("place cards of two rounds: %d, want 12 cards naming the round 2 table", code)
		}
		moveAndPin(t, c, srv.Store, base, g.ID, guests[5])
		lockPlan(t, c, srv.Store, base, g.ID, admin)
	})
}

// checkPlanShape checks 12 guests at 3 tables of 4 in each of 2 rounds,
// the two hosts apart, and the pair who met before apart in round 1.
func checkPlanShape(t *testing.T, plan *kindred.TablePlan, guests []*kindred.Member) {
	t.Helper()
	if plan.Rounds != 2 || plan.TableCount() != 3 || len(plan.Seats) != 24 || plan.Summary.SeatedPairs != 36 {
		t.Fatalf("plan: %d rounds, %d tables, %d seats, %d pairs; want 2, 3, 24, 36", plan.Rounds, plan.TableCount(), len(plan.Seats), plan.Summary.SeatedPairs)
	}
	table := func(round int, m *kindred.Member) int { s, _ := plan.Seat(round, m.ID); return s.Table }
	for round := 1; round <= 2; round++ {
		if table(round, guests[0]) == table(round, guests[1]) {
			t.Errorf("round %d: both hosts at table %d", round, table(round, guests[0]))
		}
	}
	if table(1, guests[2]) == table(1, guests[3]) {
		t.Errorf("guests who sat together before share table %d again", table(1, guests[2]))
	}
}

func moveAndPin(t *testing.T, c *http.Client, s *store.Store, base string, gatheringID int64, guest *kindred.Member) {
	t.Helper()
	code, body := send(t, c, base+"/move", current(t, s, gatheringID, url.Values{"member": {fmt.Sprint(guest.ID)}, "round": {"1"}, "table": {"9"}}))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "There is no table 9: this plan has tables 1 to 3.") || !strings.Contains(body, `value="9"`) {
		t.Errorf("move to table 9: %d, want 422 naming the tables and keeping 9", code)
	}
	seat, _ := storedPlan(t, s, gatheringID).Seat(1, guest.ID)
	target := seat.Table%3 + 1
	move := url.Values{"member": {fmt.Sprint(guest.ID)}, "round": {"1"}, "table": {fmt.Sprint(target)}}
	if code, body := send(t, c, base+"/move", current(t, s, gatheringID, move)); code != http.StatusSeeOther {
		t.Fatalf("move: %d %s", code, body)
	}
	if seat, _ := storedPlan(t, s, gatheringID).Seat(1, guest.ID); seat.Table != target || !seat.Pinned {
		t.Fatalf("after the move: %+v, want pinned at table %d", seat, target)
	}
	if code, _ := send(t, c, base, current(t, s, gatheringID, url.Values{"table_size": {"4"}, "rounds": {"2"}, "action": {"shuffle"}})); code != http.StatusSeeOther {
		t.Fatalf("shuffle: %d", code)
	}
	if seat, _ := storedPlan(t, s, gatheringID).Seat(1, guest.ID); seat.Table != target || !seat.Pinned {
		t.Errorf("after shuffling around the pin: %+v, want still pinned at table %d", seat, target)
	}
	if code, _ := send(t, c, base+"/pin", current(t, s, gatheringID, url.Values{"member": {fmt.Sprint(guest.ID)}, "round": {"1"}, "pin": {"0"}})); code != http.StatusSeeOther {
		t.Errorf("unpin: %d", code)
	}
	if seat, _ := storedPlan(t, s, gatheringID).Seat(1, guest.ID); seat.Pinned {
		t.Errorf("after unpinning: %+v", seat)
	}
}

func lockPlan(t *testing.T, c *http.Client, s *store.Store, base string, gatheringID int64, admin *kindred.Account) {
	t.Helper()
	if code, _ := send(t, c, base+"/lock", current(t, s, gatheringID, url.Values{})); code != http.StatusSeeOther {
		t.Fatalf("lock: %d", code)
	}
	before := storedPlan(t, s, gatheringID)
	code, body := send(t, c, base, current(t, s, gatheringID, url.Values{"table_size": {"4"}, "rounds": {"1"}, "action": {"shuffle"}}))
	if code != http.StatusConflict || !strings.Contains(body, "The table plan is locked") {
		t.Errorf("composing a locked plan: %d, want 409 saying it is locked", code)
	}
	if code, _ := send(t, c, base+"/move", current(t, s, gatheringID, url.Values{"member": {fmt.Sprint(before.Seats[0].MemberID)}, "round": {"1"}, "table": {"2"}})); code != http.StatusConflict {
		t.Errorf("moving in a locked plan: %d, want 409", code)
	}
	if after := storedPlan(t, s, gatheringID); !reflect.DeepEqual(after.Seats, before.Seats) || after.LockedBy != admin.ID {
		t.Errorf("locked plan changed or lost its locker: %+v", after)
	}
	if _, body := send(t, c, base, nil); !strings.Contains(body, "Locked</strong> by "+admin.Name) {
		t.Errorf("the page does not say who locked the plan")
	}
	if code, _ := send(t, c, base+"/lock", current(t, s, gatheringID, url.Values{"unlock": {"1"}})); code != http.StatusSeeOther || storedPlan(t, s, gatheringID).Locked() {
		t.Errorf("unlock: %d", code)
	}
}

// TestTablesEditedByTwoHosts has two hosts edit the plan from the page as
// they loaded it: the second edit gets 409 with the plan as it is now and a
// message naming who changed it and when, the plan stays the first edit's,
// and the second host can apply their edit to the current plan.
func TestTablesEditedByTwoHosts(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		g, guests := tableDinner(t, srv.Store, seedNetwork(t, srv.Store), 12)
		sam := testutil.CreateAccount(t, srv.Store, "sam.lee@example.org", kindred.RoleAdmin)
		ana := testutil.CreateAccount(t, srv.Store, "ana.ruiz@example.org", kindred.RoleAdmin)
		samC, anaC := testutil.SignedInClient(t, srv, sam.ID), testutil.SignedInClient(t, srv, ana.ID)
		base := fmt.Sprintf("%s/gatherings/%d/tables", srv.URL, g.ID)
		if code, body := send(t, samC, base, url.Values{"table_size": {"4"}, "rounds": {"1"}, "action": {"compose"}}); code != http.StatusSeeOther {
			t.Fatalf("compose: %d %s", code, body)
		}
		_, samPage := send(t, samC, base, nil)
		_, anaPage := send(t, anaC, base, nil)
		plan := storedPlan(t, srv.Store, g.ID)
		moveTo := func(m *kindred.Member) url.Values {
			seat, _ := plan.Seat(1, m.ID)
			return url.Values{"member": {fmt.Sprint(m.ID)}, "round": {"1"}, "table": {fmt.Sprint(seat.Table%3 + 1)}}
		}
		samMove, anaMove := moveTo(guests[4]), moveTo(guests[5])
		if code, body := send(t, samC, base+"/move", withRevision(t, samMove, samPage)); code != http.StatusSeeOther {
			t.Fatalf("Sam's move: %d %s", code, body)
		}
		after := storedPlan(t, srv.Store, g.ID)
		code, body := send(t, anaC, base+"/move", withRevision(t, anaMove, anaPage))
		when := after.UpdatedAt.In(g.Location()).Format("15:04 MST")
		want := fmt.Sprintf("Sam Lee changed this plan at %s — your move of %s to table %s was not applied; here is the plan as it is now.",
			when, guests[5].Name, anaMove.Get("table"))
		if code != http.StatusConflict || !strings.Contains(body, want) {
			t.Errorf("Ana's move against the plan before Sam's: %d, want 409 saying %q", code, want)
		}
		if got := storedPlan(t, srv.Store, g.ID); !reflect.DeepEqual(got.Seats, after.Seats) || got.Revision != after.Revision {
			t.Errorf("after the refused move the plan is %+v, want Sam's %+v", got, after)
		}
		if rev := pageRevision(t, body); rev != after.Revision || !strings.Contains(body, `value="`+anaMove.Get("table")+`"`) {
			t.Errorf("the 409 page sends revision %d, want %d, and should keep the table Ana typed", rev, after.Revision)
		}
		// The page shows the plan as it is now: Ana moves again from it.
		if code, body := send(t, anaC, base+"/move", withRevision(t, anaMove, body)); code != http.StatusSeeOther {
			t.Errorf("Ana's move from the current plan: %d %s", code, body)
		}
		seat4, _ := storedPlan(t, srv.Store, g.ID).Seat(1, guests[4].ID)
		seat5, _ := storedPlan(t, srv.Store, g.ID).Seat(1, guests[5].ID)
		if fmt.Sprint(seat4.Table) != samMove.Get("table") || fmt.Sprint(seat5.Table) != anaMove.Get("table") {
			t.Errorf("after both moves: %+v and %+v, want both applied", seat4, seat5)
		}
		// Sam, still on the page he loaded first, can neither lock nor pin.
		code, body = send(t, samC, base+"/lock", withRevision(t, url.Values{}, samPage))
		if code != http.StatusConflict || !strings.Contains(body, "Ana Ruiz changed this plan at") || !strings.Contains(body, "your locking of the plan was not applied") ||
			storedPlan(t, srv.Store, g.ID).Locked() {
			t.Errorf("locking the plan as it was: %d, want 409 naming Ana Ruiz and the plan unlocked", code)
		}
		pin := url.Values{"member": {fmt.Sprint(guests[6].ID)}, "round": {"1"}, "pin": {"1"}}
		if code, body := send(t, samC, base+"/pin", pin); code != http.StatusConflict || !strings.Contains(body, "your pinning of "+guests[6].Name) {
			t.Errorf("pinning without a revision: %d, want 409", code)
		}
	})
}

// withRevision adds to form the plan revision that page's forms send back.
func withRevision(t *testing.T, form url.Values, page string) url.Values {
	t.Helper()
	out := url.Values{"revision": {fmt.Sprint(pageRevision(t, page))}}
	for k, v := range form {
		out[k] = v
	}
	return out
}

// pageRevision is the plan revision in the forms of a tables page; every form
// must send the same.
func pageRevision(t *testing.T, page string) int {
	t.Helper()
	found := regexp.MustCompile(`name="revision" value="(\d+)"`).FindAllStringSubmatch(page, -1)
	if len(found) == 0 {
		t.Fatal("the tables page has no revision field")
	}
	for _, f := range found[1:] {
		if f[1] != found[0][1] {
			t.Fatalf("the page's forms send revisions %s and %s", found[0][1], f[1])
		}
	}
	rev, _ := strconv.Atoi(found[0][1])
	return rev
}

// TestTablesBadInput refuses to compose for a single guest, and answers
// members who do not organize the city as the guests page does.
func TestTablesBadInput(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		nw := seedNetwork(t, srv.Store)
		g, _ := tableDinner(t, srv.Store, nw, 1)
		admin := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("host"), kindred.RoleAdmin)
		c := testutil.SignedInClient(t, srv, admin.ID)
		base := fmt.Sprintf("%s/gatherings/%d", srv.URL, g.ID)
		code, body := send(t, c, base+"/tables", url.Values{"table_size": {"4"}, "rounds": {"1"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "at least 2 guests going, and 1 is") {
			t.Errorf("composing for one guest: %d, want 422 saying at least 2", code)
		}
		if code, body := send(t, c, base+"/tables/cards", nil); code != http.StatusSeeOther {
			t.Errorf("place cards without a plan: %d %s, want a redirect to the tables page", code, body)
		}
		member := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("member"), kindred.RoleMember)
		mc := testutil.SignedInClient(t, srv, member.ID)
		for _, path := range []string{"/guests", "/tables", "/tables/cards"} {
			guests, _ := send(t, mc, base+"/guests", nil)
			if code, _ := send(t, mc, base+path, nil); code != guests || code != http.StatusForbidden {
				t.Errorf("member GET %s: %d, want %d like the guests page", path, code, guests)
			}
		}
		for _, path := range []string{"/tables", "/tables/move", "/tables/pin", "/tables/lock", "/tables/ties"} {
			if code, _ := send(t, mc, base+path, url.Values{"table_size": {"4"}, "rounds": {"1"}}); code != http.StatusForbidden {
				t.Errorf("member POST %s: %d, want 403", path, code)
			}
		}
		if code, _ := send(t, c, fmt.Sprintf("%s/gatherings/%d/tables", srv.URL, g.ID+1000), nil); code != http.StatusNotFound {
			t.Errorf("tables of no gathering: %d, want 404", code)
		}
	})
}

// TestTablesHeldTies marks gatherings held: with a plan, its pairs go to
// the ledger once; without one, none are written and the page says so.
func TestTablesHeldTies(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		nw := seedNetwork(t, srv.Store)
		g, guests := tableDinner(t, srv.Store, nw, 8)
		admin := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("host"), kindred.RoleAdmin)
		c := testutil.SignedInClient(t, srv, admin.ID)
		base := fmt.Sprintf("%s/gatherings/%d/tables", srv.URL, g.ID)
		if code, _ := send(t, c, base+"/ties", url.Values{}); code != http.StatusConflict {
			t.Errorf("ties before the gathering is held: %d, want 409", code)
		}
		if code, _ := send(t, c, base, url.Values{"table_size": {"4"}, "rounds": {"2"}}); code != http.StatusSeeOther {
			t.Fatalf("compose: %d", code)
		}
		plan := storedPlan(t, srv.Store, g.ID)
		if err := srv.Store.WithTx(ctx, func(tx *store.Tx) error { return tx.SetGatheringStatus(ctx, g.ID, kindred.GatheringHeld) }); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if code, _ := send(t, c, base+"/ties", url.Values{}); code != http.StatusSeeOther {
				t.Fatalf("write ties: %d", code)
			}
		}
		wrote := 0
		for _, m := range guests {
			ties, err := srv.Store.TiesOf(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, tie := range ties {
				if tie.SourceRef == g.Title && tie.Kind == kindred.TieSatTogether {
					wrote++
				}
			}
		}
		if want := 2 * len(plan.TablePairs()); wrote != want { // each tie counted from both ends
			t.Errorf("ties written twice over: %d ends, want %d (one tie per pair)", wrote, want)
		}
		_, body := send(t, c, base, nil)
		if !strings.Contains(body, "the plan is final") {
			t.Errorf("the page does not say the pairs are in the ledger")
		}
		// The ties the plan just wrote are not history against the plan itself.
		if mix := fmt.Sprintf("<strong>%d</strong> <span>new cross-organization", plan.Summary.NewCrossOrgPairs); !strings.Contains(body, mix) {
			t.Errorf("after the ties were written the page no longer shows %d new cross-organization pairs", plan.Summary.NewCrossOrgPairs)
		}

		var bare *kindred.Gathering
		err := srv.Store.WithTx(ctx, func(tx *store.Tx) (err error) {
			bare, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: nw.chicago.ID, Title: "Unplanned dinner", Capacity: 10,
				StartsAt: g.StartsAt, EndsAt: g.EndsAt, Status: kindred.GatheringHeld})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, body := send(t, c, fmt.Sprintf("%s/gatherings/%d/tables", srv.URL, bare.ID), nil); !strings.Contains(body, "held without a table plan") {
			t.Errorf("a held gathering without a plan does not say no ties were written")
		}
	})
}

// TestTablesInBrowser composes tables, moves a guest, locks the plan, marks
// the dinner held by saying who came (writing the ties) and opens the place
// cards.
func TestTablesInBrowser(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	ctx := context.Background()
	g, guests := tableDinner(t, srv.Store, seedNetwork(t, srv.Store), 14)
	admin := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("host"), kindred.RoleAdmin)
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(t, b, srv, admin.ID)
	base := fmt.Sprintf("%s/gatherings/%d", srv.URL, g.ID)
	b.Open(base + "/guests")
	b.Submit(`.subnav a[href$="/tables"]`)
	b.Fill("#table_size", "5")
	b.Submit(`.compose button[value=compose]`)
	if got := b.Text(".flash"); !strings.Contains(got, "composed") {
		t.Fatalf("after composing: %q", got)
	}
	if got := b.Text(".tables"); strings.Count(got, "Table ") != 3 || !strings.Contains(got, "meets ") {
		t.Errorf("table cards: %q, want 3 tables with explanations", got)
	}
	b.Fill("#member", fmt.Sprint(guests[4].ID))
	b.Fill("#table", "7")
	b.Submit(`form[action$="/move"] button`)
	if got := b.Text(".alert"); !strings.Contains(got, "There is no table 7") || b.Value("#table") != "7" {
		t.Errorf("moving to table 7: %q (typed %q)", got, b.Value("#table"))
	}
	// Moving to the fullest other table always unbalances 5, 5, 4.
	plan := storedPlan(t, srv.Store, g.ID)
	seat, _ := plan.Seat(1, guests[4].ID)
	target := 0
	for i, members := range plan.Tables(1) {
		if i+1 != seat.Table && (target == 0 || len(members) > len(plan.Tables(1)[target-1])) {
			target = i + 1
		}
	}
	b.Fill("#table", fmt.Sprint(target))
	b.Submit(`form[action$="/move"] button`)
	if got := b.Text(".flash"); !strings.Contains(got, fmt.Sprintf("Moved to table %d", target)) {
		t.Errorf("after the move: %q", got)
	}
	if got := b.Text(".alert"); !strings.Contains(got, "out of balance") {
		t.Errorf("a move that unbalances the tables: %q, want a warning", got)
	}
	// Guests 8 and 13 work for one organization; a rule keeps them together.
	b.Fill("#member_a", fmt.Sprint(guests[8].ID))
	b.Fill("#kind", "together")
	b.Fill("#member_b", fmt.Sprint(guests[13].ID))
	b.Fill("#note", "interprets for her")
	b.Submit(`form[action$="/rules"] button`)
	if got := b.Text(".flash"); !strings.Contains(got, "Rule added: "+guests[8].Name+" and "+guests[13].Name+" sit together") {
		t.Errorf("after adding a rule: %q", got)
	}
	b.Submit(`.compose button[value=compose]`)
	if p := storedPlan(t, srv.Store, g.ID); func() bool {
		a, _ := p.Seat(1, guests[8].ID)
		c, _ := p.Seat(1, guests[13].ID)
		return a.Table != c.Table
	}() {
		t.Error("re-running did not keep the rule's pair together")
	}
	if seat, _ := storedPlan(t, srv.Store, g.ID).Seat(1, guests[4].ID); seat.Table != target || !seat.Pinned {
		t.Errorf("re-running around the pin moved the guest: %+v, want pinned at table %d", seat, target)
	}
	if html := pageHTML(t, b); strings.Contains(html, `class="alert"`) {
		t.Error("the re-run plan still breaks a seating rule")
	}
	b.CheckA11y()
	b.Screenshot("tables")
	// Another host pins a guest while this page is open: moving from it is
	// refused, and the page shows the plan with their pin and says so.
	sam := testutil.CreateAccount(t, srv.Store, "sam.lee@example.org", kindred.RoleAdmin)
	seen := storedPlan(t, srv.Store, g.ID)
	if _, err := (&tableplan.Planner{Store: srv.Store}).SetPinned(ctx, g, tableplan.Change{Viewer: &kindred.Viewer{Account: sam}, Against: seen.Revision}, guests[6].ID, 1, true); err != nil {
		t.Fatal(err)
	}
	b.Fill("#member", fmt.Sprint(guests[7].ID))
	b.Fill("#table", "1")
	b.Submit(`form[action$="/move"] button`)
	if got := b.Text(".alert"); !strings.Contains(got, "Sam Lee changed this plan at") || !strings.Contains(got, "your move of "+guests[7].Name+" to table 1 was not applied") {
		t.Errorf("moving from a page the plan changed under: %q", got)
	}
	if seat, _ := storedPlan(t, srv.Store, g.ID).Seat(1, guests[6].ID); !seat.Pinned || b.Value("#table") != "1" {
		t.Errorf("after the refused move: %+v, typed table %q; want the other host's pin kept and the table as typed", seat, b.Value("#table"))
	}
	b.CheckA11y()
	b.Submit(`form[action$="/lock"] button`)
	if got := b.Text(".notice"); !strings.Contains(got, "Locked by") {
		t.Errorf("after locking: %q", got)
	}
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) error { // everyone but the last guest came
		for _, m := range guests[:len(guests)-1] {
			if _, err := tx.CheckIn(ctx, g.ID, m.ID, true); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The dinner took place: it is marked held by saying who came, those
	// checked in at the door already ticked.
	past := *g
	past.StartsAt, past.EndsAt = srv.Store.Now().Add(-4*time.Hour), srv.Store.Now().Add(-time.Hour)
	if err := srv.Store.WithTx(ctx, func(tx *store.Tx) error { _, _, err := tx.UpdateGathering(ctx, past, false); return err }); err != nil {
		t.Fatal(err)
	}
	b.Open(base + "/attendance")
	b.Submit("form.panel button[type=submit]")
	if got := b.Text(".flash"); !strings.Contains(got, "ties were added to the relationship ledger") || !strings.Contains(got, fmt.Sprintf("%d came, 1 did not", len(guests)-1)) {
		t.Errorf("after marking held: %q", got)
	}
	if p := storedPlan(t, srv.Store, g.ID); p.TiesWrittenAt == nil {
		t.Error("marking held did not write the table ties")
	}
	if ties, err := srv.Store.TiesOf(ctx, guests[4].ID); err != nil || len(ties) == 0 {
		t.Errorf("ties of the moved guest: %d, %v", len(ties), err)
	}
	if ties, err := srv.Store.TiesOf(ctx, guests[len(guests)-1].ID); err != nil || len(ties) != 0 {
		t.Errorf("ties of the no-show: %d, %v; want none", len(ties), err)
	}
	b.Open(base + "/tables/cards")
	b.CheckA11y()
	b.Screenshot("tables-cards")
	if got := b.Text(".place-cards"); strings.Count(got, "Table") != 14 || !strings.Contains(got, guests[4].Name) {
		t.Errorf("place cards: %q, want 14 cards", got)
	}
}

// TestTablesLanguageChoice composes for a guest who shares no language with
// the others: the composer seats everyone anyway, saying it set the language
// rule aside and naming the guest; choosing "ignore languages" seats
// everyone and the page remembers the choice.
func TestTablesLanguageChoice(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		nw := seedNetwork(t, srv.Store)
		g, guests := tableDinner(t, srv.Store, nw, 4)
		for i, m := range guests {
			m.Languages = []string{"en"}
			if i == 0 {
				m.Languages = []string{"pt"}
			}
			if err := srv.Store.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateMember(ctx, m) }); err != nil {
				t.Fatal(err)
			}
		}
		admin := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("host"), kindred.RoleAdmin)
		c := testutil.SignedInClient(t, srv, admin.ID)
		base := fmt.Sprintf("%s/gatherings/%d/tables", srv.URL, g.ID)

		// The composer still seats everyone, setting the language rule aside
		// and saying why, naming the guest.
		if code, _ := send(t, c, base, url.Values{"table_size": {"2"}, "rounds": {"1"}, "languages": {"1"}}); code != http.StatusSeeOther {
			t.Fatalf("a guest nobody can talk to: %d, want a plan all the same", code)
		}
		if _, body := send(t, c, base, nil); !strings.Contains(body, html.EscapeString(fmt.Sprintf("%q shares a language with only 0 others", guests[0].Name))) ||
			!strings.Contains(body, "without the language rule") {
			t.Errorf("the page does not say the language rule was set aside for %s", guests[0].Name)
		}
		plan := storedPlan(t, srv.Store, g.ID)
		if code, body := send(t, c, base, url.Values{"table_size": {"2"}, "rounds": {"1"}, "languages": {"0"}, "revision": {itoa(int64(plan.Revision))}}); code != http.StatusSeeOther {
			t.Fatalf("composing without languages: %d %s", code, body)
		}
		if plan := storedPlan(t, srv.Store, g.ID); len(plan.Seats) != 4 || plan.ByLanguage {
			t.Errorf("plan without languages: %d seats, by language %v; want 4, false", len(plan.Seats), plan.ByLanguage)
		}
		if _, body := send(t, c, base, nil); !strings.Contains(body, `<option value="0" selected>Ignore languages`) {
			t.Errorf("the page forgets that the plan ignores languages")
		}
	})
}

// TestTablesSeatingRules adds keep-together and keep-apart rules through the
// page: bad input is named and kept, a second rule for a pair is refused
// naming the rule it has, composing obeys the rules in every round, and a
// removed rule stops binding.
func TestTablesSeatingRules(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		g, guests := tableDinner(t, srv.Store, seedNetwork(t, srv.Store), 12)
		admin := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("host"), kindred.RoleAdmin)
		c := testutil.SignedInClient(t, srv, admin.ID)
		base := fmt.Sprintf("%s/gatherings/%d/tables", srv.URL, g.ID)
		id := func(m *kindred.Member) string { return fmt.Sprint(m.ID) }

		code, body := send(t, c, base+"/rules", url.Values{"member_a": {id(guests[5])}, "member_b": {id(guests[5])}, "kind": {"together"}, "note": {"interprets, Portuguese"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "choose someone other than the first guest") || !strings.Contains(body, `value="interprets, Portuguese"`) {
			t.Errorf("one guest twice: %d, want 422 naming member_b and keeping the note", code)
		}
		// Guests 5 and 10 work for the same organization: the composer would
		// never seat them together on its own.
		together := url.Values{"member_a": {id(guests[5])}, "member_b": {id(guests[10])}, "kind": {"together"}, "note": {"interprets, Portuguese"}}
		if code, body := send(t, c, base+"/rules", together); code != http.StatusSeeOther {
			t.Fatalf("add together rule: %d %s", code, body)
		}
		apart := url.Values{"member_a": {id(guests[10])}, "member_b": {id(guests[5])}, "kind": {"apart"}}
		if code, body := send(t, c, base+"/rules", apart); code != http.StatusConflict || !strings.Contains(body, "There is already a rule for these two") {
			t.Errorf("a second rule for the pair: %d, want 409 naming the rule", code)
		}
		if code, body := send(t, c, base+"/rules", url.Values{"member_a": {id(guests[6])}, "member_b": {id(guests[7])}, "kind": {"apart"}}); code != http.StatusSeeOther {
			t.Fatalf("add apart rule: %d %s", code, body)
		}
		code, body = send(t, c, base, nil)
		for _, want := range []string{"Seating rules", "sit together", "— interprets, Portuguese", "sit at different tables"} {
			if code != http.StatusOK || !strings.Contains(body, want) {
				t.Errorf("tables page (%d) lacks %q", code, want)
			}
		}
		if code, body := send(t, c, base, url.Values{"table_size": {"4"}, "rounds": {"2"}, "action": {"compose"}}); code != http.StatusSeeOther {
			t.Fatalf("compose: %d %s", code, body)
		}
		plan := storedPlan(t, srv.Store, g.ID)
		table := func(round int, m *kindred.Member) int { s, _ := plan.Seat(round, m.ID); return s.Table }
		for round := 1; round <= 2; round++ {
			if table(round, guests[5]) != table(round, guests[10]) || table(round, guests[6]) == table(round, guests[7]) {
				t.Errorf("round %d: guests 5 and 10 at %d and %d (together), 6 and 7 at %d and %d (apart)", round,
					table(round, guests[5]), table(round, guests[10]), table(round, guests[6]), table(round, guests[7]))
			}
		}
		rules, err := srv.Store.SeatingRules(context.Background(), g.ID)
		if err != nil || len(rules) != 2 {
			t.Fatalf("rules = %v, %v", rules, err)
		}
		for _, r := range rules {
			if code, _ := send(t, c, fmt.Sprintf("%s/rules/%d/delete", base, r.ID), url.Values{}); code != http.StatusSeeOther {
				t.Errorf("remove rule %d: %d", r.ID, code)
			}
		}
		if code, _ := send(t, c, fmt.Sprintf("%s/rules/%d/delete", base, rules[0].ID), url.Values{}); code != http.StatusNotFound {
			t.Errorf("removing a removed rule: %d, want 404", code)
		}
		if code, body := send(t, c, base, nil); code != http.StatusOK || !strings.Contains(body, "No rules yet.") {
			t.Errorf("after removing both rules the page (%d) still lists some", code)
		}
	})
}
