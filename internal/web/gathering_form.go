package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// gatheringForm is the organizer's form as typed, so a bad time can be
// shown back exactly as it was entered.
type gatheringForm struct {
	ID                                                     int64
	Title, Theme, Questions, Venue, Address, Accessibility string
	Diets, Date, StartTime, EndTime, Capacity, TableSize   string
	CityID, SeriesID                                       int64
	NewSeries                                              string
	Visibility, Status                                     string
	Approval, Demote                                       bool
	HostIDs, OrgIDs, NetworkIDs                            []int64
}

func formOf(g *kindred.Gathering) gatheringForm {
	ls, le := g.LocalStart(), g.LocalEnd()
	return gatheringForm{ID: g.ID, Title: g.Title, Theme: g.Theme, Questions: strings.Join(g.Questions, "\n"), Venue: g.VenueName,
		Address: g.Address, Accessibility: g.AccessibilityNotes, Diets: strings.Join(g.DietsServed, ", "),
		Date: ls.Format("2006-01-02"), StartTime: ls.Format("15:04"), EndTime: le.Format("15:04"),
		Capacity: strconv.Itoa(g.Capacity), TableSize: strconv.Itoa(g.TableSize), CityID: g.CityID, SeriesID: g.SeriesID,
		Visibility: g.Visibility, Status: string(g.Status), Approval: g.ApprovalRequired, HostIDs: g.HostIDs, OrgIDs: g.OrganizationIDs,
		NetworkIDs: g.NetworkIDs}
}

func readGatheringForm(r *http.Request) gatheringForm {
	f := r.PostForm
	id := func(k string) int64 { n, _ := strconv.ParseInt(f.Get(k), 10, 64); return n }
	ids := func(k string) []int64 {
		var out []int64
		for _, v := range f[k] {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				out = append(out, n)
			}
		}
		return out
	}
	return gatheringForm{Title: f.Get("title"), Theme: f.Get("theme"), Questions: f.Get("questions"), Venue: f.Get("venue_name"),
		Address: f.Get("address"), Accessibility: f.Get("accessibility_notes"), Diets: f.Get("diets_served"), Date: f.Get("date"),
		StartTime: f.Get("start_time"), EndTime: f.Get("end_time"), Capacity: f.Get("capacity"), TableSize: f.Get("table_size"),
		CityID: id("city_id"), SeriesID: id("series_id"), NewSeries: strings.TrimSpace(f.Get("new_series")), Visibility: f.Get("visibility"),
		Status: f.Get("status"), Approval: f.Get("approval_required") == "on", Demote: f.Get("demote") == "on",
		HostIDs: ids("host"), OrgIDs: ids("organization"), NetworkIDs: ids("network")}
}

// toGathering turns the typed form into a gathering, placing the local
// times in the city's zone. Problems name the form's fields.
func (s *Server) toGathering(r *http.Request, f gatheringForm) (kindred.Gathering, error) {
	var p kindred.Problems
	g := kindred.Gathering{ID: f.ID, Title: f.Title, Theme: f.Theme, Questions: kindred.SplitLines(f.Questions, false),
		VenueName: f.Venue, Address: f.Address, AccessibilityNotes: f.Accessibility, DietsServed: kindred.SplitLines(f.Diets, true),
		CityID: f.CityID, SeriesID: f.SeriesID, Visibility: f.Visibility, Status: kindred.GatheringStatus(f.Status),
		ApprovalRequired: f.Approval, HostIDs: f.HostIDs, OrganizationIDs: f.OrgIDs, NetworkIDs: f.NetworkIDs}
	g.Capacity = atoiField(f.Capacity, "capacity", &p)
	g.TableSize = atoiField(f.TableSize, "table_size", &p)
	city, err := s.Store.City(r.Context(), f.CityID)
	if err != nil {
		p.Add("city_id", "is required")
		return g, p.Err()
	}
	var start, end time.Time
	if start, err = kindred.ParseLocalTime(f.Date, f.StartTime, city.TimeZone, "start_time"); err != nil {
		mergeProblems(&p, err)
	}
	if end, err = kindred.ParseLocalTime(f.Date, f.EndTime, city.TimeZone, "end_time"); err != nil {
		mergeProblems(&p, err)
	}
	if !start.IsZero() && !end.IsZero() && !end.After(start) {
		end = end.Add(24 * time.Hour) // ends after midnight
	}
	g.StartsAt, g.EndsAt = start, end
	if err := p.Err(); err != nil {
		return g, err
	}
	return g, g.Validate()
}

