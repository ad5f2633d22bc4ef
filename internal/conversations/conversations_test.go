package conversations_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/conversations"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/mail"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// world is an invite-only dinner in Chicago with a guest and a friend on
// its list, a member who is not, Chicago's organizer, and a practice.
type world struct {
	svc                               *conversations.Service
	dinner, practice                  kindred.Place
	guest, friend, outside, organizer *kindred.Viewer
}

func newWorld(t *testing.T, s *store.Store) *world {
	t.Helper()
	ctx := context.Background()
	composer, err := mail.NewComposer()
	if err != nil {
		t.Fatal(err)
	}
	q, err := jobs.New(jobs.Config{Store: s, Mail: composer, BaseURL: "http://kindred.example", ReplyDomain: "reply.kindred.example"})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{svc: &conversations.Service{Store: s, Queue: q}}
	accts := map[string]*kindred.Account{}
	err = s.WithTx(ctx, func(tx *store.Tx) error {
		city, err := tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
		if err != nil {
			return err
		}
		// The first account of a network is its administrator.
		if _, err := tx.CreateAccount(ctx, kindred.NewAccount{Email: "admin@example.org", Name: "Admin"}, ""); err != nil {
			return err
		}
		var members []*kindred.Member
		for _, name := range []string{"Ada Guest", "Femi Friend", "Otto Outside", "Olu Organizer"} {
			a, err := tx.CreateAccount(ctx, kindred.NewAccount{Email: strings.ToLower(strings.Fields(name)[0]) + "@example.org", Name: name}, "")
			if err != nil {
				return err
			}
			accts[name] = a
			m := &kindred.Member{Name: name, Email: a.Email, AccountID: a.ID, CityID: city.ID}
			if _, err := tx.CreateMember(ctx, m); err != nil {
				return err
			}
			members = append(members, m)
		}
		if err := tx.SetRole(ctx, accts["Olu Organizer"].ID, kindred.RoleOrganizer, []int64{city.ID}); err != nil {
			return err
		}
		start := tx.Now().Add(72 * time.Hour)
		g, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: city.ID, Title: "Supper", Capacity: 8, StartsAt: start,
			EndsAt: start.Add(2 * time.Hour), Status: kindred.GatheringOpen, Visibility: kindred.VisibilityInvite})
		if err != nil {
			return err
		}
		w.dinner = kindred.Place{Kind: kindred.PlaceGathering, RefID: g.ID}
		if _, err := tx.Invite(ctx, g.ID, []int64{members[0].ID, members[1].ID}, 0); err != nil {
			return err
		}
		p := &kindred.Practice{Title: "SMS reminders", Summary: "Text the day before."}
		if _, err := tx.CreatePractice(ctx, p, 0); err != nil {
			return err
		}
		w.practice = kindred.Place{Kind: kindred.PlacePractice, RefID: p.ID}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]**kindred.Viewer{"Ada Guest": &w.guest, "Femi Friend": &w.friend, "Otto Outside": &w.outside, "Olu Organizer": &w.organizer} {
		a, err := s.Account(ctx, accts[name].ID)
		if err != nil {
			t.Fatal(err)
		}
		if *v, err = s.Viewer(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func (w *world) post(t *testing.T, v *kindred.Viewer, p kindred.Place, body string) *conversations.PostView {
	t.Helper()
	pv, err := w.svc.Post(context.Background(), v, conversations.NewPost{Place: p, Body: body})
	if err != nil {
		t.Fatalf("post %q: %v", body, err)
	}
	return pv
}

func code(err error) string { return kindred.ErrorCode(err) }

// TestThreadPaging: a thread longer than a page is read whole, forwards
// and backwards; nothing stops at a fixed number.
func TestThreadPaging(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		const n = 7*5 + 3
		for i := range n {
			w.post(t, w.guest, w.practice, "Post number "+strings.Repeat("i", i+1))
		}
		seen := 0
		pg := store.PostPage{From: 1, Limit: 5}
		for {
			th, err := w.svc.Read(ctx, w.outside, w.practice, pg)
			if err != nil {
				t.Fatal(err)
			}
			seen += len(th.Posts)
			if !th.Later {
				break
			}
			pg.From = th.Posts[len(th.Posts)-1].ID + 1
		}
		if seen != n {
			t.Errorf("reading forwards gave %d posts, want %d", seen, n)
		}
		seen, pg = 0, store.PostPage{Limit: 5}
		for {
			th, err := w.svc.Read(ctx, w.outside, w.practice, pg)
			if err != nil {
				t.Fatal(err)
			}
			seen += len(th.Posts)
			if !th.Earlier {
				break
			}
			pg.Before = th.Posts[0].ID
		}
		if seen != n {
			t.Errorf("reading backwards gave %d posts, want %d", seen, n)
		}
	})
}

