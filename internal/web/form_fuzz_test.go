package web

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
)

// FuzzForms sends arbitrary form bodies through the readers of every form
// people fill in (gathering, member, organization, practice, campaign, story,
// RSVP answers) and on to their validation: nothing panics. (RSVP answers
// are held to their limit by the RSVP use case: gatherings.FuzzAnswers.)
func FuzzForms(f *testing.F) {
	for _, s := range []string{"", "title=Dinner&city_id=1&date=2030-01-01&start_time=18:30&capacity=10&host=1&host=x",
		"name=Ana&email=ana@example.org&city_id=2&org_0=1&role_0=Lead&vis_bio=private&languages=es,en",
		"text=Hi&lang=other&consent=public&sig.energy=50&sig.energy.na=1&sig.balance.0=1&sig.balance.1=x&ctx.organization=Union",
		"signifiers.1.kind=slider&signifiers.1.key=energy&signifiers.1.prompt=E&signifiers.1.labels=Low%0AHigh&context.1.prompt=Org&slug=a%2Fb&languages=en&languages=es&translations.es.signifiers.1.labels=a&op=up.signifiers.1",
		"answer_0=a" + strings.Repeat("é", 1500) + "&status=going", "a=%zz", "%", "&&&=", "city_id=-1&capacity=99999999999999999999",
		"title=\x00\xff&tags=,,,"} {
		f.Add(s)
	}
	campaign := demo.BrightSpots(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	gathering := &kindred.Gathering{Questions: []string{"What is working?", "Whom will you follow up with?"}}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/x", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := r.ParseForm(); err != nil {
			return // answered 400 by every handler
		}
		_ = readGatheringForm(r)
		_ = memberFromForm(r, &kindred.Member{}).Validate()
		org := orgFromForm(r, kindred.Organization{})
		_ = org.Validate()
		_ = practiceFromForm(r, kindred.Practice{}).Validate()
		b := builderFrom(r.PostForm, translationLangs([]langOption{{Code: "es", Current: true}, {Code: "ar", Current: true}}, r.PostForm.Get("source_lang")))
		b.change(r.PostForm.Get("op"))
		_, _ = campaignFromForm(r.PostForm, b)
		n, _ := storyFromForm(&campaign, r.PostForm)
		_ = campaign.CheckStory(&n)
		_, _ = kindred.ParseRSVPStatus(r.PostForm.Get("status"))
		_ = answersFrom(r, gathering)
	})
}
