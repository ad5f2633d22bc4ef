package api

import (
	"net/http"
	"time"

	"github.com/kindredhq/kindred/internal/gatherings"
	"github.com/kindredhq/kindred/internal/kindred"
)

// feedbackJSON is a guest's own answer to the after-dinner question; 0
// (value, meet_again_id) and "" mean not said.
type feedbackJSON struct {
	GatheringID int64      `json:"gathering_id"`
	Value       int        `json:"value"`
	WillTry     string     `json:"will_try"`
	MeetAgainID int64      `json:"meet_again_id"`
	AnsweredAt  *time.Time `json:"answered_at"`
}

func toFeedback(f kindred.Feedback) feedbackJSON {
	return feedbackJSON{GatheringID: f.GatheringID, Value: f.Value, WillTry: f.WillTry, MeetAgainID: f.MeetAgainID, AnsweredAt: f.AnsweredAt}
}

// getFeedback is GET /gatherings/{id}/feedback: the caller's own answer
// (empty before they answer); 404 unless they came to the held gathering.
func (a *API) getFeedback(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, err := a.Gatherings.FeedbackForm(r.Context(), kindred.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toFeedback(f.Answer))
	return nil
}

// giveFeedback is POST /gatherings/{id}/feedback, through
// gatherings.GiveFeedback: it stores the caller's answer, replacing the
// one before.
func (a *API) giveFeedback(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Value       int    `json:"value"`
		WillTry     string `json:"will_try"`
		MeetAgainID int64  `json:"meet_again_id"`
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	f, err := a.Gatherings.GiveFeedback(r.Context(), kindred.ViewerFrom(r.Context()),
		gatherings.FeedbackAnswer{GatheringID: id, Value: in.Value, WillTry: in.WillTry, MeetAgainID: in.MeetAgainID})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toFeedback(*f))
	return nil
}

// feedbackSummaryJSON is what the guests said, without names; the
// breakdown (shown) needs at least five answers.
type feedbackSummaryJSON struct {
	GatheringID int64    `json:"gathering_id"`
	Came        int      `json:"came"`
	Answered    int      `json:"answered"`
	Shown       bool     `json:"shown"`
	Values      []int    `json:"values"`
	Average     float64  `json:"average"`
	WillTry     []string `json:"will_try"`
	MeetAgain   int      `json:"meet_again"`
	Mutual      int      `json:"mutual"`
}

// feedbackSummary is GET /gatherings/{id}/feedback/summary, for the
// gathering's hosts and organizers.
func (a *API) feedbackSummary(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	s, g, err := a.Gatherings.FeedbackSummary(r.Context(), kindred.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, feedbackSummaryJSON{GatheringID: g.ID, Came: s.Came, Answered: s.Answered, Shown: s.Shown,
		Values: s.Values, Average: s.Average, WillTry: s.WillTry, MeetAgain: s.MeetAgain, Mutual: s.Mutual})
	return nil
}
