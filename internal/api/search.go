package api

import (
	"net/http"
	"strconv"

	"github.com/kindredhq/kindred/internal/kindred"
)

// noteJSON is a harvest note found by search, as its consent lets the
// caller read it: author only on attributable notes.
type noteJSON struct {
	ID          int64  `json:"id"`
	GatheringID int64  `json:"gathering_id"`
	Table       int    `json:"table"`
	Consent     string `json:"consent"`
	Prompt      string `json:"prompt"`
	Text        string `json:"text"`
	From        string `json:"from"` // "Ana at table 2" or "Someone at table 2"
	Title       string `json:"title"`
	Highlight   string `json:"highlight"` // matched words in «»
	URL         string `json:"url"`
}

// searchNotes finds the harvest notes the caller may read (?q=): the shared
// notes of the gatherings the caller may see and the off-the-record notes of
// the caller's own tables, never anyone else's.
func (a *API) searchNotes(w http.ResponseWriter, r *http.Request) {
	limit, err := queryLimit(r)
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	q := r.URL.Query().Get("q")
	if q == "" {
		writeError(w, r, &kindred.Error{Code: kindred.EINVALID, Message: "Say what to search for.",
			Fields: map[string]string{"q": "is required"}}, a.Logger)
		return
	}
	reader := kindred.ReaderOf(kindred.ViewerFrom(r.Context()))
	viewer := reader.MemberID
	hits, err := a.Store.SearchNotes(r.Context(), reader, q, limit)
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	out := list[noteJSON]{Items: []noteJSON{}}
	for _, h := range hits {
		n := h.Note
		out.Items = append(out.Items, noteJSON{ID: n.ID, GatheringID: n.GatheringID, Table: n.Table, Consent: string(n.Consent),
			Prompt: n.Prompt, Text: n.Text, From: n.Byline(viewer), Title: markHighlights(h.Title), Highlight: markHighlights(h.Snippet),
			URL: "/gatherings/" + strconv.FormatInt(n.GatheringID, 10) + "/harvest/" + strconv.Itoa(n.Table) + "#note-" + strconv.FormatInt(n.ID, 10)})
	}
	writeJSON(w, http.StatusOK, out)
}
