package gatherings_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/gatherings"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// heldWithGuests makes the world's dinner one that took place yesterday,
// seats n more members with accounts beside the member and the guest, and
// marks it held with everyone seated but the last one having come. It
// returns the viewers of those who came (member and guest first) and the
// one who did not.
func heldWithGuests(t *testing.T, w *world, n int) (came []*kindred.Viewer, absent *kindred.Viewer) {
	t.Helper()
	ctx := context.Background()
	past := w.change(t)
	past.StartsAt, past.EndsAt, past.Capacity = w.s.Now().Add(-26*time.Hour), w.s.Now().Add(-24*time.Hour), n+3
	if _, err := w.svc.Update(ctx, w.organizer, gatherings.Change{Gathering: past}); err != nil {
		t.Fatal(err)
	}
	seated := []*kindred.Viewer{w.member, w.guest}
	for i := range n + 1 {
		var acct *kindred.Account
		err := w.s.WithTx(ctx, func(tx *store.Tx) (err error) {
			email := fmt.Sprintf("diner%d@example.org", i)
			if acct, err = tx.CreateAccount(ctx, kindred.NewAccount{Email: email, Name: fmt.Sprintf("Diner %d", i), Role: kindred.RoleMember}, ""); err != nil {
				return err
			}
			_, err = tx.LinkOrCreateMember(ctx, acct)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		v, err := w.s.Viewer(ctx, acct)
		if err != nil {
			t.Fatal(err)
		}
		seated = append(seated, v)
	}
	var ids []int64
	for _, v := range seated {
		if _, err := w.svc.RSVP(ctx, w.organizer, gatherings.Answer{GatheringID: w.dinner.ID, MemberID: v.MemberID(), Status: "going"}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, v.MemberID())
	}
	came, absent = seated[:len(seated)-1], seated[len(seated)-1]
	if _, err := w.svc.RecordAttendance(ctx, w.organizer, gatherings.Attendance{GatheringID: w.dinner.ID, Came: ids[:len(ids)-1]}); err != nil {
		t.Fatal(err)
	}
	return came, absent
}

// TestOnlyGuestsWhoCameAnswer: the after-dinner question opens once the
// dinner is held, to the guests who came only; holding it asks each of
// them once, and a correction asks whoever is added.
func TestOnlyGuestsWhoCameAnswer(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		if _, err := w.svc.RSVP(ctx, w.guest, gatherings.Answer{GatheringID: w.dinner.ID, Status: "going"}); err != nil {
			t.Fatal(err)
		}
		_, err := w.svc.FeedbackForm(ctx, w.guest, w.dinner.ID)
		wantCode(t, "a guest going to a dinner not held yet", err, kindred.ENOTFOUND, "")
		came, absent := heldWithGuests(t, w, 2)
		if n := countJobs(t, s, "feedback_mail"); n != len(came) {
			t.Errorf("%d guests asked the question when the dinner was held, want the %d who came", n, len(came))
		}
		for name, v := range map[string]*kindred.Viewer{"a guest marked absent": absent, "the organizer": w.organizer,
			"an administrator": w.admin, "another city's organizer": w.other, "an account without a profile": w.noProfile} {
			_, err := w.svc.FeedbackForm(ctx, v, w.dinner.ID)
			wantCode(t, name, err, kindred.ENOTFOUND, "")
			_, err = w.svc.GiveFeedback(ctx, v, gatherings.FeedbackAnswer{GatheringID: w.dinner.ID, Value: 3})
			wantCode(t, name+" answering", err, kindred.ENOTFOUND, "")
		}
		form, err := w.svc.FeedbackForm(ctx, w.guest, w.dinner.ID)
		if err != nil || form.Answered || len(form.Others) != len(came)-1 ||
			slices.ContainsFunc(form.Others, func(r *kindred.RSVP) bool { return r.MemberID == w.guest.MemberID() || r.MemberID == absent.MemberID() }) {
			t.Fatalf("the guest's form: %+v, %v; want the %d others who came to choose from", form, err, len(came)-1)
		}
		// The organizer corrects: the absent guest came after all.
		ids := []int64{absent.MemberID()}
		for _, v := range came {
			ids = append(ids, v.MemberID())
		}
		if _, err := w.svc.RecordAttendance(ctx, w.organizer, gatherings.Attendance{GatheringID: w.dinner.ID, Came: ids}); err != nil {
			t.Fatal(err)
		}
		if n := countJobs(t, s, "feedback_mail"); n != len(came)+1 {
			t.Errorf("%d asked after the correction, want %d", n, len(came)+1)
		}
		if _, err := w.svc.FeedbackForm(ctx, absent, w.dinner.ID); err != nil {
			t.Errorf("the guest counted as having come since: %v", err)
		}
	})
}

