package web

import (
	"fmt"
	"net/http"
	"strconv"
	"unicode/utf8"

	"rsc.io/qr"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// answersFrom reads the answers to the gathering's questions (answer_0, …).
func answersFrom(r *http.Request, g *kindred.Gathering) map[string]string {
	out := map[string]string{}
	for i, q := range g.Questions {
		if a := r.PostForm.Get("answer_" + strconv.Itoa(i)); a != "" {
			out[q] = cutText(a, 2000)
		}
	}
	return out
}

// cutText shortens s to at most n bytes without splitting a character.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// recordRSVP records an answer and schedules its emails in one transaction.
func (s *Server) recordRSVP(r *http.Request, req kindred.RSVPRequest) (*kindred.RSVPResult, error) {
	var res *kindred.RSVPResult
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) (err error) {
		if res, err = tx.RSVP(r.Context(), req); err != nil {
			return err
		}
		return s.Queue.NotifyRSVP(r.Context(), tx, res)
	})
	return res, err
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

// rsvpSignedIn answers for the signed-in member from the gathering page.
func (s *Server) rsvpSignedIn(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadGathering(w, r)
	if !ok {
		return
	}
	m, err := s.Store.MemberByAccount(r.Context(), accountFrom(r.Context()).ID)
	if err != nil {
		s.errorPage(w, r, http.StatusConflict, "Your account has no member profile yet. Create it (it takes a minute), then answer.")
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	st, err := kindred.ParseRSVPStatus(r.PostForm.Get("status"))
	var res *kindred.RSVPResult
	if err == nil {
		res, err = s.recordRSVP(r, kindred.RSVPRequest{GatheringID: g.ID, MemberID: m.ID, Status: st, Answers: answersFrom(r, g), ActorID: accountFrom(r.Context()).ID})
	}
	if err != nil {
		if httpx.Status(err) >= 500 {
			s.serverError(w, r, err)
			return
		}
		s.errorPage(w, r, httpx.Status(err), kindred.ErrorMessage(err))
		return
	}
	s.Sessions.Put(r.Context(), "flash", rsvpFlash(res.RSVP))
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d", g.ID), http.StatusSeeOther)
}

// rsvpLinkData is what the personal RSVP page shows.
type rsvpLinkData struct {
	D       gatheringData
	Token   string
	Problem string // why the link cannot be used, in a sentence
}

// fromLink resolves a personal link to its gathering and RSVP. A forged or
// mangled link is EINVALID, an expired one EGONE; a cancelled gathering is
// EGONE with its own sentence.
func (s *Server) fromLink(r *http.Request) (*kindred.Gathering, *kindred.RSVP, error) {
	key, err := s.Store.LinkKey(r.Context(), "rsvp")
	if err != nil {
		return nil, nil, err
	}
	tok, err := kindred.ParseRSVPToken(r.PathValue("token"), key, s.Now())
	if err != nil {
		return nil, nil, err
	}
	g, err := s.Store.Gathering(r.Context(), tok.GatheringID)
	if err != nil {
		return nil, nil, kindred.Errorf(kindred.EGONE, "This gathering no longer exists.")
	}
	if g.Status == kindred.GatheringCancelled {
		return g, nil, kindred.Errorf(kindred.EGONE, "%q has been cancelled, so there is nothing to answer. We're sorry!", g.Title)
	}
	v, err := s.Store.RSVPOf(r.Context(), g.ID, tok.MemberID)
	if err != nil && kindred.ErrorCode(err) != kindred.ENOTFOUND {
		return nil, nil, err
	}
	if v == nil {
		v = &kindred.RSVP{GatheringID: g.ID, MemberID: tok.MemberID}
	}
	return g, v, nil
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

// rsvpByLink records the answer given on the personal RSVP page.
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
	st, err := kindred.ParseRSVPStatus(r.PostForm.Get("status"))
	var res *kindred.RSVPResult
	if err == nil {
		res, err = s.recordRSVP(r, kindred.RSVPRequest{GatheringID: g.ID, MemberID: v.MemberID, Status: st, Answers: answersFrom(r, g)})
	}
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
func (s *Server) guestQR(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadOrganized(w, r)
	if !ok {
		return
	}
	member, ok := pathID(r, "member")
	if !ok {
		s.NotFound(w, r)
		return
	}
	s.writeQR(w, r, checkinURL(s.Config.BaseURL, g.ID, member))
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
