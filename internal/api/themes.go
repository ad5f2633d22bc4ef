package api

import (
	"net/http"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/sensemaking"
)

// themesJSON is a campaign's latest themes as the API shows them.
type themesJSON struct {
	Campaign    string      `json:"campaign"`
	ThemedAt    *string     `json:"themed_at"` // null: never themed
	Stories     int         `json:"stories"`
	Themes      []themeJSON `json:"themes"`
	WeakSignals []themeJSON `json:"weak_signals"`
}

type themeJSON struct {
	Key      int         `json:"key"`
	Label    string      `json:"label"`
	Named    bool        `json:"named"` // an organizer named or confirmed the label
	Keywords []string    `json:"keywords"`
	Size     int         `json:"size"`
	Share    float64     `json:"share"`
	Quotes   []quoteJSON `json:"quotes"`
}

type quoteJSON struct {
	Story int64  `json:"story"`
	Text  string `json:"text"`
}

// themes answers GET /campaigns/{slug}/themes through listening.Themes:
// the latest themes, with quotes only from stories their tellers let us
// quote publicly.
func (a *API) themes(w http.ResponseWriter, r *http.Request) error {
	c, view, err := a.Listening.Themes(r.Context(), kindred.ViewerFrom(r.Context()), r.PathValue("slug"))
	if err != nil {
		return err
	}
	out := themesJSON{Campaign: c.Slug, Themes: []themeJSON{}, WeakSignals: []themeJSON{}}
	if view != nil {
		at := view.Run.CreatedAt.UTC().Format(time.RFC3339)
		out.ThemedAt, out.Stories = &at, view.Total
		for _, t := range view.Themes {
			out.Themes = append(out.Themes, themeOf(t))
		}
		for _, t := range view.Weak {
			out.WeakSignals = append(out.WeakSignals, themeOf(t))
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func themeOf(t sensemaking.ThemeView) themeJSON {
	j := themeJSON{Key: t.Key, Label: t.Label, Named: t.Renamed, Keywords: t.Keywords, Size: t.Size, Share: t.Share, Quotes: []quoteJSON{}}
	if j.Keywords == nil {
		j.Keywords = []string{}
	}
	for _, q := range t.Quotes {
		j.Quotes = append(j.Quotes, quoteJSON{Story: q.StoryID, Text: q.Text})
	}
	return j
}
