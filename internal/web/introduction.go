package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kindredhq/kindred/internal/directory"
	"github.com/kindredhq/kindred/internal/kindred"
)

// sendIntroduction emails two members an introduction with a link each to
// accept it (organizers, within their cities).
func (s *Server) sendIntroduction(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id := func(k string) int64 { n, _ := strconv.ParseInt(r.PostForm.Get(k), 10, 64); return n }
	a, b, err := s.Directory.Introduce(r.Context(), viewerFrom(r), directory.NewIntroduction{A: id("a"), B: id("b"),
		Reasons: r.PostForm.Get("reasons"), Message: r.PostForm.Get("message")})
	switch kindred.ErrorCode(err) {
	case "":
		s.Sessions.Put(r.Context(), "flash", fmt.Sprintf("Introduction sent to %s and %s.", a.Name, b.Name))
	case kindred.EINVALID:
		s.Sessions.Put(r.Context(), "flash", kindred.ErrorMessage(err))
	default:
		return err
	}
	http.Redirect(w, r, "/emergence", http.StatusSeeOther)
	return nil
}

// acceptIntroductionPage shows the button that accepts (links in emails must
// not act on GET: mail scanners follow them).
func (s *Server) acceptIntroductionPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "introduction", page{Title: "Introduction", Form: url.Values{"token": {r.URL.Query().Get("token")}}})
}

// acceptIntroduction records the acceptance; no sign-in is needed.
func (s *Server) acceptIntroduction(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	in, err := s.Directory.AcceptIntroduction(r.Context(), r.PostForm.Get("token"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "introduction", page{Title: "Introduction", Data: in})
	return nil
}
