package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/gatherings"
	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
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
	Approval, Demote, Public                               bool
	JoinURL                                                string
	HostIDs, OrgIDs, NetworkIDs                            []int64
}

func formOf(g *kindred.Gathering) gatheringForm {
	ls, le := g.LocalStart(), g.LocalEnd()
	return gatheringForm{ID: g.ID, Title: g.Title, Theme: g.Theme, Questions: strings.Join(g.Questions, "\n"), Venue: g.VenueName,
		Address: g.Address, Accessibility: g.AccessibilityNotes, Diets: strings.Join(g.DietsServed, ", "),
		Date: ls.Format("2006-01-02"), StartTime: ls.Format("15:04"), EndTime: le.Format("15:04"),
		Capacity: strconv.Itoa(g.Capacity), TableSize: strconv.Itoa(g.TableSize), CityID: g.CityID, SeriesID: g.SeriesID,
		Visibility: g.Visibility, Status: string(g.Status), Approval: g.ApprovalRequired, HostIDs: g.HostIDs, OrgIDs: g.OrganizationIDs,
		NetworkIDs: g.NetworkIDs, Public: g.Public, JoinURL: g.JoinURL}
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
		HostIDs: ids("host"), OrgIDs: ids("organization"), NetworkIDs: ids("network"), Public: f.Get("public") == "on",
		JoinURL: f.Get("join_url")}
}

// toGathering turns the typed form into a gathering, placing the local
// times in the city's zone. Problems name the form's fields.
func (s *Server) toGathering(r *http.Request, f gatheringForm) (kindred.Gathering, error) {
	var p kindred.Problems
	g := kindred.Gathering{ID: f.ID, Title: f.Title, Theme: f.Theme, Questions: kindred.SplitLines(f.Questions, false),
		VenueName: f.Venue, Address: f.Address, AccessibilityNotes: f.Accessibility, DietsServed: kindred.SplitLines(f.Diets, true),
		CityID: f.CityID, SeriesID: f.SeriesID, Visibility: f.Visibility, Status: kindred.GatheringStatus(f.Status),
		ApprovalRequired: f.Approval, HostIDs: f.HostIDs, OrganizationIDs: f.OrgIDs, NetworkIDs: f.NetworkIDs,
		Public: f.Public, JoinURL: f.JoinURL}
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
	d := gatheringFormData{F: f, New: f.ID == 0, Action: "/gatherings"}
	for _, st := range kindred.GatheringStatuses {
		if st != kindred.GatheringHeld || f.Status == string(kindred.GatheringHeld) { // held comes from "Who came?"
			d.Statuses = append(d.Statuses, st)
		}
	}
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
		d.Hosts, cerr = s.hostChoices(r, f)
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

// hostChoices lists the hosts chosen so far, wherever they live, as the
// viewer may see them; others are found with the host search (hostSearch).
func (s *Server) hostChoices(r *http.Request, f gatheringForm) ([]*kindred.Member, error) {
	var out []*kindred.Member
	for _, id := range f.HostIDs {
		m, err := s.Gatherings.Person(r.Context(), viewerFrom(r), id)
		switch kindred.ErrorCode(err) {
		case "":
			out = append(out, m)
		case kindred.ENOTFOUND:
		default:
			return nil, err
		}
	}
	return out, nil
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

// createGathering is POST /gatherings: the form, decoded, goes to
// gatherings.Create; problems come back on the form with what was typed.
func (s *Server) createGathering(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := readGatheringForm(r)
	g, err := s.toGathering(r, f)
	var made *kindred.Gathering
	if err == nil {
		made, err = s.Gatherings.Create(r.Context(), viewerFrom(r), gatherings.NewGathering{Gathering: g, NewSeries: f.NewSeries})
	}
	if err != nil {
		return s.failGatheringForm(w, r, f, err)
	}
	s.Sessions.Put(r.Context(), "flash", made.Title+" is created. Invite people next.")
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d", made.ID), http.StatusSeeOther)
	return nil
}

// failGatheringForm shows the form again with what was typed and the
// problems beside their fields; a refusal that names no field (not found,
// not yours) is the error page, without the form.
func (s *Server) failGatheringForm(w http.ResponseWriter, r *http.Request, f gatheringForm, err error) error {
	if httpx.Status(err) >= 500 || len(kindred.ErrorFields(err)) == 0 {
		return err
	}
	s.renderGatheringForm(w, r, httpx.Status(err), f, err)
	return nil
}

func (s *Server) editGatheringPage(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organized(r)
	if err != nil {
		return err
	}
	s.renderGatheringForm(w, r, http.StatusOK, formOf(g), nil)
	return nil
}

// updateGathering is POST /gatherings/{id}: the form, decoded, goes to
// gatherings.Update, which mails guests about changes to the time or place
// and everyone answered about a cancellation.
// Whoever may not change the gathering is refused before the form is read,
// so they see the refusal rather than the form's problems.
func (s *Server) updateGathering(w http.ResponseWriter, r *http.Request) error {
	old, err := s.organized(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := readGatheringForm(r)
	f.ID = old.ID
	g, err := s.toGathering(r, f)
	if err == nil {
		_, err = s.Gatherings.Update(r.Context(), viewerFrom(r), gatherings.Change{Gathering: g, NewSeries: f.NewSeries, Demote: f.Demote})
	}
	if err != nil {
		return s.failGatheringForm(w, r, f, err)
	}
	s.Sessions.Put(r.Context(), "flash", "Saved.")
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d", old.ID), http.StatusSeeOther)
	return nil
}
