package web

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
)

// FuzzForms sends arbitrary form bodies through the readers of every form
// people fill in (gathering, member, organization, practice, campaign, story,
// RSVP answers) and on to their validation: nothing panics, and RSVP answers
// stay valid text no longer than their limit.
func FuzzForms(f *testing.F) {
	for _, s := range []string{"", "title=Dinner&city_id=1&date=2030-01-01&start_time=18:30&capacity=10&host=1&host=x",
		"name=Ana&email=ana@example.org&city=2&org_0=1&role_0=Lead&vis_bio=private&languages=es,en",
		"text=Hi&lang=other&consent=public&sig.energy=50&sig.energy.na=1&sig.balance.0=1&sig.balance.1=x&ctx.organization=Union",
		"signifiers=slider+energy:+Low+|+High%0Atriad+x:+a+|+b+|+c&context=organization:+Org&slug=a%2Fb&languages=en",
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
		_ = memberFromForm(r, &kindred.Member{}, true).Validate()
		org := orgFromForm(r, kindred.Organization{})
		_ = org.Validate()
		_ = practiceFromForm(r, kindred.Practice{}).Validate()
		_, _ = campaignFromForm(r.PostForm)
		n, _ := storyFromForm(&campaign, r.PostForm)
		_ = campaign.CheckStory(&n)
		_, _ = kindred.ParseRSVPStatus(r.PostForm.Get("status"))
		for q, a := range answersFrom(r, gathering) {
			if len(a) > 2000 || (utf8.ValidString(r.PostForm.Get("answer_0")) && !utf8.ValidString(a)) {
				t.Errorf("answer to %q: %d bytes, valid UTF-8 %v", q, len(a), utf8.ValidString(a))
			}
		}
	})
}

// TestAnswersKeepWholeCharacters: a long answer is cut between characters.
func TestAnswersKeepWholeCharacters(t *testing.T) {
	form := url.Values{"answer_0": {"a" + strings.Repeat("é", 1500)}}
	r := httptest.NewRequest("POST", "/x", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	_ = r.ParseForm()
	got := answersFrom(r, &kindred.Gathering{Questions: []string{"Q"}})["Q"]
	if len(got) > 2000 || !utf8.ValidString(got) {
		t.Errorf("cut answer: %d bytes, valid UTF-8 %v", len(got), utf8.ValidString(got))
	}
}
