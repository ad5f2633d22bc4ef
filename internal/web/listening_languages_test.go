package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// arabicAndSwahili are the campaign's own words in Arabic and Swahili, for
// createBrightSpots' campaign.
func arabicAndSwahili(c *kindred.Campaign) {
	c.Languages = []string{"en", "ar", "sw"}
	c.Translations = map[string]kindred.CampaignText{
		"ar": {Title: "نقاط مضيئة في الحملات الشعبية", Prompt: "حدّثنا عن مرة نجحت فيها حملة شعبية أكثر مما توقعت.",
			Signifiers: map[string]kindred.SignifierText{"energy": {Prompt: "من أين جاءت الطاقة؟", Labels: []string{"الموظفون", "المتطوعون"}},
				"scale": {Prompt: "إلى أي مدى وصلت؟", Labels: []string{"محلي", "وطني", "عالمي"}}},
			Context: map[string]kindred.ContextText{"role": {Prompt: "دورك", Options: []string{"موظف", "متطوع", "شريك"}}}},
		"sw": {Title: "Mafanikio katika kampeni za watu", Prompt: "Tueleze kuhusu wakati kampeni ya watu ilifanikiwa kuliko ulivyotarajia.",
			Signifiers: map[string]kindred.SignifierText{"energy": {Prompt: "Nguvu ilitoka wapi?", Labels: []string{"Wafanyakazi", "Wajitolea"}}}},
	}
}

// TestStoryFormInTheTellersLanguage: the Arabic and Swahili forms show the
// campaign's own words translated, fall back to the campaign's language
// where a question is not translated (and say so), and an answer chosen in
// Arabic is stored as the campaign's own option.
func TestStoryFormInTheTellersLanguage(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	c := createBrightSpots(t, srv.Store, arabicAndSwahili)
	b := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)

	b.Open(srv.URL + "/c/bright-spots?lang=ar")
	if got := b.Text("h1"); got != "نقاط مضيئة في الحملات الشعبية" {
		t.Errorf("Arabic title = %q", got)
	}
	if got := b.Text(`fieldset[id="sig.energy"] legend`); got != "من أين جاءت الطاقة؟" {
		t.Errorf("Arabic slider question = %q", got)
	}
	if got := b.Text(`#sig\.energy-b`); got != "المتطوعون" {
		t.Errorf("Arabic pole = %q", got)
	}
	if got := attr(b, `fieldset[id="sig.drivers"] legend`, "lang"); got != "en" {
		t.Errorf("an untranslated question is marked lang=%q, want en", got)
	}
	if got := b.Text(".story-fallback"); !strings.Contains(got, "لم تُترجم") {
		t.Errorf("fallback note = %q", got)
	}
	b.CheckA11y()
	b.Screenshot("listening-form-campaign-ar")
	b.Fill("#text", "جيراننا اتصلوا بجيرانهم، وفي أسبوع واحد ضاعفنا عدد المكالمات التي أجريناها معًا.")
	b.Do(chromedpClick(`input[name="sig.scale"][value="National"]`))
	b.Do(chromedpClick(`input[name=consent][value=public]`))
	b.Do(chromedpSelect(`select[id="ctx.role"]`, "Volunteer"))
	backdateForm(t, b, srv)
	b.Submit(`.story-form button[type=submit]`)
	stories, err := srv.Store.Stories(context.Background(), c.ID, store.StoryQuery{Reader: kindred.ReaderOrganizer})
	if err != nil || len(stories) != 1 {
		t.Fatalf("stories %v, %v", stories, err)
	}
	if st := stories[0]; st.Signifiers["scale"].Choice != "National" || st.Context["role"] != "Volunteer" {
		t.Errorf("answers given in Arabic stored as %v, %v; want the campaign's own options", st.Signifiers["scale"], st.Context)
	}

	b.Open(srv.URL + "/c/bright-spots?lang=sw")
	if got := b.Text("h1"); got != "Mafanikio katika kampeni za watu" {
		t.Errorf("Swahili title = %q", got)
	}
	if got := b.Text(`fieldset[id="sig.energy"] legend`); got != "Nguvu ilitoka wapi?" {
		t.Errorf("Swahili slider question = %q", got)
	}
	b.CheckA11y()
	b.Screenshot("listening-form-campaign-sw")

	b.Open(srv.URL + "/c/bright-spots?lang=en")
	if n := count(b, ".story-fallback"); n != 0 {
		t.Errorf("the campaign's own language shows %d fallback notes", n)
	}
}

