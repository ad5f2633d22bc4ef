package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/gatherings"
	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// registerProposals adds the pages of member-proposed dinners: the form,
// the proposer's view of their proposal (edit and send again), the
// organizers' queue and their review.
func (s *Server) registerProposals(mux Mux) {
	mux.Handle("GET /proposals", s.signedIn(s.handle(s.proposalsPage)))
	mux.Handle("GET /proposals/new", s.signedIn(s.handle(s.proposeForm)))
	mux.Handle("POST /proposals", s.signedIn(s.handle(s.propose)))
	mux.Handle("GET /proposals/{id}", s.signedIn(s.handle(s.proposalPage)))
	mux.Handle("POST /proposals/{id}", s.signedIn(s.handle(s.reviseProposal)))
	mux.Handle("POST /proposals/{id}/review", s.signedIn(s.handle(s.reviewProposal)))
	mux.Handle("POST /proposals/{id}/trust", s.signedIn(s.handle(s.trustHost)))
}

// proposalForm is the proposal as typed, shown back on a problem.
type proposalForm struct {
	Title, Theme, Questions, Venue, Address string
	Date, StartTime, EndTime, Capacity      string
}

func proposalFormOf(g *kindred.Gathering) proposalForm {
	ls, le := g.LocalStart(), g.LocalEnd()
	return proposalForm{Title: g.Title, Theme: g.Theme, Questions: strings.Join(g.Questions, "\n"), Venue: g.VenueName,
		Address: g.Address, Date: ls.Format("2006-01-02"), StartTime: ls.Format("15:04"), EndTime: le.Format("15:04"),
		Capacity: strconv.Itoa(g.Capacity)}
}

func readProposalForm(r *http.Request) proposalForm {
	f := r.PostForm
	return proposalForm{Title: f.Get("title"), Theme: f.Get("theme"), Questions: f.Get("questions"), Venue: f.Get("venue_name"),
		Address: f.Get("address"), Date: f.Get("date"), StartTime: f.Get("start_time"), EndTime: f.Get("end_time"),
		Capacity: f.Get("capacity")}
}

// dinner turns the typed form into a proposed dinner, placing the local
// times in the zone of city. Problems name the form's fields.
func (f proposalForm) dinner(city kindred.City) (gatherings.Dinner, error) {
	var p kindred.Problems
	d := gatherings.Dinner{CityID: city.ID, Title: f.Title, Theme: f.Theme, Questions: kindred.SplitLines(f.Questions, false),
		VenueName: f.Venue, Address: f.Address}
	d.Capacity = atoiField(f.Capacity, "capacity", &p)
	start, err := kindred.ParseLocalTime(f.Date, f.StartTime, city.TimeZone, "start_time")
	if err != nil {
		mergeProblems(&p, err)
	}
	end, err := kindred.ParseLocalTime(f.Date, f.EndTime, city.TimeZone, "end_time")
	if err != nil {
		mergeProblems(&p, err)
	}
	if !start.IsZero() && !end.IsZero() && !end.After(start) {
		end = end.Add(24 * time.Hour) // ends after midnight
	}
	d.StartsAt, d.EndsAt = start, end
	return d, p.Err()
}

// proposalsData is the list of proposals: one's own, and for organizers
// those waiting for their review.
type proposalsData struct {
	gatherings.Proposals
	CanPropose bool // the viewer has a profile with a city
	CityName   string
	Organizes  bool // the viewer reviews proposals somewhere
}

// proposalsPage lists the viewer's proposals and, for organizers, the
// queue of proposals waiting for them.
func (s *Server) proposalsPage(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r)
	lists, err := s.Gatherings.Proposals(r.Context(), v)
	if err != nil {
		return err
	}
	every, ids := v.OrganizedCities()
	d := proposalsData{Proposals: lists, CanPropose: v.Member != nil && v.Member.CityID != 0, Organizes: every || len(ids) > 0}
	if d.CanPropose {
		d.CityName = v.Member.CityName
	}
	s.render(w, r, http.StatusOK, "proposals", page{Title: "Proposed dinners", Nav: "gatherings", Data: d})
	return nil
}

// proposalFormData is what the form to propose (or change) a dinner shows.
type proposalFormData struct {
	F      proposalForm
	City   kindred.City
	Action string
	New    bool
	P      *kindred.Proposal // the proposal being changed, nil for a new one
}

