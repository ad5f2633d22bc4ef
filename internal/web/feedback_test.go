package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/gatherings"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// feedbackWorld is a Chicago dinner held last night that six guests with
// accounts came to, and the city's organizer.
type feedbackWorld struct {
	g         *kindred.Gathering
	guests    []*kindred.Viewer
	organizer *kindred.Account
}

var feedbackGuests = []string{"Ada Obi", "Ben Cruz", "Chen Wei", "Dara Khan", "Eli Moss", "Fay Lund"}

func seedFeedbackWorld(t *testing.T, srv *testutil.Server) *feedbackWorld {
	t.Helper()
	ctx := context.Background()
	n := seedNetwork(t, srv.Store)
	w := &feedbackWorld{organizer: testutil.CreateAccount(t, srv.Store, "feedback.organizer@example.org", kindred.RoleOrganizer)}
	start := srv.Store.Now().Add(-26 * time.Hour).Truncate(time.Hour)
	var ids []int64
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) (err error) {
		if err := tx.SetRole(ctx, w.organizer.ID, kindred.RoleOrganizer, []int64{n.chicago.ID}); err != nil {
			return err
		}
		w.g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: n.chicago.ID, Title: "Supper on the South Side", Capacity: 8,
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Status: kindred.GatheringOpen, Visibility: kindred.VisibilityNetwork})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range feedbackGuests {
		email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"
		acct := testutil.CreateAccount(t, srv.Store, email, kindred.RoleMember)
		err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
			m := &kindred.Member{Name: name, Email: email, AccountID: acct.ID, CityID: n.chicago.ID}
			if _, err := tx.CreateMember(ctx, m); err != nil {
				return err
			}
			ids = append(ids, m.ID)
			_, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: w.g.ID, MemberID: m.ID, Status: kindred.RSVPGoing})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		w.guests = append(w.guests, viewerOf(t, srv.Store, acct))
	}
	if _, err := srv.UseCases.Gatherings.RecordAttendance(ctx, viewerOf(t, srv.Store, w.organizer),
		gatherings.Attendance{GatheringID: w.g.ID, Came: ids}); err != nil {
		t.Fatal(err)
	}
	return w
}

func viewerOf(t *testing.T, s *store.Store, a *kindred.Account) *kindred.Viewer {
	t.Helper()
	acct, err := s.Account(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.Viewer(context.Background(), acct)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestAfterDinnerQuestionOnAPhone: a guest who came finds the question on
// the gathering's page, makes a mistake (what she typed stays), answers;
// once five have answered, the organizer reads the answers on a phone,
// without a name, and her city's page sums them up.
func TestAfterDinnerQuestionOnAPhone(t *testing.T) {
	t.Parallel()
	testutil.ForOneServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		w := seedFeedbackWorld(t, srv)
		phone := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
		testutil.SignIn(t, phone, srv, w.guests[0].AccountID())
		phone.Open(fmt.Sprintf("%s/gatherings/%d", srv.URL, w.g.ID))
		phone.Submit(`a[href$="/feedback"]`)
		phone.CheckA11y()
		phone.Screenshot("feedback-phone")
		phone.Do(evalAction(`document.querySelector('input[name=value][value="4"]').click()`))
		phone.Do(evalAction(`document.querySelector('#will_try').removeAttribute('maxlength')`))
		phone.Fill("#will_try", strings.Repeat("Ask first. ", 50))
		phone.Do(evalAction(fmt.Sprintf(`document.querySelector('#meet_again').value = "%d"`, w.guests[1].MemberID())))
		phone.Submit(".form button[type=submit]")
		if got := phone.Text(".alert"); !strings.Contains(got, "One thing you will try is too long") {
			t.Errorf("after a long answer the alert reads %q", got)
		}
		if got := phone.Value("#meet_again"); got != fmt.Sprint(w.guests[1].MemberID()) || !strings.HasPrefix(phone.Value("#will_try"), "Ask first.") {
			t.Errorf("after a mistake the form holds meet_again %q, will_try %.20q; want what was typed", got, phone.Value("#will_try"))
		}
		phone.CheckA11y()
		phone.Fill("#will_try", "Ask every newcomer what they want to learn")
		phone.Submit(".form button[type=submit]")
		if !strings.HasSuffix(phone.URL(), fmt.Sprintf("/gatherings/%d", w.g.ID)) || !strings.Contains(phone.Text("body"), "your answer is saved") {
			t.Fatalf("after answering: %s", phone.URL())
		}
		f, err := srv.Store.Feedback(ctx, w.g.ID, w.guests[0].MemberID())
		if err != nil || f.Value != 4 || f.MeetAgainID != w.guests[1].MemberID() || f.WillTry != "Ask every newcomer what they want to learn" {
			t.Fatalf("stored answer %+v, %v", f, err)
		}
		for i, v := range w.guests[1:5] {
			in := gatherings.FeedbackAnswer{GatheringID: w.g.ID, Value: 3 + i%3, MeetAgainID: w.guests[0].MemberID()}
			if i == 1 {
				in.WillTry = "A buddy for each newcomer"
			}
			if _, err := srv.UseCases.Gatherings.GiveFeedback(ctx, v, in); err != nil {
				t.Fatal(err)
			}
		}
		organizerReadsTheAnswers(t, srv, w)
	})
}

