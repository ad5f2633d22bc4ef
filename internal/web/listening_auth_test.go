package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func getPage(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, readAll(t, resp)
}

// TestListeningNothingLeaks proves organizers-only, pending and flagged
// stories, and tellers' names, emails and phone numbers, never reach
// members, public pages or shareable exports; and that nothing identifying
// (not even the address) is stored with an anonymous story.
func TestListeningNothingLeaks(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		c := createBrightSpots(t, srv.Store, nil)
		ctx := context.Background()
		tell := func(text string, consent kindred.Consent, anonymous bool, state kindred.StoryState, pii bool) {
			err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
				st, _, err := tx.CreateStory(ctx, c, kindred.NewStory{Text: text, Lang: "en", Consent: consent, Anonymous: anonymous,
					Name: "Teller Name", Email: "teller@example.org", Context: map[string]string{"organization": "Org +1 415 555 0199"}})
				if err != nil {
					return err
				}
				return tx.ModerateStory(ctx, c.ID, st.ID, state, pii)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		tell("PUBLIC-STORY reach me at 415-555-0100", kindred.ConsentPublic, false, kindred.StateApproved, false)
		tell("NETWORK-STORY", kindred.ConsentNetwork, true, kindred.StateApproved, false)
		tell("ORGANIZERS-STORY", kindred.ConsentOrganizers, true, kindred.StateApproved, false)
		tell("PENDING-STORY", kindred.ConsentPublic, false, kindred.StatePending, false)
		tell("FLAGGED-STORY", kindred.ConsentPublic, false, kindred.StateApproved, true)
		// A story through the public form, anonymous: the client address must not be stored.
		form := url.Values{"text": {"FORM-STORY"}, "lang": {"en"}, "consent": {"organizers"}, "anonymous": {"1"},
			"name": {"Should Vanish"}, "email": {"vanish@example.org"}, "stamp": {testutil.FormStamp(t, srv.Store, c.ID, time.Hour)}}
		resp, err := testutil.Client().PostForm(srv.URL+"/c/bright-spots", form)
		if err != nil || resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("form: %v %v", resp.StatusCode, err)
		}
		resp.Body.Close()

		member := testutil.SignedInClient(t, srv, testutil.CreateAccount(t, srv.Store, "member@example.org", kindred.RoleMember).ID)
		// The campaign belongs to the whole network: an administrator runs it.
		organizer := testutil.SignedInClient(t, srv, testutil.CreateAccount(t, srv.Store, "organizer@example.org", kindred.RoleAdmin).ID)
		secretWords := []string{"ORGANIZERS-STORY", "PENDING-STORY", "FLAGGED-STORY", "FORM-STORY", "Teller Name", "teller@example.org",
			"555", "Should Vanish", "vanish@"}
		views := []struct {
			name    string
			client  *http.Client
			path    string
			status  int
			allowed []string // of secretWords, what this view may show
			want    []string
		}{
			{"member stories", member, "/listening/bright-spots/stories", 200, nil, []string{"PUBLIC-STORY", "NETWORK-STORY"}},
			{"member dashboard", member, "/listening/bright-spots", 303, nil, nil},
			{"member export", member, "/listening/bright-spots/export", 403, nil, nil},
			{"member export json", member, "/listening/bright-spots/export?format=json&for=public", 403, nil, nil},
			{"public form", testutil.Client(), "/c/bright-spots", 200, nil, nil},
			{"visitor stories", testutil.Client(), "/listening/bright-spots/stories", 303, nil, nil},
			{"public export", organizer, "/listening/bright-spots/export?for=public", 200, nil, []string{"PUBLIC-STORY"}},
			{"network export", organizer, "/listening/bright-spots/export?for=network&format=json", 200, nil, []string{"NETWORK-STORY"}},
			{"organizer export", organizer, "/listening/bright-spots/export", 200,
				[]string{"ORGANIZERS-STORY", "PENDING-STORY", "FLAGGED-STORY", "FORM-STORY", "Teller Name", "teller@example.org", "555"}, nil},
		}
		for _, v := range views {
			status, body := getPage(t, v.client, srv.URL+v.path)
			if status != v.status {
				t.Errorf("%s: status %d, want %d", v.name, status, v.status)
			}
			for _, w := range secretWords {
				if strings.Contains(body, w) && !contains(v.allowed, w) {
					t.Errorf("%s leaks %q", v.name, w)
				}
			}
			for _, w := range v.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s misses %q", v.name, w)
				}
			}
			if strings.Contains(body, "127.0.0.1") {
				t.Errorf("%s shows a client address", v.name)
			}
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestListeningSpamProtection: the honeypot stores nothing but thanks the
// bot; a form sent faster than a person types, or without its stamp, comes
// back with its text; more than 20 stories from one address in 10 minutes
// from forms sent within 20 s of being shown (pasted) are refused, text
// kept; the same story again is refused as a duplicate.
func TestListeningSpamProtection(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	c := createBrightSpots(t, srv.Store, nil)
	send := func(form url.Values) (int, string, string) {
		resp, err := testutil.Client().PostForm(srv.URL+"/c/bright-spots", form)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, resp.Header.Get("Location"), readAll(t, resp)
	}
	story := func(text string, age time.Duration) url.Values {
		return url.Values{"text": {text}, "lang": {"en"}, "consent": {"public"}, "anonymous": {"1"}, "ui": {"en"},
			"stamp": {testutil.FormStamp(t, srv.Store, c.ID, age)}}
	}
	bot := story("BOT-STORY", time.Hour)
	bot.Set("website", "http://spam.example")
	if status, loc, _ := send(bot); status != http.StatusSeeOther || !strings.Contains(loc, "/thanks") {
		t.Errorf("honeypot: %d %s, want a thank-you", status, loc)
	}
	if status, _, body := send(story("FAST-STORY", 0)); status != 422 || !strings.Contains(body, "FAST-STORY") || !strings.Contains(body, "That was quick") {
		t.Errorf("too fast: %d", status)
	}
	unstamped := story("UNSTAMPED-STORY", time.Hour)
	unstamped.Set("stamp", "1")
	if status, _, body := send(unstamped); status != 422 || !strings.Contains(body, "UNSTAMPED-STORY") || !strings.Contains(body, "could not be checked") {
		t.Errorf("no stamp: %d", status)
	}
	if n, _ := srv.Store.CountStories(context.Background(), c.ID); n != 0 {
		t.Fatalf("%d stories stored from a bot, a too-fast form and one without its stamp", n)
	}
	for i := 0; i < listening.StoryLimit; i++ {
		if status, _, _ := send(story(roomStory(i), 10*time.Second)); status != http.StatusSeeOther {
			t.Fatalf("story %d: %d", i, status)
		}
	}
	if status, _, body := send(story("ONE-TOO-MANY", 10*time.Second)); status != 429 || !strings.Contains(body, "ONE-TOO-MANY") {
		t.Errorf("21st pasted story: %d, want 429 with the text kept", status)
	}
	if status, _, body := send(story(strings.ToUpper(roomStory(3))+"!", time.Hour)); status != http.StatusConflict || !strings.Contains(body, "just sent from this connection") {
		t.Errorf("the same story again: %d, want 409", status)
	}
}