func atoiField(s, field string, p *kindred.Problems) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil && strings.TrimSpace(s) != "" {
		p.Add(field, "must be a whole number")
	}
	return n
}

func mergeProblems(p *kindred.Problems, err error) {
	for k, v := range kindred.ErrorFields(err) {
		p.Add(k, v)
	}
}

// gatheringFormData is what the create/edit form needs.
type gatheringFormData struct {
	F        gatheringForm
	New      bool
	Cities   []kindred.City
	Series   []kindred.Series
	Orgs     []*kindred.Organization
	Networks []*kindred.Network
	Hosts    []*kindred.Member
	Statuses []kindred.GatheringStatus
	Action   string
}

func (s *Server) renderGatheringForm(w http.ResponseWriter, r *http.Request, status int, f gatheringForm, err error) {
	ctx, viewer := r.Context(), accountFrom(r.Context())
	d := gatheringFormData{F: f, New: f.ID == 0, Statuses: kindred.GatheringStatuses, Action: "/gatherings"}
	cities, cerr := s.Store.Cities(ctx)
	for _, c := range cities {
		if viewer.CanOrganize(c.ID) {
			d.Cities = append(d.Cities, c)
		}
	}
	if cerr == nil {
		d.Series, cerr = s.Store.SeriesList(ctx)
	}
	if cerr == nil {
		d.Orgs, cerr = s.Store.OrganizationChoices(ctx)
	}
	if cerr == nil {
		d.Networks, cerr = s.Store.Networks(ctx)
	}
	if cerr == nil {
		d.Hosts, _, cerr = s.Store.ListMembers(ctx, store.MemberFilter{CityID: f.CityID, Limit: 500})
	}
	if cerr != nil {
		s.serverError(w, r, cerr)
		return
	}
	p := page{Title: "New gathering", Nav: "gatherings", Data: d}
	if !d.New {
		d.Action, p.Title = fmt.Sprintf("/gatherings/%d", f.ID), "Edit "+f.Title
		p.Data = d
	}
	if err != nil {
		p.Error, p.Errors = kindred.ErrorMessage(err), kindred.ErrorFields(err)
	}
	s.render(w, r, status, "gathering_form", p)
}

func (s *Server) newGatheringPage(w http.ResponseWriter, r *http.Request) {
	if !canManage(accountFrom(r.Context())) {
		s.errorPage(w, r, http.StatusForbidden, "Only organizers and administrators can create gatherings.")
		return
	}
	f := gatheringForm{Capacity: "24", TableSize: "6", StartTime: "18:30", EndTime: "21:30", Status: "open", Visibility: kindred.VisibilityNetwork}
	f.CityID, _ = strconv.ParseInt(r.URL.Query().Get("city"), 10, 64)
	f.Questions = "What practice are you most excited about right now?\nWhat is one thing you'd like to learn from another organization?"
	s.renderGatheringForm(w, r, http.StatusOK, f, nil)
}

