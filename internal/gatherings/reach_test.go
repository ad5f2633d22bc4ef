package gatherings_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/gatherings"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// addPeople adds n members with an address in city, named so they sort
// in the order made.
func addPeople(t *testing.T, s *store.Store, city int64, n int) {
	t.Helper()
	ctx := context.Background()
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		for i := range n {
			m := &kindred.Member{Name: fmt.Sprintf("Person %03d", i), Email: fmt.Sprintf("person%03d@example.org", i), CityID: city}
			if _, err := tx.CreateMember(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCandidatesNeverStopSilently is issue #18's first item: the invite
// page and the host picker show the true number matching on every page,
// and paging through reaches everyone: no list stops at a fixed number.
func TestCandidatesNeverStopSilently(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		const n = 130
		addPeople(t, s, w.chicago.ID, n)
		seen := map[int64]bool{}
		var sizes []int
		f := store.MemberFilter{CityID: w.chicago.ID, Limit: 50}
		for {
			c, err := w.svc.Candidates(ctx, w.organizer, gatherings.CandidateQuery{GatheringID: w.dinner.ID, Filter: f})
			if err != nil {
				t.Fatal(err)
			}
			if c.Total != n {
				t.Fatalf("total %d, want %d", c.Total, n)
			}
			sizes = append(sizes, len(c.Members))
			for _, m := range c.Members {
				seen[m.ID] = true
			}
			if c.Next == "" {
				break
			}
			f.After = c.Next
		}
		if len(seen) != n || fmt.Sprint(sizes) != "[50 50 30]" {
			t.Errorf("paging reached %d of %d, pages %v", len(seen), n, sizes)
		}
		p, err := w.svc.People(ctx, w.admin, store.MemberFilter{CityID: w.chicago.ID, Limit: 20})
		if err != nil || p.Total != n || len(p.Members) != 20 || p.Next == "" {
			t.Errorf("host search: total %v, %d shown, next %q, %v", p.Total, len(p.Members), p.Next, err)
		}
		if _, err := w.svc.People(ctx, w.member, store.MemberFilter{}); kindred.ErrorCode(err) != kindred.EFORBIDDEN {
			t.Errorf("a member searching hosts: %v", err)
		}
		if _, err := w.svc.Candidates(ctx, w.other, gatherings.CandidateQuery{GatheringID: w.dinner.ID}); kindred.ErrorCode(err) != kindred.EFORBIDDEN {
			t.Errorf("Boston's organizer listing Chicago's candidates: %v", err)
		}
	})
}

// TestInviteAllByJobs invites everyone matching through the queue's
// batches; the run's progress ends at the total, and every one of them is
// invited once.
func TestInviteAllByJobs(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		const n = 230
		addPeople(t, s, w.chicago.ID, n)
		run, err := w.svc.InviteAll(ctx, w.organizer, w.dinner.ID, store.MemberFilter{CityID: w.chicago.ID})
		if err != nil {
			t.Fatal(err)
		}
		if run.Total != n || run.Finished() {
			t.Fatalf("run %+v", run)
		}
		q, err := jobs.New(jobs.Config{Store: s, PollInterval: 20 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		events, cancel := q.Subscribe()
		defer cancel()
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer func() { _ = q.Stop(ctx) }()
		deadline := time.After(60 * time.Second)
		for !run.Finished() {
			select {
			case <-events:
			case <-deadline:
				t.Fatalf("run not finished: %+v", run)
			}
			if run, err = w.svc.InviteRun(ctx, w.organizer, w.dinner.ID, 0); err != nil {
				t.Fatal(err)
			}
		}
		invited, err := s.ListRSVPs(ctx, w.dinner.ID, kindred.RSVPInvited)
		if err != nil || len(invited) != n || run.Invited != n || run.Done != n {
			t.Errorf("%d invited (run %+v), want %d: %v", len(invited), run, n, err)
		}
		if audits(t, s, "gathering.invite") != 1 {
			t.Errorf("audit entries: %d", audits(t, s, "gathering.invite"))
		}
		if _, err := w.svc.InviteAll(ctx, w.organizer, w.dinner.ID, store.MemberFilter{Query: "nobody-matches-this"}); kindred.ErrorCode(err) != kindred.EINVALID {
			t.Errorf("inviting all of nobody: %v", err)
		}
	})
}

// TestMessageGuests writes to a group: bad input names its field, each
// guest of the group with an address gets one message job, audited.
func TestMessageGuests(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		for _, v := range []*kindred.Viewer{w.member, w.guest, w.admin} { // two seats: the admin waits
			if _, err := w.svc.RSVP(ctx, v, gatherings.Answer{GatheringID: w.dinner.ID, Status: "going"}); err != nil {
				t.Fatal(err)
			}
		}
		_, err := w.svc.MessageGuests(ctx, w.organizer, gatherings.Message{GatheringID: w.dinner.ID, To: "everyone", Subject: " ", Body: ""})
		for _, f := range []string{"to", "subject", "message"} {
			wantCode(t, "bad message", err, kindred.EINVALID, f)
		}
		_, err = w.svc.MessageGuests(ctx, w.member, gatherings.Message{GatheringID: w.dinner.ID, To: "going", Subject: "Hi", Body: "Hello"})
		wantCode(t, "a guest writing to guests", err, kindred.EFORBIDDEN, "")
		_, err = w.svc.MessageGuests(ctx, w.organizer, gatherings.Message{GatheringID: w.dinner.ID, To: "came", Subject: "Hi", Body: "Hello"})
		wantCode(t, "nobody came yet", err, kindred.EINVALID, "to")
		n, err := w.svc.MessageGuests(ctx, w.organizer, gatherings.Message{GatheringID: w.dinner.ID, To: "going", Subject: "Parking", Body: "Park behind."})
		if err != nil || n != 2 {
			t.Fatalf("to those going: %d, %v", n, err)
		}
		if n, err = w.svc.MessageGuests(ctx, w.organizer, gatherings.Message{GatheringID: w.dinner.ID, To: "waitlist", Subject: "Soon", Body: "Hold on."}); err != nil || n != 1 {
			t.Fatalf("to the waitlist: %d, %v", n, err)
		}
		if got := countJobs(t, s, "gathering_message"); got != 3 {
			t.Errorf("message jobs: %d, want 3", got)
		}
		if audits(t, s, "gathering.message") != 2 {
			t.Errorf("audit entries: %d", audits(t, s, "gathering.message"))
		}
		rows, err := w.svc.GuestList(ctx, w.organizer, w.dinner.ID)
		if err != nil || len(rows) != 3 {
			t.Fatalf("guest list: %d rows, %v", len(rows), err)
		}
		if _, err := w.svc.GuestList(ctx, w.member, w.dinner.ID); kindred.ErrorCode(err) != kindred.EFORBIDDEN {
			t.Errorf("a guest exporting the guest list: %v", err)
		}
	})
}