// proposeForm is the form to propose a dinner in one's own city.
func (s *Server) proposeForm(w http.ResponseWriter, r *http.Request) error {
	city, err := s.proposerCity(r)
	if err != nil {
		return err
	}
	f := proposalForm{Capacity: "12", StartTime: "18:30", EndTime: "21:00",
		Questions: "What are you working on that you would like help with?"}
	s.renderProposalForm(w, r, http.StatusOK, proposalFormData{F: f, City: city, Action: "/proposals", New: true}, nil)
	return nil
}

// proposerCity is the city the viewer may propose in (gatherings.Service.
// ProposerCity), whose zone places the times typed.
func (s *Server) proposerCity(r *http.Request) (kindred.City, error) {
	return s.Gatherings.ProposerCity(r.Context(), viewerFrom(r))
}

func (s *Server) renderProposalForm(w http.ResponseWriter, r *http.Request, status int, d proposalFormData, err error) {
	title := "Propose a dinner"
	if !d.New {
		title = "Change your proposal"
	}
	p := page{Title: title, Nav: "gatherings", Data: d}
	if err != nil {
		p.Error, p.Errors = kindred.ErrorMessage(err), kindred.ErrorFields(err)
	}
	s.render(w, r, status, "proposal_form", p)
}

// propose is POST /proposals: the form goes to gatherings.Propose.
func (s *Server) propose(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	city, err := s.proposerCity(r)
	if err != nil {
		return err
	}
	f := readProposalForm(r)
	d, err := f.dinner(city)
	var p *kindred.Proposal
	if err == nil {
		p, err = s.Gatherings.Propose(r.Context(), viewerFrom(r), d)
	}
	if err != nil {
		return s.failProposalForm(w, r, proposalFormData{F: f, City: city, Action: "/proposals", New: true}, err)
	}
	msg := "Thank you! Your dinner is proposed: the organizers of " + city.Name + " will look at it and you will hear from them by email."
	if p.Review == kindred.ProposalApproved {
		msg = p.Gathering.Title + " is open: people can say they are coming. You host it."
	}
	s.Sessions.Put(r.Context(), "flash", msg)
	http.Redirect(w, r, fmt.Sprintf("/proposals/%d", p.Gathering.ID), http.StatusSeeOther)
	return nil
}

// failProposalForm shows the form again with what was typed; a refusal
// that names no field is the error page.
func (s *Server) failProposalForm(w http.ResponseWriter, r *http.Request, d proposalFormData, err error) error {
	if httpx.Status(err) >= 500 || len(kindred.ErrorFields(err)) == 0 {
		return err
	}
	s.renderProposalForm(w, r, httpx.Status(err), d, err)
	return nil
}

// proposal reads the {id} proposal as the viewer may see it.
func (s *Server) proposal(r *http.Request) (*kindred.Proposal, error) {
	id, ok := pathID(r, "id")
	if !ok {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "There is no such proposal.")
	}
	return s.Gatherings.Proposal(r.Context(), viewerFrom(r), id)
}

// proposalData is what a proposal's page shows.
type proposalData struct {
	P         *kindred.Proposal
	G         *kindred.Gathering // P's, for the gathering's details
	When      string
	JoinURL   string // never set: a proposal has no join link to show
	Mine      bool   // the viewer proposed it
	CanRevise bool
	CanReview bool
	CanTrust  bool // the viewer organizes its city and did not propose it
	Trusted   bool // its proposer is a trusted host in its city (shown to organizers)
	F         proposalForm
	Decision  string // the decision typed, on a problem
	Message   string
}

// proposalPage shows a proposal: to its proposer with the organizer's
// message (and the form to change it while it waits), to organizers with
// the review and the trusted-host mark.
func (s *Server) proposalPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.proposal(r)
	if err != nil {
		return err
	}
	return s.renderProposal(w, r, p, http.StatusOK, proposalForm{}, nil)
}

func (s *Server) renderProposal(w http.ResponseWriter, r *http.Request, p *kindred.Proposal, status int, f proposalForm, err error) error {
	v := viewerFrom(r)
	d := proposalData{P: p, G: p.Gathering, When: jobs.WhenText(p.Gathering), Mine: v.Is(p.MemberID), CanRevise: p.MayRevise(v) == nil,
		CanReview: p.MayReview(v) == nil, F: f}
	if f == (proposalForm{}) {
		d.F = proposalFormOf(p.Gathering)
	}
	if d.CanTrust = p.Gathering.MayManage(v) == nil && !d.Mine; d.CanTrust {
		trusted, terr := s.Store.TrustedHost(r.Context(), p.Gathering.CityID, p.MemberID)
		if terr != nil {
			return terr
		}
		d.Trusted = trusted
	}
	pg := page{Title: p.Gathering.Title, Nav: "gatherings", Data: d}
	if err != nil {
		pg.Error, pg.Errors = kindred.ErrorMessage(err), kindred.ErrorFields(err)
		d.Decision, d.Message = r.PostForm.Get("decision"), r.PostForm.Get("message")
		pg.Data = d
	}
	s.render(w, r, status, "proposal", pg)
	return nil
}

