package web

import (
	"net/http"
	"strconv"
)

// promoteBrightSpot adds a bright spot to the practice library through
// listening.Promote, and opens the new practice.
func (l *listeningPages) promoteBrightSpot(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	storyID, _ := strconv.ParseInt(r.PathValue("story"), 10, 64)
	p, err := l.Listening.Promote(r.Context(), viewerFrom(r), r.PathValue("slug"), storyID, r.PostFormValue("title"))
	if err != nil {
		return l.senseError(w, r, err)
	}
	l.Sessions.Put(r.Context(), "flash", "Added “"+p.Title+"” to the practice library.")
	http.Redirect(w, r, "/practices/"+p.Slug, http.StatusSeeOther)
	return nil
}
