package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/kindredhq/kindred/internal/csvx"
	"github.com/kindredhq/kindred/internal/gatherings"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// candidatesJSON is a page of the people an organizer may invite, with how
// many match in all.
type candidatesJSON struct {
	Items []candidateJSON `json:"items"`
	Total int             `json:"total"`
	Next  string          `json:"next,omitempty"`
}

type candidateJSON struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Organization string `json:"organization,omitempty"`
	City         string `json:"city,omitempty"`
	Status       string `json:"status,omitempty"` // their answer, when invited or answered
	NoEmail      bool   `json:"no_email,omitempty"`
}

// filterOf reads a member filter from the query (q, city_id,
// organization_id, next, limit).
func filterOf(r *http.Request) (store.MemberFilter, error) {
	limit, err := queryLimit(r)
	f := store.MemberFilter{Query: r.URL.Query().Get("q"), After: r.URL.Query().Get("next"), Limit: limit}
	if err == nil {
		f.CityID, err = queryID(r, "city_id")
	}
	if err == nil {
		f.OrganizationID, err = queryID(r, "organization_id")
	}
	return f, err
}

// listCandidates is GET /gatherings/{id}/candidates, through
// gatherings.Candidates.
func (a *API) listCandidates(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, err := filterOf(r)
	if err != nil {
		return err
	}
	c, err := a.Gatherings.Candidates(r.Context(), kindred.ViewerFrom(r.Context()), gatherings.CandidateQuery{GatheringID: id, Filter: f})
	if err != nil {
		return err
	}
	out := candidatesJSON{Items: make([]candidateJSON, 0, len(c.Members)), Total: c.Total, Next: c.Next}
	for _, m := range c.Members {
		item := candidateJSON{ID: m.ID, Name: m.Name, City: m.CityName, Status: string(c.Answered[m.ID]), NoEmail: c.NoEmail[m.ID]}
		if af, ok := m.PrimaryAffiliation(); ok {
			item.Organization = af.OrganizationName
		}
		out.Items = append(out.Items, item)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// invitationsIn is the body of POST /gatherings/{id}/invitations.
type invitationsIn struct {
	MemberIDs []int64  `json:"member_ids"`
	Emails    []string `json:"emails"` // members' addresses, or people not in the directory
	All       *struct {
		Q              string `json:"q"`
		CityID         int64  `json:"city_id"`
		OrganizationID int64  `json:"organization_id"`
	} `json:"all"` // everyone matching this filter, invited in the background
}

// inviteRunJSON is the progress of an "invite all".
type inviteRunJSON struct {
	ID         int64      `json:"id"`
	Total      int        `json:"total"`
	Done       int        `json:"done"`
	Invited    int        `json:"invited"`
	FinishedAt *time.Time `json:"finished_at"`
}

func toRun(r *store.InviteRun) inviteRunJSON {
	return inviteRunJSON{ID: r.ID, Total: r.Total, Done: r.Done, Invited: r.Invited, FinishedAt: r.FinishedAt}
}

// createInvitations is POST /gatherings/{id}/invitations: everyone matching
// a filter (202, with the run to follow), or members and addresses
// (gatherings.Invite, which invites by address those no member has).
func (a *API) createInvitations(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in invitationsIn
	if err := decode(r, &in); err != nil {
		return err
	}
	v := kindred.ViewerFrom(r.Context())
	if in.All != nil {
		run, err := a.Gatherings.InviteAll(r.Context(), v, id, store.MemberFilter{Query: in.All.Q, CityID: in.All.CityID,
			OrganizationID: in.All.OrganizationID})
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusAccepted, toRun(run))
		return nil
	}
	done, err := a.Gatherings.Invite(r.Context(), v, gatherings.Invitations{GatheringID: id, MemberIDs: in.MemberIDs, Emails: in.Emails})
	if err != nil {
		return err
	}
	out := map[string]any{"invited": 0, "already": 0, "invited_by_email": done.ByEmail}
	if done.Members != nil {
		out["invited"], out["already"] = len(done.Members.Invited), len(done.Members.Already)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// getInviteRun is GET /gatherings/{id}/invitations/progress: the latest
// "invite all".
func (a *API) getInviteRun(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	run, err := a.Gatherings.InviteRun(r.Context(), kindred.ViewerFrom(r.Context()), id, 0)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toRun(run))
	return nil
}

// createMessage is POST /gatherings/{id}/messages, through
// gatherings.MessageGuests.
func (a *API) createMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in struct {
		To      string `json:"to"`
		Subject string `json:"subject"`
		Message string `json:"message"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	n, err := a.Gatherings.MessageGuests(r.Context(), kindred.ViewerFrom(r.Context()), gatherings.Message{GatheringID: id,
		To: in.To, Subject: in.Subject, Body: in.Message})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]int{"recipients": n})
	return nil
}

// guestsCSV is GET /gatherings/{id}/guests.csv, through gatherings.GuestList.
func (a *API) guestsCSV(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rows, err := a.Gatherings.GuestList(r.Context(), kindred.ViewerFrom(r.Context()), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="gathering-%d-guests.csv"`, id))
	cw := csvx.NewWriter(w)
	if err := cw.Write([]string{"member_id", "name", "email", "organization", "city", "status", "checked_in_at"}); err != nil {
		return err
	}
	for _, row := range rows {
		m, org, checked := row.Member, "", ""
		if af, ok := m.PrimaryAffiliation(); ok {
			org = af.OrganizationName
		}
		if row.RSVP.CheckedInAt != nil {
			checked = row.RSVP.CheckedInAt.UTC().Format(time.RFC3339)
		}
		if err := cw.Write([]string{strconv.FormatInt(m.ID, 10), m.Name, m.Email, org, m.CityName, string(row.RSVP.Status), checked}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// publicGatheringJSON is what anyone may read of a public gathering.
type publicGatheringJSON struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	City      string    `json:"city"`
	TimeZone  string    `json:"time_zone"`
	Theme     string    `json:"theme"`
	Questions []string  `json:"questions"`
	VenueName string    `json:"venue_name"`
	Address   string    `json:"address"`
	Format    string    `json:"format"`
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at"`
	Status    string    `json:"status"`
	SeatsLeft int       `json:"seats_left"`
}

// publicGathering is GET /public/gatherings/{id}, without a token
// (gatherings.PublicGathering): never guests, never the join link.
func (a *API) publicGathering(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	g, err := a.Gatherings.PublicGathering(r.Context(), id)
	if err != nil {
		return err
	}
	q := g.Questions
	if q == nil {
		q = []string{}
	}
	writeJSON(w, http.StatusOK, publicGatheringJSON{ID: g.ID, Title: g.Title, City: g.CityName, TimeZone: g.TimeZone, Theme: g.Theme,
		Questions: q, VenueName: g.VenueName, Address: g.Address, Format: g.Format(), StartsAt: g.StartsAt, EndsAt: g.EndsAt,
		Status: string(g.Status), SeatsLeft: max(0, g.Capacity-g.Going)})
	return nil
}
