package listening_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
)

// TestThemesPageReadsWhatItShows: the themes page holds the texts of the
// stories it shows and no others. Stories marked with a secret word are
// themed among 150 others; for organizers the page holds the texts of each
// theme's most typical stories and of the shortlisted ones only, so a
// marked story in a theme but not typical, quoted or shortlisted is not in
// it; members get no texts at all, and quotes only from public stories.
// Every reader shares one view; a story hidden after the page was read
// leaves the themes at once (the view is built again).
func TestThemesPageReadsWhatItShows(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c, err := demo.GenerateStories(ctx, w.st, 150, 4)
		if err != nil {
			t.Fatal(err)
		}
		marked := map[int64]string{} // story → its secret word
		for i := range 40 {
			word := fmt.Sprintf("secretword%03d", i)
			marked[w.approvedIn(t, c, phoneBank+" "+word)] = word
		}
		if _, err := w.svc.ThemesPage(ctx, w.anon, c.Slug); code(err) != kindred.EUNAUTHORIZED {
			t.Errorf("anonymous: %v, want EUNAUTHORIZED", err)
		}
		if p, err := w.svc.ThemesPage(ctx, w.member, c.Slug); err != nil || p.View != nil {
			t.Fatalf("before any run: view %v (%v), want none", p, err)
		}
		if _, err := sensemaking.Run(ctx, w.st, c.ID); err != nil {
			t.Fatal(err)
		}
		org, err := w.svc.ThemesPage(ctx, w.admin, c.Slug)
		if err != nil || org.View == nil || !org.Organizer {
			t.Fatalf("organizer: %+v, %v", org, err)
		}
		shown, hidden := storiesShown(org, marked)
		if len(hidden) == 0 {
			t.Fatal("no marked story is themed without being typical or quoted: the test proves nothing")
		}
		spot := hidden[0] // shortlisted, its text is shown
		if err := w.svc.Select(ctx, w.admin, c.Slug, store.Selection{StoryID: spot, Theme: "Calls", Reason: "It spread."}); err != nil {
			t.Fatal(err)
		}
		if org, err = w.svc.ThemesPage(ctx, w.admin, c.Slug); err != nil {
			t.Fatal(err)
		}
		if got := org.StoryText(spot); !strings.Contains(got, marked[spot]) {
			t.Errorf("shortlisted story %d: text %q, want its words", spot, got)
		}
		shown[spot] = true
		for id, st := range org.Stories {
			if !shown[id] {
				t.Errorf("organizer's page holds story %d (%q), neither typical nor shortlisted", id, st.Text)
			}
		}
		text := pageText(org)
		for _, id := range hidden[1:] {
			if strings.Contains(text, marked[id]) {
				t.Errorf("organizer's page holds the words of story %d, neither typical, quoted nor shortlisted", id)
			}
		}
		for _, t0 := range org.View.Themes {
			if got, want := len(org.Typical(t0)), min(len(t0.Members), listening.TypicalStories); got != want {
				t.Errorf("theme %q: %d typical stories, want %d", t0.Label, got, want)
			}
		}

		mem, err := w.svc.ThemesPage(ctx, w.member, c.Slug)
		if err != nil || mem.Organizer || len(mem.Stories) != 0 || mem.Selections != nil {
			t.Fatalf("member: organizer %v, %d stories, %d selections (%v); want no texts", mem.Organizer, len(mem.Stories), len(mem.Selections), err)
		}
		if mem.View != org.View {
			t.Error("members and organizers got views built apart, want one view built once and shared")
		}
		quoted := quotesOf(mem.View)
		for id := range quoted {
			st, err := w.st.Story(ctx, c.ID, id)
			if err != nil || !st.VisibleTo(kindred.ReaderPublic) {
				t.Errorf("member reads a quote of story %d (%v), which may not be quoted publicly", id, err)
			}
		}
		if len(quoted) == 0 {
			t.Fatal("no quotes at all")
		}
		for id := range quoted { // hide one quoted story: it leaves the themes
			if _, err := w.svc.Moderate(ctx, w.admin, c.Slug, id, kindred.Moderation{State: kindred.StateHidden}); err != nil {
				t.Fatal(err)
			}
			mem, err := w.svc.ThemesPage(ctx, w.member, c.Slug)
			if err != nil {
				t.Fatal(err)
			}
			if mem.View == org.View {
				t.Error("the view was not built again after a story was hidden")
			}
			if quotesOf(mem.View)[id] {
				t.Errorf("hidden story %d still quoted", id)
			}
			for _, t0 := range mem.View.Themes {
				for _, m := range t0.Members {
					if m == id {
						t.Errorf("hidden story %d still in theme %q", id, t0.Label)
					}
				}
			}
			break
		}
	})
}

// storiesShown returns the stories whose texts the organizer's page may
// hold (each theme's typical ones and the shortlisted ones) and the marked
// stories in a theme that are neither those nor quoted.
func storiesShown(p *listening.ThemesPage, marked map[int64]string) (shown map[int64]bool, hidden []int64) {
	shown = map[int64]bool{}
	for _, t := range p.View.Themes {
		for _, id := range t.Members[:min(len(t.Members), listening.TypicalStories)] {
			shown[id] = true
		}
	}
	for _, sel := range p.Selections {
		shown[sel.StoryID] = true
	}
	quoted := quotesOf(p.View)
	for _, t := range p.View.Themes {
		for _, id := range t.Members {
			if marked[id] != "" && !shown[id] && !quoted[id] {
				hidden = append(hidden, id)
			}
		}
	}
	return shown, hidden
}

// approvedIn stores an approved story in c and returns its id.
func (w *world) approvedIn(t *testing.T, c *kindred.Campaign, text string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := w.st.WithTx(ctx, func(tx *store.Tx) error {
		s, _, err := tx.CreateStory(ctx, c, kindred.NewStory{Text: text, Lang: "en", Consent: kindred.ConsentPublic, Source: "import"})
		if err != nil {
			return err
		}
		id = s.ID
		return tx.ModerateStory(ctx, c.ID, s.ID, kindred.StateApproved, false)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// quotesOf returns the stories v quotes.
func quotesOf(v *sensemaking.View) map[int64]bool {
	out := map[int64]bool{}
	for _, groups := range [][]sensemaking.ThemeView{v.Themes, v.Weak} {
		for _, t := range groups {
			for _, q := range t.Quotes {
				out[q.StoryID] = true
			}
		}
	}
	return out
}

// pageText is every word the page holds: story texts, labels, keywords and
// quotes.
func pageText(p *listening.ThemesPage) string {
	var b strings.Builder
	for _, st := range p.Stories {
		b.WriteString(st.Text + "\n")
	}
	for _, groups := range [][]sensemaking.ThemeView{p.View.Themes, p.View.Weak} {
		for _, t := range groups {
			b.WriteString(t.Label + "\n" + strings.Join(t.Keywords, " ") + "\n")
			for _, q := range t.Quotes {
				b.WriteString(q.Text + "\n")
			}
		}
	}
	return b.String()
}
