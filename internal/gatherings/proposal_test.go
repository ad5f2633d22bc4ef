package gatherings_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/gatherings"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// livesIn puts v's member profile in city and returns v as it is read again.
func (w *world) livesIn(t *testing.T, v *kindred.Viewer, city int64) *kindred.Viewer {
	t.Helper()
	ctx := context.Background()
	m := *v.Member
	m.CityID = city
	if err := w.s.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateMember(ctx, &m) }); err != nil {
		t.Fatal(err)
	}
	out, err := w.s.Viewer(ctx, v.Account)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func supperClub() gatherings.Dinner {
	start := time.Date(2030, 7, 1, 23, 0, 0, 0, time.UTC)
	return gatherings.Dinner{Title: "Supper club on Halsted", VenueName: "Our kitchen", Address: "1 Halsted St",
		Questions: []string{"What keeps you here?"}, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Capacity: 8}
}

// mailTo lists the subjects of the mail stored for address, oldest first.
func mailTo(t *testing.T, s *store.Store, address string) []string {
	t.Helper()
	ms, err := s.ListMail(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		if m.To == address {
			out = append(out, m.Subject)
		}
	}
	slices.Reverse(out)
	return out
}

// TestProposeReviewAndHost is the whole path of a proposed dinner: a
// member proposes one in their city (a draft the network does not see,
// mailed to the city's organizer), the organizer asks for changes (mailed
// with the message), the member changes it and sends it again, the
// organizer approves it: it opens with the member as host, who then has
// the host's view of it and of no other dinner.
func TestProposeReviewAndHost(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		member := w.livesIn(t, w.member, w.chicago.ID)
		p, err := w.svc.Propose(ctx, member, supperClub())
		if err != nil {
			t.Fatal(err)
		}
		id := p.Gathering.ID
		if p.Review != kindred.ProposalPending || p.Gathering.Status != kindred.GatheringDraft || len(p.Gathering.HostIDs) != 0 {
			t.Fatalf("proposed: review %s, status %s, hosts %v", p.Review, p.Gathering.Status, p.Gathering.HostIDs)
		}
		for _, c := range []struct {
			who  string
			v    *kindred.Viewer
			sees bool
		}{{"its proposer", member, true}, {"Chicago's organizer", w.organizer, true}, {"an administrator", w.admin, true},
			{"another member", w.guest, false}, {"Boston's organizer", w.other, false}, {"anonymous", &kindred.Viewer{}, false}} {
			if _, err := w.svc.Gathering(ctx, c.v, id); (err == nil) != c.sees {
				t.Errorf("%s reading the pending proposal: %v, want seen %v", c.who, err, c.sees)
			}
		}
		listed, err := w.svc.List(ctx, w.guest, store.GatheringFilter{Limit: 100})
		if err != nil || slices.ContainsFunc(listed.Gatherings, func(g *kindred.Gathering) bool { return g.ID == id }) {
			t.Errorf("another member's list holds the pending proposal (%v)", err)
		}
		if got := mailTo(t, s, "organizer@example.org"); len(got) != 1 || !strings.Contains(got[0], "Dinner proposed") {
			t.Errorf("mail to Chicago's organizer: %q", got)
		}
		if got := mailTo(t, s, "other@example.org"); len(got) != 0 {
			t.Errorf("mail to Boston's organizer: %q", got)
		}

		_, err = w.svc.Review(ctx, w.organizer, gatherings.Decision{GatheringID: id, Decision: "changes"})
		wantCode(t, "asking for changes without a message", err, kindred.EINVALID, "message")
		_, err = w.svc.Review(ctx, w.other, gatherings.Decision{GatheringID: id, Decision: "approve"})
		wantCode(t, "Boston's organizer approving", err, kindred.ENOTFOUND, "")
		_, err = w.svc.Review(ctx, member, gatherings.Decision{GatheringID: id, Decision: "approve"})
		wantCode(t, "the proposer approving their own", err, kindred.EFORBIDDEN, "")
		if _, err := w.svc.Review(ctx, w.organizer, gatherings.Decision{GatheringID: id, Decision: "changes", Message: "Start at 7, please."}); err != nil {
			t.Fatal(err)
		}
		if got := mailTo(t, s, "member@example.org"); len(got) != 1 || !strings.HasPrefix(got[0], "Changes asked") {
			t.Errorf("mail to the proposer after changes were asked: %q", got)
		}

		d := supperClub()
		d.Title = "Supper club at seven"
		_, err = w.svc.Revise(ctx, w.guest, gatherings.Revision{GatheringID: id, Dinner: d})
		wantCode(t, "another member revising it", err, kindred.ENOTFOUND, "")
		p, err = w.svc.Revise(ctx, member, gatherings.Revision{GatheringID: id, Dinner: d})
		if err != nil || p.Review != kindred.ProposalPending || p.Gathering.Title != d.Title || p.Message != "Start at 7, please." {
			t.Fatalf("revised: %+v, %v", p, err)
		}
		if got := mailTo(t, s, "organizer@example.org"); len(got) != 2 || !strings.HasPrefix(got[1], "Proposal changed") {
			t.Errorf("mail to Chicago's organizer after the revision: %q", got)
		}

		if _, err := w.svc.Hosted(ctx, member, id); kindred.ErrorCode(err) != kindred.EFORBIDDEN {
			t.Errorf("the proposer's host view before approval: %v, want EFORBIDDEN", err)
		}
		p, err = w.svc.Review(ctx, w.organizer, gatherings.Decision{GatheringID: id, Decision: "approve"})
		if err != nil || p.Review != kindred.ProposalApproved || p.Gathering.Status != kindred.GatheringOpen ||
			!slices.Equal(p.Gathering.HostIDs, []int64{member.MemberID()}) {
			t.Fatalf("approved: %+v, %v", p, err)
		}
		if got := mailTo(t, s, "member@example.org"); len(got) != 2 || !strings.HasPrefix(got[1], "Your dinner is on") {
			t.Errorf("mail to the proposer after approval: %q", got)
		}
		if _, err := w.svc.Gathering(ctx, w.guest, id); err != nil {
			t.Errorf("another member reading the approved dinner: %v", err)
		}
		if _, err := w.svc.Hosted(ctx, member, id); err != nil {
			t.Errorf("the proposer's host view of their dinner: %v", err)
		}
		if _, err := w.svc.Hosted(ctx, member, w.dinner.ID); kindred.ErrorCode(err) != kindred.EFORBIDDEN {
			t.Errorf("the proposer's host view of another dinner: %v, want EFORBIDDEN", err)
		}
		_, err = w.svc.Review(ctx, w.organizer, gatherings.Decision{GatheringID: id, Decision: "decline"})
		wantCode(t, "declining an approved dinner", err, kindred.ECONFLICT, "")
		_, err = w.svc.Revise(ctx, member, gatherings.Revision{GatheringID: id, Dinner: d})
		wantCode(t, "revising an approved dinner", err, kindred.ECONFLICT, "")

		for action, want := range map[string]int{"gathering.propose": 1, "gathering.propose.revise": 1, "gathering.review": 2} {
			if got := audits(t, s, action); got != want {
				t.Errorf("%d %s audited, want %d", got, action, want)
			}
		}
		want := []kindred.EventType{kindred.EventGatheringProposed, kindred.EventGatheringReviewed, kindred.EventGatheringProposed,
			kindred.EventGatheringCreated}
		if got := events(t, s); !slices.Equal(got, want) {
			t.Errorf("events %v, want %v", got, want)
		}
	})
}

