package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// registerFollowUps adds "whom from your table will you follow up with?":
// a personal page opened from the email without signing in, and the same
// page for signed-in guests.
func (s *Server) registerFollowUps(mux Mux) {
	mux.Handle("GET /gatherings/{id}/followup", s.signedIn(s.myFollowUpPage))
	mux.HandleFunc("GET /followup/{token}", s.followUpPage)
	mux.HandleFunc("POST /followup/{token}", s.nominate)
	mux.HandleFunc("POST /followup/{token}/answer", s.answerFollowUp)
}

// followUpData is what the follow-up page shows.
type followUpData struct {
	G         *kindred.Gathering
	Token     string
	MemberID  int64
	Choices   []*kindred.RSVP // table mates, or every guest without a plan
	Chosen    []int64
	FollowUps []store.FollowUp
	HasPlan   bool
}

// myFollowUpPage sends a signed-in guest to their personal follow-up page.
func (s *Server) myFollowUpPage(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadGathering(w, r)
	if !ok {
		return
	}
	m, err := s.memberOf(r, accountFrom(r.Context()))
	if err == nil {
		err = cameTo(r, s.Store, g.ID, m.ID)
	}
	if err != nil {
		s.followUpProblem(w, r, err)
		return
	}
	link, err := jobs.FollowUpLink(r.Context(), s.Store, "", g, m.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, link, http.StatusSeeOther)
}

// followUpFrom resolves a follow-up link to its held gathering and guest.
func (s *Server) followUpFrom(r *http.Request) (*followUpData, error) {
	key, err := s.Store.LinkKey(r.Context(), "followup")
	if err != nil {
		return nil, err
	}
	tok, err := kindred.ParseRSVPToken(r.PathValue("token"), key, s.Now())
	switch kindred.ErrorCode(err) {
	case "":
	case kindred.EGONE:
		return nil, kindred.Errorf(kindred.EGONE, "This follow-up link has expired. Sign in to see your ties.")
	default:
		return nil, kindred.Errorf(kindred.EINVALID, "This follow-up link is not valid: it may have been copied incompletely. Open it from your latest email, or sign in and open the gathering's harvest.")
	}
	g, err := s.Store.Gathering(r.Context(), tok.GatheringID)
	if err != nil {
		return nil, kindred.Errorf(kindred.EGONE, "This gathering no longer exists.")
	}
	if g.Status != kindred.GatheringHeld {
		return nil, kindred.Errorf(kindred.EGONE, "Follow-ups open once %q has been held.", g.Title)
	}
	if err := cameTo(r, s.Store, g.ID, tok.MemberID); err != nil {
		return nil, err
	}
	d := &followUpData{G: g, Token: r.PathValue("token"), MemberID: tok.MemberID}
	if err := s.fillFollowUp(r, d); err != nil {
		return nil, err
	}
	return d, nil
}

// cameTo is nil when the member came to the gathering (checked in, or still
// going when nobody marked the no-shows), and ENOTFOUND otherwise.
func cameTo(r *http.Request, st *store.Store, gatheringID, memberID int64) error {
	v, err := st.RSVPOf(r.Context(), gatheringID, memberID)
	if err == nil && v.Status != kindred.RSVPAttended && v.Status != kindred.RSVPGoing {
		err = kindred.Errorf(kindred.ENOTFOUND, "Follow-ups are for the guests who came.")
	}
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return kindred.Errorf(kindred.ENOTFOUND, "Follow-ups are for the guests who came.")
	}
	return err
}

// fillFollowUp lists whom the guest may nominate: the people seated at any
// of their tables in any round, or every other guest when there is no plan.
func (s *Server) fillFollowUp(r *http.Request, d *followUpData) error {
	ctx := r.Context()
	guests, err := s.Store.ListRSVPs(ctx, d.G.ID, kindred.RSVPGoing, kindred.RSVPAttended)
	if err != nil {
		return err
	}
	if d.HasPlan, err = s.Store.HasTablePlan(ctx, d.G.ID); err != nil {
		return err
	}
	mates, err := s.tableMatesOf(r, d.G.ID, d.MemberID)
	if err != nil {
		return err
	}
	for _, v := range guests {
		if v.MemberID != d.MemberID && (!d.HasPlan || slices.Contains(mates, v.MemberID)) {
			d.Choices = append(d.Choices, v)
		}
	}
	if d.Chosen, err = s.Store.Nominations(ctx, d.G.ID, d.MemberID); err != nil {
		return err
	}
	d.FollowUps, err = s.Store.FollowUpsOf(ctx, d.G.ID, d.MemberID)
	return err
}

// tableMatesOf lists everyone seated with the member at any of their tables.
func (s *Server) tableMatesOf(r *http.Request, gatheringID, memberID int64) ([]int64, error) {
	tables, err := s.Store.TableOf(r.Context(), gatheringID, memberID)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, t := range tables {
		ids, err := s.Store.TableMates(r.Context(), gatheringID, t)
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
	}
	return out, nil
}

func (s *Server) followUpPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.followUpFrom(r)
	if err != nil {
		s.followUpProblem(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "followup", page{Title: "Whom will you follow up with?", Data: d})
}

// nominate saves the guest's nominations; mutual ones become follow_up ties
// and get their 30-day question scheduled, all in one transaction.
func (s *Server) nominate(w http.ResponseWriter, r *http.Request) {
	d, err := s.followUpFrom(r)
	if err != nil {
		s.followUpProblem(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	var chosen []int64
	for _, id := range formIDs(r, "nominees") {
		if slices.ContainsFunc(d.Choices, func(v *kindred.RSVP) bool { return v.MemberID == id }) {
			chosen = append(chosen, id)
		}
	}
	var made []store.FollowUp
	err = s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		if made, err = tx.SetNominations(r.Context(), d.G.ID, d.MemberID, chosen); err != nil {
			return err
		}
		return s.Queue.ScheduleFollowUpChecks(r.Context(), tx, made)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	flash := "Saved. When someone you chose chooses you too, you'll both see it here."
	if len(made) > 0 {
		flash = fmt.Sprintf("It's mutual with %d of them: we've noted it in the network.", len(made))
	}
	s.Sessions.Put(r.Context(), "flash", flash)
	http.Redirect(w, r, "/followup/"+d.Token, http.StatusSeeOther)
}

// answerFollowUp records whether a follow-up happened.
func (s *Server) answerFollowUp(w http.ResponseWriter, r *http.Request) {
	d, err := s.followUpFrom(r)
	if err != nil {
		s.followUpProblem(w, r, err)
		return
	}
	tieID, _ := strconv.ParseInt(r.PostFormValue("tie"), 10, 64)
	happened := r.PostFormValue("happened") == "yes"
	err = s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		return tx.AnswerFollowUp(r.Context(), d.G.ID, tieID, d.MemberID, happened)
	})
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		s.NotFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", map[bool]string{true: "Wonderful: noted as confirmed.", false: "Thanks for telling us: noted as faded."}[happened])
	http.Redirect(w, r, "/followup/"+d.Token+"#followups", http.StatusSeeOther)
}

// followUpProblem shows what is wrong with a follow-up link, as a sentence.
func (s *Server) followUpProblem(w http.ResponseWriter, r *http.Request, err error) {
	if status := linkStatus(err); status < 500 {
		s.errorPage(w, r, status, kindred.ErrorMessage(err))
		return
	}
	s.serverError(w, r, err)
}
