package listening_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestTellKeepsTheDayAndNoTrace: a story keeps the day it was told, never
// the time, and telling writes no audit entry and no event.
func TestTellKeepsTheDayAndNoTrace(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		audits, events := len(auditLog(t, w)), w.events(t, "")
		told := w.tell(t, w.anon, "203.0.113.9", kindred.NewStory{Text: "Told at 14:37.", Lang: "en", Consent: kindred.ConsentPublic, Anonymous: true})
		st, err := w.st.Story(context.Background(), w.campaign.ID, told.Story.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC); !st.CreatedAt.Equal(want) {
			t.Errorf("stored at %s, want the day only (%s)", st.CreatedAt.Format(time.RFC3339Nano), want.Format(time.RFC3339))
		}
		if got := len(auditLog(t, w)); got != audits {
			t.Errorf("telling wrote %d audit entries, want none", got-audits)
		}
		if got := w.events(t, ""); got != events {
			t.Errorf("telling recorded %d events, want none", got-events)
		}
	})
}

func auditLog(t *testing.T, w *world) []store.AuditEntry {
	t.Helper()
	entries, err := w.st.AuditLog(context.Background(), 10000)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// TestTellOneFlow: the form and the API tell stories through one flow —
// the same limit per address on the injected clock, the same mail with the
// edit link in the teller's language; the form's own checks (the trap, the
// stamp and the fill time) apply when there is a form.
func TestTellOneFlow(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		story := func(text string) kindred.NewStory {
			return kindred.NewStory{Text: text, Lang: "es", Consent: kindred.ConsentNetwork, Name: "Lucía", Email: "lucia@example.org"}
		}
		// From the API: no form, so no trap and no stamp; the mail still goes.
		told, err := w.svc.Tell(ctx, w.anon, listening.Telling{Slug: w.campaign.Slug, Story: story("Por la API"), Client: "198.51.100.7"})
		if err != nil || !told.Mailed || told.Secret == "" || told.Lang != "es" {
			t.Fatalf("API telling: %+v, %v", told, err)
		}
		m := testutil.LastMailTo(t, w.st, "lucia@example.org")
		if !strings.Contains(m.Text, "https://kindred.example/s/"+told.Secret+"?lang=es") || !strings.Contains(m.Subject, "Tu historia") {
			t.Errorf("mail %q: %q", m.Subject, m.Text)
		}
		// The form: a bot fills the trap and is thanked; nothing is stored.
		stamp := w.stamp(t, "")
		bot, err := w.svc.Tell(ctx, w.anon, listening.Telling{Slug: w.campaign.Slug, Story: story("BOT"), Client: "198.51.100.7", Trap: "http://spam.example",
			Form: true, Stamp: stamp})
		if err != nil || bot.Story != nil {
			t.Errorf("trap: %+v, %v; want thanks and nothing stored", bot, err)
		}
		w.clock.Add(time.Second)
		fast := listening.Telling{Slug: w.campaign.Slug, Story: story("FAST"), Client: "198.51.100.7", Form: true, Stamp: stamp}
		if _, err := w.svc.Tell(ctx, w.anon, fast); !errors.Is(err, listening.ErrTooFast) {
			t.Errorf("a form sent in a second: %v, want ErrTooFast", err)
		}
		if n, _ := w.st.CountStories(ctx, w.campaign.ID); n != 1 {
			t.Errorf("%d stories stored, want the API's only", n)
		}
		// One limit for the API and pasted forms: the API's story counted; 19 more, then no more.
		for i := 0; i < listening.StoryLimit-1; i++ {
			w.tell(t, w.anon, "198.51.100.7", kindred.NewStory{Text: distinct(i), Lang: "en", Consent: kindred.ConsentPublic, Anonymous: true})
		}
		w.clock.Add(5 * time.Second) // the form shown 6 s ago: a person, pasting
		over := listening.Telling{Slug: w.campaign.Slug, Story: story("ONE TOO MANY"), Client: "198.51.100.7", Form: true, Stamp: stamp}
		if _, err := w.svc.Tell(ctx, w.anon, over); !errors.Is(err, listening.ErrTooMany) || code(err) != kindred.ERATELIMIT {
			t.Errorf("story %d from one address: %v, want ErrTooMany", listening.StoryLimit+1, err)
		}
		other := over
		other.Client = "198.51.100.8"
		if _, err := w.svc.Tell(ctx, w.anon, other); err != nil {
			t.Errorf("another address: %v", err)
		}
		over.Stamp = w.stamp(t, "")
		w.clock.Add(5 * time.Second)
		if _, err := w.svc.Tell(ctx, w.member, over); err != nil {
			t.Errorf("a member from the same address: %v (people with an account are not counted)", err)
		}
		w.clock.Add(listening.StoryWindow)
		over.Stamp = w.stamp(t, "")
		w.clock.Add(5 * time.Second)
		if _, err := w.svc.Tell(ctx, w.anon, over); err != nil {
			t.Errorf("after the window: %v", err)
		}
	})
}

