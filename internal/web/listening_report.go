package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
)

// registerReportBack adds what goes back to the tellers: where a story
// went (by the edit link, or by the link of the "report published" mail),
// the published report anyone may read, and the organizers' publishing.
func (l *listeningPages) registerReportBack(mux Mux) {
	mux.HandleFunc("GET /s/{token}/journey", l.handle(l.journeyByLink))
	mux.HandleFunc("GET /journey/{token}", l.handle(l.journeyBySignedLink))
	mux.HandleFunc("GET /c/{slug}/report", l.handle(l.publicReport))
}

// journeyView is what the teller's page shows: the journey, and the way
// back to editing when the page was reached by the edit link.
type journeyView struct {
	*listening.Journey
	EditPath string // "" when reached by a mail's link, which cannot edit
}

// journeyByLink shows the teller where their story went, by its edit link.
func (l *listeningPages) journeyByLink(w http.ResponseWriter, r *http.Request) error {
	j, err := l.Listening.JourneyByLink(r.Context(), r.PathValue("token"))
	if err != nil {
		return l.linkGone(w, r, err)
	}
	l.renderJourney(w, r, j, "/s/"+r.PathValue("token"))
	return nil
}

// journeyBySignedLink shows the teller where their story went, by the
// link of the "report published" mail.
func (l *listeningPages) journeyBySignedLink(w http.ResponseWriter, r *http.Request) error {
	j, err := l.Listening.JourneyBySignedLink(r.Context(), r.PathValue("token"))
	if err != nil {
		return l.linkGone(w, r, err)
	}
	l.renderJourney(w, r, j, "")
	return nil
}

func (l *listeningPages) renderJourney(w http.ResponseWriter, r *http.Request, j *listening.Journey, editPath string) {
	v := l.view(r, j.Campaign)
	v.Extra["Journey"] = journeyView{Journey: j, EditPath: editPath}
	v.Extra["Told"] = strings.NewReplacer("{campaign}", v.Text.Title.Text, "{date}", j.Story.CreatedAt.Format(time.DateOnly)).
		Replace(v.T("journey.told"))
	l.renderPublic(w, r, http.StatusOK, "story_journey", v.T("journey.title"), v, "")
}

// publicReport shows the report an organizer published, to anyone.
func (l *listeningPages) publicReport(w http.ResponseWriter, r *http.Request) error {
	rp, err := l.Listening.PublishedReport(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	l.render(w, r, http.StatusOK, "whatweheard", page{Title: "What we heard · " + rp.Campaign.Title, Data: reportPage{Report: rp}})
	return nil
}

// publishReport publishes the report (publish=1) or takes it down
// through listening.PublishReport.
func (l *listeningPages) publishReport(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	slug, publish := r.PathValue("slug"), r.PostFormValue("publish") == "1"
	if err := l.Listening.PublishReport(r.Context(), viewerFrom(r), slug, publish); err != nil {
		if kindred.ErrorCode(err) != kindred.EINVALID {
			return err
		}
		l.Sessions.Put(r.Context(), "flash", kindred.ErrorMessage(err))
	} else if publish {
		l.Sessions.Put(r.Context(), "flash", "The report is published: anyone with its address can read it, and the tellers who asked were emailed.")
	} else {
		l.Sessions.Put(r.Context(), "flash", "The report is no longer public.")
	}
	http.Redirect(w, r, "/listening/"+url.PathEscape(slug)+"/report", http.StatusSeeOther)
	return nil
}
