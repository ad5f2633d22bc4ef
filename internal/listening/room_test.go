package listening_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
)

// distinct is the i-th of stories that share no three words in a row:
// what a room of different people writes.
func distinct(i int) string {
	words := strings.Fields(`tenants library bus union garden kitchen neighbors choir school clinic rent
		bridge market river shift nurses elders youth mural pantry bikes ballot radio church mosque
		temple park snow flood heat strike lunch phone map door stairs roof keys songs bread rice
		beans coffee tea soup chairs tables lamps books maps boots coats`)
	r := rand.New(rand.NewPCG(uint64(i), 17))
	out := make([]string, 14)
	for j := range out {
		out[j] = words[r.IntN(len(words))]
	}
	return "We " + strings.Join(out, " ") + "."
}

// TestFormStampRefusals: a form's stamp is the server's own — one forged
// with another key, made for another campaign, cut short or missing is
// refused (ErrStamp), one older than a day is refused (ErrStampExpired),
// one used is refused when sent again (even by a signed-in person); the
// fill time is measured from the stamp's signed issue time. Nothing
// refused is stored.
func TestFormStampRefusals(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		tell := func(v *kindred.Viewer, stamp, text string) error {
			_, err := w.svc.Tell(ctx, v, listening.Telling{Slug: w.campaign.Slug, Client: "192.0.2.7", Form: true, Stamp: stamp,
				Story: kindred.NewStory{Text: text, Lang: "en", Consent: kindred.ConsentPublic, Anonymous: true}})
			return err
		}
		good := w.stamp(t, "")
		other := kindred.NewFormStamp(w.campaign.ID, 0, w.clock.Now().Add(-time.Hour)).Sign([]byte("not the server's key, made up...."))
		elsewhere := kindred.NewFormStamp(w.campaign.ID+1, 0, w.clock.Now().Add(-time.Hour)).Sign(mustKey(t, w))
		backdated := kindred.NewFormStamp(w.campaign.ID, 0, w.clock.Now().Add(-time.Hour)).Sign(mustKey(t, w))
		enc, _, _ := strings.Cut(backdated, ".")
		_, goodMAC, _ := strings.Cut(good, ".")
		w.clock.Add(2 * time.Second)
		for _, tc := range []struct {
			name, stamp string
			want        error
		}{
			{"no stamp", "", listening.ErrStamp},
			{"the old bare start time", "1", listening.ErrStamp},
			{"signed with another key", other, listening.ErrStamp},
			{"for another campaign", elsewhere, listening.ErrStamp},
			{"a backdated body under a good signature", enc + "." + goodMAC, listening.ErrStamp},
			{"2 s after the form was shown", good, listening.ErrTooFast},
		} {
			if err := tell(w.anon, tc.stamp, distinct(1)); !errors.Is(err, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
			}
		}
		w.clock.Add(time.Second)
		if err := tell(w.anon, good, distinct(1)); err != nil {
			t.Fatalf("3 s after the form was shown, by its signed time: %v", err)
		}
		if err := tell(w.anon, good, distinct(2)); !errors.Is(err, listening.ErrStamp) {
			t.Errorf("the same stamp again: %v, want ErrStamp", err)
		}
		if err := tell(w.chicagoOrg, good, distinct(3)); !errors.Is(err, listening.ErrStamp) {
			t.Errorf("the same stamp again, signed in: %v, want ErrStamp", err)
		}
		old := w.stamp(t, "")
		w.clock.Add(kindred.FormStampTTL + time.Second)
		if err := tell(w.anon, old, distinct(4)); !errors.Is(err, listening.ErrStampExpired) {
			t.Errorf("a stamp a day and a second old: %v, want ErrStampExpired", err)
		}
		if n, _ := w.st.CountStories(ctx, w.campaign.ID); n != 1 {
			t.Errorf("%d stories stored, want 1", n)
		}
	})
}