// TestProposeOnlyInOnesCity: a member proposes only in the city on their
// profile; without a profile, or a city on it, they cannot; bad fields are
// EINVALID naming them. Nothing is stored, mailed or told on refusal.
func TestProposeOnlyInOnesCity(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		member := w.livesIn(t, w.member, w.chicago.ID)
		d := supperClub()
		_, err := w.svc.Propose(ctx, w.guest, d)
		wantCode(t, "a member with no city on their profile", err, kindred.EFORBIDDEN, "city_id")
		_, err = w.svc.Propose(ctx, w.noProfile, d)
		wantCode(t, "an account without a profile", err, kindred.ECONFLICT, "")
		d.CityID = w.boston.ID
		_, err = w.svc.Propose(ctx, member, d)
		wantCode(t, "a Chicago member proposing in Boston", err, kindred.EFORBIDDEN, "city_id")
		bad := supperClub()
		bad.Title, bad.EndsAt = " ", bad.StartsAt.Add(-time.Hour)
		_, err = w.svc.Propose(ctx, member, bad)
		wantCode(t, "no title", err, kindred.EINVALID, "title")
		wantCode(t, "an end before the start", err, kindred.EINVALID, "ends_at")
		if n := audits(t, s, "gathering.propose"); n != 0 || len(events(t, s)) != 0 {
			t.Errorf("after refusals: %d proposals audited, events %v", n, events(t, s))
		}
	})
}

