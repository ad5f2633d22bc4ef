package web

import (
	"net/http"
	"strconv"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// registerSeatingRules adds the hosts' keep-together and keep-apart rules,
// which the table composer obeys (see tableplan.Planner.problem).
func (s *Server) registerSeatingRules(mux Mux) {
	mux.Handle("POST /gatherings/{id}/tables/rules", s.signedIn(s.addSeatingRule))
	mux.Handle("POST /gatherings/{id}/tables/rules/{rule}/delete", s.signedIn(s.deleteSeatingRule))
}

// addSeatingRule stores a rule about two guests. It does not change the
// plan: the page then lists the rule, and any table that breaks it, until
// the host composes again.
func (s *Server) addSeatingRule(w http.ResponseWriter, r *http.Request) {
	g, ok := s.organizedForm(w, r)
	if !ok {
		return
	}
	f := r.PostForm
	rule := kindred.SeatingRule{GatheringID: g.ID, Kind: f.Get("kind"), Note: f.Get("note"),
		CreatedBy: accountFrom(r.Context()).ID}
	rule.MemberA, _ = strconv.ParseInt(f.Get("member_a"), 10, 64)
	rule.MemberB, _ = strconv.ParseInt(f.Get("member_b"), 10, 64)
	var made *kindred.SeatingRule
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		var err error
		if made, err = tx.AddSeatingRule(r.Context(), rule); err != nil {
			return err
		}
		return tx.Audit(r.Context(), rule.CreatedBy, "gathering.seating_rule", strconv.FormatInt(g.ID, 10), made.Describe())
	})
	msg := ""
	if err == nil {
		msg = "Rule added: " + made.Describe() + ". Compose again to seat by it."
	}
	s.afterTableEdit(w, r, g, err, msg, nil)
}

// deleteSeatingRule removes a rule; the plan is left as it is.
func (s *Server) deleteSeatingRule(w http.ResponseWriter, r *http.Request) {
	g, ok := s.organizedForm(w, r)
	if !ok {
		return
	}
	id, ok := pathID(r, "rule")
	if !ok {
		s.NotFound(w, r)
		return
	}
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error { return tx.DeleteSeatingRule(r.Context(), g.ID, id) })
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		s.NotFound(w, r)
		return
	}
	s.afterTableEdit(w, r, g, err, "Rule removed. Compose again to seat without it.", nil)
}