// TestStoryFormShortestStory: a story shorter than the campaign's shortest
// comes back with what was typed and a word asking for more.
func TestStoryFormShortestStory(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	createBrightSpots(t, srv.Store, func(c *kindred.Campaign) { c.MinStoryLength = 0 }) // the default, 40
	b := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	b.Open(srv.URL + "/c/bright-spots?lang=es")
	b.Fill("#text", "Hola")
	b.Do(chromedpClick(`input[name=consent][value=public]`))
	backdateForm(t, b, srv)
	b.Submit(`.story-form button[type=submit]`)
	if got := b.Text(".field-error, .story-problem"); !strings.Contains(got, "40") {
		t.Errorf("problem = %q, want the shortest story named", got)
	}
	if got := b.Value("#text"); got != "Hola" {
		t.Errorf("story after the error = %q, want what was typed", got)
	}
}

// TestCampaignFormBuilder: an organizer adds a slider, moves it up,
// translates it into Arabic, previews it in Arabic, sends the form with a
// problem and gets everything back as typed, then creates the campaign.
func TestCampaignFormBuilder(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	org := testutil.CreateAccount(t, srv.Store, "organizer@example.org", kindred.RoleAdmin)
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(t, b, srv, org.ID)
	b.Open(srv.URL + "/listening/new")
	if n := count(b, ".builder-row"); n != 5 {
		t.Fatalf("example framework: %d questions, want 3 signifiers and 2 context questions", n)
	}
	b.Do(chromedpClick(`input[name=languages][value=es]`)) // Spanish off: Arabic, French, Portuguese and German stay
	b.Submit(`button[value="add.slider"]`)
	if n := count(b, `[id^="signifiers."][id$=".row"]`); n != 4 {
		t.Fatalf("after adding a slider: %d signifiers, want 4", n)
	}
	if got := b.Value(`select[name="signifiers.4.kind"]`); got != "slider" {
		t.Errorf("new question kind = %q", got)
	}
	b.Fill(`input[name="signifiers.4.key"]`, "voice")
	b.Fill(`input[name="signifiers.4.prompt"]`, "Whose voice carried it?")
	b.Fill(`textarea[name="signifiers.4.labels"]`, "Leaders\nMembers")
	b.Submit(`button[value="up.signifiers.4"]`)
	if got := b.Value(`input[name="signifiers.3.prompt"]`); got != "Whose voice carried it?" {
		t.Errorf("after moving up, signifier 3 = %q", got)
	}
	b.Do(chromedpClick(`#translations-ar summary`))
	b.Fill(`input[name="translations.ar.signifiers.3.prompt"]`, "صوت من حمل الحملة؟")
	b.Fill(`textarea[name="translations.ar.signifiers.3.labels"]`, "القادة\nالأعضاء")
	b.Do(chromedpSelect("#preview_lang", "ar"))
	b.Submit(`button[value="preview"]`)
	if got := b.Text(`[id="signifiers.3.row"] .builder-q`); got != "صوت من حمل الحملة؟" {
		t.Errorf("Arabic preview = %q", got)
	}
	if got := b.Text(`[id="signifiers.3.row"] .slider .pole`); got != "القادة" {
		t.Errorf("Arabic preview pole = %q", got)
	}
	b.Fill(`textarea[name="signifiers.2.labels"]`, "Only one corner")
	b.Submit(`form.form button.button[type=submit]:not([name])`)
	if got := b.Text(".alert"); !strings.Contains(got, "Title is required") || !strings.Contains(got, "Signifier 2 · Poles, corners or options need 2 poles") {
		t.Errorf("problems = %q, want the fields named as labelled", got)
	}
	if got := b.Value(`input[name="signifiers.3.prompt"]`); got != "Whose voice carried it?" {
		t.Errorf("after an error, signifier 3 = %q, want what was typed", got)
	}
	if got := b.Value(`input[name="translations.ar.signifiers.3.prompt"]`); got != "صوت من حمل الحملة؟" {
		t.Errorf("after an error, the Arabic question = %q, want what was typed", got)
	}
	b.CheckA11y()
	b.Screenshot("listening-campaign-builder-error")
	b.Fill(`textarea[name="signifiers.2.labels"]`, "Relationships\nTools\nTiming")
	b.Fill("#title", "Voices of the network")
	b.Fill("#prompt", "Tell us about a time your voice carried a campaign.")
	b.Fill("#slug", "voices")
	b.Submit(`form.form button.button[type=submit]:not([name])`)
	c, err := srv.Store.CampaignBySlug(context.Background(), "voices")
	if err != nil {
		t.Fatalf("campaign not created (%v); page says %q", err, b.Text("main"))
	}
	if len(c.Signifiers) != 4 || c.Signifiers[2].Key != "voice" || c.MinStoryLength != kindred.DefaultMinStoryRunes {
		t.Errorf("stored signifiers %+v, shortest %d", c.Signifiers, c.MinStoryLength)
	}
	if got := c.Translations["ar"].Signifiers["voice"]; got.Prompt != "صوت من حمل الحملة؟" || len(got.Labels) != 2 {
		t.Errorf("Arabic slider stored as %+v", got)
	}
	b.Open(srv.URL + "/listening/voices/edit")
	b.CheckA11y()
	b.Screenshot("listening-campaign-builder")
}

