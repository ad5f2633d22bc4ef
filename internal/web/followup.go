package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/kindredhq/kindred/internal/harvest"
	"github.com/kindredhq/kindred/internal/kindred"
)

// registerFollowUps adds "whom from your table will you follow up with?":
// a personal page opened from the email without signing in, and the same
// page for signed-in guests.
func (s *Server) registerFollowUps(mux Mux) {
	mux.Handle("GET /gatherings/{id}/followup", s.signedIn(s.handle(s.myFollowUpPage)))
	mux.HandleFunc("GET /followup/{token}", s.handle(s.followUpPage))
	mux.HandleFunc("POST /followup/{token}", s.handle(s.nominate))
	mux.HandleFunc("POST /followup/{token}/answer", s.handle(s.answerFollowUp))
}

// followUpData is what the follow-up page shows.
type followUpData struct {
	*harvest.FollowUp
	G     *kindred.Gathering
	Token string
}

// myFollowUpPage sends a signed-in guest to their personal follow-up page.
func (s *Server) myFollowUpPage(w http.ResponseWriter, r *http.Request) error {
	id, err := harvestGatheringID(r)
	if err != nil {
		return err
	}
	link, err := s.Harvest.FollowUpLink(r.Context(), viewerFrom(r), id)
	if err != nil {
		return s.followUpProblem(w, r, err)
	}
	http.Redirect(w, r, link, http.StatusSeeOther)
	return nil
}

func (s *Server) followUpPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.Harvest.FollowUp(r.Context(), r.PathValue("token"))
	if err != nil {
		return s.followUpProblem(w, r, err)
	}
	d := followUpData{FollowUp: f, G: f.Gathering, Token: r.PathValue("token")}
	s.render(w, r, http.StatusOK, "followup", page{Title: "Whom will you follow up with?", Data: d})
	return nil
}

// nominate saves the guest's nominations; mutual ones become follow_up ties
// with their 30-day question scheduled.
func (s *Server) nominate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	token := r.PathValue("token")
	mutual, err := s.Harvest.Nominate(r.Context(), harvest.Nomination{Token: token, Nominees: formIDs(r, "nominees")})
	if err != nil {
		return s.followUpProblem(w, r, err)
	}
	flash := "Saved. When someone you chose chooses you too, you'll both see it here."
	if mutual > 0 {
		flash = fmt.Sprintf("It's mutual with %d of them: we've noted it in the network.", mutual)
	}
	s.Sessions.Put(r.Context(), "flash", flash)
	http.Redirect(w, r, "/followup/"+token, http.StatusSeeOther)
	return nil
}

// answerFollowUp records whether a follow-up happened.
func (s *Server) answerFollowUp(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	token := r.PathValue("token")
	tieID, _ := strconv.ParseInt(r.PostForm.Get("tie"), 10, 64)
	happened := r.PostForm.Get("happened") == "yes"
	err := s.Harvest.AnswerFollowUp(r.Context(), harvest.FollowUpAnswer{Token: token, TieID: tieID, Happened: happened})
	if err != nil {
		return s.followUpProblem(w, r, err)
	}
	s.Sessions.Put(r.Context(), "flash", map[bool]string{true: "Wonderful: noted as confirmed.", false: "Thanks for telling us: noted as faded."}[happened])
	http.Redirect(w, r, "/followup/"+token+"#followups", http.StatusSeeOther)
	return nil
}

// followUpProblem shows what is wrong with a follow-up link, as a sentence
// (a link that cannot be read is a bad request, not a form to correct);
// internal errors go back to handle.
func (s *Server) followUpProblem(w http.ResponseWriter, r *http.Request, err error) error {
	status := linkStatus(err)
	if status >= 500 {
		return err
	}
	s.errorPage(w, r, status, kindred.ErrorMessage(err))
	return nil
}
