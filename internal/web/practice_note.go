package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// noteForPractice reads the harvest note a practice is being made from, as
// the viewer may read it. A note the viewer may not read (an off-the-record
// note of another table, a note of an invite-only gathering they may not
// see) answers 404, like a note that does not exist: only those who may
// read it can make it a practice.
func (s *Server) noteForPractice(w http.ResponseWriter, r *http.Request, ref string) (*kindred.HarvestNote, bool) {
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil || id <= 0 {
		s.NotFound(w, r)
		return nil, false
	}
	n, err := s.Store.NoteFor(r.Context(), kindred.ReaderOf(viewerFrom(r)), id)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		s.NotFound(w, r)
		return nil, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	return n, true
}

// noteQuote is how a practice form starts from a note: the note quoted,
// with its author only when the note is attributable. A note the whole
// network may not read (off the record, or of an invite-only gathering) is
// never quoted: whoever makes it a practice writes it in their own words,
// so the practice page has nothing of the note to show others.
func noteQuote(n *kindred.HarvestNote) string {
	if !n.NetworkWide() {
		return ""
	}
	q := "> " + strings.ReplaceAll(n.Text, "\n", "\n> ")
	if n.Consent == kindred.ConsentAttributable && n.AuthorName != "" {
		q += "\n>\n> — " + n.AuthorName + ", table " + strconv.Itoa(n.Table)
	}
	return q
}

// sourceNotes returns the practice's source notes the viewer may read (by
// the store's rule for every read of notes), so the page quotes an
// off-the-record note to its table's people only, and a note of an
// invite-only gathering to those who may see that gathering only.
func (s *Server) sourceNotes(r *http.Request, p *kindred.Practice) ([]kindred.HarvestNote, error) {
	var out []kindred.HarvestNote
	viewer := kindred.ReaderOf(viewerFrom(r))
	for _, src := range p.Sources {
		if src.Kind != "note" || src.RefID == 0 {
			continue
		}
		n, err := s.Store.NoteFor(r.Context(), viewer, src.RefID)
		if kindred.ErrorCode(err) == kindred.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, *n)
	}
	return out, nil
}