// reviseProposal is POST /proposals/{id}: the proposer's changes go to
// gatherings.Revise.
func (s *Server) reviseProposal(w http.ResponseWriter, r *http.Request) error {
	p, err := s.proposal(r)
	if err != nil {
		return err
	}
	if err := p.MayRevise(viewerFrom(r)); err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	f := readProposalForm(r)
	city := kindred.City{ID: p.Gathering.CityID, Name: p.Gathering.CityName, TimeZone: p.Gathering.TimeZone}
	d, err := f.dinner(city)
	if err == nil {
		_, err = s.Gatherings.Revise(r.Context(), viewerFrom(r), gatherings.Revision{GatheringID: p.Gathering.ID, Dinner: d})
	}
	if err != nil {
		if httpx.Status(err) >= 500 || len(kindred.ErrorFields(err)) == 0 {
			return err
		}
		return s.renderProposal(w, r, p, httpx.Status(err), f, err)
	}
	s.Sessions.Put(r.Context(), "flash", "Sent again: the organizers of "+p.Gathering.CityName+" will look at it.")
	http.Redirect(w, r, fmt.Sprintf("/proposals/%d", p.Gathering.ID), http.StatusSeeOther)
	return nil
}

// reviewProposal is POST /proposals/{id}/review: an organizer's decision
// goes to gatherings.Review.
func (s *Server) reviewProposal(w http.ResponseWriter, r *http.Request) error {
	p, err := s.proposal(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := gatherings.Decision{GatheringID: p.Gathering.ID, Decision: r.PostForm.Get("decision"), Message: r.PostForm.Get("message")}
	done, err := s.Gatherings.Review(r.Context(), viewerFrom(r), in)
	if err != nil {
		if httpx.Status(err) >= 500 || kindred.ErrorCode(err) != kindred.EINVALID {
			return err
		}
		return s.renderProposal(w, r, p, httpx.Status(err), proposalForm{}, err)
	}
	msg := map[kindred.ProposalReview]string{
		kindred.ProposalApproved: done.Gathering.Title + " is open, with " + done.MemberName + " as host. They are told by email.",
		kindred.ProposalChanges:  "Changes asked. " + done.MemberName + " is told by email.",
		kindred.ProposalDeclined: "Declined. " + done.MemberName + " is told by email.",
	}[done.Review]
	s.Sessions.Put(r.Context(), "flash", msg)
	to := "/proposals"
	if done.Review == kindred.ProposalApproved {
		to = fmt.Sprintf("/gatherings/%d", done.Gathering.ID)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// trustHost is POST /proposals/{id}/trust: an organizer marks the
// proposer a trusted host in the proposal's city (trusted=on), or takes
// the mark away.
func (s *Server) trustHost(w http.ResponseWriter, r *http.Request) error {
	p, err := s.proposal(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	trusted := r.PostForm.Get("trusted") == "on"
	err = s.Gatherings.SetTrustedHost(r.Context(), viewerFrom(r), gatherings.Trust{CityID: p.Gathering.CityID, MemberID: p.MemberID, Trusted: trusted})
	if err != nil {
		return err
	}
	msg := p.MemberName + " is a trusted host in " + p.Gathering.CityName + ": their next proposals there open without review."
	if !trusted {
		msg = p.MemberName + "'s next proposals in " + p.Gathering.CityName + " wait for review again."
	}
	s.Sessions.Put(r.Context(), "flash", msg)
	http.Redirect(w, r, fmt.Sprintf("/proposals/%d", p.Gathering.ID), http.StatusSeeOther)
	return nil
}

// waitingProposals counts the proposals waiting for v's review, for the
// organizer's home.
func (s *Server) waitingProposals(ctx context.Context, v *kindred.Viewer) (int, error) {
	every, ids := v.OrganizedCities()
	if !every && len(ids) == 0 {
		return 0, nil
	}
	return s.Store.CountProposals(ctx, store.CityScope{Every: every, IDs: ids}, kindred.ProposalPending)
}
