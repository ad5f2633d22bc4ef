package api

import (
	"net/http"
	"time"

	"github.com/kindredhq/kindred/internal/gatherings"
	"github.com/kindredhq/kindred/internal/kindred"
)

// proposalRoutes are the endpoints of member-proposed dinners (see Routes).
func (a *API) proposalRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/proposals", Handler: a.handle(a.listProposals)},
		{Method: "POST", Path: "/proposals", Handler: a.handle(a.createProposal)},
		{Method: "GET", Path: "/proposals/{id}", Handler: a.handle(a.getProposal)},
		{Method: "PATCH", Path: "/proposals/{id}", Handler: a.handle(a.reviseProposal)},
		{Method: "POST", Path: "/proposals/{id}/review", Handler: a.handle(a.reviewProposal)},
		{Method: "POST", Path: "/proposals/{id}/trust", Handler: a.handle(a.trustHost)},
	}
}

// proposalJSON is a proposal as the API shows it: its review and the
// proposed gathering.
type proposalJSON struct {
	Gathering  gatheringJSON `json:"gathering"`
	MemberID   int64         `json:"member_id"`
	MemberName string        `json:"member_name"`
	Review     string        `json:"review"`
	Message    string        `json:"message"`
	ReviewedAt *time.Time    `json:"reviewed_at,omitempty"`
	CreatedAt  time.Time     `json:"created_at"`
	UpdatedAt  time.Time     `json:"updated_at"`
}

func toProposal(p *kindred.Proposal) proposalJSON {
	out := proposalJSON{Gathering: toGathering(p.Gathering), MemberID: p.MemberID, MemberName: p.MemberName,
		Review: string(p.Review), Message: p.Message, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	if !p.ReviewedAt.IsZero() {
		out.ReviewedAt = &p.ReviewedAt
	}
	return out
}

// proposalIn is the body of POST /proposals and PATCH /proposals/{id}.
type proposalIn struct {
	CityID    int64    `json:"city_id"`
	Title     string   `json:"title"`
	Theme     string   `json:"theme"`
	Questions []string `json:"questions"`
	VenueName string   `json:"venue_name"`
	Address   string   `json:"address"`
	StartsAt  string   `json:"starts_at"`
	EndsAt    string   `json:"ends_at"`
	Capacity  int      `json:"capacity"`
}

// toDinner parses the times (RFC 3339, any offset) and names a bad one.
func (in proposalIn) toDinner() (gatherings.Dinner, error) {
	var p kindred.Problems
	d := gatherings.Dinner{CityID: in.CityID, Title: in.Title, Theme: in.Theme, Questions: in.Questions, VenueName: in.VenueName,
		Address: in.Address, StartsAt: rfc3339(&p, in.StartsAt, "starts_at"), EndsAt: rfc3339(&p, in.EndsAt, "ends_at"), Capacity: in.Capacity}
	return d, p.Err()
}

// listProposals is GET /proposals: the token's own proposals (mine) and,
// for organizers, those waiting for their review (waiting).
func (a *API) listProposals(w http.ResponseWriter, r *http.Request) error {
	lists, err := a.Gatherings.Proposals(r.Context(), kindred.ViewerFrom(r.Context()))
	if err != nil {
		return err
	}
	out := map[string][]proposalJSON{"mine": {}, "waiting": {}}
	for _, p := range lists.Mine {
		out["mine"] = append(out["mine"], toProposal(p))
	}
	for _, p := range lists.Waiting {
		out["waiting"] = append(out["waiting"], toProposal(p))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// createProposal is POST /proposals, through gatherings.Propose.
func (a *API) createProposal(w http.ResponseWriter, r *http.Request) error {
	// Who may not propose is told so before the body's problems, as on the page.
	if _, err := a.Gatherings.ProposerCity(r.Context(), kindred.ViewerFrom(r.Context())); err != nil {
		return err
	}
	var in proposalIn
	if err := decode(r, &in); err != nil {
		return err
	}
	d, err := in.toDinner()
	if err != nil {
		return err
	}
	p, err := a.Gatherings.Propose(r.Context(), kindred.ViewerFrom(r.Context()), d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toProposal(p))
	return nil
}

// proposal reads the {id} proposal as the token's viewer may see it.
func (a *API) proposal(r *http.Request) (*kindred.Proposal, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return a.Gatherings.Proposal(r.Context(), kindred.ViewerFrom(r.Context()), id)
}

// getProposal is GET /proposals/{id}.
func (a *API) getProposal(w http.ResponseWriter, r *http.Request) error {
	p, err := a.proposal(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toProposal(p))
	return nil
}

// reviseProposal is PATCH /proposals/{id}, through gatherings.Revise: the
// body names only what changes.
func (a *API) reviseProposal(w http.ResponseWriter, r *http.Request) error {
	p, err := a.proposal(r)
	if err != nil {
		return err
	}
	if err := p.MayRevise(kindred.ViewerFrom(r.Context())); err != nil {
		return err
	}
	g := p.Gathering
	in := proposalIn{Title: g.Title, Theme: g.Theme, Questions: g.Questions, VenueName: g.VenueName, Address: g.Address,
		StartsAt: g.StartsAt.Format(time.RFC3339), EndsAt: g.EndsAt.Format(time.RFC3339), Capacity: g.Capacity}
	if err := decode(r, &in); err != nil {
		return err
	}
	d, err := in.toDinner()
	if err != nil {
		return err
	}
	done, err := a.Gatherings.Revise(r.Context(), kindred.ViewerFrom(r.Context()), gatherings.Revision{GatheringID: g.ID, Dinner: d})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toProposal(done))
	return nil
}

// reviewIn is the body of POST /proposals/{id}/review.
type reviewIn struct {
	Decision string `json:"decision"`
	Message  string `json:"message"`
}

// reviewProposal is POST /proposals/{id}/review, through gatherings.Review.
func (a *API) reviewProposal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in reviewIn
	if err := decode(r, &in); err != nil {
		return err
	}
	done, err := a.Gatherings.Review(r.Context(), kindred.ViewerFrom(r.Context()),
		gatherings.Decision{GatheringID: id, Decision: in.Decision, Message: in.Message})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toProposal(done))
	return nil
}

// trustHost is POST /proposals/{id}/trust {"trusted": bool}: an organizer
// marks the proposer a trusted host in the proposal's city, or takes the
// mark away, through gatherings.SetTrustedHost.
func (a *API) trustHost(w http.ResponseWriter, r *http.Request) error {
	p, err := a.proposal(r)
	if err != nil {
		return err
	}
	var in struct {
		Trusted bool `json:"trusted"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	err = a.Gatherings.SetTrustedHost(r.Context(), kindred.ViewerFrom(r.Context()),
		gatherings.Trust{CityID: p.Gathering.CityID, MemberID: p.MemberID, Trusted: in.Trusted})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"member_id": p.MemberID, "city_id": p.Gathering.CityID, "trusted": in.Trusted})
	return nil
}
