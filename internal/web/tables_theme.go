package web

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/kindredhq/kindred/internal/tableplan"
)

// maxSpotRunes is how much of a bright spot a prompt card prints.
const maxSpotRunes = 280

// themeView is the theme a table shares in a plan by theme, as the table
// card and its prompt card show it.
type themeView struct {
	Theme  string
	Guests string   // "Ana Souza, Bo Chen and Cy Diallo"
	Spots  []string // bright spots of the theme, shortened for the card
}

// addTableThemes puts the theme each table shares on d's table cards, for
// a plan composed by theme.
func (s *Server) addTableThemes(ctx context.Context, d *tablesData) error {
	themes, err := s.planner().TableThemes(ctx, d.roster, d.Plan)
	if err != nil {
		return err
	}
	for ri := range d.Rounds {
		for ti := range d.Rounds[ri].Tables {
			if ri < len(themes) && ti < len(themes[ri]) && themes[ri][ti] != nil {
				d.Rounds[ri].Tables[ti].Theme = themeViewOf(themes[ri][ti])
			}
		}
	}
	return nil
}

func themeViewOf(tt *tableplan.TableTheme) *themeView {
	v := &themeView{Theme: tt.Theme, Guests: joinNames(tt.Guests)}
	for _, b := range tt.BrightSpots {
		v.Spots = append(v.Spots, shorten(b.Text, maxSpotRunes))
	}
	return v
}

// joinNames lists names: "Ana, Bo and Cy".
func joinNames(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// shorten cuts text to at most n runes at a word boundary, with an ellipsis.
func shorten(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	cut := string([]rune(text)[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}
