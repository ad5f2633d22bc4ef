package web

import (
	"net/http"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
)

// export writes a campaign's stories as CSV (default) or JSON, through
// listening.Export: its organizers export everything, or what a reader
// would see with ?for=network|public.
func (l *listeningPages) export(w http.ResponseWriter, r *http.Request) error {
	e, err := l.Listening.Export(r.Context(), viewerFrom(r), r.PathValue("slug"), r.URL.Query().Get("for"))
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "json" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+e.Name+`.json"`)
		_ = e.WriteJSON(w)
		return nil
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+e.Name+`.csv"`)
	_ = e.WriteCSV(w)
	return nil
}

// importPage shows the import form to the campaign's organizers.
func (l *listeningPages) importPage(w http.ResponseWriter, r *http.Request) error {
	c, err := l.Listening.Organized(r.Context(), viewerFrom(r), r.PathValue("slug"))
	if err != nil {
		return err
	}
	l.render(w, r, http.StatusOK, "listening_import", page{Title: "Import stories", Nav: "listening",
		Form: map[string][]string{"lang": {"en"}, "consent": {"organizers"}}, Data: map[string]any{"Campaign": c}})
	return nil
}

// importStories checks an uploaded CSV and, when asked to, imports its good
// rows, through listening.Import; bad rows are listed with their line
// numbers.
func (l *listeningPages) importStories(w http.ResponseWriter, r *http.Request) error {
	c, err := l.Listening.Organized(r.Context(), viewerFrom(r), r.PathValue("slug"))
	if err != nil {
		return err
	}
	p := page{Title: "Import stories", Nav: "listening", Data: map[string]any{"Campaign": c}}
	file, _, err := r.FormFile("file")
	if err != nil {
		l.fail(w, r, "listening_import", p, &kindred.Error{Code: kindred.EINVALID, Message: "Choose a CSV file to import.",
			Fields: map[string]string{"file": "is required"}})
		return nil
	}
	defer file.Close()
	res, err := l.Listening.Import(r.Context(), viewerFrom(r), c.Slug, listening.ImportInput{File: file,
		Lang: r.FormValue("lang"), Consent: kindred.ParseConsent(r.FormValue("consent")), Confirm: r.FormValue("confirm") == "1"})
	if err != nil {
		l.fail(w, r, "listening_import", p, err)
		return nil
	}
	p.Data = map[string]any{"Campaign": c, "Result": res}
	p.Form = r.MultipartForm.Value
	l.render(w, r, http.StatusOK, "listening_import", p)
	return nil
}
