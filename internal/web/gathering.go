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
	mux.Handle("GET /gatherings", s.signedIn(s.handle(s.gatherings)))
	mux.Handle("GET /gatherings/new", s.signedIn(s.newGatheringPage))
	mux.Handle("POST /gatherings", s.signedIn(s.handle(s.createGathering)))
	mux.Handle("GET /gatherings/{id}", s.handle(s.gatheringPage))
	mux.Handle("GET /gatherings/{id}/edit", s.signedIn(s.handle(s.editGatheringPage)))
	mux.Handle("POST /gatherings/{id}", s.signedIn(s.handle(s.updateGathering)))
	mux.Handle("POST /gatherings/{id}/rsvp", s.signedIn(s.handle(s.rsvpSignedIn)))
	mux.Handle("GET /gatherings/{id}/invite", s.signedIn(s.handle(s.invitePage)))
	mux.Handle("POST /gatherings/{id}/invite", s.signedIn(s.handle(s.sendInvitations)))
	mux.Handle("GET /gatherings/{id}/invite/progress", s.signedIn(s.handle(s.inviteProgress)))
	mux.Handle("GET /gatherings/hosts", s.signedIn(s.handle(s.hostSearch)))
	mux.Handle("GET /gatherings/{id}/message", s.signedIn(s.handle(s.messagePage)))
	mux.Handle("POST /gatherings/{id}/message", s.signedIn(s.handle(s.messageGuests)))
	mux.Handle("GET /gatherings/{id}/guests.csv", s.signedIn(s.handle(s.guestsCSV)))
	mux.HandleFunc("GET /invitation/{token}", s.handle(s.invitationPage))
	mux.HandleFunc("POST /invitation/{token}", s.handle(s.acceptInvitation))
	mux.Handle("GET /gatherings/{id}/guests", s.signedIn(s.handle(s.guestsPage)))
	mux.Handle("POST /gatherings/{id}/guests/{member}", s.signedIn(s.handle(s.setGuestStatus)))
	mux.Handle("GET /gatherings/{id}/checkin", s.signedIn(s.handle(s.checkinPage)))
	mux.Handle("POST /gatherings/{id}/checkin/{member}", s.signedIn(s.handle(s.checkIn)))
	mux.Handle("GET /gatherings/{id}/qr/{member}", s.signedIn(s.handle(s.guestQR)))
	mux.Handle("GET /gatherings/{id}/attendance", s.signedIn(s.handle(s.attendancePage)))
	mux.Handle("POST /gatherings/{id}/attendance", s.signedIn(s.handle(s.recordAttendance)))
	mux.HandleFunc("GET /gatherings/{id}/calendar.ics", s.gatheringICS)
	mux.HandleFunc("GET /rsvp/{token}", s.rsvpLinkPage)
	mux.HandleFunc("POST /rsvp/{token}", s.rsvpByLink)
	mux.HandleFunc("GET /rsvp/{token}/qr", s.rsvpLinkQR)
	mux.HandleFunc("GET /calendar/{kind}/{key}", s.calendarFeed)
	s.registerTables(mux)
	s.registerSeatingRules(mux)
	s.registerHarvest(mux)
	s.registerFeedback(mux)
}

// gatheringsData is what the gatherings list shows.
type gatheringsData struct {
	Upcoming   []*kindred.Gathering
	After      int64 // the list starts after this gathering (0: from the first)
	Next       int64 // the gathering the next page starts after; 0 on the last
	More       int   // how many gatherings come after this page
	Past       bool
	Cities     []kindred.City
	Series     []kindred.Series
	CityID     int64
	SeriesID   int64
	CanCreate  bool
	CanPropose bool // a member with a city on their profile
	MyFeed     string
	CitySlug   string
	SeriesSlug string
}

// gatheringsPage is how many gatherings one page of the list shows.
const gatheringsPage = 50