// TestAnInviteOnlyDinnerIsNotFoundToOthers: a member not on the list of an
// invite-only dinner neither sees its question nor its summary.
func TestAnInviteOnlyDinnerIsNotFoundToOthers(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		heldWithGuests(t, w, 0)
		if _, err := s.DB().ExecContext(ctx, fmt.Sprintf(`UPDATE gatherings SET visibility = 'invite' WHERE id = %d`, w.dinner.ID)); err != nil {
			t.Fatal(err)
		}
		_, err := w.svc.FeedbackForm(ctx, w.noProfile, w.dinner.ID)
		wantCode(t, "the question of a dinner one cannot see", err, kindred.ENOTFOUND, "")
		_, _, err = w.svc.FeedbackSummary(ctx, w.noProfile, w.dinner.ID)
		wantCode(t, "the summary of a dinner one cannot see", err, kindred.ENOTFOUND, "")
		_, _, err = w.svc.FeedbackSummary(ctx, w.other, w.dinner.ID)
		wantCode(t, "the summary of another city's dinner", err, kindred.ENOTFOUND, "")
	})
}

// TestFeedbackAnswersAndTheirSummary: every part of the answer is
// optional and checked; a guest's answer replaces their earlier one; the
// hosts' summary counts answers without names, and breaks them down only
// from five answers on; meeting again is only ever a count.
func TestFeedbackAnswersAndTheirSummary(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		came, absent := heldWithGuests(t, w, 4) // six came
		answer := func(v *kindred.Viewer, a gatherings.FeedbackAnswer) error {
			a.GatheringID = w.dinner.ID
			_, err := w.svc.GiveFeedback(ctx, v, a)
			return err
		}
		wantCode(t, "a value off the scale", answer(w.guest, gatherings.FeedbackAnswer{Value: 6}), kindred.EINVALID, "value")
		wantCode(t, "meeting again someone who did not come", answer(w.guest, gatherings.FeedbackAnswer{MeetAgainID: absent.MemberID()}),
			kindred.EINVALID, "meet_again")
		wantCode(t, "meeting oneself again", answer(w.guest, gatherings.FeedbackAnswer{MeetAgainID: w.guest.MemberID()}),
			kindred.EINVALID, "meet_again")
		wantCode(t, "a long thing to try", answer(w.guest, gatherings.FeedbackAnswer{WillTry: strings.Repeat("x", kindred.MaxWillTry+1)}),
			kindred.EINVALID, "will_try")
		if audits(t, s, "gathering.feedback") != 0 {
			t.Errorf("refused answers were audited")
		}
		// Guest and member want to meet each other; the guest changes their mind on the value.
		must := func(v *kindred.Viewer, a gatherings.FeedbackAnswer) {
			t.Helper()
			if err := answer(v, a); err != nil {
				t.Fatal(err)
			}
		}
		must(w.guest, gatherings.FeedbackAnswer{Value: 2, WillTry: "  Ask before advising ", MeetAgainID: w.member.MemberID()})
		must(w.guest, gatherings.FeedbackAnswer{Value: 5, WillTry: "Ask before advising", MeetAgainID: w.member.MemberID()})
		must(w.member, gatherings.FeedbackAnswer{Value: 4, MeetAgainID: w.guest.MemberID()})
		must(came[2], gatherings.FeedbackAnswer{}) // nothing is mandatory
		// The network's summary is cached for every viewer; the answers
		// below must still reach it.
		if network, err := w.svc.NetworkFeedback(ctx); err != nil || network.Answered != 3 || network.Shown {
			t.Fatalf("the network's summary of three answers: %+v, %v", network, err)
		}
		sum, _, err := w.svc.FeedbackSummary(ctx, w.organizer, w.dinner.ID)
		if err != nil || sum.Came != 6 || sum.Answered != 3 || sum.Shown || sum.Values != nil || sum.WillTry != nil || sum.MeetAgain != 0 || sum.Mutual != 0 {
			t.Fatalf("three answers: %+v, %v; want counted, not broken down", sum, err)
		}
		mine, err := w.svc.FeedbackForm(ctx, w.guest, w.dinner.ID)
		if err != nil || !mine.Answered || mine.Answer.Value != 5 || mine.Answer.WillTry != "Ask before advising" || mine.Answer.MeetAgainID != w.member.MemberID() {
			t.Errorf("the guest's answer as they read it again: %+v, %v", mine, err)
		}
		must(came[3], gatherings.FeedbackAnswer{Value: 3, WillTry: "Bring a question, not an answer", MeetAgainID: w.guest.MemberID()})
		must(came[4], gatherings.FeedbackAnswer{Value: 4})
		sum, _, err = w.svc.FeedbackSummary(ctx, w.organizer, w.dinner.ID)
		if err != nil || !sum.Shown || sum.Answered != 5 || sum.Valued != 4 || !slices.Equal(sum.Values, []int{0, 0, 1, 2, 1}) || sum.Average != 4 ||
			!slices.Equal(sum.WillTry, []string{"Ask before advising", "Bring a question, not an answer"}) || sum.MeetAgain != 3 || sum.Mutual != 1 {
			t.Errorf("five answers: %+v, %v", sum, err)
		}
		if n := audits(t, s, "gathering.feedback"); n != 6 { // the guest's change too
			t.Errorf("%d answers audited, want 6", n)
		}
		given := 0
		for _, e := range events(t, s) {
			if e == kindred.EventFeedbackGiven {
				given++
			}
		}
		if given != 6 {
			t.Errorf("%d feedback events, want 6", given)
		}
		for name, v := range map[string]*kindred.Viewer{"a guest": w.guest, "a member": w.member} {
			_, _, err := w.svc.FeedbackSummary(ctx, v, w.dinner.ID)
			wantCode(t, name+" reading the summary", err, kindred.EFORBIDDEN, "")
		}
		city, err := w.svc.CityFeedback(ctx, w.organizer, w.chicago.ID)
		if err != nil || city.Gatherings != 1 || city.Answered != 5 || len(city.WillTry) != 2 {
			t.Errorf("Chicago's summary: %+v, %v", city, err)
		}
		_, err = w.svc.CityFeedback(ctx, w.other, w.chicago.ID)
		wantCode(t, "another city's organizer reading Chicago's summary", err, kindred.EFORBIDDEN, "")
		network, err := w.svc.NetworkFeedback(ctx)
		if err != nil || network.Answered != 5 || network.Mutual != 1 || network.WillTry != nil {
			t.Errorf("the network's summary: %+v, %v; want counts only", network, err)
		}
	})
}