func (s *Server) createGathering(w http.ResponseWriter, r *http.Request) {
	viewer := accountFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	f := readGatheringForm(r)
	g, err := s.toGathering(r, f)
	if err == nil && !viewer.CanOrganize(g.CityID) {
		err = &kindred.Error{Code: kindred.EINVALID, Message: "You can create gatherings only in cities you organize.",
			Fields: map[string]string{"city_id": "is not a city you organize"}}
	}
	var made *kindred.Gathering
	if err == nil {
		g.CreatedBy = viewer.ID
		err = s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
			if err := s.attachNewSeries(r, tx, f, &g); err != nil {
				return err
			}
			if made, err = tx.CreateGathering(r.Context(), g); err != nil {
				return err
			}
			return tx.Audit(r.Context(), viewer.ID, "gathering.create", strconv.FormatInt(made.ID, 10), made.Title)
		})
	}
	if err != nil {
		s.failGatheringForm(w, r, f, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", made.Title+" is created. Invite people next.")
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d", made.ID), http.StatusSeeOther)
}

// attachNewSeries creates the series typed into "new series", if any.
func (s *Server) attachNewSeries(r *http.Request, tx *store.Tx, f gatheringForm, g *kindred.Gathering) error {
	if f.NewSeries == "" {
		return nil
	}
	sr, err := tx.CreateSeries(r.Context(), kindred.Series{Name: f.NewSeries})
	if err != nil {
		return err
	}
	g.SeriesID = sr.ID
	return nil
}

func (s *Server) failGatheringForm(w http.ResponseWriter, r *http.Request, f gatheringForm, err error) {
	if httpx.Status(err) >= 500 {
		s.serverError(w, r, err)
		return
	}
	s.renderGatheringForm(w, r, httpx.Status(err), f, err)
}

func (s *Server) editGatheringPage(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadOrganized(w, r)
	if !ok {
		return
	}
	s.renderGatheringForm(w, r, http.StatusOK, formOf(g), nil)
}

// updateGathering saves the form; guests going hear about changes to the
// time or place, and everyone answered hears about a cancellation.
func (s *Server) updateGathering(w http.ResponseWriter, r *http.Request) {
	old, ok := s.loadOrganized(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	f := readGatheringForm(r)
	f.ID = old.ID
	g, err := s.toGathering(r, f)
	var tiesNote string
	if err == nil {
		err = s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
			if err := s.attachNewSeries(r, tx, f, &g); err != nil {
				return err
			}
			err := s.saveGathering(r, tx, old, g, f.Demote)
			if err != nil || g.Status != kindred.GatheringHeld || old.Status == kindred.GatheringHeld {
				return err
			}
			tiesNote, err = heldTies(r, tx, g.ID)
			return err
		})
	}
	if err != nil {
		s.failGatheringForm(w, r, f, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", strings.TrimSpace("Saved. "+tiesNote))
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d", old.ID), http.StatusSeeOther)
}

func (s *Server) saveGathering(r *http.Request, tx *store.Tx, old *kindred.Gathering, g kindred.Gathering, demote bool) error {
	ctx := r.Context()
	promoted, demoted, err := tx.UpdateGathering(ctx, g, demote)
	if err != nil {
		return err
	}
	for _, v := range promoted {
		if err := s.Queue.NotifyGathering(ctx, tx, jobs.MailPromoted, g.ID, v.MemberID); err != nil {
			return err
		}
	}
	for _, v := range demoted {
		if err := s.Queue.NotifyGathering(ctx, tx, jobs.MailDemoted, g.ID, v.MemberID); err != nil {
			return err
		}
	}
	if err := s.noticeChange(r, tx, old, &g, promoted); err != nil {
		return err
	}
	if g.Status == kindred.GatheringHeld && old.Status != kindred.GatheringHeld {
		if _, err := tx.MarkNoShows(ctx, g.ID); err != nil { // whoever was not checked in did not come
			return err
		}
		if err := s.Queue.AskFollowUps(ctx, tx, g.ID); err != nil {
			return err
		}
	}
	return tx.Audit(ctx, accountFrom(ctx).ID, "gathering.update", strconv.FormatInt(g.ID, 10), g.Title)
}

// noticeChange emails a cancellation to everyone who answered, or a change
// notice to those going when the time or place moved.
func (s *Server) noticeChange(r *http.Request, tx *store.Tx, old, g *kindred.Gathering, skip []*kindred.RSVP) error {
	cancelled := g.Status == kindred.GatheringCancelled && old.Status != kindred.GatheringCancelled
	moved := !g.StartsAt.Equal(old.StartsAt) || !g.EndsAt.Equal(old.EndsAt) || g.Address != old.Address || g.VenueName != old.VenueName
	if !cancelled && !moved {
		return nil
	}
	kind, statuses := jobs.MailChanged, []kindred.RSVPStatus{kindred.RSVPGoing}
	if cancelled {
		kind, statuses = jobs.MailCancelled, []kindred.RSVPStatus{kindred.RSVPGoing, kindred.RSVPWaitlist, kindred.RSVPPending}
	}
	vs, err := tx.ListRSVPs(r.Context(), g.ID, statuses...)
	if err != nil {
		return err
	}
	for _, v := range vs {
		if containsRSVP(skip, v.MemberID) {
			continue
		}
		if err := s.Queue.NotifyGathering(r.Context(), tx, kind, g.ID, v.MemberID); err != nil {
			return err
		}
	}
	return nil
}

func containsRSVP(vs []*kindred.RSVP, memberID int64) bool {
	for _, v := range vs {
		if v.MemberID == memberID {
			return true
		}
	}
	return false
}
