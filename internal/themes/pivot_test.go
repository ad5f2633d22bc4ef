package themes

import (
	"context"
	"strings"
	"testing"
	"unicode"
)

// twinCorpus is a small campaign on two topics told in English, plus a
// Spanish story on each topic whose English twin is in the corpus, plus a
// story in Russian made of invented words (Shcherba's "glokaya kuzdra") that
// no lexicon can carry into English.
func twinCorpus() []Story {
	en := []string{
		"The volunteers water the community garden and plant tomatoes every spring.",
		"Our garden grows vegetables, and the children water the plants after school.",
		"Neighbours share seeds and tools in the garden and harvest the vegetables together.",
		"The community garden gave families fresh vegetables and a place to meet.",
		"Volunteers planted trees and flowers in the garden behind the school.",
		"The school garden taught the children how plants grow from seeds.",
		"We knocked on doors before the election and asked neighbours to vote.",
		"The volunteers called voters by phone and drove them to the polling station.",
		"Young people registered new voters at the market before the election.",
		"Our campaign trained volunteers to talk with voters about the election.",
		"The election turnout grew after volunteers visited every street to talk with voters.",
		"Neighbours organised rides to the polling station on election day.",
	}
	var out []Story
	for i, t := range en {
		out = append(out, Story{ID: "en" + string(rune('a'+i)), Text: t, Lang: "en", Quotable: true})
	}
	out = append(out,
		// twin of en[3] and of en[7]
		Story{ID: "es-garden", Text: "El huerto comunitario dio a las familias verduras frescas y un lugar para reunirse.", Lang: "es", Quotable: true},
		Story{ID: "es-election", Text: "Los voluntarios llamaron a los votantes por teléfono y los llevaron a votar en la elección.", Quotable: true},
		Story{ID: "ru-nonsense", Text: "Глокая куздра штеко будланула бокра и курдячит бокрёнка.", Lang: "ru", Quotable: true},
	)
	return out
}

func TestPivotPutsTwinsInOneTheme(t *testing.T) {
	t.Parallel()
	stories := twinCorpus()
	res, err := Find(context.Background(), stories, Options{K: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	index := map[string]int{}
	for i, s := range stories {
		index[s.ID] = i
	}
	for _, pair := range [][2]string{{"es-garden", "end"}, {"es-election", "enh"}} {
		es, en := index[pair[0]], index[pair[1]]
		if res.Theme[es] != res.Theme[en] {
			t.Errorf("story %s in theme %d, its English twin %s in theme %d; want one theme", pair[0], res.Theme[es], pair[1], res.Theme[en])
		}
		if !res.Pivoted[es] || res.Langs[es] != "es" {
			t.Errorf("story %s: pivoted %v, language %q; want pivoted from es", pair[0], res.Pivoted[es], res.Langs[es])
		}
	}
	ru := index["ru-nonsense"]
	if res.Pivoted[ru] || res.Langs[ru] != "ru" {
		t.Errorf("Russian story without known words: pivoted %v, language %q; want kept as written, ru", res.Pivoted[ru], res.Langs[ru])
	}
	if res.Lang != "en" {
		t.Errorf("Lang = %q, want en", res.Lang)
	}
	for _, th := range res.Themes {
		for _, kw := range th.Keywords {
			if strings.IndexFunc(kw, func(r rune) bool { return r > unicode.MaxASCII }) >= 0 {
				t.Errorf("theme %d keyword %q is not English: keywords come from the pivot", th.ID, kw)
			}
		}
		for _, q := range th.Quotes {
			if stories[q.Story].Text[q.Start:q.End] != q.Text {
				t.Errorf("quote %q is not verbatim", q.Text)
			}
		}
	}
}

func TestNoPivotThemesByLanguage(t *testing.T) {
	t.Parallel()
	stories := twinCorpus()
	res, err := Find(context.Background(), stories, Options{K: 2, Seed: 1, NoPivot: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range res.Pivoted {
		if p {
			t.Errorf("story %s pivoted with NoPivot", stories[i].ID)
		}
	}
}

// TestSpanishQuoteStaysSpanish themes a Spanish-only campaign: labels come
// from the English glosses, quotes are the tellers' own Spanish words.
func TestSpanishQuoteStaysSpanish(t *testing.T) {
	t.Parallel()
	texts := []string{
		"El jardín comunitario dio verduras frescas a las familias del barrio.",
		"Los vecinos riegan el jardín y cosechan verduras cada semana.",
		"En el jardín los niños aprenden a plantar semillas y verduras.",
		"Las familias plantan árboles y flores en el jardín de la escuela.",
		"El jardín de la escuela enseña a los niños cómo crecen las plantas.",
		"Compartimos semillas y herramientas en el jardín con los vecinos.",
		"Los voluntarios llamaron a los votantes antes de la elección.",
		"Llevamos a los votantes a votar el día de la elección.",
		"La participación en la elección creció gracias a los voluntarios.",
		"Los jóvenes registraron nuevos votantes en el mercado antes de la elección.",
		"Los voluntarios visitaron cada calle para hablar con los votantes.",
		"Organizamos viajes a las urnas el día de la elección.",
	}
	var stories []Story
	for i, t := range texts {
		stories = append(stories, Story{ID: string(rune('a' + i)), Text: t, Lang: "es", Quotable: true})
	}
	res, err := Find(context.Background(), stories, Options{K: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Theme[0] != res.Theme[1] || res.Theme[6] != res.Theme[7] || res.Theme[0] == res.Theme[6] {
		t.Errorf("themes = %v, want the garden stories and the election stories apart", res.Theme)
	}
	joined := ""
	for _, th := range res.Themes {
		joined += th.Label + " | "
		for _, q := range th.Quotes {
			if !strings.Contains(texts[q.Story], q.Text) {
				t.Errorf("quote %q is not in the Spanish story", q.Text)
			}
		}
		if len(th.Quotes) == 0 {
			t.Errorf("theme %d has no quote", th.ID)
		}
	}
	if !strings.Contains(joined, "vegetable") || !strings.Contains(joined, "election") {
		t.Errorf("labels %q, want English glosses such as vegetable and election", joined)
	}
}