// gatherings lists upcoming (or past) gatherings the viewer may see, by
// city and series, a page at a time.
func (s *Server) gatherings(w http.ResponseWriter, r *http.Request) error {
	ctx, viewer := r.Context(), viewerFrom(r)
	q := r.URL.Query()
	d := gatheringsData{Past: q.Get("when") == "past", CanCreate: viewer.IsOrganizer(),
		CanPropose: viewer.Member != nil && viewer.Member.CityID != 0}
	d.CityID, _ = strconv.ParseInt(q.Get("city"), 10, 64)
	d.SeriesID, _ = strconv.ParseInt(q.Get("series"), 10, 64)
	d.After, _ = strconv.ParseInt(q.Get("after"), 10, 64)
	listed, err := s.Gatherings.List(ctx, viewer, store.GatheringFilter{CityID: d.CityID, SeriesID: d.SeriesID, Past: d.Past,
		Now: s.Now(), After: d.After, Limit: gatheringsPage})
	d.Upcoming, d.Next, d.More = listed.Gatherings, listed.Next, listed.More
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
		return err
	}
	d.CitySlug, d.SeriesSlug = citySlug(d.Cities, d.CityID), seriesSlug(d.Series, d.SeriesID)
	s.render(w, r, http.StatusOK, "gatherings", page{Title: "Gatherings", Nav: "gatherings", Data: d})
	return nil
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

// gathering reads the {id} gathering as the viewer may see it
// (gatherings.Service.Gathering): ENOTFOUND otherwise.
func (s *Server) gathering(r *http.Request) (*kindred.Gathering, error) {
	id, ok := pathID(r, "id")
	if !ok {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "There is no such gathering.")
	}
	return s.Gatherings.Gathering(r.Context(), viewerFrom(r), id)
}

// organized reads the {id} gathering for pages only organizers of its
// city use: ENOTFOUND as gathering, EFORBIDDEN to others.
func (s *Server) organized(r *http.Request) (*kindred.Gathering, error) {
	id, ok := pathID(r, "id")
	if !ok {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "There is no such gathering.")
	}
	return s.Gatherings.Organized(r.Context(), viewerFrom(r), id)
}

// hosted reads the {id} gathering for the host's view (the guest list and
// the door): its city's organizers, and the member who proposed it once
// approved (gatherings.Service.Hosted); ENOTFOUND or EFORBIDDEN to others.
func (s *Server) hosted(r *http.Request) (*kindred.Gathering, error) {
	id, ok := pathID(r, "id")
	if !ok {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "There is no such gathering.")
	}
	return s.Gatherings.Hosted(r.Context(), viewerFrom(r), id)
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
	CanHost    bool // its host's view (guests, check-in) without the organizer's
	GoogleURL  string
	Going      []*kindred.RSVP
	SeatsLeft  int
	NoProfile  bool
	ActionPath string
	JoinURL    string // only for organizers and guests whose seat is confirmed
	// AsksFeedback: the viewer came to the held gathering, so may answer
	// the after-dinner question; SeesFeedback: they host or organize it.
	AsksFeedback, SeesFeedback bool
}

func (s *Server) gatheringPage(w http.ResponseWriter, r *http.Request) error {
	if !viewerFrom(r).SignedIn() {
		return s.publicGatheringPage(w, r)
	}
	g, err := s.gathering(r)
	if err != nil {
		return err
	}
	d, err := s.gatheringDetails(r, g)
	if err != nil {
		return err
	}
	v := viewerFrom(r)
	if v.Member != nil {
		d.MemberID = v.Member.ID
		if d.Mine, err = s.Store.RSVPOf(r.Context(), g.ID, v.Member.ID); kindred.ErrorCode(err) == kindred.EINTERNAL {
			return err
		}
	} else {
		d.NoProfile = true
	}
	d.CanManage = g.MayManage(v) == nil
	d.CanHost = !d.CanManage && g.MayHost(v) == nil
	d.AsksFeedback, d.SeesFeedback = g.MayGiveFeedback(v, d.Mine) == nil, g.MaySeeFeedback(v) == nil
	if g.SeesJoinLink(v, d.Mine) {
		d.JoinURL = g.JoinURL
	}
	d.ActionPath = fmt.Sprintf("/gatherings/%d/rsvp", g.ID)
	s.render(w, r, http.StatusOK, "gathering", page{Title: g.Title, Nav: "gatherings", Data: d})
	return nil
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
