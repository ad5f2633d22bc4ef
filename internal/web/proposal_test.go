package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// proposalFixture stores a dinner the matrix's member (living in Chicago)
// proposed there, waiting for a review: the {id} of /proposals/{id}.
func proposalFixture(t *testing.T, srv *testutil.Server, f *authzFixture) {
	t.Helper()
	ctx := context.Background()
	chicago, _ := strconv.ParseInt(f.vars["chicago"], 10, 64)
	member, _ := strconv.ParseInt(f.vars["guest"], 10, 64)
	start := time.Date(2030, 7, 1, 23, 0, 0, 0, time.UTC)
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		g, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: chicago, Title: "Authz supper", Capacity: 8,
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Status: kindred.GatheringDraft, Visibility: kindred.VisibilityNetwork})
		if err != nil {
			return err
		}
		f.params["proposals/{id}"] = itoa(g.ID)
		return tx.CreateProposal(ctx, g.ID, member, kindred.ProposalPending)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The bodies of the parity cases of proposals: the same dinner typed on the
// page and sent to the API.
const (
	proposalForm = "title=Parity+supper&date=2030-07-01&start_time=18:30&end_time=21:00&capacity=8&venue_name=Our+kitchen"
	proposalJSON = `{"title":"Parity supper","starts_at":"2030-07-01T18:30:00-05:00","ends_at":"2030-07-01T21:00:00-05:00","capacity":8,"venue_name":"Our kitchen"}`
)

