package web

import (
	"net/http"
	"strconv"

	"github.com/kindredhq/kindred/internal/directory"
	"github.com/kindredhq/kindred/internal/kindred"
)

// tiesData is what the connections page shows.
type tiesData struct {
	MemberID int64
	Asked    []kindred.Tie // others say they know the member: confirm or decline
	Ties     []kindred.Tie
}

// myTies lists the signed-in member's ties, with a switch to hide each, and
// first the ones others reported that wait for the member's answer.
func (s *Server) myTies(w http.ResponseWriter, r *http.Request) error {
	m := viewerFrom(r).Member
	if m == nil {
		http.Redirect(w, r, "/me/profile", http.StatusSeeOther)
		return nil
	}
	ties, err := s.Store.TiesOf(r.Context(), m.ID)
	if err != nil {
		return err
	}
	d := tiesData{MemberID: m.ID}
	for _, t := range ties {
		if t.AwaitsAnswerFrom(m.ID) {
			d.Asked = append(d.Asked, t)
		} else {
			d.Ties = append(d.Ties, t)
		}
	}
	s.render(w, r, http.StatusOK, "ties", page{Title: "Your connections", Nav: "emergence", Data: d})
	return nil
}

// hideTie hides or shows one of the member's ties.
func (s *Server) hideTie(w http.ResponseWriter, r *http.Request) error {
	id, ok := pathID(r, "id")
	if !ok {
		return kindred.Errorf(kindred.ENOTFOUND, "No such connection.")
	}
	if err := s.Directory.HideTie(r.Context(), viewerFrom(r), id, r.FormValue("hidden") == "1"); err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", "Saved. Hidden connections are not shown to anyone else or counted in the network's measures.")
	http.Redirect(w, r, "/me/ties#tie-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// answerTie confirms or declines a connection someone else reported.
func (s *Server) answerTie(confirm bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, ok := pathID(r, "id")
		if !ok {
			return kindred.Errorf(kindred.ENOTFOUND, "No such connection.")
		}
		viewer := viewerFrom(r)
		t, err := s.Directory.AnswerTie(r.Context(), viewer, id, confirm)
		if err != nil {
			return err
		}
		_, other := t.Other(viewer.MemberID())
		msg := "Declined: no connection with " + other + " is recorded."
		if confirm {
			msg = "Confirmed: you and " + other + " know each other."
		}
		s.Sessions.Put(r.Context(), "flash", msg)
		http.Redirect(w, r, "/me/ties", http.StatusSeeOther)
		return nil
	}
}

// knowMember records that the viewer knows the member on the page (a
// self-reported tie, which counts once the other confirms it).
func (s *Server) knowMember(w http.ResponseWriter, r *http.Request) error {
	id, ok := pathID(r, "id")
	if !ok {
		return kindred.Errorf(kindred.ENOTFOUND, "No such member.")
	}
	viewer := viewerFrom(r)
	if viewer.Member == nil {
		http.Redirect(w, r, "/me/profile", http.StatusSeeOther)
		return nil
	}
	did, other, err := s.Directory.ClaimTie(r.Context(), viewer, id)
	var msg string
	switch {
	case kindred.ErrorCode(err) == kindred.EINVALID:
		msg = kindred.ErrorMessage(err)
	case err != nil:
		return err
	case did == directory.ClaimConfirmed:
		msg = "Confirmed: you and " + other.Name + " know each other."
	case did == directory.ClaimKnown:
		msg = "You have already said you know " + other.Name + "."
	default:
		msg = "Noted. Once " + other.Name + " confirms you know each other, the connection counts in the network; until then no one else sees it."
	}
	s.Sessions.Put(r.Context(), "flash", msg)
	http.Redirect(w, r, "/network/members/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