func mustKey(t *testing.T, w *world) []byte {
	t.Helper()
	key, err := w.st.LinkKey(context.Background(), listening.StampLinkKey)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// TestRoomAllowance: from one address, a room's forms filled in by people
// (shown 15 minutes before) are taken up to FormLimit per campaign in
// StoryWindow — 100 in two minutes pass — while the API from the same
// address keeps StoryLimit; a near-duplicate is refused; a live session,
// opened and ended by an organizer (audited), lets forms opened through it
// past FormLimit.
func TestRoomAllowance(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		const room = "203.0.113.50"
		tell := func(stamp, text string) error {
			_, err := w.svc.Tell(ctx, w.anon, listening.Telling{Slug: w.campaign.Slug, Client: room, Form: stamp != "", Stamp: stamp,
				Story: kindred.NewStory{Text: text, Lang: "en", Consent: kindred.ConsentPublic, Anonymous: true}})
			return err
		}
		stamps := make([]string, listening.FormLimit+1)
		for i := range stamps {
			stamps[i] = w.stamp(t, "")
		}
		w.clock.Add(15 * time.Minute) // the writing exercise
		for i := 0; i < listening.FormLimit; i++ {
			if err := tell(stamps[i], distinct(i)); err != nil {
				t.Fatalf("story %d of the room: %v", i+1, err)
			}
			w.clock.Add(time.Second)
		}
		if err := tell(stamps[listening.FormLimit], distinct(1000)); !errors.Is(err, listening.ErrTooMany) {
			t.Errorf("story %d of the room: %v, want ErrTooMany", listening.FormLimit+1, err)
		}
		for i := 0; i < listening.StoryLimit; i++ {
			if err := tell("", distinct(2000+i)); err != nil {
				t.Fatalf("API story %d: %v", i+1, err)
			}
		}
		if err := tell("", distinct(3000)); !errors.Is(err, listening.ErrTooMany) {
			t.Errorf("API story %d: %v, want ErrTooMany", listening.StoryLimit+1, err)
		}

		if _, err := w.svc.OpenLive(ctx, w.bostonOrg, w.campaign.Slug); code(err) != kindred.EFORBIDDEN {
			t.Errorf("another city's organizer opens a live session: %v, want EFORBIDDEN", err)
		}
		l, err := w.svc.OpenLive(ctx, w.chicagoOrg, w.campaign.Slug)
		if err != nil || len(l.Code) != 8 || !l.EndsAt.Equal(w.clock.Now().Add(listening.LiveFor)) {
			t.Fatalf("open live session: %+v, %v", l, err)
		}
		if got := w.audits(t, "campaign.live.open"); got != 1 {
			t.Errorf("%d audit entries for opening, want 1", got)
		}
		live := make([]string, 20)
		for i := range live {
			if live[i] = w.stamp(t, l.Code); live[i] == "" {
				t.Fatal("no stamp")
			}
		}
		w.clock.Add(10 * time.Second) // a live form needs only the fill time of a person
		for i, stamp := range live {
			if err := tell(stamp, distinct(4000+i)); err != nil {
				t.Fatalf("live story %d past the room's allowance: %v", i+1, err)
			}
		}
		if err := tell(w.stamp(t, l.Code), distinct(4001)+" "); !errors.Is(err, listening.ErrTooFast) {
			t.Errorf("a live form sent at once: %v, want ErrTooFast", err)
		}
		again := w.stamp(t, l.Code)
		w.clock.Add(10 * time.Second)
		if err := tell(again, strings.ToUpper(distinct(4001))); !errors.Is(err, listening.ErrDuplicate) || code(err) != kindred.ECONFLICT {
			t.Errorf("the same story again: %v, want ErrDuplicate", err)
		}
		if err := w.svc.CloseLive(ctx, w.chicagoOrg, w.campaign.Slug); err != nil || w.audits(t, "campaign.live.close") != 1 {
			t.Fatalf("close live session: %v", err)
		}
		if _, session, err := w.svc.FormStamp(ctx, w.campaign, l.Code); err != nil || session != nil {
			t.Errorf("a form opened through an ended session: %+v, %v; want an ordinary form", session, err)
		}
		if _, err := w.svc.LiveSession(ctx, w.chicagoOrg, w.campaign.Slug); code(err) != kindred.ENOTFOUND {
			t.Errorf("live session after closing: %v, want ENOTFOUND", err)
		}
	})
}
