package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/gatherings"
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
	Total      int    // everyone matching, on every page
	First      int    // the position of the page's first person, from 1
	Last       int    // and of its last
	NextCount  int    // how many the next page shows
	Next       string // the next page's cursor
	NextQuery  string // the address of the next page
	Answered   map[int64]kindred.RSVPStatus
	NoEmail    map[int64]bool
	Chosen     map[int64]bool
	Run        *store.InviteRun // the latest "invite all", when there is one
	Mix        kindred.MixReport
	MixOf      string // "chosen" or "on this page"
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
		out = append(out, mixRow{fmt.Sprintf("%d others", len(counts)-8), others, others * 100 / max(total, 1)})
	}
	return out
}

// invitePage lists members matching a filter, with the mix report of those
// chosen (or of everyone matching, before anyone is chosen).
func (s *Server) invitePage(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organized(r)
	if err != nil {
		return err
	}
	d, err := s.inviteDetails(r, g)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "gathering_invite", page{Title: "Invite to " + g.Title, Nav: "gatherings", Data: d})
	return nil
}

func (s *Server) inviteDetails(r *http.Request, g *kindred.Gathering) (inviteData, error) {
	ctx, q, v := r.Context(), r.URL.Query(), viewerFrom(r)
	if r.Method == http.MethodPost {
		q = r.PostForm
	}
	f := memberFilter(q)
	f.Limit = 50
	d := inviteData{G: g, Filter: f, Chosen: map[int64]bool{}, MixOf: "on this page"}
	c, err := s.Gatherings.Candidates(ctx, v, gatherings.CandidateQuery{GatheringID: g.ID, Filter: f})
	if err != nil {
		return d, err
	}
	d.Candidates, d.Total, d.Next, d.Answered, d.NoEmail = c.Members, c.Total, c.Next, c.Answered, c.NoEmail
	d.First = 1
	if f.After != "" {
		d.First, _ = strconv.Atoi(q.Get("from"))
		d.First = max(d.First, 1)
	}
	d.Last = d.First + len(d.Candidates) - 1
	d.NextCount = min(f.Limit, d.Total-d.Last)
	if d.Next != "" {
		nq := url.Values{"q": {f.Query}, "after": {d.Next}, "from": {strconv.Itoa(d.First + len(d.Candidates))}}
		if f.CityID != 0 {
			nq.Set("city", strconv.FormatInt(f.CityID, 10))
		}
		if f.OrganizationID != 0 {
			nq.Set("organization", strconv.FormatInt(f.OrganizationID, 10))
		}
		d.NextQuery = fmt.Sprintf("/gatherings/%d/invite?%s", g.ID, nq.Encode())
	}
	if d.Run, err = s.Gatherings.InviteRun(ctx, v, g.ID, 0); kindred.ErrorCode(err) == kindred.EINTERNAL {
		return d, err
	}
	for _, id := range idsOf(q["member"]) {
		d.Chosen[id] = true
	}
	group := d.Candidates
	if len(d.Chosen) > 0 {
		group, d.MixOf = nil, "chosen"
		for _, m := range d.Candidates {
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

// sendInvitations invites the chosen members and the addresses typed, one
// a line, through gatherings.Invite (which invites by address those no
// member has). "Invite all N" goes to inviteAll.
func (s *Server) sendInvitations(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organizedForm(r)
	if err != nil {
		return err
	}
	if r.PostForm.Get("all") == "1" {
		return s.inviteAll(w, r, g)
	}
	in := gatherings.Invitations{GatheringID: g.ID, MemberIDs: idsOf(r.PostForm["member"]),
		Emails: kindred.SplitLines(r.PostForm.Get("emails"), true)}
	done, err := s.Gatherings.Invite(r.Context(), viewerFrom(r), in)
	if err != nil {
		return s.failInvite(w, r, g, err)
	}
	s.Sessions.Put(r.Context(), "flash", invitedFlash(done))
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/guests", g.ID), http.StatusSeeOther)
	return nil
}

// invitedFlash says what inviting came to.
func invitedFlash(done *gatherings.Invited) string {
	var msg []string
	if inv := done.Members; inv != nil {
		msg = append(msg, fmt.Sprintf("%d invitations are on their way.", len(inv.Invited)))
		if len(inv.Already) > 0 {
			msg = append(msg, fmt.Sprintf("%d people had already been invited or answered.", len(inv.Already)))
		}
		if len(inv.NoEmail) > 0 {
			msg = append(msg, "Not invited, for lack of an email address: "+strings.Join(inv.NoEmail, ", ")+".")
		}
	}
	if done.ByEmail > 0 {
		msg = append(msg, fmt.Sprintf("%d people not in the directory are invited by email; they join it only if they say yes.", done.ByEmail))
	}
	return strings.Join(msg, " ")
}

// inviteAll invites everyone matching the filter through background jobs
// (gatherings.InviteAll) and returns to the invite page, which shows the
// progress.
func (s *Server) inviteAll(w http.ResponseWriter, r *http.Request, g *kindred.Gathering) error {
	f := memberFilter(r.PostForm)
	f.After = ""
	run, err := s.Gatherings.InviteAll(r.Context(), viewerFrom(r), g.ID, f)
	if err != nil {
		return s.failInvite(w, r, g, err)
	}
	s.Sessions.Put(r.Context(), "flash", fmt.Sprintf("Inviting all %d: the invitations go out in the background.", run.Total))
	back := url.Values{"q": {f.Query}}
	if f.CityID != 0 {
		back.Set("city", strconv.FormatInt(f.CityID, 10))
	}
	if f.OrganizationID != 0 {
		back.Set("organization", strconv.FormatInt(f.OrganizationID, 10))
	}
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/invite?%s#progress", g.ID, back.Encode()), http.StatusSeeOther)
	return nil
}

// inviteProgress is the progress of the latest "invite all", as the
// fragment the invite page polls.
func (s *Server) inviteProgress(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organized(r)
	if err != nil {
		return err
	}
	run, err := s.Gatherings.InviteRun(r.Context(), viewerFrom(r), g.ID, 0)
	if err != nil {
		return err
	}
	s.renderFragment(w, r, "gathering_invite", "invite-progress", page{Data: inviteData{G: g, Run: run}})
	return nil
}

func (s *Server) failInvite(w http.ResponseWriter, r *http.Request, g *kindred.Gathering, err error) error {
	if httpx.Status(err) >= 500 {
		return err
	}
	d, derr := s.inviteDetails(r, g)
	if derr != nil {
		return derr
	}
	s.render(w, r, httpx.Status(err), "gathering_invite", page{Title: "Invite to " + g.Title, Nav: "gatherings", Data: d,
		Error: kindred.ErrorMessage(err), Errors: kindred.ErrorFields(err), Form: r.PostForm})
	return nil
}

// guestsData is the host view: the guest list and the venue's needs.
type guestsData struct {
	G         *kindred.Gathering
	CanManage bool // organizers of its city; its host (who proposed it) sees the list and the door only
	When      string
	Groups    []guestGroup
	Needs     kindred.NeedsReport
}

type guestGroup struct {
	Label  string
	Guests []*kindred.RSVP
}

func (s *Server) guestsPage(w http.ResponseWriter, r *http.Request) error {
	g, err := s.hosted(r)
	if err != nil {
		return err
	}
	all, err := s.Store.ListRSVPs(r.Context(), g.ID)
	if err != nil {
		return err
	}
	d := guestsData{G: g, When: jobs.WhenText(g), CanManage: g.MayManage(viewerFrom(r)) == nil}
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
	return nil
}

// setGuestStatus lets organizers approve, seat or release a guest on their
// behalf (after a phone call, say): the same RSVP flow as the API's.
func (s *Server) setGuestStatus(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organizedForm(r)
	if err != nil {
		return err
	}
	member, ok := pathID(r, "member")
	if !ok {
		return kindred.Errorf(kindred.ENOTFOUND, "There is no such guest.")
	}
	_, err = s.Gatherings.RSVP(r.Context(), viewerFrom(r), gatherings.Answer{GatheringID: g.ID, MemberID: member, Status: r.PostForm.Get("status")})
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", "Updated.")
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/guests", g.ID), http.StatusSeeOther)
	return nil
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
func (s *Server) checkinPage(w http.ResponseWriter, r *http.Request) error {
	g, err := s.hosted(r)
	if err != nil {
		return err
	}
	all, err := s.Store.ListRSVPs(r.Context(), g.ID, kindred.RSVPGoing, kindred.RSVPAttended)
	if err != nil {
		return err
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
	return nil
}

// checkIn marks a guest arrived (or undoes it) and returns to the search.
func (s *Server) checkIn(w http.ResponseWriter, r *http.Request) error {
	g, err := s.hosted(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	member, ok := pathID(r, "member")
	if !ok {
		return kindred.Errorf(kindred.ENOTFOUND, "There is no such guest.")
	}
	v, err := s.Gatherings.CheckIn(r.Context(), viewerFrom(r), g.ID, member, r.PostForm.Get("undo") == "")
	if err != nil {
		return err
	}
	msg := v.MemberName + " is checked in. Welcome!"
	if v.Status != kindred.RSVPAttended {
		msg = "Check-in undone for " + v.MemberName + "."
	}
	s.Sessions.Put(r.Context(), "flash", msg)
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/checkin?q=%s", g.ID, url.QueryEscape(r.PostForm.Get("q"))), http.StatusSeeOther)
	return nil
}

// attendanceData is the "who came?" page.
type attendanceData struct {
	G               *kindred.Gathering
	When            string
	Guests          []*kindred.RSVP // going, checked in or marked absent
	Came            map[int64]bool  // ticked
	Started, Held   bool
	NobodyCheckedIn bool
}

// attendancePage asks who came, ticking those checked in at the door (or,
// when nobody was, everyone going); once held, it shows who came, to
// correct.
func (s *Server) attendancePage(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organized(r)
	if err != nil {
		return err
	}
	return s.renderAttendance(w, r, g, http.StatusOK, nil)
}

func (s *Server) renderAttendance(w http.ResponseWriter, r *http.Request, g *kindred.Gathering, status int, err error) error {
	all, derr := s.Store.SeatingGuests(r.Context(), g.ID)
	if derr != nil {
		return derr
	}
	d := attendanceData{G: g, When: jobs.WhenText(g), Came: map[int64]bool{}, Held: g.Status == kindred.GatheringHeld,
		Started: !s.Now().Before(g.StartsAt), NobodyCheckedIn: true}
	for _, v := range all {
		switch v.Status {
		case kindred.RSVPAttended:
			d.Came[v.MemberID], d.NobodyCheckedIn = true, false
		case kindred.RSVPGoing, kindred.RSVPNoShow:
		default:
			continue
		}
		d.Guests = append(d.Guests, v)
	}
	for _, v := range d.Guests {
		if !d.Held && d.NobodyCheckedIn && v.Status == kindred.RSVPGoing {
			d.Came[v.MemberID] = true
		}
	}
	p := page{Title: "Who came · " + g.Title, Nav: "gatherings", Data: d}
	if err != nil {
		d.Came = map[int64]bool{}
		for _, id := range idsOf(r.PostForm["came"]) {
			d.Came[id] = true
		}
		p.Data, p.Error, p.Errors = d, kindred.ErrorMessage(err), kindred.ErrorFields(err)
	}
	s.render(w, r, status, "gathering_attendance", p)
	return nil
}

// recordAttendance marks the gathering held with who came, or corrects it,
// through gatherings.RecordAttendance.
func (s *Server) recordAttendance(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organizedForm(r)
	if err != nil {
		return err
	}
	held, err := s.Gatherings.RecordAttendance(r.Context(), viewerFrom(r), gatherings.Attendance{GatheringID: g.ID, Came: idsOf(r.PostForm["came"])})
	if err != nil {
		if httpx.Status(err) >= 500 || kindred.ErrorCode(err) != kindred.EINVALID {
			return err
		}
		return s.renderAttendance(w, r, g, httpx.Status(err), err)
	}
	msg := fmt.Sprintf("Saved: %d came, %d did not.", held.Came, held.NoShows)
	if held.First {
		msg = fmt.Sprintf("%s is marked held: %d came, %d did not. Those who came are asked whom they will follow up with. %s",
			g.Title, held.Came, held.NoShows, tiesNote(held.Ties))
	}
	s.Sessions.Put(r.Context(), "flash", strings.TrimSpace(msg))
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/attendance", g.ID), http.StatusSeeOther)
	return nil
}

// idsOf reads the ids in a form's repeated field, skipping what is not one.
func idsOf(vs []string) []int64 {
	var out []int64
	for _, v := range vs {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}
