package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kindredhq/kindred/internal/gatherings"
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
	Public           bool      `json:"public"`
	Format           string    `json:"format"`             // in person, online or hybrid
	JoinURL          string    `json:"join_url,omitempty"` // only to organizers and guests whose seat is confirmed
}

func toGathering(g *kindred.Gathering) gatheringJSON {
	q := g.Questions
	if q == nil {
		q = []string{}
	}
	return gatheringJSON{ID: g.ID, Title: g.Title, CityID: g.CityID, TimeZone: g.TimeZone, SeriesID: g.SeriesID,
		Theme: g.Theme, Questions: q, VenueName: g.VenueName, Address: g.Address, StartsAt: g.StartsAt, EndsAt: g.EndsAt,
		Capacity: g.Capacity, TableSize: g.TableSize, Visibility: g.Visibility, Status: string(g.Status),
		ApprovalRequired: g.ApprovalRequired, Going: g.Going, Waitlisted: g.Waitlisted, Public: g.Public, Format: g.Format()}
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
	JoinURL          string   `json:"join_url"`
	Public           bool     `json:"public"`
}

// toDomain parses the times (RFC 3339, any offset) and names a bad one.
func (in gatheringIn) toDomain() (kindred.Gathering, error) {
	var p kindred.Problems
	g := kindred.Gathering{Title: in.Title, CityID: in.CityID, SeriesID: in.SeriesID, Theme: in.Theme, Questions: in.Questions,
		VenueName: in.VenueName, Address: in.Address, StartsAt: rfc3339(&p, in.StartsAt, "starts_at"), EndsAt: rfc3339(&p, in.EndsAt, "ends_at"),
		Capacity: in.Capacity, TableSize: in.TableSize, Visibility: in.Visibility, Status: kindred.GatheringStatus(in.Status),
		ApprovalRequired: in.ApprovalRequired, HostIDs: in.HostIDs, JoinURL: in.JoinURL, Public: in.Public}
	return g, p.Err()
}

// createGathering is POST /gatherings, through gatherings.Create.
func (a *API) createGathering(w http.ResponseWriter, r *http.Request) error {
	var in gatheringIn
	if err := decode(r, &in); err != nil {
		return err
	}
	g, err := in.toDomain()
	if err != nil {
		return err
	}
	made, err := a.Gatherings.Create(r.Context(), kindred.ViewerFrom(r.Context()), gatherings.NewGathering{Gathering: g})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toGathering(made))
	return nil
}

// gatheringPatch is the body of PATCH /gatherings/{id}: the fields of
// gatheringIn to change (the others keep their stored values), and demote,
// which lets a capacity below the number going move the latest to say yes
// back to the front of the waitlist.
type gatheringPatch struct {
	gatheringIn
	Demote bool `json:"demote"`
}

// inOf is a stored gathering as the body that would create it.
func inOf(g *kindred.Gathering) gatheringIn {
	return gatheringIn{Title: g.Title, CityID: g.CityID, SeriesID: g.SeriesID, Theme: g.Theme, Questions: g.Questions,
		VenueName: g.VenueName, Address: g.Address, StartsAt: g.StartsAt.Format(time.RFC3339), EndsAt: g.EndsAt.Format(time.RFC3339),
		Capacity: g.Capacity, TableSize: g.TableSize, Visibility: g.Visibility, Status: string(g.Status),
		ApprovalRequired: g.ApprovalRequired, HostIDs: g.HostIDs, JoinURL: g.JoinURL, Public: g.Public}
}

// updateGathering is PATCH /gatherings/{id}, through gatherings.Update:
// the body names only what changes.
func (a *API) updateGathering(w http.ResponseWriter, r *http.Request) error {
	old, err := a.organized(r)
	if err != nil {
		return err
	}
	in := gatheringPatch{gatheringIn: inOf(old)}
	if err := decode(r, &in); err != nil {
		return err
	}
	g, err := in.toDomain()
	if err != nil {
		return err
	}
	g.ID, g.AccessibilityNotes, g.DietsServed = old.ID, old.AccessibilityNotes, old.DietsServed
	g.OrganizationIDs, g.NetworkIDs = old.OrganizationIDs, old.NetworkIDs
	done, err := a.Gatherings.Update(r.Context(), kindred.ViewerFrom(r.Context()), gatherings.Change{Gathering: g, Demote: in.Demote})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toGathering(done))
	return nil
}

// attendanceJSON is what recording who came answers.
type attendanceJSON struct {
	Gathering   gatheringJSON `json:"gathering"`
	Came        int           `json:"came"`
	NoShows     int           `json:"no_shows"`
	TiesWritten int           `json:"ties_written"`
}