// TestTellRefusals: what the teller typed wrong comes back as problem
// codes by field; a campaign's audience and dates refuse with the reason.
func TestTellRefusals(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		in := listening.Telling{Slug: w.campaign.Slug, Story: kindred.NewStory{Text: " ", Lang: "en", Consent: "everyone"},
			Problems: map[string]string{"sig.energy": kindred.ProblemRange}, Client: "a"}
		_, err := w.svc.Tell(ctx, w.anon, in)
		var probs *listening.StoryProblems
		if !errors.As(err, &probs) || code(err) != kindred.EINVALID {
			t.Fatalf("bad story: %v, want *StoryProblems", err)
		}
		for f, c := range map[string]string{"text": kindred.ProblemRequired, "consent": kindred.ProblemConsent, "sig.energy": kindred.ProblemRange} {
			if probs.Codes[f] != c || kindred.ErrorFields(err)[f] == "" {
				t.Errorf("problem on %s = %q, want %q (fields %v)", f, probs.Codes[f], c, kindred.ErrorFields(err))
			}
		}
		closed := func(v *kindred.Viewer, slug string) (string, string) {
			_, err := w.svc.Tell(ctx, v, listening.Telling{Slug: slug, Story: kindred.NewStory{Text: "x", Lang: "en", Consent: "public"}, Client: "b"})
			var why *listening.Closed
			if !errors.As(err, &why) {
				return "", code(err)
			}
			return why.Why, code(err)
		}
		if why, c := closed(w.anon, "nope"); why != listening.ClosedUnknown || c != kindred.ENOTFOUND {
			t.Errorf("unknown campaign: %s %s", why, c)
		}
		c := *w.campaign
		c.Audience = kindred.AudienceInvited
		if _, err := w.svc.UpdateCampaign(ctx, w.chicagoOrg, c.Slug, listening.CampaignInput{Campaign: c, Invited: []string{"member@example.org"}}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name     string
			v        *kindred.Viewer
			why, err string
		}{
			{"anonymous", w.anon, listening.ClosedMembers, kindred.EUNAUTHORIZED},
			{"invited member", w.member, "", ""},
			{"organizer of the city", w.chicagoOrg, "", ""},
			{"organizer of another city", w.bostonOrg, listening.ClosedInvited, kindred.EFORBIDDEN},
			{"organizer with no city", w.noCity, listening.ClosedInvited, kindred.EFORBIDDEN},
		} {
			if why, c := closed(tc.v, w.campaign.Slug); why != tc.why || c != tc.err {
				t.Errorf("invited campaign, %s: %q %q, want %q %q", tc.name, why, c, tc.why, tc.err)
			}
		}
		c.Audience, c.StartsOn, c.EndsOn = kindred.AudienceOpen, "2026-01-01", "2026-02-28"
		if _, err := w.svc.UpdateCampaign(ctx, w.chicagoOrg, c.Slug, listening.CampaignInput{Campaign: c}); err != nil {
			t.Fatal(err)
		}
		if why, c := closed(w.anon, w.campaign.Slug); why != listening.ClosedEnded || c != kindred.EGONE {
			t.Errorf("ended campaign: %s %s", why, c)
		}
	})
}

