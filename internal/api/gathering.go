package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// gatheringJSON is a gathering as the API shows it.
type gatheringJSON struct {
	ID               int64     `json:"id"`
	Title            string    `json:"title"`
	CityID           int64     `json:"city_id"`
	TimeZone         string    `json:"time_zone"`
	SeriesID         int64     `json:"series_id,omitempty"`
	Theme            string    `json:"theme"`
	Questions        []string  `json:"questions"`
	VenueName        string    `json:"venue_name"`
	Address          string    `json:"address"`
	StartsAt         time.Time `json:"starts_at"`
	EndsAt           time.Time `json:"ends_at"`
	Capacity         int       `json:"capacity"`
	TableSize        int       `json:"table_size"`
	Visibility       string    `json:"visibility"`
	Status           string    `json:"status"`
	ApprovalRequired bool      `json:"approval_required"`
	Going            int       `json:"going"`
	Waitlisted       int       `json:"waitlisted"`
}

func toGathering(g *kindred.Gathering) gatheringJSON {
	q := g.Questions
	if q == nil {
		q = []string{}
	}
	return gatheringJSON{ID: g.ID, Title: g.Title, CityID: g.CityID, TimeZone: g.TimeZone, SeriesID: g.SeriesID,
		Theme: g.Theme, Questions: q, VenueName: g.VenueName, Address: g.Address, StartsAt: g.StartsAt, EndsAt: g.EndsAt,
		Capacity: g.Capacity, TableSize: g.TableSize, Visibility: g.Visibility, Status: string(g.Status),
		ApprovalRequired: g.ApprovalRequired, Going: g.Going, Waitlisted: g.Waitlisted}
}

// gatheringIn is the body of POST /gatherings.
type gatheringIn struct {
	Title            string   `json:"title"`
	CityID           int64    `json:"city_id"`
	SeriesID         int64    `json:"series_id"`
	Theme            string   `json:"theme"`
	Questions        []string `json:"questions"`
	VenueName        string   `json:"venue_name"`
	Address          string   `json:"address"`
	StartsAt         string   `json:"starts_at"`
	EndsAt           string   `json:"ends_at"`
	Capacity         int      `json:"capacity"`
	TableSize        int      `json:"table_size"`
	Visibility       string   `json:"visibility"`
	Status           string   `json:"status"`
	ApprovalRequired bool     `json:"approval_required"`
	HostIDs          []int64  `json:"host_ids"`
}

// toDomain parses the times (RFC 3339, any offset) and names a bad one.
func (in gatheringIn) toDomain() (kindred.Gathering, error) {
	var p kindred.Problems
	parse := func(s, field string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			p.Add(field, "must be an RFC 3339 time like 2026-04-15T18:30:00-05:00")
		}
		return t
	}
	g := kindred.Gathering{Title: in.Title, CityID: in.CityID, SeriesID: in.SeriesID, Theme: in.Theme, Questions: in.Questions,
		VenueName: in.VenueName, Address: in.Address, StartsAt: parse(in.StartsAt, "starts_at"), EndsAt: parse(in.EndsAt, "ends_at"),
		Capacity: in.Capacity, TableSize: in.TableSize, Visibility: in.Visibility, Status: kindred.GatheringStatus(in.Status),
		ApprovalRequired: in.ApprovalRequired, HostIDs: in.HostIDs}
	return g, p.Err()
}

func (a *API) createGathering(w http.ResponseWriter, r *http.Request) {
	acct := accountFrom(r.Context())
	var in gatheringIn
	if err := decode(r, &in); err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	g, err := in.toDomain()
	if err == nil && !acct.CanOrganize(g.CityID) {
		err = kindred.Errorf(kindred.EFORBIDDEN, "Only organizers of the city and administrators can create gatherings there.")
	}
	var made *kindred.Gathering
	if err == nil {
		g.CreatedBy = acct.ID
		err = a.Store.WithTx(r.Context(), func(tx *store.Tx) error {
			if made, err = tx.CreateGathering(r.Context(), g); err != nil {
				return err
			}
			return tx.Audit(r.Context(), acct.ID, "gathering.create", strconv.FormatInt(made.ID, 10), "api")
		})
	}
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	writeJSON(w, http.StatusCreated, toGathering(made))
}

func (a *API) getGathering(w http.ResponseWriter, r *http.Request) {
	g, err := a.visibleGathering(r)
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	writeJSON(w, http.StatusOK, toGathering(g))
}

// visibleGathering reads the {id} gathering if the caller may see it:
// network gatherings that are not drafts, and invite-only ones to the invited;
// organizers of the city see everything there. Others get ENOTFOUND.
func (a *API) visibleGathering(r *http.Request) (*kindred.Gathering, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	g, err := a.Store.Gathering(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !a.canSee(r.Context(), accountFrom(r.Context()), g) {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "No such gathering.")
	}
	return g, nil
}

// canSee applies kindred.Gathering.VisibleTo, the rule the pages apply too.
func (a *API) canSee(ctx context.Context, acct *kindred.Account, g *kindred.Gathering) bool {
	return g.VisibleTo(acct, func() bool {
		m, err := a.Store.ViewerMember(ctx, acct)
		if err != nil {
			return false
		}
		listed, err := a.Store.OnGuestList(ctx, g.ID, m.ID)
		return err == nil && listed
	})
}

