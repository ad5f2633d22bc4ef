package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// inviteData is what the invitation page shows.
type inviteData struct {
	G          *kindred.Gathering
	Filter     store.MemberFilter
	Candidates []*kindred.Member
	Answered   map[int64]kindred.RSVPStatus
	Chosen     map[int64]bool
	Mix        kindred.MixReport
	MixOf      string // "chosen" or "matching"
	Cities     []kindred.City
	Orgs       []*kindred.Organization
	OrgRows    []mixRow
	CityRows   []mixRow
	RoleRows   []mixRow
}

// mixRow is one bar of the mix report.
type mixRow struct {
	Label   string
	N       int
	Percent int
}

// mixRows turns counts into bars, the largest eight and "others".
func mixRows(counts []kindred.Count, total int) []mixRow {
	var out []mixRow
	others := 0
	for i, c := range counts {
		if i >= 8 {
			others += c.N
			continue
		}
		out = append(out, mixRow{c.Label, c.N, c.N * 100 / max(total, 1)})
	}
	if others > 0 {
		out = append(out, mixRow{fmt.Sprintf("%d others", len(counts)-8), others, 0})
	}
	return out
}

// invitePage lists members matching a filter, with the mix report of those
// chosen (or of everyone matching, before anyone is chosen).
func (s *Server) invitePage(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadOrganized(w, r)
	if !ok {
		return
	}
	d, err := s.inviteDetails(r, g)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "gathering_invite", page{Title: "Invite to " + g.Title, Nav: "gatherings", Data: d})
}

func (s *Server) inviteDetails(r *http.Request, g *kindred.Gathering) (inviteData, error) {
	ctx, q := r.Context(), r.URL.Query()
	if r.Method == http.MethodPost {
		q = r.PostForm
	}
	f := memberFilter(q)
	f.Limit = 300
	d := inviteData{G: g, Filter: f, Answered: map[int64]kindred.RSVPStatus{}, Chosen: map[int64]bool{}, MixOf: "matching"}
	ms, _, err := s.Store.ListMembers(ctx, f)
	if err != nil {
		return d, err
	}
	d.Candidates = ms
	rsvps, err := s.Store.ListRSVPs(ctx, g.ID)
	if err != nil {
		return d, err
	}
	for _, v := range rsvps {
		d.Answered[v.MemberID] = v.Status
	}
	for _, v := range q["member"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			d.Chosen[id] = true
		}
	}
	group := ms
	if len(d.Chosen) > 0 {
		group, d.MixOf = nil, "chosen"
		for _, m := range ms {
			if d.Chosen[m.ID] {
				group = append(group, m)
			}
		}
	}
	if d.Mix, err = s.mixOf(r, group); err != nil {
		return d, err
	}
	d.OrgRows, d.CityRows, d.RoleRows = mixRows(d.Mix.Organizations, d.Mix.People), mixRows(d.Mix.Cities, d.Mix.People), mixRows(d.Mix.Roles, d.Mix.People)
	if d.Cities, err = s.Store.Cities(ctx); err != nil {
		return d, err
	}
	d.Orgs, err = s.Store.OrganizationChoices(ctx)
	return d, err
}

func (s *Server) mixOf(r *http.Request, ms []*kindred.Member) (kindred.MixReport, error) {
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	attended, err := s.Store.Attendance(r.Context(), ids)
	if err != nil {
		return kindred.MixReport{}, err
	}
	return kindred.Mix(ms, attended), nil
}

