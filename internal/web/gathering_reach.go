package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kindredhq/kindred/internal/csvx"
	"github.com/kindredhq/kindred/internal/gatherings"
	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
)

// publicGatheringPage is a gathering's page for someone not signed in: the
// public page of a public gathering (title, date, city, description and
// how to answer; never its guests nor its join link), or sign-in.
func (s *Server) publicGatheringPage(w http.ResponseWriter, r *http.Request) error {
	id, _ := pathID(r, "id")
	g, err := s.Gatherings.PublicGathering(r.Context(), id)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	d := gatheringData{G: g, When: jobs.WhenText(g), SeatsLeft: max(0, g.Capacity-g.Going)}
	s.render(w, r, http.StatusOK, "gathering_public", page{Title: g.Title, Nav: "gatherings", Data: d})
	return nil
}

// hostSearch is the host picker's search: a page of people matching the
// typed name (and city), told apart by organization and city, with how
// many match in all (an htmx fragment of the gathering form).
func (s *Server) hostSearch(w http.ResponseWriter, r *http.Request) error {
	if pick, err := strconv.ParseInt(r.URL.Query().Get("pick"), 10, 64); err == nil {
		m, err := s.Gatherings.Person(r.Context(), viewerFrom(r), pick)
		if err != nil {
			return err
		}
		s.renderFragment(w, r, "gathering_form", "host-picked", page{Data: m})
		return nil
	}
	f := memberFilter(r.URL.Query())
	f.Query = r.URL.Query().Get("host_q")
	f.CityID, _ = strconv.ParseInt(r.URL.Query().Get("host_city"), 10, 64)
	f.Limit = 20
	c, err := s.Gatherings.People(r.Context(), viewerFrom(r), f)
	if err != nil {
		return err
	}
	s.renderFragment(w, r, "gathering_form", "host-results", page{Data: hostResults{Found: c, Query: f.Query}})
	return nil
}

// hostResults is what the host picker's search found.
type hostResults struct {
	Found *gatherings.Candidates
	Query string
}

// messageData is what the page writing to guests shows.
type messageData struct {
	G      *kindred.Gathering
	Counts map[string]int // guests with an address, by group
}

func (s *Server) messagePage(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organized(r)
	if err != nil {
		return err
	}
	return s.renderMessage(w, r, g, http.StatusOK, nil)
}

func (s *Server) renderMessage(w http.ResponseWriter, r *http.Request, g *kindred.Gathering, status int, err error) error {
	all, lerr := s.Store.ListRSVPs(r.Context(), g.ID)
	if lerr != nil {
		return lerr
	}
	d := messageData{G: g, Counts: map[string]int{}}
	for _, v := range all {
		for _, grp := range []kindred.GuestGroup{kindred.GuestsGoing, kindred.GuestsWaitlist, kindred.GuestsCame} {
			for _, st := range grp.Statuses() {
				if v.Status == st && v.Email != "" {
					d.Counts[string(grp)]++
				}
			}
		}
	}
	p := page{Title: "Write to guests · " + g.Title, Nav: "gatherings", Data: d}
	if err != nil {
		p.Error, p.Errors, p.Form = kindred.ErrorMessage(err), kindred.ErrorFields(err), r.PostForm
	}
	s.render(w, r, status, "gathering_message", p)
	return nil
}

// messageGuests sends the organizer's message to a group of guests
// through gatherings.MessageGuests.
func (s *Server) messageGuests(w http.ResponseWriter, r *http.Request) error {
	g, err := s.organizedForm(r)
	if err != nil {
		return err
	}
	n, err := s.Gatherings.MessageGuests(r.Context(), viewerFrom(r), gatherings.Message{GatheringID: g.ID,
		To: r.PostForm.Get("to"), Subject: r.PostForm.Get("subject"), Body: r.PostForm.Get("message")})
	if err != nil {
		if httpx.Status(err) >= 500 || kindred.ErrorCode(err) != kindred.EINVALID {
			return err
		}
		return s.renderMessage(w, r, g, httpx.Status(err), err)
	}
	s.Sessions.Put(r.Context(), "flash", fmt.Sprintf("Your message is on its way to %d guests.", n))
	http.Redirect(w, r, fmt.Sprintf("/gatherings/%d/guests", g.ID), http.StatusSeeOther)
	return nil
}