// TestTrustedHostsPublishDirectly: once an organizer of the city trusts a
// member to host, their next proposal there opens at once, with them as
// its host, told as gathering.created and mailed to nobody; after the
// trust is taken away, proposals wait for review again. Only the city's
// organizers may trust.
func TestTrustedHostsPublishDirectly(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		member := w.livesIn(t, w.member, w.chicago.ID)
		trust := gatherings.Trust{CityID: w.chicago.ID, MemberID: member.MemberID(), Trusted: true}
		wantCode(t, "Boston's organizer trusting a host in Chicago", w.svc.SetTrustedHost(ctx, w.other, trust), kindred.EFORBIDDEN, "")
		wantCode(t, "a member trusting themself", w.svc.SetTrustedHost(ctx, member, trust), kindred.EFORBIDDEN, "")
		if err := w.svc.SetTrustedHost(ctx, w.organizer, trust); err != nil {
			t.Fatal(err)
		}
		p, err := w.svc.Propose(ctx, member, supperClub())
		if err != nil || p.Review != kindred.ProposalApproved || p.Gathering.Status != kindred.GatheringOpen ||
			!slices.Equal(p.Gathering.HostIDs, []int64{member.MemberID()}) {
			t.Fatalf("a trusted host's proposal: %+v, %v", p, err)
		}
		if got := mailTo(t, s, "organizer@example.org"); len(got) != 0 {
			t.Errorf("mail to the organizer about a trusted host's dinner: %q", got)
		}
		trust.Trusted = false
		if err := w.svc.SetTrustedHost(ctx, w.organizer, trust); err != nil {
			t.Fatal(err)
		}
		if p, err = w.svc.Propose(ctx, member, supperClub()); err != nil || p.Review != kindred.ProposalPending {
			t.Fatalf("after the trust was taken away: %+v, %v", p, err)
		}
		if got := events(t, s); !slices.Equal(got, []kindred.EventType{kindred.EventGatheringCreated, kindred.EventGatheringProposed}) {
			t.Errorf("events %v", got)
		}
		if audits(t, s, "host.trust") != 1 || audits(t, s, "host.untrust") != 1 {
			t.Errorf("trust audited %d, untrust %d", audits(t, s, "host.trust"), audits(t, s, "host.untrust"))
		}
		lists, err := w.svc.Proposals(ctx, w.organizer)
		if err != nil || len(lists.Waiting) != 1 || lists.Waiting[0].Gathering.ID != p.Gathering.ID || len(lists.Mine) != 0 {
			t.Errorf("the organizer's proposals: %+v, %v", lists, err)
		}
		if lists, err = w.svc.Proposals(ctx, w.other); err != nil || len(lists.Waiting) != 0 {
			t.Errorf("Boston's organizer's queue: %+v, %v", lists, err)
		}
		if lists, err = w.svc.Proposals(ctx, member); err != nil || len(lists.Mine) != 2 || len(lists.Waiting) != 0 {
			t.Errorf("the member's proposals: %+v, %v", lists, err)
		}
	})
}

// TestDeclinedProposalStaysHidden: a declined proposal stays a draft the
// network never sees, its proposer is mailed, and it cannot be sent again.
func TestDeclinedProposalStaysHidden(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		member := w.livesIn(t, w.member, w.chicago.ID)
		p, err := w.svc.Propose(ctx, member, supperClub())
		if err != nil {
			t.Fatal(err)
		}
		if p, err = w.svc.Review(ctx, w.admin, gatherings.Decision{GatheringID: p.Gathering.ID, Decision: "decline", Message: "We have one that week."}); err != nil {
			t.Fatal(err)
		}
		if p.Review != kindred.ProposalDeclined || p.Gathering.Status != kindred.GatheringDraft {
			t.Errorf("declined: review %s, status %s", p.Review, p.Gathering.Status)
		}
		if _, err := w.svc.Gathering(ctx, w.guest, p.Gathering.ID); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("another member reading the declined proposal: %v", err)
		}
		if got := mailTo(t, s, "member@example.org"); len(got) != 1 || !strings.HasPrefix(got[0], "Not this time") {
			t.Errorf("mail to the proposer: %q", got)
		}
		_, err = w.svc.Revise(ctx, member, gatherings.Revision{GatheringID: p.Gathering.ID, Dinner: supperClub()})
		wantCode(t, "sending a declined proposal again", err, kindred.ECONFLICT, "")
	})
}