// sendInvitations invites the chosen members and emails each a personal link.
func (s *Server) sendInvitations(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadOrganized(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	ids, err := s.chosenMembers(r)
	var inv *store.Invitation
	if err == nil {
		inv, err = s.invite(r, g, ids)
	}
	if err != nil {
		s.failInvite(w, r, g, err)
		return
	}
	msg := fmt.Sprintf("%d invitations are on their way.", len(inv.Invited))
	if len(inv.Already) > 0 {
		msg += fmt.Sprintf(" %d people had already been invited or answered.", len(inv.Already))
	}
	if len(inv.NoEmail) > 0 {
		msg += " Not invited, for lack of an email address: " + strings.Join(inv.NoEmail, ", ") + "."
	}
	s.Sessions.Put(r.Context(), "flash", msg)
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/guests", g.ID), http.StatusSeeOther)
}

// chosenMembers reads who to invite: the ticked members, everyone matching
// the filter (all=1), and members named by email address, one a line (as
// pasted from a spreadsheet column). An address no member has is EINVALID.
func (s *Server) chosenMembers(r *http.Request) ([]int64, error) {
	var ids []int64
	for _, v := range r.PostForm["member"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	if r.PostForm.Get("all") == "1" {
		f := memberFilter(r.PostForm)
		f.Limit = 1000
		ms, _, err := s.Store.ListMembers(r.Context(), f)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
	}
	var unknown []string
	for _, line := range kindred.SplitLines(r.PostForm.Get("emails"), true) {
		m, err := s.Store.MemberByEmail(r.Context(), line)
		if err != nil {
			unknown = append(unknown, line)
			continue
		}
		ids = append(ids, m.ID)
	}
	if len(unknown) > 0 {
		return nil, &kindred.Error{Code: kindred.EINVALID, Message: "No member has these addresses: " + strings.Join(unknown, ", ") +
			". Add them to the directory first, or remove them from the list.", Fields: map[string]string{"emails": "lists unknown addresses"}}
	}
	return ids, nil
}

func (s *Server) invite(r *http.Request, g *kindred.Gathering, ids []int64) (*store.Invitation, error) {
	if len(ids) == 0 {
		return nil, &kindred.Error{Code: kindred.EINVALID, Message: "Choose at least one person to invite.",
			Fields: map[string]string{"member_ids": "none chosen"}}
	}
	var inv *store.Invitation
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) (err error) {
		if inv, err = tx.Invite(r.Context(), g.ID, ids, accountFrom(r.Context()).ID); err != nil {
			return err
		}
		for _, v := range inv.Invited {
			if err := s.Queue.NotifyGathering(r.Context(), tx, jobs.MailInvitation, g.ID, v.MemberID); err != nil {
				return err
			}
		}
		return tx.Audit(r.Context(), accountFrom(r.Context()).ID, "gathering.invite", strconv.FormatInt(g.ID, 10), strconv.Itoa(len(inv.Invited)))
	})
	return inv, err
}

func (s *Server) failInvite(w http.ResponseWriter, r *http.Request, g *kindred.Gathering, err error) {
	status := httpx.Status(err)
	if status >= 500 {
		s.serverError(w, r, err)
		return
	}
	d, derr := s.inviteDetails(r, g)
	if derr != nil {
		s.serverError(w, r, derr)
		return
	}
	s.render(w, r, status, "gathering_invite", page{Title: "Invite to " + g.Title, Nav: "gatherings", Data: d,
		Error: kindred.ErrorMessage(err), Errors: kindred.ErrorFields(err), Form: r.PostForm})
}

// guestsData is the host view: the guest list and the venue's needs.
type guestsData struct {
	G      *kindred.Gathering
	When   string
	Groups []guestGroup
	Needs  kindred.NeedsReport
}

type guestGroup struct {
	Label  string
	Guests []*kindred.RSVP
}