// TestAfterDinnerQuestionThroughAPersonalLink: Gus came but has no
// account; the personal link his mail carries opens the question on his
// phone without signing in, he answers (a mistake first: what he typed
// stays), and finds his answer again with the same link; a link altered by
// hand is refused in plain words.
func TestAfterDinnerQuestionThroughAPersonalLink(t *testing.T) {
	t.Parallel()
	testutil.ForOneServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		w := seedFeedbackWorld(t, srv)
		var gus int64
		if _, err := srv.Store.DB().ExecContext(ctx, fmt.Sprintf(`UPDATE gatherings SET status = 'open' WHERE id = %d`, w.g.ID)); err != nil {
			t.Fatal(err)
		}
		err := srv.Store.WithTx(ctx, func(tx *store.Tx) (err error) {
			if gus, err = tx.CreateMember(ctx, &kindred.Member{Name: "Gus Hale", Email: "gus.hale@example.org"}); err != nil {
				return err
			}
			if _, err = tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: w.g.ID, MemberID: gus, Status: kindred.RSVPGoing}); err != nil {
				return err
			}
			if _, err = tx.CheckIn(ctx, w.g.ID, gus, true); err != nil {
				return err
			}
			return tx.SetGatheringStatus(ctx, w.g.ID, kindred.GatheringHeld)
		})
		if err != nil {
			t.Fatal(err)
		}
		link, err := srv.UseCases.Gatherings.Queue.FeedbackLink(ctx, w.g, gus)
		if err != nil {
			t.Fatal(err)
		}
		link = srv.URL + link[strings.Index(link, "/feedback/"):]
		phone := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
		phone.Open(link)
		phone.CheckA11y()
		phone.Screenshot("feedback-link-phone")
		if got := phone.Text("main"); !strings.Contains(got, "One question about the dinner") || !strings.Contains(got, w.g.Title) {
			t.Fatalf("Gus's link opens:\n%s", got)
		}
		phone.Do(evalAction(`document.querySelector('input[name=value][value="5"]').click()`))
		phone.Do(evalAction(`document.querySelector('#will_try').removeAttribute('maxlength')`))
		phone.Fill("#will_try", strings.Repeat("Listen more. ", 50))
		phone.Do(evalAction(fmt.Sprintf(`document.querySelector('#meet_again').value = "%d"`, w.guests[2].MemberID())))
		phone.Submit(".form button[type=submit]")
		if got := phone.Text(".alert"); !strings.Contains(got, "One thing you will try is too long") || phone.Value("#meet_again") != fmt.Sprint(w.guests[2].MemberID()) {
			t.Errorf("after a long answer the alert reads %q and meet_again holds %q", got, phone.Value("#meet_again"))
		}
		phone.CheckA11y()
		phone.Fill("#will_try", "Listen more than I talk")
		phone.Submit(".form button[type=submit]")
		if phone.URL() != link || !strings.Contains(phone.Text("body"), "your answer is saved") || phone.Value("#will_try") != "Listen more than I talk" {
			t.Fatalf("after answering: %s\n%s", phone.URL(), phone.Text("main"))
		}
		phone.CheckA11y()
		f, err := srv.Store.Feedback(ctx, w.g.ID, gus)
		if err != nil || f.Value != 5 || f.MeetAgainID != w.guests[2].MemberID() || f.WillTry != "Listen more than I talk" {
			t.Fatalf("Gus's stored answer %+v, %v", f, err)
		}
		base, token, _ := strings.Cut(link, "/feedback/")
		body, mac, _ := strings.Cut(token, ".")
		phone.Open(base + "/feedback/" + body + "." + strings.Repeat("A", len(mac)))
		if got := phone.Text("main"); !strings.Contains(got, "This link to the after-dinner question is not valid") {
			t.Errorf("an altered link shows:\n%s", got)
		}
	})
}