func (a *API) listGatherings(w http.ResponseWriter, r *http.Request) {
	limit, err := queryLimit(r)
	f := store.GatheringFilter{Limit: limit + 1}
	if err == nil {
		f.CityID, err = queryID(r, "city_id")
	}
	if err == nil {
		f.SeriesID, err = queryID(r, "series_id")
	}
	if err == nil {
		f.AfterID, err = queryID(r, "next")
	}
	var gs []*kindred.Gathering
	if err == nil {
		gs, err = a.Store.ListGatherings(r.Context(), f)
	}
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	out := list[gatheringJSON]{Items: []gatheringJSON{}}
	if len(gs) > limit {
		gs = gs[:limit]
		out.Next = strconv.FormatInt(gs[limit-1].ID, 10)
	}
	acct := accountFrom(r.Context())
	for _, g := range gs {
		if a.canSee(r.Context(), acct, g) {
			out.Items = append(out.Items, toGathering(g))
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// rsvpJSON is an RSVP as the API shows it.
type rsvpJSON struct {
	GatheringID int64             `json:"gathering_id"`
	MemberID    int64             `json:"member_id"`
	Name        string            `json:"name"`
	Status      string            `json:"status"`
	Answers     map[string]string `json:"answers"`
	CheckedInAt *time.Time        `json:"checked_in_at"`
	UpdatedAt   time.Time         `json:"updated_at"`
}

func toRSVP(v *kindred.RSVP) rsvpJSON {
	ans := v.Answers
	if ans == nil {
		ans = map[string]string{}
	}
	return rsvpJSON{v.GatheringID, v.MemberID, v.MemberName, string(v.Status), ans, v.CheckedInAt, v.UpdatedAt}
}

func (a *API) listRSVPs(w http.ResponseWriter, r *http.Request) {
	g, err := a.visibleGathering(r)
	if err == nil && !accountFrom(r.Context()).CanOrganize(g.CityID) {
		err = kindred.Errorf(kindred.EFORBIDDEN, "Only organizers of the city and administrators can read the guest list.")
	}
	var vs []*kindred.RSVP
	if err == nil {
		vs, err = a.Store.ListRSVPs(r.Context(), g.ID)
	}
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	out := list[rsvpJSON]{Items: make([]rsvpJSON, 0, len(vs))}
	for _, v := range vs {
		out.Items = append(out.Items, toRSVP(v))
	}
	writeJSON(w, http.StatusOK, out)
}

// createRSVP records an answer: a member for themself, or an organizer of
// the city (or an admin) for anyone. It answers the resulting state, which
// is "waitlist" when the gathering is full.
func (a *API) createRSVP(w http.ResponseWriter, r *http.Request) {
	var in struct {
		MemberID int64             `json:"member_id"`
		Status   string            `json:"status"`
		Answers  map[string]string `json:"answers"`
	}
	g, err := a.visibleGathering(r)
	if err == nil {
		err = decode(r, &in)
	}
	var req kindred.RSVPRequest
	if err == nil {
		req, err = a.rsvpRequest(r.Context(), g, in.MemberID, in.Status, in.Answers)
	}
	var res *kindred.RSVPResult
	if err == nil {
		err = a.Store.WithTx(r.Context(), func(tx *store.Tx) error {
			if res, err = tx.RSVP(r.Context(), req); err != nil {
				return err
			}
			return a.Queue.NotifyRSVP(r.Context(), tx, res)
		})
	}
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	status := http.StatusOK
	if res.Changed {
		status = http.StatusCreated
	}
	writeJSON(w, status, toRSVP(res.RSVP))
}

// rsvpRequest checks who answers for whom.
func (a *API) rsvpRequest(ctx context.Context, g *kindred.Gathering, memberID int64, status string, answers map[string]string) (kindred.RSVPRequest, error) {
	acct := accountFrom(ctx)
	st, err := kindred.ParseRSVPStatus(status)
	if err != nil {
		return kindred.RSVPRequest{}, err
	}
	req := kindred.RSVPRequest{GatheringID: g.ID, MemberID: memberID, Status: st, Answers: answers, ActorID: acct.ID}
	if acct.CanOrganize(g.CityID) && memberID != 0 {
		req.ByOrganizer = true
		return req, nil
	}
	me, err := a.Store.ViewerMember(ctx, acct)
	if err != nil && acct.CanOrganize(g.CityID) {
		return req, &kindred.Error{Code: kindred.EINVALID, Message: "Your account has no member profile, so say whose RSVP this is.",
			Fields: map[string]string{"member_id": "is required for an account without a member profile"}}
	}
	if err != nil {
		return req, kindred.Errorf(kindred.EFORBIDDEN, "Your account has no member profile yet, so it cannot RSVP.")
	}
	if memberID != 0 && memberID != me.ID {
		return req, kindred.Errorf(kindred.EFORBIDDEN, "You can answer only for yourself; organizers can answer for others.")
	}
	req.MemberID = me.ID
	return req, nil
}
