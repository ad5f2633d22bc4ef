package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/ical"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// gatheringICS downloads one gathering as a calendar file: without signing
// in when it is open to the network, else to those who may see it.
func (s *Server) gatheringICS(w http.ResponseWriter, r *http.Request) {
	g, err := s.gathering(r)
	if err != nil {
		s.NotFound(w, r)
		return
	}
	join, v := "", viewerFrom(r)
	if v.MemberID() != 0 || v.CanOrganize(g.CityID) {
		mine, err := s.Store.RSVPOf(r.Context(), g.ID, v.MemberID())
		if kindred.ErrorCode(err) == kindred.EINTERNAL {
			s.serverError(w, r, err)
			return
		}
		if g.SeesJoinLink(v, mine) { // a confirmed guest's calendar carries the join link
			join = g.JoinURL
		}
	}
	writeCalendar(w, fmt.Sprintf("gathering-%d.ics", g.ID), ical.Invite(jobs.GuestCalendarEvent(g, s.Config.BaseURL, join)))
}

// calendarFeed serves subscribable feeds: /calendar/city/{slug}.ics and
// /calendar/series/{slug}.ics list the network's gatherings there;
// /calendar/member/{token}.ics lists the gatherings a member is going to,
// behind a signed address that calendar apps can fetch without signing in.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) {
	key, ok := strings.CutSuffix(r.PathValue("key"), ".ics")
	if !ok {
		s.NotFound(w, r)
		return
	}
	name, f, err := s.feedFilter(r, r.PathValue("kind"), key)
	if err != nil {
		s.NotFound(w, r)
		return
	}
	gs, err := s.Store.ListGatherings(r.Context(), f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var events []ical.Event
	for _, g := range gs {
		if g.OpenToNetwork() || f.MemberID != 0 {
			events = append(events, jobs.CalendarEvent(g, s.Config.BaseURL))
		}
	}
	writeCalendar(w, "", ical.Feed(name, events))
}

// feedFilter resolves a feed address to its name and gatherings.
func (s *Server) feedFilter(r *http.Request, kind, key string) (string, store.GatheringFilter, error) {
	ctx := r.Context()
	f := store.GatheringFilter{Limit: 500}
	switch kind {
	case "city":
		c, err := s.Store.CityBySlug(ctx, key)
		f.CityID = c.ID
		return "Kindred gatherings in " + c.Name, f, err
	case "series":
		all, err := s.Store.SeriesList(ctx)
		if err != nil {
			return "", f, err
		}
		for _, sr := range all {
			if sr.Slug == key {
				f.SeriesID = sr.ID
				return sr.Name, f, nil
			}
		}
	case "member":
		k, err := s.Store.LinkKey(ctx, "feed")
		if err != nil {
			return "", f, err
		}
		tok, err := kindred.ParseRSVPToken(key, k, s.Now())
		if err != nil {
			return "", f, err
		}
		f.MemberID, f.Coming = tok.MemberID, true
		return "My Kindred gatherings", f, nil
	}
	return "", f, kindred.Errorf(kindred.ENOTFOUND, "No such calendar.")
}

// memberFeedURL is the signed-in member's personal feed address, or "" for
// an account without a member profile.
func (s *Server) memberFeedURL(r *http.Request) (string, error) {
	m := viewerFrom(r).Member
	if m == nil {
		return "", nil
	}
	k, err := s.Store.LinkKey(r.Context(), "feed")
	if err != nil {
		return "", err
	}
	tok := kindred.RSVPToken{MemberID: m.ID, Expires: time.Date(2126, 1, 1, 0, 0, 0, 0, time.UTC)}
	return s.Config.BaseURL + "/calendar/member/" + tok.Sign(k) + ".ics", nil
}

func writeCalendar(w http.ResponseWriter, filename string, data []byte) {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	if filename != "" {
		w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	}
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, _ = w.Write(data)
}
