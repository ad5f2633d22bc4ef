package web

import (
	"fmt"
	"net/http"
	"strconv"

	"rsc.io/qr"

	"github.com/kindredhq/kindred/internal/gatherings"
	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
)

// answersFrom reads the answers to the gathering's questions (answer_0, …).
func answersFrom(r *http.Request, g *kindred.Gathering) map[string]string {
	out := map[string]string{}
	for i, q := range g.Questions {
		if a := r.PostForm.Get("answer_" + strconv.Itoa(i)); a != "" {
			out[q] = a
		}
	}
	return out
}

// rsvpFlash says where an answer landed.
func rsvpFlash(v *kindred.RSVP) string {
	switch v.Status {
	case kindred.RSVPGoing:
		return "You're going! A confirmation with a calendar file is on its way."
	case kindred.RSVPWaitlist:
		return "Every seat is taken, so you're on the waitlist. You'll move up automatically if a seat frees up."
	case kindred.RSVPPending:
		return "Thanks! The hosts will confirm your seat."
	case kindred.RSVPDeclined:
		return "Thanks for letting us know. Your seat is free for someone else."
	}
	return "Saved."
}

// rsvpSignedIn answers for the signed-in member from the gathering page,
// through the same gatherings.RSVP as the API.
func (s *Server) rsvpSignedIn(w http.ResponseWriter, r *http.Request) error {
	g, err := s.gathering(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	res, err := s.Gatherings.RSVP(r.Context(), viewerFrom(r), gatherings.Answer{GatheringID: g.ID, Status: r.PostForm.Get("status"),
		Answers: answersFrom(r, g)})
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", rsvpFlash(res.RSVP))
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d", g.ID), http.StatusSeeOther)
	return nil
}

// rsvpLinkData is what the personal RSVP page shows.
type rsvpLinkData struct {
	D       gatheringData
	Token   string
	Problem string // why the link cannot be used, in a sentence
}

// fromLink resolves the request's personal link (gatherings.Service.Link).
func (s *Server) fromLink(r *http.Request) (*kindred.Gathering, *kindred.RSVP, error) {
	return s.Gatherings.Link(r.Context(), r.PathValue("token"))
}

// rsvpLinkPage is the page a personal link from an email opens, without
// signing in.
func (s *Server) rsvpLinkPage(w http.ResponseWriter, r *http.Request) {
	g, v, err := s.fromLink(r)
	if err != nil {
		s.renderLinkProblem(w, r, err)
		return
	}
	s.renderLinkPage(w, r, http.StatusOK, g, v, nil)
}

func (s *Server) renderLinkPage(w http.ResponseWriter, r *http.Request, status int, g *kindred.Gathering, v *kindred.RSVP, err error) {
	gd, derr := s.gatheringDetails(r, g)
	if derr != nil {
		s.serverError(w, r, derr)
		return
	}
	gd.Mine, gd.MemberID = v, v.MemberID
	if g.SeesJoinLink(nil, v) {
		gd.JoinURL = g.JoinURL
	}
	gd.ActionPath = "/rsvp/" + r.PathValue("token")
	p := page{Title: g.Title, Nav: "gatherings", Data: rsvpLinkData{D: gd, Token: r.PathValue("token")}}
	if err != nil {
		p.Error = kindred.ErrorMessage(err)
	}
	s.render(w, r, status, "rsvp_link", p)
}

// linkStatus is the HTTP status of a problem with a personal link: a
// mangled link is a bad request rather than a form to correct.
func linkStatus(err error) int {
	if status := httpx.Status(err); status != http.StatusUnprocessableEntity {
		return status
	}
	return http.StatusBadRequest
}

func (s *Server) renderLinkProblem(w http.ResponseWriter, r *http.Request, err error) {
	status := linkStatus(err)
	if status >= 500 {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, status, "rsvp_link", page{Title: "RSVP link", Nav: "gatherings", Data: rsvpLinkData{Problem: kindred.ErrorMessage(err)}})
}

// rsvpByLink records the answer given on the personal RSVP page, through
// gatherings.RSVPByLink.
func (s *Server) rsvpByLink(w http.ResponseWriter, r *http.Request) {
	g, v, err := s.fromLink(r)
	if err != nil {
		s.renderLinkProblem(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	res, err := s.Gatherings.RSVPByLink(r.Context(), viewerFrom(r), r.PathValue("token"),
		gatherings.Answer{Status: r.PostForm.Get("status"), Answers: answersFrom(r, g)})
	if err != nil {
		if httpx.Status(err) >= 500 {
			s.serverError(w, r, err)
			return
		}
		s.renderLinkPage(w, r, httpx.Status(err), g, v, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", rsvpFlash(res.RSVP))
	http.Redirect(w, r, "/rsvp/"+r.PathValue("token"), http.StatusSeeOther)
}

// rsvpLinkQR is the guest's check-in code: the hosts scan it at the door.
func (s *Server) rsvpLinkQR(w http.ResponseWriter, r *http.Request) {
	g, v, err := s.fromLink(r)
	if err != nil {
		s.renderLinkProblem(w, r, err)
		return
	}
	s.writeQR(w, r, checkinURL(s.Config.BaseURL, g.ID, v.MemberID))
}

// guestQR is the same code, for hosts printing badges.
func (s *Server) guestQR(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organized(r)
	if err != nil {
		return err
	}
	member, ok := pathID(r, "member")
	if !ok {
		return kindred.Errorf(kindred.ENOTFOUND, "There is no such guest.")
	}
	s.writeQR(w, r, checkinURL(s.Config.BaseURL, g.ID, member))
	return nil
}

func checkinURL(base string, gatheringID, memberID int64) string {
	return fmt.Sprintf("%s/gatherings/%d/checkin?member=%d", base, gatheringID, memberID)
}

func (s *Server) writeQR(w http.ResponseWriter, r *http.Request, text string) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		s.serverError(w, r, fmt.Errorf("qr code: %w", err))
		return
	}
	code.Scale = 8
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, max-age=86400")
	_, _ = w.Write(code.PNG())
}
