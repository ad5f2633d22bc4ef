package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// promoteBrightSpot adds a bright spot to the practice library, keeping where
// it came from: the story and its campaign. The story's words go into the
// practice only when its teller allowed the network to read it.
func (l *listening) promoteBrightSpot(w http.ResponseWriter, r *http.Request) {
	c, ok := l.campaign(w, r)
	if !ok {
		return
	}
	storyID, _ := strconv.ParseInt(r.PathValue("story"), 10, 64)
	st, err := l.Store.Story(r.Context(), c.ID, storyID)
	var reason string
	if err == nil {
		reason, err = l.brightSpotReason(r, c.ID, storyID)
	}
	if err != nil {
		l.senseError(w, r, c, err)
		return
	}
	p := &kindred.Practice{Title: r.PostFormValue("title"), Summary: reason, Stage: kindred.StageEmerging,
		Sources: []kindred.PracticeSource{{Kind: "story", RefID: st.ID, Label: "Bright spot from “" + c.Title + "”"}}}
	if st.Consent == kindred.ConsentPublic || st.Consent == kindred.ConsentNetwork {
		p.Body = "> " + strings.ReplaceAll(kindred.MaskPII(st.Text), "\n", "\n> ")
	}
	err = l.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		if _, err := tx.CreatePractice(r.Context(), p, accountFrom(r.Context()).ID); err != nil {
			return err
		}
		return tx.Audit(r.Context(), accountFrom(r.Context()).ID, "practice.from_story", p.Slug, fmt.Sprintf("story %d", st.ID))
	})
	if err != nil {
		if httpx.Status(err) >= 500 {
			l.serverError(w, r, err)
			return
		}
		l.Sessions.Put(r.Context(), "flash", kindred.ErrorMessage(err))
		http.Redirect(w, r, "/listening/"+c.Slug+"/themes#selection", http.StatusSeeOther)
		return
	}
	l.Sessions.Put(r.Context(), "flash", "Added “"+p.Title+"” to the practice library.")
	http.Redirect(w, r, "/practices/"+p.Slug, http.StatusSeeOther)
}

// brightSpotReason returns why the panel named the story a bright spot;
// a story that is not a bright spot is an EINVALID error.
func (l *listening) brightSpotReason(r *http.Request, campaignID, storyID int64) (string, error) {
	sels, err := l.Store.Selections(r.Context(), campaignID)
	if err != nil {
		return "", err
	}
	for _, s := range sels {
		if s.StoryID == storyID && s.BrightSpot {
			return s.Reason, nil
		}
	}
	return "", kindred.Errorf(kindred.EINVALID, "Only bright spots can go to the practice library; name it a bright spot first.")
}