// countProposals counts the proposals in each review, weighted so a move
// from one review to another shows.
func countProposals(t *testing.T, st *store.Store) int {
	t.Helper()
	ps, err := st.Proposals(context.Background(), store.ProposalFilter{Scope: store.CityScope{Every: true}, Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	weight := map[kindred.ProposalReview]int{kindred.ProposalPending: 1, kindred.ProposalChanges: 100,
		kindred.ProposalDeclined: 10000, kindred.ProposalApproved: 1000000}
	n := 0
	for _, p := range ps {
		n += weight[p.Review]
	}
	return n
}

// resetProposal puts the fixture's proposal back to waiting for a review.
func resetProposal(t *testing.T, st *store.Store, f *authzFixture) {
	t.Helper()
	id := fixtureID(t, f, "proposals/{id}")
	err := st.WithTx(context.Background(), func(tx *store.Tx) error { return tx.ResubmitProposal(context.Background(), id) })
	if err != nil {
		t.Fatal(err)
	}
}

// TestProposalInBrowser follows a proposed dinner through real browsers:
// a member proposes one in their city on a phone; the city's organizer is
// mailed (mailpit), finds it on their home page and in the queue, is told
// that asking for changes needs a message, and approves it; the proposer is
// mailed; another member says they are going; the proposer, now its host,
// sees them on the guest list and has no organizer's page of it.
func TestProposalInBrowser(t *testing.T) {
	t.Parallel()
	mp := testutil.StartedMailpit(t)
	testutil.ForOneServer(t, testutil.ServerOptions{SMTPURL: mp.SMTPURL}, func(t *testing.T, srv *testutil.Server) {
		n := seedNetwork(t, srv.Store)
		proposer := memberIn(t, srv, "proposer", n.chicago.ID)
		guest := memberIn(t, srv, "guest", n.chicago.ID)
		organizer := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("organizer"), kindred.RoleOrganizer)
		if err := srv.Store.WithTx(context.Background(), func(tx *store.Tx) error {
			return tx.SetRole(context.Background(), organizer.ID, kindred.RoleOrganizer, []int64{n.chicago.ID})
		}); err != nil {
			t.Fatal(err)
		}

		p := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
		testutil.SignIn(t, p, srv, proposer.ID)
		p.Open(srv.URL + "/gatherings")
		p.Submit(`a[href="/proposals/new"]`)
		p.Fill("#title", "Supper on Halsted")
		p.Fill("#date", "2030-07-01")
		p.Fill("#venue_name", "Our kitchen")
		p.Fill("#address", "1 Halsted St")
		p.CheckA11y()
		p.Screenshot("proposal-form-phone")
		p.Submit(`#proposal-form button[type=submit]`)
		if got := p.Text(".badge"); got != "Waiting for an organizer" {
			t.Fatalf("after proposing: badge %q", got)
		}
		id := strings.TrimPrefix(p.URL(), srv.URL+"/proposals/")
		p.CheckA11y()
		p.Screenshot("proposal-pending-phone")

		if msgs := mp.WaitFor(t, organizer.Email, 1, 30*time.Second); len(msgs) != 1 || !strings.HasPrefix(msgs[0].Subject, "Dinner proposed: Supper on Halsted") {
			t.Fatalf("mail to the organizer: %+v", msgs)
		}
		o := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
		testutil.SignIn(t, o, srv, organizer.ID)
		if got := o.Text("#todo-proposals h3"); got != "1 proposed dinner waits for your review" {
			t.Errorf("the organizer's home: %q", got)
		}
		o.Open(srv.URL + "/proposals")
		o.CheckA11y()
		o.Screenshot("proposals-queue")
		o.Submit(`a[href="/proposals/` + id + `"]`)
		o.Submit(`button[name=decision][value=changes]`)
		if got := o.Text("#message-error"); !strings.Contains(got, "is required") {
			t.Errorf("asking for changes without a message: %q", got)
		}
		o.CheckA11y()
		o.Screenshot("proposal-review")
		o.Submit(`button[name=decision][value=approve]`)
		if got := o.Text("h1"); got != "Supper on Halsted" || !strings.HasSuffix(o.URL(), "/gatherings/"+id) {
			t.Fatalf("after approving: %s, h1 %q", o.URL(), got)
		}

		msgs := mp.WaitFor(t, proposer.Email, 1, 30*time.Second)
		if len(msgs) != 1 || !strings.HasPrefix(msgs[0].Subject, "Your dinner is on") {
			t.Fatalf("mail to the proposer: %+v", msgs)
		}
		if text := mp.Message(t, msgs[0].ID).Text; !strings.Contains(text, srv.URL+"/gatherings/"+id) {
			t.Errorf("the approval mail does not link the dinner: %q", text)
		}

		g := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
		testutil.SignIn(t, g, srv, guest.ID)
		g.Open(srv.URL + "/gatherings/" + id)
		g.Submit(`.rsvp-form button[value=going]`)
		if got := g.Text(".rsvp-state"); !strings.Contains(got, "You're going") {
			t.Errorf("the other member's answer: %q", got)
		}

		p.Open(srv.URL + "/gatherings/" + id + "/guests")
		if got := p.Text("main"); !strings.Contains(got, memberName(guest)) || strings.Contains(got, "Write to guests") {
			t.Errorf("the host's guest list: %q", got)
		}
		p.CheckA11y()
		p.Screenshot("proposal-host-guests-phone")
		if status, _ := getPage(t, testutil.SignedInClient(t, srv, proposer.ID), srv.URL+"/gatherings/"+id+"/edit"); status != 403 {
			t.Errorf("the host opening the organizer's edit page: %d, want 403", status)
		}
	})
}

// memberIn makes a member's account with a profile in city.
func memberIn(t *testing.T, srv *testutil.Server, name string, city int64) *kindred.Account {
	t.Helper()
	ctx := context.Background()
	a := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail(name), kindred.RoleMember)
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		id, err := tx.LinkOrCreateMember(ctx, a)
		if err != nil {
			return err
		}
		m, err := tx.Member(ctx, id)
		if err != nil {
			return err
		}
		m.CityID = city
		return tx.UpdateMember(ctx, m)
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// memberName is the name a member made by memberIn goes by.
func memberName(a *kindred.Account) string { return a.DisplayName() }

// plantProposalSecret proposes, in the demo's first city, a dinner whose
// title a plain member must never see while it waits for review.
func plantProposalSecret(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	ps, err := s.Proposals(ctx, store.ProposalFilter{Scope: store.CityScope{Every: true}, Reviews: []kindred.ProposalReview{kindred.ProposalPending}})
	if err != nil || len(ps) == 0 {
		t.Fatalf("the demo's pending proposal: %d, %v", len(ps), err)
	}
	g := *ps[0].Gathering
	g.ID, g.Title, g.HostIDs = 0, "SECRET-PROPOSAL-7f3a supper", nil
	err = s.WithTx(ctx, func(tx *store.Tx) error {
		made, err := tx.CreateGathering(ctx, g)
		if err != nil {
			return err
		}
		return tx.CreateProposal(ctx, made.ID, ps[0].MemberID, kindred.ProposalPending)
	})
	if err != nil {
		t.Fatal(err)
	}
}
