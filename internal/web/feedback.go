package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/gatherings"
	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
)

// registerFeedback adds the after-dinner question: the form a guest who
// came answers (from the mail's sign-in link or the gathering's page), and
// what the guests said, in aggregate, for the hosts.
func (s *Server) registerFeedback(mux Mux) {
	mux.Handle("GET /gatherings/{id}/feedback", s.signedIn(s.handle(s.feedbackPage)))
	mux.Handle("POST /gatherings/{id}/feedback", s.signedIn(s.handle(s.giveFeedback)))
	mux.Handle("GET /gatherings/{id}/feedback/summary", s.signedIn(s.handle(s.feedbackSummaryPage)))
	mux.HandleFunc("GET /feedback/{token}", s.handle(s.feedbackLinkPage))
	mux.HandleFunc("POST /feedback/{token}", s.handle(s.giveFeedbackByLink))
}

// feedbackData is what the after-dinner question shows.
type feedbackData struct {
	*gatherings.FeedbackForm
	Values []kindred.FeedbackValue
	Action string // where the form posts
	Linked bool   // opened with a personal link, without signing in
}

func (s *Server) feedbackPage(w http.ResponseWriter, r *http.Request) error {
	id, err := harvestGatheringID(r)
	if err != nil {
		return err
	}
	f, err := s.Gatherings.FeedbackForm(r.Context(), viewerFrom(r), id)
	if err != nil {
		return err
	}
	return s.renderFeedback(w, r, f, "", http.StatusOK, page{Form: feedbackForm(f.Answer)})
}

// renderFeedback shows the question; token is the personal link it was
// opened with, "" for a signed-in guest.
func (s *Server) renderFeedback(w http.ResponseWriter, r *http.Request, f *gatherings.FeedbackForm, token string, status int, p page) error {
	d := feedbackData{FeedbackForm: f, Values: kindred.FeedbackValues, Action: fmt.Sprintf("/gatherings/%d/feedback", f.Gathering.ID)}
	p.Title, p.Nav = "One question about "+f.Gathering.Title, "gatherings"
	if token != "" {
		d.Action, d.Linked, p.Nav = "/feedback/"+token, true, ""
	}
	p.Data = d
	s.render(w, r, status, "feedback", p)
	return nil
}

// feedbackForm is a stored answer as the form shows it.
func feedbackForm(a kindred.Feedback) url.Values {
	v := url.Values{"will_try": {a.WillTry}}
	if a.Value != 0 {
		v.Set("value", strconv.Itoa(a.Value))
	}
	if a.MeetAgainID != 0 {
		v.Set("meet_again", strconv.FormatInt(a.MeetAgainID, 10))
	}
	return v
}

// giveFeedback saves the guest's answer and returns to the gathering; a
// problem with what was typed shows the form again, as typed.
func (s *Server) giveFeedback(w http.ResponseWriter, r *http.Request) error {
	id, err := harvestGatheringID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	_, err = s.Gatherings.GiveFeedback(r.Context(), viewerFrom(r), feedbackAnswer(r, id))
	if kindred.ErrorCode(err) == kindred.EINVALID {
		f, ferr := s.Gatherings.FeedbackForm(r.Context(), viewerFrom(r), id)
		if ferr != nil {
			return ferr
		}
		return s.renderFeedback(w, r, f, "", httpx.Status(err), page{Error: kindred.ErrorMessage(err), Errors: kindred.ErrorFields(err), Form: r.PostForm})
	}
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", "Thank you: your answer is saved. You can change it at any time from this page.")
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d", id), http.StatusSeeOther)
	return nil
}

// feedbackLinkPage shows the question to the holder of a guest's personal
// link (mailed to guests without an account), without signing in.
func (s *Server) feedbackLinkPage(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	v, id, err := s.Gatherings.FeedbackLink(r.Context(), token)
	if err != nil {
		return s.followUpProblem(w, r, err)
	}
	f, err := s.Gatherings.FeedbackForm(r.Context(), v, id)
	if err != nil {
		return s.followUpProblem(w, r, err)
	}
	return s.renderFeedback(w, r, f, token, http.StatusOK, page{Form: feedbackForm(f.Answer)})
}

// giveFeedbackByLink saves the answer of the holder of a personal link,
// through the same use case as a signed-in guest's, and shows the question
// again with their answer.
func (s *Server) giveFeedbackByLink(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	v, id, err := s.Gatherings.FeedbackLink(r.Context(), token)
	if err != nil {
		return s.followUpProblem(w, r, err)
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := feedbackAnswer(r, id)
	_, err = s.Gatherings.GiveFeedback(r.Context(), v, in)
	if kindred.ErrorCode(err) == kindred.EINVALID {
		f, ferr := s.Gatherings.FeedbackForm(r.Context(), v, id)
		if ferr != nil {
			return ferr
		}
		return s.renderFeedback(w, r, f, token, httpx.Status(err), page{Error: kindred.ErrorMessage(err), Errors: kindred.ErrorFields(err), Form: r.PostForm})
	}
	if err != nil {
		return s.followUpProblem(w, r, err)
	}
	s.Sessions.Put(r.Context(), "flash", "Thank you: your answer is saved. You can change it with the same link.")
	http.Redirect(w, r, "/feedback/"+token, http.StatusSeeOther)
	return nil
}

// feedbackAnswer reads the question's form.
func feedbackAnswer(r *http.Request, gatheringID int64) gatherings.FeedbackAnswer {
	in := gatherings.FeedbackAnswer{GatheringID: gatheringID, WillTry: r.PostForm.Get("will_try")}
	in.Value, in.MeetAgainID = formNumber(r.PostForm.Get("value")), int64(formNumber(r.PostForm.Get("meet_again")))
	return in
}

// formNumber reads a number a form sent; "" (nothing chosen) is 0, and
// anything that is not a number is -1, which the answer's checks refuse.
func formNumber(s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// feedbackSummaryData is what the hosts' summary shows.
type feedbackSummaryData struct {
	G   *kindred.Gathering
	Sum *kindred.FeedbackSummary
	// Bars are the values' distribution, highest first.
	Bars      []mixRow
	CanManage bool
}

// feedbackSummaryPage shows the hosts what the guests said, without names.
func (s *Server) feedbackSummaryPage(w http.ResponseWriter, r *http.Request) error {
	id, err := harvestGatheringID(r)
	if err != nil {
		return err
	}
	sum, g, err := s.Gatherings.FeedbackSummary(r.Context(), viewerFrom(r), id)
	if err != nil {
		return err
	}
	d := feedbackSummaryData{G: g, Sum: sum, Bars: valueBars(sum), CanManage: g.MayManage(viewerFrom(r)) == nil}
	s.render(w, r, http.StatusOK, "feedback_summary", page{Title: "What guests said · " + g.Title, Nav: "gatherings", Data: d})
	return nil
}

// valueBars draws how many chose each answer on the scale, highest first.
func valueBars(sum *kindred.FeedbackSummary) []mixRow {
	var out []mixRow
	for i := len(sum.Values) - 1; i >= 0; i-- {
		out = append(out, mixRow{Label: kindred.ValueWords(i + 1), N: sum.Values[i], Percent: sum.Values[i] * 100 / max(sum.Valued, 1)})
	}
	return out
}