// TestTranslationsBesideOriginals: with a translation server configured,
// organizers read each story beside its machine translation into the
// campaign's language; each text is sent once (kept in the store); without
// the setting nothing is sent.
func TestTranslationsBesideOriginals(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	libre := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Q              []string
			Source, Target string
		}
		if r.URL.Path != "/translate" || json.NewDecoder(r.Body).Decode(&req) != nil {
			http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
			return
		}
		calls.Add(1)
		out := make([]string, len(req.Q))
		for i, q := range req.Q {
			out[i] = "[" + req.Source + "→" + req.Target + "] " + strings.ToUpper(q)
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"translatedText": out})
	}))
	t.Cleanup(libre.Close)
	for _, tc := range []struct {
		name, url string
	}{{"configured", libre.URL}, {"off", ""}} {
		t.Run(tc.name, func(t *testing.T) {
			srv := testutil.StartServer(t, testutil.ServerOptions{TranslateURL: tc.url})
			c := createBrightSpots(t, srv.Store, nil)
			tell(t, srv, c, "Los vecinos llamaron a los vecinos y duplicamos las llamadas.", "es")
			tell(t, srv, c, "Neighbours called neighbours and we doubled the calls.", "en")
			before := calls.Load()
			org := testutil.CreateAccount(t, srv.Store, "organizer@example.org", kindred.RoleAdmin)
			b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
			testutil.SignIn(t, b, srv, org.ID)
			for i := 0; i < 2; i++ {
				b.Open(srv.URL + "/listening/bright-spots/stories?state=pending")
			}
			if tc.url == "" {
				if n := count(b, ".story-translation"); n != 0 || calls.Load() != before {
					t.Errorf("translation off: %d translations shown, %d requests sent", n, calls.Load()-before)
				}
				return
			}
			if got := b.Text(".story-translation"); !strings.Contains(got, "[es→en] LOS VECINOS") || !strings.Contains(strings.ToLower(got), "english") {
				t.Errorf("translation = %q", got)
			}
			if n := count(b, ".story-translation"); n != 1 {
				t.Errorf("%d translations shown, want 1 (the English story is not translated)", n)
			}
			if got := calls.Load() - before; got != 1 {
				t.Errorf("%d requests for two page views, want 1 (the second from the store)", got)
			}
			b.CheckA11y()
			b.Screenshot("listening-moderation-translated")
		})
	}
}

// tell stores a pending public story in lang.
func tell(t *testing.T, srv *testutil.Server, c *kindred.Campaign, text, lang string) {
	t.Helper()
	err := srv.Store.WithTx(context.Background(), func(tx *store.Tx) error {
		_, _, err := tx.CreateStory(context.Background(), c, kindred.NewStory{Text: text, Lang: lang, Consent: kindred.ConsentPublic,
			Anonymous: true, Source: "form"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// count returns how many elements match sel.
func count(b *testutil.Browser, sel string) int {
	n, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
	if err != nil {
		return -1
	}
	return n
}

func chromedpClick(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(sel))
}

func chromedpSelect(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.SetValue(chromedp.CSS(sel), value)
}