// TestHostsReadTheSummary: a member hosting the dinner reads its summary
// as its organizers do.
func TestHostsReadTheSummary(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		heldWithGuests(t, w, 0)
		g := w.change(t)
		g.HostIDs = []int64{w.member.MemberID()}
		if _, err := w.svc.Update(ctx, w.organizer, gatherings.Change{Gathering: g}); err != nil {
			t.Fatal(err)
		}
		if sum, _, err := w.svc.FeedbackSummary(ctx, w.member, w.dinner.ID); err != nil || sum.Came != 2 {
			t.Errorf("the host's summary: %+v, %v", sum, err)
		}
	})
}

// TestFeedbackThroughAPersonalLink: a guest who came but has no account
// answers through their personal link, with the same form and rules as a
// signed-in guest; a forged or altered link, or one signed with another
// key, is refused as not valid, and a guest without an account who did not
// come finds no question behind a genuine link.
func TestFeedbackThroughAPersonalLink(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorld(t, s)
		came, _ := heldWithGuests(t, w, 1)
		var una, vic int64 // profiles without accounts: Una came, Vic did not
		if _, err := s.DB().ExecContext(ctx, fmt.Sprintf(`UPDATE gatherings SET status = 'open', capacity = 10 WHERE id = %d`, w.dinner.ID)); err != nil {
			t.Fatal(err)
		}
		err := s.WithTx(ctx, func(tx *store.Tx) (err error) {
			for _, p := range []struct {
				id   *int64
				name string
				came bool
			}{{&una, "Una", true}, {&vic, "Vic", false}} {
				if *p.id, err = tx.CreateMember(ctx, &kindred.Member{Name: p.name, Email: strings.ToLower(p.name) + "@example.org"}); err != nil {
					return err
				}
				if _, err = tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: w.dinner.ID, MemberID: *p.id, Status: kindred.RSVPGoing}); err != nil {
					return err
				}
				if _, err = tx.CheckIn(ctx, w.dinner.ID, *p.id, p.came); err != nil {
					return err
				}
			}
			return tx.SetGatheringStatus(ctx, w.dinner.ID, kindred.GatheringHeld)
		})
		if err != nil {
			t.Fatal(err)
		}
		token := func(member int64) string {
			t.Helper()
			link, err := w.svc.Queue.FeedbackLink(ctx, w.dinner, member)
			if err != nil {
				t.Fatal(err)
			}
			return link[strings.LastIndex(link, "/")+1:]
		}
		v, id, err := w.svc.FeedbackLink(ctx, token(una))
		if err != nil || id != w.dinner.ID || v.MemberID() != una || v.SignedIn() {
			t.Fatalf("Una's link opens %d as %+v, %v; want the dinner, as Una without an account", id, v, err)
		}
		form, err := w.svc.FeedbackForm(ctx, v, id)
		if err != nil || form.Answered || len(form.Others) != len(came) ||
			slices.ContainsFunc(form.Others, func(r *kindred.RSVP) bool { return r.MemberID == una || r.MemberID == vic }) {
			t.Fatalf("Una's form: %+v, %v; want the %d others who came to choose from", form, err, len(came))
		}
		_, err = w.svc.GiveFeedback(ctx, v, gatherings.FeedbackAnswer{GatheringID: id, MeetAgainID: vic})
		wantCode(t, "Una meeting again someone who did not come", err, kindred.EINVALID, "meet_again")
		if _, err := w.svc.GiveFeedback(ctx, v, gatherings.FeedbackAnswer{GatheringID: id, Value: 4, WillTry: "Tea first", MeetAgainID: w.guest.MemberID()}); err != nil {
			t.Fatal(err)
		}
		if f, err := s.Feedback(ctx, w.dinner.ID, una); err != nil || f.Value != 4 || f.WillTry != "Tea first" || f.MeetAgainID != w.guest.MemberID() {
			t.Errorf("Una's stored answer: %+v, %v", f, err)
		}
		good := token(una)
		body, mac, _ := strings.Cut(good, ".")
		vicBody, _, _ := strings.Cut(token(vic), ".")
		followUpKey, err := s.LinkKey(ctx, "followup")
		if err != nil {
			t.Fatal(err)
		}
		for name, tok := range map[string]string{
			"a link for Vic carrying Una's signature": vicBody + "." + mac,
			"a signature altered":                     body + "." + strings.Repeat("A", len(mac)),
			"a link signed with another key":          kindred.FeedbackToken(w.dinner, una).Sign([]byte("forged")),
			"Una's follow-up link":                    kindred.FollowUpToken(w.dinner, una).Sign(followUpKey),
			"a cut link":                              body,
			"nothing":                                 "",
		} {
			_, _, err := w.svc.FeedbackLink(ctx, tok)
			wantCode(t, name, err, kindred.EINVALID, "")
		}
		v, id, err = w.svc.FeedbackLink(ctx, token(vic))
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.FeedbackForm(ctx, v, id)
		wantCode(t, "Vic, who did not come, through a genuine link", err, kindred.ENOTFOUND, "")
		_, err = w.svc.GiveFeedback(ctx, v, gatherings.FeedbackAnswer{GatheringID: id, Value: 3})
		wantCode(t, "Vic answering", err, kindred.ENOTFOUND, "")
	})
}