// TestInviteOnlyThread: a dinner's conversation has the dinner's
// visibility; its guests write, its city's organizer moderates, a member
// not on the list neither reads nor writes; hidden posts keep their text
// from others, locked threads refuse guests, edits keep their history.
func TestInviteOnlyThread(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		first := w.post(t, w.guest, w.dinner, "Who brings bread?")
		if _, err := w.svc.Read(ctx, w.outside, w.dinner, store.PostPage{}); code(err) != kindred.ENOTFOUND {
			t.Errorf("a member not on the list reads the thread: %v, want ENOTFOUND", err)
		}
		if _, err := w.svc.Post(ctx, w.outside, conversations.NewPost{Place: w.dinner, Body: "Me too"}); code(err) != kindred.ENOTFOUND {
			t.Errorf("a member not on the list posts: %v, want ENOTFOUND", err)
		}
		if _, err := w.svc.Post(ctx, w.friend, conversations.NewPost{Place: w.dinner, Body: "  "}); kindred.ErrorFields(err)["body"] == "" {
			t.Errorf("an empty post: %v, want a problem naming body", err)
		}

		if _, err := w.svc.Edit(ctx, w.friend, w.dinner, first.ID, "Mine now"); code(err) != kindred.EFORBIDDEN {
			t.Errorf("editing someone else's post: %v, want EFORBIDDEN", err)
		}
		edited, err := w.svc.Edit(ctx, w.guest, w.dinner, first.ID, "Who brings bread? I bring cheese.")
		if err != nil || edited.EditedAt == nil {
			t.Fatalf("editing one's post: %+v, %v", edited, err)
		}
		_, versions, err := w.svc.History(ctx, w.friend, w.dinner, first.ID)
		if err != nil || len(versions) != 1 || versions[0].Body != "Who brings bread?" {
			t.Errorf("history = %+v, %v; want the first text", versions, err)
		}

		if err := w.svc.Hide(ctx, w.friend, w.dinner, first.ID, true); code(err) != kindred.EFORBIDDEN {
			t.Errorf("a guest hides a post: %v, want EFORBIDDEN", err)
		}
		if err := w.svc.Hide(ctx, w.organizer, w.dinner, first.ID, true); err != nil {
			t.Fatalf("the city's organizer hides a post: %v", err)
		}
		for v, shows := range map[*kindred.Viewer]bool{w.friend: false, w.guest: true, w.organizer: true} {
			th, err := w.svc.Read(ctx, v, w.dinner, store.PostPage{})
			if err != nil {
				t.Fatal(err)
			}
			if p := th.Posts[0]; p.ShowsBody != shows || (p.Body != "") != shows {
				t.Errorf("%s sees the hidden post's text: %v (%q), want %v", v.Account.Email, p.ShowsBody, p.Body, shows)
			}
		}

		if err := w.svc.Lock(ctx, w.organizer, w.dinner, true); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Post(ctx, w.friend, conversations.NewPost{Place: w.dinner, Body: "Late!"}); code(err) != kindred.EFORBIDDEN {
			t.Errorf("a guest posts in a locked thread: %v, want EFORBIDDEN", err)
		}
		w.post(t, w.organizer, w.dinner, "Closed: see you there.")

		if err := w.svc.Delete(ctx, w.guest, w.dinner, first.ID); code(err) != kindred.EFORBIDDEN {
			t.Errorf("deleting in a locked thread: %v, want EFORBIDDEN", err)
		}
		if err := w.svc.Lock(ctx, w.organizer, w.dinner, false); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Delete(ctx, w.guest, w.dinner, first.ID); err != nil {
			t.Fatal(err)
		}
		th, err := w.svc.Read(ctx, w.organizer, w.dinner, store.PostPage{})
		if err != nil || th.Posts[0].DeletedAt == nil || th.Posts[0].Body != "" {
			t.Errorf("after deleting, the post reads %+v (%v), want deleted without text", th.Posts[0], err)
		}
	})
}