// recordAttendance is POST /gatherings/{id}/attendance, through
// gatherings.RecordAttendance: it marks the gathering held with who came,
// or corrects who came once it is held.
func (a *API) recordAttendance(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Came []int64 `json:"came"`
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	held, err := a.Gatherings.RecordAttendance(r.Context(), kindred.ViewerFrom(r.Context()), gatherings.Attendance{GatheringID: id, Came: in.Came})
	if err != nil {
		return err
	}
	out := attendanceJSON{Gathering: toGathering(held.Gathering), Came: held.Came, NoShows: held.NoShows}
	if held.Ties != nil {
		out.TiesWritten = held.Ties.Written
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (a *API) getGathering(w http.ResponseWriter, r *http.Request) error {
	g, err := a.gathering(r)
	if err != nil {
		return err
	}
	out, v := toGathering(g), kindred.ViewerFrom(r.Context())
	var mine *kindred.RSVP
	if v.MemberID() != 0 {
		if mine, err = a.Store.RSVPOf(r.Context(), g.ID, v.MemberID()); kindred.ErrorCode(err) == kindred.EINTERNAL {
			return err
		}
	}
	if g.SeesJoinLink(v, mine) {
		out.JoinURL = g.JoinURL
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// gathering reads the {id} gathering if the caller may see it
// (gatherings.Service.Gathering); ENOTFOUND otherwise.
func (a *API) gathering(r *http.Request) (*kindred.Gathering, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return a.Gatherings.Gathering(r.Context(), kindred.ViewerFrom(r.Context()), id)
}

// organized reads the {id} gathering for an organizer of its city:
// ENOTFOUND as gathering, EFORBIDDEN to others who may see it.
func (a *API) organized(r *http.Request) (*kindred.Gathering, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return a.Gatherings.Organized(r.Context(), kindred.ViewerFrom(r.Context()), id)
}

// listGatherings pages the gatherings the caller may see as the page
// does (gatherings.Service.List): by id, or with ?when=upcoming|past by
// time, soonest (or newest) first; "more" says how many follow.
func (a *API) listGatherings(w http.ResponseWriter, r *http.Request) error {
	limit, err := queryLimit(r)
	f := store.GatheringFilter{Limit: limit}
	if err == nil {
		f.CityID, err = queryID(r, "city_id")
	}
	if err == nil {
		f.SeriesID, err = queryID(r, "series_id")
	}
	var cursor int64
	if err == nil {
		cursor, err = queryID(r, "next")
	}
	switch when := r.URL.Query().Get("when"); when {
	case "":
		f.AfterID = cursor
	case "upcoming", "past":
		f.Now, f.Past, f.After = a.Store.Now(), when == "past", cursor
	default:
		err = badRequest("when must be upcoming or past.", map[string]string{"when": "must be upcoming or past"})
	}
	var page gatherings.GatheringPage
	if err == nil {
		page, err = a.Gatherings.List(r.Context(), kindred.ViewerFrom(r.Context()), f)
	}
	if err != nil {
		return err
	}
	out := list[gatheringJSON]{Items: []gatheringJSON{}, More: page.More}
	if page.Next != 0 {
		out.Next = strconv.FormatInt(page.Next, 10)
	}
	for _, g := range page.Gatherings {
		out.Items = append(out.Items, toGathering(g))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
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

func (a *API) listRSVPs(w http.ResponseWriter, r *http.Request) error {
	g, err := a.organized(r)
	if err != nil {
		return err
	}
	vs, err := a.Store.ListRSVPs(r.Context(), g.ID)
	if err != nil {
		return err
	}
	out := list[rsvpJSON]{Items: make([]rsvpJSON, 0, len(vs))}
	for _, v := range vs {
		out.Items = append(out.Items, toRSVP(v))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// createRSVP records an answer through gatherings.RSVP, the flow the pages
// use: a member for themself, or an organizer of the city (or an admin)
// for anyone. It answers the resulting state, which is "waitlist" when the
// gathering is full: 201 when it changed, 200 when it was already so.
func (a *API) createRSVP(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		MemberID int64             `json:"member_id"`
		Status   string            `json:"status"`
		Answers  map[string]string `json:"answers"`
	}
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	res, err := a.Gatherings.RSVP(r.Context(), kindred.ViewerFrom(r.Context()), gatherings.Answer{GatheringID: id,
		MemberID: in.MemberID, Status: in.Status, Answers: in.Answers})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if res.Changed {
		status = http.StatusCreated
	}
	writeJSON(w, status, toRSVP(res.RSVP))
	return nil
}

// rfc3339 parses an API time (RFC 3339, any offset), naming field in p when
// it is not one.
func rfc3339(p *kindred.Problems, s, field string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		p.Add(field, "must be an RFC 3339 time like 2026-04-15T18:30:00-05:00")
	}
	return t
}
