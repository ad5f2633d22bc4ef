package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// registerGatherings adds the Gatherings area: the list, each gathering's
// page, the organizer's forms, invitations, the host view and check-in,
// personal RSVP links and calendar files.
func (s *Server) registerGatherings(mux Mux) {
	mux.Handle("GET /gatherings", s.signedIn(s.gatherings))
	mux.Handle("GET /gatherings/new", s.signedIn(s.newGatheringPage))
	mux.Handle("POST /gatherings", s.signedIn(s.createGathering))
	mux.Handle("GET /gatherings/{id}", s.signedIn(s.gatheringPage))
	mux.Handle("GET /gatherings/{id}/edit", s.signedIn(s.editGatheringPage))
	mux.Handle("POST /gatherings/{id}", s.signedIn(s.updateGathering))
	mux.Handle("POST /gatherings/{id}/rsvp", s.signedIn(s.rsvpSignedIn))
	mux.Handle("GET /gatherings/{id}/invite", s.signedIn(s.invitePage))
	mux.Handle("POST /gatherings/{id}/invite", s.signedIn(s.sendInvitations))
	mux.Handle("GET /gatherings/{id}/guests", s.signedIn(s.guestsPage))
	mux.Handle("POST /gatherings/{id}/guests/{member}", s.signedIn(s.setGuestStatus))
	mux.Handle("GET /gatherings/{id}/checkin", s.signedIn(s.checkinPage))
	mux.Handle("POST /gatherings/{id}/checkin/{member}", s.signedIn(s.checkIn))
	mux.Handle("GET /gatherings/{id}/qr/{member}", s.signedIn(s.guestQR))
	mux.HandleFunc("GET /gatherings/{id}/calendar.ics", s.gatheringICS)
	mux.HandleFunc("GET /rsvp/{token}", s.rsvpLinkPage)
	mux.HandleFunc("POST /rsvp/{token}", s.rsvpByLink)
	mux.HandleFunc("GET /rsvp/{token}/qr", s.rsvpLinkQR)
	mux.HandleFunc("GET /calendar/{kind}/{key}", s.calendarFeed)
	s.registerTables(mux)
	s.registerSeatingRules(mux)
	s.registerHarvest(mux)
}

// gatheringsData is what the gatherings list shows.
type gatheringsData struct {
	Upcoming   []*kindred.Gathering
	Past       bool
	Cities     []kindred.City
	Series     []kindred.Series
	CityID     int64
	SeriesID   int64
	CanCreate  bool
	MyFeed     string
	CitySlug   string
	SeriesSlug string
}

// gatherings lists upcoming (or past) gatherings the viewer may see, by
// city and series.
func (s *Server) gatherings(w http.ResponseWriter, r *http.Request) {
	ctx, viewer := r.Context(), accountFrom(r.Context())
	q := r.URL.Query()
	d := gatheringsData{Past: q.Get("when") == "past", CanCreate: canManage(viewer)}
	d.CityID, _ = strconv.ParseInt(q.Get("city"), 10, 64)
	d.SeriesID, _ = strconv.ParseInt(q.Get("series"), 10, 64)
	gs, err := s.Store.ListGatherings(ctx, store.GatheringFilter{CityID: d.CityID, SeriesID: d.SeriesID, Past: d.Past, Now: s.Now(), Limit: 200})
	if err == nil {
		d.Cities, err = s.Store.Cities(ctx)
	}
	if err == nil {
		d.Series, err = s.Store.SeriesList(ctx)
	}
	if err == nil {
		d.MyFeed, err = s.memberFeedURL(r)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, g := range gs {
		if s.canSeeGathering(r, g) {
			d.Upcoming = append(d.Upcoming, g)
		}
	}
	d.CitySlug, d.SeriesSlug = citySlug(d.Cities, d.CityID), seriesSlug(d.Series, d.SeriesID)
	s.render(w, r, http.StatusOK, "gatherings", page{Title: "Gatherings", Nav: "gatherings", Data: d})
}

func citySlug(cs []kindred.City, id int64) string {
	for _, c := range cs {
		if c.ID == id {
			return c.Slug
		}
	}
	return ""
}

func seriesSlug(ss []kindred.Series, id int64) string {
	for _, sr := range ss {
		if sr.ID == id {
			return sr.Slug
		}
	}
	return ""
}

// canSeeGathering applies kindred.Gathering.VisibleTo: organizers of the
// city see everything there; members see open network gatherings, and
// invite-only ones they are on the list of (invited or hosting).
func (s *Server) canSeeGathering(r *http.Request, g *kindred.Gathering) bool {
	return g.VisibleTo(accountFrom(r.Context()), func() bool {
		listed, err := s.Store.OnGuestList(r.Context(), g.ID, s.viewerMemberID(r))
		return err == nil && listed
	})
}

// loadGathering reads the {id} gathering the viewer may see; otherwise it
// answers 404 itself and returns false.
func (s *Server) loadGathering(w http.ResponseWriter, r *http.Request) (*kindred.Gathering, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		s.NotFound(w, r)
		return nil, false
	}
	g, err := s.Store.Gathering(r.Context(), id)
	if err != nil {
		if kindred.ErrorCode(err) == kindred.ENOTFOUND {
			s.NotFound(w, r)
		} else {
			s.serverError(w, r, err)
		}
		return nil, false
	}
	if !s.canSeeGathering(r, g) {
		s.NotFound(w, r)
		return nil, false
	}
	return g, true
}

