package web_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// crossLingualFixture is a small campaign of three topics told in English,
// and one story told in Spanish whose English twin is the first. Each
// theme holds at most eight stories, so the themes page lists them all.
var crossLingualFixture = map[string][]string{
	"phones": {
		"Volunteers called every neighbour on the list by phone and we doubled the calls in one week.",
		"Our volunteers made phone calls to neighbours every evening and the calls brought new members.",
		"The phone bank was run by volunteers who called neighbours and asked them to join the meeting.",
		"Neighbours calling neighbours by phone worked better than any letter; volunteers made the calls.",
		"We trained volunteers to call people by phone, and the calls to neighbours filled the hall.",
		"Every volunteer called ten neighbours by phone; the calls turned into visits and new members.",
		"Phone calls from volunteers to their neighbours got more people to vote than the flyers did.",
	},
	"money": {
		"Small monthly donations from members paid for the campaign; the budget grew without big funders.",
		"We raised money from members with a monthly donation, and the budget paid two organizers.",
		"Members gave small donations every month, and that money paid for the whole campaign budget.",
		"The budget came from member donations, not grants; monthly money made us independent.",
		"Donations of five dollars a month from members raised more money than the grant we lost.",
		"A monthly donation drive raised the money for the budget, and members felt they owned it.",
		"Member donations paid the bills: the money came monthly and the budget was finally stable.",
		"We asked members for a small monthly donation and the money covered the campaign budget.",
	},
	"court": {
		"The lawyers took the case to court and the judge ruled that the law had been broken.",
		"A court case brought by our lawyers made the judge stop the eviction under the law.",
		"We went to court with volunteer lawyers and the judge found the law protected tenants.",
		"Our legal team filed the case in court; the judge agreed the law was on our side.",
		"The judge ruled in our favour after the lawyers showed the court what the law says.",
		"Taking the landlord to court worked: the lawyers won the case and the judge enforced the law.",
		"Lawyers from the union argued the case in court and the judge changed how the law is applied.",
		"A lawsuit in court, argued by our lawyers, led the judge to strike down the rule as against the law.",
	},
}

const spanishTwin = "Los voluntarios llamaron por teléfono a cada vecino de la lista y duplicamos las llamadas en una semana."

// TestSpanishStoryJoinsItsEnglishTwin: on a small campaign, a story told in
// Spanish lands in the same theme as the English story it retells, and the
// themes page shows them together.
func TestSpanishStoryJoinsItsEnglishTwin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	c := createBrightSpots(t, srv.Store, nil)
	approveStory := func(text, lang string) {
		t.Helper()
		err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
			st, _, err := tx.CreateStory(ctx, c, kindred.NewStory{Text: text, Lang: lang, Consent: kindred.ConsentPublic, Anonymous: true, Source: "form"})
			if err != nil {
				return err
			}
			return tx.ModerateStory(ctx, c.ID, st.ID, kindred.StateApproved, false)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, topic := range []string{"phones", "money", "court"} {
		for _, text := range crossLingualFixture[topic] {
			approveStory(text, "en")
		}
	}
	approveStory(spanishTwin, "es")
	if _, err := sensemaking.Run(ctx, srv.Store, c.ID); err != nil {
		t.Fatal(err)
	}
	org := testutil.CreateAccount(t, srv.Store, "organizer@example.org", kindred.RoleAdmin)
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(t, b, srv, org.ID)
	b.Open(srv.URL + "/listening/bright-spots/themes")
	themeOf := func(text string) int {
		t.Helper()
		i, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](fmt.Sprintf(`[...document.querySelectorAll('.sense-theme')].findIndex(
			th => [...th.querySelectorAll('.sense-candidate .story-text')].some(p => p.textContent.trim() === %q))`, text)))
		if err != nil {
			t.Fatal(err)
		}
		return i
	}
	twin, spanish := themeOf(crossLingualFixture["phones"][0]), themeOf(spanishTwin)
	if twin < 0 || spanish != twin {
		t.Errorf("the Spanish story is in theme %d, its English twin in theme %d: want the same", spanish, twin)
	}
	if other := themeOf(crossLingualFixture["court"][0]); other == twin {
		t.Errorf("court stories share the phone theme %d: the fixture does not separate topics", twin)
	}
	namingThemes(t, b, srv)
}

// namingThemes: the report prints no theme until an organizer names or
// confirms it; suggested names are phrases from a quote, not keywords.
func namingThemes(t *testing.T, b *testutil.Browser, srv *testutil.Server) {
	t.Helper()
	suggested := b.Value(`.sense-name input[name=label]`)
	if len(strings.Fields(suggested)) < 4 || strings.Contains(suggested, ",") {
		t.Errorf("suggested name %q, want a phrase from a quote, not a keyword list", suggested)
	}
	b.Open(srv.URL + "/listening/bright-spots/report")
	if n := count(b, ".report-theme"); n != 0 {
		t.Errorf("the report prints %d themes nobody named", n)
	}
	if got := b.Text("#report-unnamed"); !strings.Contains(got, "3 themes are not in this report yet") {
		t.Errorf("report note = %q", got)
	}
	b.Open(srv.URL + "/listening/bright-spots/themes")
	b.Submit(`.sense-name button[type=submit]`) // confirm the first suggestion as it is
	b.Fill(`.sense-name input[name=label]`, "Money from members")
	b.Submit(`.sense-name button[type=submit]`)
	b.CheckA11y()
	b.Screenshot("listening-themes-naming")
	b.Open(srv.URL + "/listening/bright-spots/report")
	got, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.report-theme h3 bdi')].map(e => e.textContent)`))
	if err != nil || len(got) != 2 || !slices.Contains(got, suggested) || !slices.Contains(got, "Money from members") {
		t.Errorf("report themes %q (%v), want the confirmed %q and the named one", got, err, suggested)
	}
	if got := b.Text("#report-unnamed"); !strings.Contains(got, "1 theme is not in this report yet") {
		t.Errorf("report note = %q", got)
	}
	b.CheckA11y()
	b.Screenshot("listening-report-named")
}