// TestSettingsAndUnsubscribe: settings are checked and kept per kind; an
// unsubscribe link turns its kind off without signing in; an altered link
// is refused.
func TestSettingsAndUnsubscribe(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		err := w.svc.SaveSettings(ctx, w.guest, kindred.NotifySettings{kindred.NotifyReplies: "hourly"})
		if kindred.ErrorFields(err)[string(kindred.NotifyReplies)] == "" {
			t.Errorf("a bad mode: %v, want a problem naming %s", err, kindred.NotifyReplies)
		}
		if err := w.svc.SaveSettings(ctx, w.guest, kindred.NotifySettings{kindred.NotifyReplies: kindred.NotifyDigest}); err != nil {
			t.Fatal(err)
		}
		key, err := s.LinkKey(ctx, "unsubscribe")
		if err != nil {
			t.Fatal(err)
		}
		token := kindred.UnsubscribeToken{AccountID: w.guest.AccountID(), List: string(kindred.NotifyMentions)}.Sign(key)
		if _, err := w.svc.Unsubscribe(ctx, token[:len(token)-2]+"zz"); code(err) != kindred.EINVALID {
			t.Errorf("an altered link: %v, want EINVALID", err)
		}
		if _, err := w.svc.Unsubscribe(ctx, token); err != nil {
			t.Fatal(err)
		}
		got, err := w.svc.Settings(ctx, w.guest)
		if err != nil {
			t.Fatal(err)
		}
		if got[kindred.NotifyReplies] != kindred.NotifyDigest || got[kindred.NotifyMentions] != kindred.NotifyOff {
			t.Errorf("settings = %v, want replies by digest and mentions off", got)
		}
	})
}

// TestReplyTarget: a signed reply address names its member and thread; an
// altered one is EINVALID; a member who may no longer read the thread is
// refused.
func TestReplyTarget(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := context.Background()
		first := w.post(t, w.guest, w.dinner, "Who brings bread?")
		key, err := s.LinkKey(ctx, "reply")
		if err != nil {
			t.Fatal(err)
		}
		local := kindred.ReplyAddress{ThreadID: first.ThreadID, AccountID: w.friend.AccountID()}.Local(key)
		v, p, err := w.svc.ReplyTarget(ctx, local)
		if err != nil || v.AccountID() != w.friend.AccountID() || p != w.dinner {
			t.Errorf("ReplyTarget = %v, %v, %v; want the friend in the dinner's thread", v, p, err)
		}
		altered := local[:len(local)-1] + map[bool]string{true: "1", false: "0"}[strings.HasSuffix(local, "0")]
		if _, _, err := w.svc.ReplyTarget(ctx, altered); code(err) != kindred.EINVALID {
			t.Errorf("an altered address: %v, want EINVALID", err)
		}
		outside := kindred.ReplyAddress{ThreadID: first.ThreadID, AccountID: w.outside.AccountID()}.Local(key)
		if _, _, err := w.svc.ReplyTarget(ctx, outside); code(err) != kindred.EFORBIDDEN {
			t.Errorf("a member not on the list: %v, want EFORBIDDEN", err)
		}
	})
}
