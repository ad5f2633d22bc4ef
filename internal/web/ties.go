package web

import (
	"net/http"
	"strconv"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// tiesData is what the connections page shows.
type tiesData struct {
	MemberID int64
	Ties     []kindred.Tie
}

// myTies lists the signed-in member's ties, with a switch to hide each.
func (s *Server) myTies(w http.ResponseWriter, r *http.Request) {
	m, err := s.Store.MemberByAccount(r.Context(), accountFrom(r.Context()).ID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		http.Redirect(w, r, "/me/profile", http.StatusSeeOther)
		return
	}
	var ties []kindred.Tie
	if err == nil {
		ties, err = s.Store.TiesOf(r.Context(), m.ID)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "ties", page{Title: "Your connections", Nav: "emergence", Data: tiesData{MemberID: m.ID, Ties: ties}})
}

// hideTie hides or shows one of the member's ties.
func (s *Server) hideTie(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return
	}
	m, err := s.Store.MemberByAccount(r.Context(), accountFrom(r.Context()).ID)
	if err == nil {
		hidden := r.FormValue("hidden") == "1"
		err = s.Store.WithTx(r.Context(), func(tx *store.Tx) error { return tx.SetTieHidden(r.Context(), id, m.ID, hidden) })
	}
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		s.NotFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", "Saved. Hidden connections are not shown to anyone else or counted in the network's measures.")
	http.Redirect(w, r, "/me/ties#tie-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// knowMember records that the viewer knows the member on the page (a
// self-reported tie), once.
func (s *Server) knowMember(w http.ResponseWriter, r *http.Request) {
	other, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	me, err := s.memberOf(r, accountFrom(r.Context()))
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		http.Redirect(w, r, "/me/profile", http.StatusSeeOther)
		return
	}
	if err == nil && me.ID == other.ID {
		err = kindred.Errorf(kindred.EINVALID, "That is you.")
	}
	if err == nil {
		err = s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
			_, err := tx.AddTie(r.Context(), kindred.Tie{A: me.ID, B: other.ID, Kind: kindred.TieSelfReported, Source: kindred.SourceSelf, HappenedOn: tx.Now()})
			return err
		})
	}
	if err != nil && kindred.ErrorCode(err) != kindred.EINVALID {
		s.serverError(w, r, err)
		return
	}
	msg := "Noted: you and " + other.Name + " know each other. You can hide this connection on your connections page."
	if err != nil {
		msg = kindred.ErrorMessage(err)
	}
	s.Sessions.Put(r.Context(), "flash", msg)
	http.Redirect(w, r, "/network/members/"+strconv.FormatInt(other.ID, 10), http.StatusSeeOther)
}