// guestsCSV exports the guest list (gatherings.GuestList): each guest as
// the organizer may see them, through csvx.
func (s *Server) guestsCSV(w http.ResponseWriter, r *http.Request) error {
	id, _ := pathID(r, "id")
	rows, err := s.Gatherings.GuestList(r.Context(), viewerFrom(r), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="gathering-%d-guests.csv"`, id))
	return writeGuestCSV(w, rows)
}

// writeGuestCSV writes the guest list's rows.
func writeGuestCSV(w http.ResponseWriter, rows []gatherings.GuestRow) error {
	cw := csvx.NewWriter(w)
	if err := cw.Write([]string{"name", "email", "organization", "city", "status", "checked_in_at", "diet", "accessibility"}); err != nil {
		return err
	}
	for _, row := range rows {
		m, org, checked := row.Member, "", ""
		if a, ok := m.PrimaryAffiliation(); ok {
			org = a.OrganizationName
		}
		if row.RSVP.CheckedInAt != nil {
			checked = row.RSVP.CheckedInAt.UTC().Format("2006-01-02T15:04:05Z")
		}
		rec := []string{m.Name, m.Email, org, m.CityName, string(row.RSVP.Status), checked, m.Needs.Diet, m.Needs.Accessibility}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// invitationData is what the page of an invitation by address shows.
type invitationData struct {
	D       gatheringData
	Token   string
	Email   string
	Answer  string // what the person answered, once they did
	Problem string
}

// invitationPage is the page an invitation by address opens, without an
// account: the gathering, and going or not.
func (s *Server) invitationPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderInvitation(w, r, http.StatusOK, nil)
}

func (s *Server) renderInvitation(w http.ResponseWriter, r *http.Request, status int, failed error) error {
	g, inv, err := s.Gatherings.EmailInvitation(r.Context(), r.PathValue("token"))
	if err != nil {
		code := linkStatus(err)
		if code >= 500 {
			return err
		}
		s.render(w, r, code, "gathering_invitation", page{Title: "Invitation", Nav: "gatherings",
			Data: invitationData{Problem: kindred.ErrorMessage(err)}})
		return nil
	}
	d := invitationData{D: gatheringData{G: g, When: jobs.WhenText(g)}, Token: r.PathValue("token"), Email: inv.Email}
	if inv.MemberID != 0 {
		if v, err := s.Store.RSVPOf(r.Context(), g.ID, inv.MemberID); err == nil {
			d.Answer = v.Status.Label()
			if g.SeesJoinLink(nil, v) {
				d.D.JoinURL = g.JoinURL
			}
		}
	}
	p := page{Title: g.Title, Nav: "gatherings", Data: d}
	if failed != nil {
		p.Error, p.Errors, p.Form = kindred.ErrorMessage(failed), kindred.ErrorFields(failed), r.PostForm
	}
	s.render(w, r, status, "gathering_invitation", p)
	return nil
}

// acceptInvitation records the answer to an invitation by address
// (gatherings.AcceptInvitation).
func (s *Server) acceptInvitation(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	res, err := s.Gatherings.AcceptInvitation(r.Context(), gatherings.Acceptance{Token: r.PathValue("token"),
		Name: r.PostForm.Get("name"), Status: r.PostForm.Get("status")})
	if err != nil {
		if httpx.Status(err) >= 500 {
			return err
		}
		return s.renderInvitation(w, r, httpx.Status(err), err) // a bad link shows as on the link's page
	}
	msg := "Thanks for letting us know."
	if res != nil {
		msg = rsvpFlash(res.RSVP)
	}
	s.Sessions.Put(r.Context(), "flash", msg)
	http.Redirect(w, r, "/invitation/"+r.PathValue("token"), http.StatusSeeOther)
	return nil
}