func (s *Server) guestsPage(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadOrganized(w, r)
	if !ok {
		return
	}
	all, err := s.Store.ListRSVPs(r.Context(), g.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := guestsData{G: g, When: jobs.WhenText(g)}
	by := map[kindred.RSVPStatus][]*kindred.RSVP{}
	var seated []*kindred.RSVP
	for _, v := range all {
		by[v.Status] = append(by[v.Status], v)
		if v.Status == kindred.RSVPGoing || v.Status == kindred.RSVPAttended {
			seated = append(seated, v)
		}
	}
	for _, st := range []kindred.RSVPStatus{kindred.RSVPPending, kindred.RSVPGoing, kindred.RSVPAttended, kindred.RSVPWaitlist,
		kindred.RSVPInvited, kindred.RSVPDeclined, kindred.RSVPNoShow} {
		if len(by[st]) > 0 {
			d.Groups = append(d.Groups, guestGroup{Label: st.Label(), Guests: by[st]})
		}
	}
	d.Needs = kindred.AggregateNeeds(seated)
	s.render(w, r, http.StatusOK, "gathering_guests", page{Title: "Guests · " + g.Title, Nav: "gatherings", Data: d})
}

// setGuestStatus lets organizers approve, seat or release a guest on their
// behalf (after a phone call, say).
func (s *Server) setGuestStatus(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadOrganized(w, r)
	if !ok {
		return
	}
	member, ok := pathID(r, "member")
	if !ok {
		s.NotFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	st, err := kindred.ParseRSVPStatus(r.PostForm.Get("status"))
	if err == nil {
		_, err = s.recordRSVP(r, kindred.RSVPRequest{GatheringID: g.ID, MemberID: member, Status: st, ByOrganizer: true, ActorID: accountFrom(r.Context()).ID})
	}
	if err != nil {
		if httpx.Status(err) >= 500 {
			s.serverError(w, r, err)
			return
		}
		s.errorPage(w, r, httpx.Status(err), kindred.ErrorMessage(err))
		return
	}
	s.Sessions.Put(r.Context(), "flash", "Updated.")
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/guests", g.ID), http.StatusSeeOther)
}

// checkinData is the door view.
type checkinData struct {
	G        *kindred.Gathering
	Query    string
	Guests   []*kindred.RSVP
	Arrived  int
	Expected int
	Focus    int64 // the guest whose code was scanned
}

// checkinPage is made for a phone at the door: search, then one tap.
func (s *Server) checkinPage(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadOrganized(w, r)
	if !ok {
		return
	}
	all, err := s.Store.ListRSVPs(r.Context(), g.ID, kindred.RSVPGoing, kindred.RSVPAttended)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := checkinData{G: g, Query: strings.TrimSpace(r.URL.Query().Get("q")), Expected: len(all)}
	d.Focus, _ = strconv.ParseInt(r.URL.Query().Get("member"), 10, 64)
	needle := strings.ToLower(d.Query)
	for _, v := range all {
		if v.Status == kindred.RSVPAttended {
			d.Arrived++
		}
		if (needle == "" || strings.Contains(strings.ToLower(v.MemberName), needle)) && (d.Focus == 0 || v.MemberID == d.Focus) {
			d.Guests = append(d.Guests, v)
		}
	}
	s.render(w, r, http.StatusOK, "gathering_checkin", page{Title: "Check-in · " + g.Title, Nav: "gatherings", Data: d})
}

// checkIn marks a guest arrived (or undoes it) and returns to the search.
func (s *Server) checkIn(w http.ResponseWriter, r *http.Request) {
	g, ok := s.loadOrganized(w, r)
	if !ok {
		return
	}
	member, ok := pathID(r, "member")
	if !ok {
		s.NotFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	var v *kindred.RSVP
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) (err error) {
		v, err = tx.CheckIn(r.Context(), g.ID, member, r.PostForm.Get("undo") == "")
		return err
	})
	if err != nil {
		if httpx.Status(err) >= 500 {
			s.serverError(w, r, err)
			return
		}
		s.errorPage(w, r, httpx.Status(err), kindred.ErrorMessage(err))
		return
	}
	msg := v.MemberName + " is checked in. Welcome!"
	if v.Status != kindred.RSVPAttended {
		msg = "Check-in undone for " + v.MemberName + "."
	}
	s.Sessions.Put(r.Context(), "flash", msg)
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/checkin?q=%s", g.ID, url.QueryEscape(r.PostForm.Get("q"))), http.StatusSeeOther)
}