func organizerReadsTheAnswers(t *testing.T, srv *testutil.Server, w *feedbackWorld) {
	t.Helper()
	phone := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, phone, srv, w.organizer.ID)
	phone.Open(fmt.Sprintf("%s/gatherings/%d", srv.URL, w.g.ID))
	phone.Submit(`a[href$="/feedback/summary"]`)
	phone.CheckA11y()
	phone.Screenshot("feedback-summary-phone")
	got := phone.Text("main")
	for _, want := range []string{"5 of the 6 guests who came answered", "Ask every newcomer what they want to learn", "A buddy for each newcomer",
		"5 named someone they'd like to meet again; 1 pair named each other"} {
		if !strings.Contains(got, want) {
			t.Errorf("the summary lacks %q:\n%s", want, got)
		}
	}
	for _, name := range feedbackGuests {
		if strings.Contains(got, name) {
			t.Errorf("the summary names %s", name)
		}
	}
	phone.Open(srv.URL + "/network/cities/chicago")
	if got := phone.Text("#feedback-h + p + p"); !strings.Contains(got, "5 of the 6") {
		t.Errorf("Chicago's page to its organizer: %q", got)
	}
}

// feedbackSecret is what a guest will try, planted in the demo network:
// only the dinner's hosts and organizers may read it.
const feedbackSecret = "SECRET-TRY-7f3a"

// plantFeedbackSecret answers the after-dinner question of a held demo
// dinner as one of its guests, with feedbackSecret as the thing they will
// try, and returns the question's and the summary's addresses, and a
// forged personal link to that guest's question, for the crawl to try.
func plantFeedbackSecret(t *testing.T, s *store.Store) []string {
	t.Helper()
	ctx := context.Background()
	held, err := s.ListGatherings(ctx, store.GatheringFilter{Statuses: []kindred.GatheringStatus{kindred.GatheringHeld}, Limit: 1})
	if err != nil || len(held) == 0 {
		t.Fatalf("no held demo dinner: %v", err)
	}
	came, err := s.ListRSVPs(ctx, held[0].ID, kindred.RSVPAttended)
	if err != nil || len(came) == 0 {
		t.Fatalf("nobody came to the demo dinner: %v", err)
	}
	err = s.WithTx(ctx, func(tx *store.Tx) error {
		return tx.SaveFeedback(ctx, kindred.Feedback{GatheringID: held[0].ID, MemberID: came[0].MemberID, Value: 5, WillTry: feedbackSecret})
	})
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("/gatherings/%d/feedback", held[0].ID)
	forged := "/feedback/" + kindred.FeedbackToken(held[0], came[0].MemberID).Sign([]byte("forged"))
	return []string{base, base + "/summary", "/api/v1" + base, "/api/v1" + base + "/summary", forged}
}
