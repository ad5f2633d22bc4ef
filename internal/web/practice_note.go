package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// noteForPractice reads the harvest note a practice is being made from, as
// the viewer may read it. A note the viewer may not read (an off-the-record
// note of another table) answers 404, like a note that does not exist:
// only its table's people can make it a practice.
func (s *Server) noteForPractice(w http.ResponseWriter, r *http.Request, ref string) (*kindred.HarvestNote, bool) {
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil || id <= 0 {
		s.NotFound(w, r)
		return nil, false
	}
	n, err := s.Store.NoteFor(r.Context(), s.viewerMemberID(r), id)
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

// viewerMemberID is the signed-in account's member id, 0 without a profile.
func (s *Server) viewerMemberID(r *http.Request) int64 {
	a := accountFrom(r.Context())
	if a == nil {
		return 0
	}
	m, err := s.memberOf(r, a)
	if err != nil {
		return 0
	}
	return m.ID
}

// noteQuote is how a practice form starts from a note: the note quoted,
// with its author only when the note is attributable. An off-the-record
// note is never quoted: whoever makes it a practice writes it in their own
// words, so the practice page has nothing of the note to show others.
func noteQuote(n *kindred.HarvestNote) string {
	if n.Consent == kindred.ConsentOffRecord {
		return ""
	}
	q := "> " + strings.ReplaceAll(n.Text, "\n", "\n> ")
	if n.Consent == kindred.ConsentAttributable && n.AuthorName != "" {
		q += "\n>\n> — " + n.AuthorName + ", table " + strconv.Itoa(n.Table)
	}
	return q
}

// sourceNotes returns the practice's source notes the viewer may read, so
// the page quotes an off-the-record note to its table's people only.
func (s *Server) sourceNotes(r *http.Request, p *kindred.Practice) ([]kindred.HarvestNote, error) {
	var out []kindred.HarvestNote
	viewer := s.viewerMemberID(r)
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