func countJobs(t *testing.T, s *store.Store, kind string) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM river_job WHERE kind = '`+kind+`'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestInviteByEmail: someone not in the directory is invited by address;
// nothing of them exists as a member until they say yes through their
// link, which makes their profile and seat; declining makes nothing.
func TestInviteByEmail(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		if _, err := w.svc.InviteByEmail(ctx, w.organizer, w.dinner.ID, []string{"not an address"}); kindred.ErrorCode(err) != kindred.EINVALID {
			t.Errorf("a bad address: %v", err)
		}
		if _, err := w.svc.InviteByEmail(ctx, w.member, w.dinner.ID, []string{"new@example.org"}); kindred.ErrorCode(err) != kindred.EFORBIDDEN {
			t.Errorf("a member inviting: %v", err)
		}
		n, err := w.svc.InviteByEmail(ctx, w.organizer, w.dinner.ID, []string{"New@example.org", "other@example.org"})
		if err != nil || n != 2 {
			t.Fatalf("invite: %d %v", n, err)
		}
		if n, _ := w.svc.InviteByEmail(ctx, w.organizer, w.dinner.ID, []string{"new@example.org"}); n != 0 {
			t.Errorf("invited twice: %d", n)
		}
		if _, err := s.MemberByEmail(ctx, "new@example.org"); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Fatalf("a member exists before accepting: %v", err)
		}
		invs, err := s.EmailInvitations(ctx, w.dinner.ID)
		if err != nil || len(invs) != 2 {
			t.Fatalf("invitations: %v %v", invs, err)
		}
		token := func(inv *store.EmailInvitation) string {
			link, err := jobs.EmailInvitationLink(ctx, s, "", w.dinner, inv.ID)
			if err != nil {
				t.Fatal(err)
			}
			return strings.TrimPrefix(link, "/invitation/")
		}
		if _, err := w.svc.AcceptInvitation(ctx, gatherings.Acceptance{Token: token(invs[0]), Status: "going"}); kindred.ErrorCode(err) != kindred.EINVALID {
			t.Errorf("going without a name: %v", err)
		}
		res, err := w.svc.AcceptInvitation(ctx, gatherings.Acceptance{Token: token(invs[0]), Name: "Nia New", Status: "going"})
		if err != nil || res.RSVP.Status != kindred.RSVPGoing {
			t.Fatalf("accept: %+v %v", res, err)
		}
		m, err := s.MemberByEmail(ctx, "new@example.org")
		if err != nil || m.Name != "Nia New" || m.ID != res.RSVP.MemberID {
			t.Errorf("member made: %+v %v", m, err)
		}
		if res, err := w.svc.AcceptInvitation(ctx, gatherings.Acceptance{Token: token(invs[1]), Status: "declined"}); err != nil || res != nil {
			t.Errorf("decline: %+v %v", res, err)
		}
		if _, err := s.MemberByEmail(ctx, "other@example.org"); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("declining made a member: %v", err)
		}
		if _, err := w.svc.AcceptInvitation(ctx, gatherings.Acceptance{Token: token(invs[0]) + "x", Status: "going"}); err == nil {
			t.Error("a forged link was accepted")
		}
		if audits(t, s, "gathering.invite.email") != 1 || audits(t, s, "gathering.invite.accept") != 1 {
			t.Errorf("audits: %d, %d", audits(t, s, "gathering.invite.email"), audits(t, s, "gathering.invite.accept"))
		}
	})
}

// TestPublicGatheringUseCase: only a public gathering open to the network
// is read without signing in.
func TestPublicGatheringUseCase(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		if _, err := w.svc.PublicGathering(ctx, w.dinner.ID); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("not public yet: %v", err)
		}
		g := w.change(t)
		g.Public, g.JoinURL = true, "https://meet.example.org/june"
		if _, err := w.svc.Update(ctx, w.organizer, gatherings.Change{Gathering: g}); err != nil {
			t.Fatal(err)
		}
		got, err := w.svc.PublicGathering(ctx, w.dinner.ID)
		if err != nil || !got.Public || got.JoinURL != "https://meet.example.org/june" || got.Format() != "online" {
			t.Errorf("public: %+v %v", got, err)
		}
	})
}