// TestEditAndWithdrawByLink: the link mailed to a teller edits the story
// (back to moderation) and withdraws it, erasing it; then it leads nowhere.
func TestEditAndWithdrawByLink(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		told := w.tell(t, w.anon, "c", kindred.NewStory{Text: "First words", Lang: "en", Consent: kindred.ConsentPublic, Email: "t@example.org"})
		if _, err := w.svc.Moderate(ctx, w.chicagoOrg, w.campaign.Slug, told.Story.ID, kindred.Moderation{State: kindred.StateApproved}); err != nil {
			t.Fatal(err)
		}
		var probs *listening.StoryProblems
		if err := w.svc.EditStory(ctx, told.Secret, "  "); !errors.As(err, &probs) || probs.Codes["text"] != kindred.ProblemRequired {
			t.Errorf("empty edit: %v", err)
		}
		if err := w.svc.EditStory(ctx, told.Secret, "Better words"); err != nil {
			t.Fatal(err)
		}
		st, _, err := w.svc.StoryByLink(ctx, told.Secret)
		if err != nil || st.Text != "Better words" || st.State != kindred.StatePending {
			t.Errorf("after the edit: %+v, %v", st, err)
		}
		if err := w.svc.WithdrawStory(ctx, told.Secret); err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.svc.StoryByLink(ctx, told.Secret); code(err) != kindred.ENOTFOUND {
			t.Errorf("link after withdrawal: %v, want ENOTFOUND", err)
		}
		if err := w.svc.WithdrawStory(ctx, told.Secret); code(err) != kindred.ENOTFOUND {
			t.Errorf("second withdrawal: %v, want ENOTFOUND", err)
		}
		if err := w.svc.EditStory(ctx, "kds_nothing", "x"); code(err) != kindred.ENOTFOUND {
			t.Errorf("unknown link: %v, want ENOTFOUND", err)
		}
	})
}

// TestShortestStory: a teller is held to the campaign's shortest story
// (40 characters unless its organizers chose otherwise), on telling and on
// editing; an import is not.
func TestShortestStory(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c := *w.campaign
		c.MinStoryLength = 0
		if _, err := w.svc.UpdateCampaign(ctx, w.chicagoOrg, c.Slug, listening.CampaignInput{Campaign: c}); err != nil {
			t.Fatal(err)
		}
		hi := kindred.NewStory{Text: "Hi", Lang: "en", Consent: kindred.ConsentPublic, Anonymous: true}
		_, err := w.svc.Tell(ctx, w.anon, listening.Telling{Slug: c.Slug, Story: hi, Client: "192.0.2.40"})
		var probs *listening.StoryProblems
		if !errors.As(err, &probs) || probs.Codes["text"] != kindred.ProblemTooShort {
			t.Fatalf("a 2-character story: %v, want %s on text", err, kindred.ProblemTooShort)
		}
		long := hi
		long.Text, long.Email, long.Anonymous = strings.Repeat("a story. ", 4)+"Told.", "teller@example.org", false
		told, err := w.svc.Tell(ctx, w.anon, listening.Telling{Slug: c.Slug, Story: long, Client: "192.0.2.40"})
		if err != nil {
			t.Fatalf("a 41-character story: %v", err)
		}
		if err := w.svc.EditStory(ctx, told.Secret, "Short now"); !errors.As(err, &probs) || probs.Codes["text"] != kindred.ProblemTooShort {
			t.Errorf("editing down to 9 characters: %v, want %s", err, kindred.ProblemTooShort)
		}
	})
}
