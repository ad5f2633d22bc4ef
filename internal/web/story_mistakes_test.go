package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestStoryFormOrdinaryMistakes: the public story form answers a teller's
// ordinary mistakes on the form itself, on both engines — an empty form sent
// at once asks for the story (not "That was quick"), a 2 MB paste comes back
// with "please shorten it" and the text kept (not a bare 400), and a
// language tag that names no language ("xx") is never stored.
func TestStoryFormOrdinaryMistakes(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		c := createBrightSpots(t, srv.Store, nil)
		send := func(form url.Values) (int, string) {
			t.Helper()
			resp, err := testutil.Client().PostForm(srv.URL+"/c/"+c.Slug, form)
			if err != nil {
				t.Fatal(err)
			}
			return resp.StatusCode, readAll(t, resp)
		}
		empty := url.Values{"text": {""}, "lang": {"en"}, "consent": {"public"}, "anonymous": {"1"}, "stamp": {testutil.FormStamp(t, srv.Store, c.ID, 0)}}
		status, body := send(empty)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Please tell your story") || strings.Contains(body, "That was quick") {
			t.Errorf("empty form: status %d, want 422 asking for the story (not \"That was quick\")", status)
		}

		paste := strings.Repeat("PASTED ", 2<<20/7)
		long := url.Values{"text": {paste}, "lang": {"en"}, "consent": {"public"}, "anonymous": {"1"}, "stamp": {testutil.FormStamp(t, srv.Store, c.ID, time.Hour)}}
		status, body = send(long)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "longer than 10,000 characters") {
			t.Errorf("2 MB paste: status %d, want 422 saying it is too long", status)
		}
		if !strings.Contains(body, strings.TrimSpace(paste)) {
			t.Errorf("2 MB paste: the form came back without the pasted text")
		}

		odd := url.Values{"text": {"The food bank shared its volunteers with the tenants union and both grew."}, "lang": {"xx"},
			"consent": {"public"}, "anonymous": {"1"}, "stamp": {testutil.FormStamp(t, srv.Store, c.ID, time.Hour)}}
		if status, _ = send(odd); status != http.StatusSeeOther {
			t.Fatalf("lang=xx: status %d, want the story stored (303)", status)
		}
		stories, err := srv.Store.Stories(context.Background(), c.ID, store.StoryQuery{Reader: kindred.ReaderOrganizer})
		if err != nil {
			t.Fatal(err)
		}
		if len(stories) != 1 || stories[0].Lang != "en" {
			t.Fatalf("stored %d stories (%+v), want one in English (detected), never \"xx\"", len(stories), stories)
		}
	})
}

// TestStoryFormEmptyInABrowser: a teller who sends the form empty on a phone
// is asked, beside the box, to write their story.
func TestStoryFormEmptyInABrowser(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	c := createBrightSpots(t, srv.Store, nil)
	b := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	b.Open(srv.URL + "/c/" + c.Slug + "?lang=en")
	b.Submit(`form.story-form button[type=submit]`)
	if got := b.Text(`[role=alert]`); !strings.Contains(got, "Please tell your story") {
		t.Errorf("after an empty form the alert says %q, want it to ask for the story", got)
	}
	b.CheckA11y()
	b.Screenshot("story-form-empty")
}
