package web

import (
	"net/http"
	"strconv"

	"github.com/kindredhq/kindred/internal/kindred"
)

// registerSeatingRules adds the hosts' keep-together and keep-apart rules,
// which the table composer obeys (see tableplan.Planner.problem).
func (s *Server) registerSeatingRules(mux Mux) {
	mux.Handle("POST /gatherings/{id}/tables/rules", s.signedIn(s.handle(s.addSeatingRule)))
	mux.Handle("POST /gatherings/{id}/tables/rules/{rule}/delete", s.signedIn(s.handle(s.deleteSeatingRule)))
}

// addSeatingRule stores a rule about two guests. It does not change the
// plan: the page then lists the rule, and any table that breaks it, until
// the host composes again.
func (s *Server) addSeatingRule(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organizedForm(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	rule := kindred.SeatingRule{Kind: f.Get("kind"), Note: f.Get("note")}
	rule.MemberA, _ = strconv.ParseInt(f.Get("member_a"), 10, 64)
	rule.MemberB, _ = strconv.ParseInt(f.Get("member_b"), 10, 64)
	made, err := s.planner().AddRule(r.Context(), viewerFrom(r), g, rule)
	msg := ""
	if err == nil {
		msg = "Rule added: " + made.Describe() + ". Compose again to seat by it."
	}
	return s.afterTableEdit(w, r, g, err, msg, nil)
}

// deleteSeatingRule removes a rule; the plan is left as it is.
func (s *Server) deleteSeatingRule(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organizedForm(r)
	if err != nil {
		return err
	}
	id, ok := pathID(r, "rule")
	if !ok {
		return kindred.Errorf(kindred.ENOTFOUND, "There is no such seating rule.")
	}
	err = s.planner().DeleteRule(r.Context(), viewerFrom(r), g, id)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return err
	}
	return s.afterTableEdit(w, r, g, err, "Rule removed. Compose again to seat without it.", nil)
}
