package conversations_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/conversations"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/mail"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// digestWorld is an open dinner and an invite-only one, their
// conversations, and the people who write and read in them; its queue
// sends mail to mailpit, on a clock that can be moved a day ahead.
type digestWorld struct {
	svc                         *conversations.Service
	q                           *jobs.Queue
	events                      <-chan *river.Event
	ahead                       *atomic.Int64 // how far the queue's clock runs ahead of the store's
	open, quiet                 kindred.Place
	quietID                     int64
	bea, ada, femi, otto        *kindred.Viewer
	organizer                   *kindred.Viewer
	adaMember                   int64
	adaMail, femiMail, ottoMail string
}

func newDigestWorld(t *testing.T, s *store.Store, mp *testutil.Mailpit) *digestWorld {
	t.Helper()
	ctx := context.Background()
	composer, err := mail.NewComposer()
	if err != nil {
		t.Fatal(err)
	}
	w := &digestWorld{ahead: &atomic.Int64{}}
	w.q, err = jobs.New(jobs.Config{Store: s, Mail: composer, BaseURL: "http://kindred.example", PollInterval: 20 * time.Millisecond,
		Sender: mail.NewSMTP(mp.SMTP, "Kindred <kindred@example.org>"),
		Clock:  func() time.Time { return time.Now().Add(time.Duration(w.ahead.Load())) }})
	if err != nil {
		t.Fatal(err)
	}
	events, cancel := w.q.Subscribe()
	t.Cleanup(cancel)
	w.events = events
	if err := w.q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.q.Stop(context.Background()) })
	w.svc = &conversations.Service{Store: s, Queue: w.q}
	accts, members := map[string]*kindred.Account{}, map[string]int64{}
	err = s.WithTx(ctx, func(tx *store.Tx) error {
		city, err := tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
		if err != nil {
			return err
		}
		if _, err := tx.CreateAccount(ctx, kindred.NewAccount{Email: testutil.UniqueEmail("digest-admin"), Name: "Admin"}, ""); err != nil {
			return err
		}
		for _, name := range []string{"Bea", "Ada", "Femi", "Otto", "Olu"} {
			a, err := tx.CreateAccount(ctx, kindred.NewAccount{Email: testutil.UniqueEmail("digest-" + strings.ToLower(name)), Name: name}, "")
			if err != nil {
				return err
			}
			m := &kindred.Member{Name: name + " Digest", Email: a.Email, AccountID: a.ID, CityID: city.ID}
			if _, err := tx.CreateMember(ctx, m); err != nil {
				return err
			}
			accts[name], members[name] = a, m.ID
		}
		if err := tx.SetRole(ctx, accts["Olu"].ID, kindred.RoleOrganizer, []int64{city.ID}); err != nil {
			return err
		}
		start := tx.Now().Add(72 * time.Hour)
		for _, d := range []struct {
			place      *kindred.Place
			visibility string
		}{{&w.open, kindred.VisibilityNetwork}, {&w.quiet, kindred.VisibilityInvite}} {
			g, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: city.ID, Title: "Supper " + d.visibility, Capacity: 8, StartsAt: start,
				EndsAt: start.Add(2 * time.Hour), Status: kindred.GatheringOpen, Visibility: d.visibility})
			if err != nil {
				return err
			}
			*d.place = kindred.Place{Kind: kindred.PlaceGathering, RefID: g.ID}
		}
		w.quietID = w.quiet.RefID
		for _, name := range []string{"Bea", "Ada", "Femi", "Otto"} {
			if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: w.open.RefID, MemberID: members[name], Status: kindred.RSVPGoing}); err != nil {
				return err
			}
		}
		_, err = tx.Invite(ctx, w.quietID, []int64{members["Bea"], members["Ada"]}, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]**kindred.Viewer{"Bea": &w.bea, "Ada": &w.ada, "Femi": &w.femi, "Otto": &w.otto, "Olu": &w.organizer} {
		a, err := s.Account(ctx, accts[name].ID)
		if err != nil {
			t.Fatal(err)
		}
		if *v, err = s.Viewer(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	w.adaMember, w.adaMail, w.femiMail, w.ottoMail = members["Ada"], accts["Ada"].Email, accts["Femi"].Email, accts["Otto"].Email
	return w
}

// wait waits for n finished jobs of each kind, failing on a failed one.
func (w *digestWorld) wait(t *testing.T, want map[string]int) {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for left := len(want); left > 0; {
		select {
		case ev := <-w.events:
			if ev.Kind == river.EventKindJobFailed {
				t.Fatalf("job %s failed: %v", ev.Job.Kind, ev.Job.Errors)
			}
			if n, ok := want[ev.Job.Kind]; ok {
				if want[ev.Job.Kind] = n - 1; n == 1 {
					left--
				}
			}
		case <-timeout:
			t.Fatalf("jobs still to finish: %v", want)
		}
	}
}

// TestDailyDigest: a member on "daily digest" gets one mail a day with the
// posts written in the conversations they follow, without a post hidden
// since or a conversation they may no longer read; a member who turned
// the news off gets nothing; the next run sends nothing again.
func TestDailyDigest(t *testing.T) {
	t.Parallel()
	mp := testutil.StartedMailpit(t)
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newDigestWorld(t, s, mp)
		for v, mode := range map[*kindred.Viewer]kindred.NotifyMode{w.ada: kindred.NotifyDigest, w.otto: kindred.NotifyDigest, w.femi: kindred.NotifyOff} {
			if err := w.svc.SaveSettings(ctx, v, kindred.NotifySettings{kindred.NotifyReplies: mode}); err != nil {
				t.Fatal(err)
			}
		}
		for _, v := range []*kindred.Viewer{w.ada, w.femi, w.otto} {
			if err := w.svc.Follow(ctx, v, w.open, true); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.svc.Follow(ctx, w.ada, w.quiet, true); err != nil {
			t.Fatal(err)
		}
		var hidden int64
		for _, p := range []struct {
			place kindred.Place
			body  string
		}{{w.open, "Who brings bread?"}, {w.open, "I bring cheese."}, {w.open, "HIDDEN-7f3a: a rude remark"}, {w.quiet, "QUIET-7f3a: the guest list"}} {
			pv, err := w.svc.Post(ctx, w.bea, conversations.NewPost{Place: p.place, Body: p.body})
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(p.body, "HIDDEN") {
				hidden = pv.ID
			}
		}
		w.wait(t, map[string]int{"conversation_notify": 4})
		// Before the digest goes, an organizer hides a post and Ada is taken
		// off the invite-only dinner's list.
		if err := w.svc.Hide(ctx, w.organizer, w.open, hidden, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB().ExecContext(ctx, fmt.Sprintf(`DELETE FROM rsvps WHERE gathering_id = %d AND member_id = %d`, w.quietID, w.adaMember)); err != nil {
			t.Fatal(err)
		}
		w.ahead.Store(int64(jobs.ConversationDigestEvery + time.Hour))
		digest := func() {
			t.Helper()
			if err := s.WithTx(ctx, func(tx *store.Tx) error { return w.q.SendConversationDigests(ctx, tx) }); err != nil {
				t.Fatal(err)
			}
		}
		digest()
		w.wait(t, map[string]int{"conversation_digest": 1, "send_mail": 2})
		digest() // at once again: nothing is due
		w.wait(t, map[string]int{"conversation_digest": 1})
		if list, err := s.ListMail(ctx, 0, 10); err != nil || len(list) != 2 {
			t.Errorf("%d mails after the second run (%v), want the two digests only", len(list), err)
		}
		for _, to := range []string{w.adaMail, w.ottoMail} {
			msgs := mp.Search(t, to)
			if len(msgs) != 1 || msgs[0].Subject != "Today in your conversations" {
				t.Fatalf("%s got %+v, want one digest", to, msgs)
			}
			text := mp.Message(t, msgs[0].ID).Text
			for _, want := range []string{"Who brings bread?", "I bring cheese.", "Bea Digest"} {
				if !strings.Contains(text, want) {
					t.Errorf("%s's digest lacks %q:\n%s", to, want, text)
				}
			}
			for _, secret := range []string{"HIDDEN-7f3a", "QUIET-7f3a"} {
				if strings.Contains(text, secret) {
					t.Errorf("%s's digest shows %s:\n%s", to, secret, text)
				}
			}
		}
		if msgs := mp.Search(t, w.femiMail); len(msgs) != 0 {
			t.Errorf("a member with the news off got %d mails", len(msgs))
		}
	})
}