// loadOrganized is loadGathering for pages only organizers of the city use.
func (s *Server) loadOrganized(w http.ResponseWriter, r *http.Request) (*kindred.Gathering, bool) {
	g, ok := s.loadGathering(w, r)
	if ok && !accountFrom(r.Context()).CanOrganize(g.CityID) {
		s.errorPage(w, r, http.StatusForbidden, "Only organizers of "+g.CityName+" and administrators can do this.")
		return nil, false
	}
	return g, ok
}

// gatheringData is what a gathering's page shows.
type gatheringData struct {
	G          *kindred.Gathering
	When       string
	Hosts      []*kindred.Member
	CoHosts    []string
	Mine       *kindred.RSVP
	MemberID   int64
	CanManage  bool
	GoogleURL  string
	Going      []*kindred.RSVP
	SeatsLeft  int
	NoProfile  bool
	ActionPath string
}

func (s *Server) gatheringPage(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadGathering(w, r)
	if !ok {
		return
	}
	d, err := s.gatheringDetails(r, g)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if m, err := s.Store.MemberByAccount(r.Context(), accountFrom(r.Context()).ID); err == nil {
		d.MemberID = m.ID
		d.Mine, _ = s.Store.RSVPOf(r.Context(), g.ID, m.ID)
	} else {
		d.NoProfile = true
	}
	d.CanManage = accountFrom(r.Context()).CanOrganize(g.CityID)
	d.ActionPath = fmt.Sprintf("/gatherings/%d/rsvp", g.ID)
	s.render(w, r, http.StatusOK, "gathering", page{Title: g.Title, Nav: "gatherings", Data: d})
}

// gatheringDetails gathers what both the gathering page and the personal
// RSVP page show.
func (s *Server) gatheringDetails(r *http.Request, g *kindred.Gathering) (gatheringData, error) {
	d := gatheringData{G: g, When: jobs.WhenText(g), GoogleURL: googleCalendarURL(g, s.Config.BaseURL), SeatsLeft: max(0, g.Capacity-g.Going)}
	for _, id := range g.HostIDs {
		m, err := s.Store.Member(r.Context(), id)
		if err != nil {
			return d, err
		}
		d.Hosts = append(d.Hosts, m)
	}
	for _, id := range g.OrganizationIDs {
		o, err := s.Store.Organization(r.Context(), id)
		if err != nil {
			return d, err
		}
		d.CoHosts = append(d.CoHosts, o.Name)
	}
	if len(g.NetworkIDs) > 0 {
		nets, err := s.Store.Networks(r.Context())
		if err != nil {
			return d, err
		}
		for _, n := range nets {
			if slices.Contains(g.NetworkIDs, n.ID) {
				d.CoHosts = append(d.CoHosts, n.Name)
			}
		}
	}
	going, err := s.Store.ListRSVPs(r.Context(), g.ID, kindred.RSVPGoing, kindred.RSVPAttended)
	d.Going = going
	return d, err
}

// googleCalendarURL is an "add to Google Calendar" link for the gathering.
func googleCalendarURL(g *kindred.Gathering, baseURL string) string {
	const f = "20060102T150405Z"
	v := url.Values{"action": {"TEMPLATE"}, "text": {g.Title},
		"dates":    {g.StartsAt.UTC().Format(f) + "/" + g.EndsAt.UTC().Format(f)},
		"details":  {strings.TrimSpace(g.Theme + "\n\n" + fmt.Sprintf("%s/gatherings/%d", baseURL, g.ID))},
		"location": {strings.Trim(g.VenueName+", "+g.Address, ", ")}, "ctz": {g.TimeZone}}
	return "https://calendar.google.com/calendar/render?" + v.Encode()
}
