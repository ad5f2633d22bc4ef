package library

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kindredhq/kindred/internal/diffusion"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Path is how a practice reached an organization, as a viewer may see it:
// Member, of the adopting organization, met Met, of an organization already
// trying the practice (Earlier, its first adoption), on On.
type Path struct {
	Kind    kindred.TieKind
	On      time.Time
	Member  kindred.Contact
	Met     kindred.Contact
	Earlier kindred.Adoption
	// Gathering is where they sat together or chose to follow up; nil for
	// an introduction.
	Gathering *kindred.Gathering
	// Others counts the other ties, before the adoption, between the
	// organization's people and people of organizations already trying it.
	Others int
}

// Paths returns, by adoption id, the path that led each organization to the
// practice p (diffusion.Paths: the most recent tie before its first
// adoption with people of an organization already trying it), built only
// from what v may see: shared ties (never one a member hid, nor one still
// waiting for a member's confirmation), affiliations as
// kindred.Member.VisibleTo shows them to v, and, for ties made at a
// gathering, only gatherings v may see (store.Store.SeesGathering) — a
// path that would need anything else is left out, never hinted at. It
// answers EUNAUTHORIZED when v is anonymous and wraps the store's errors.
func (s *Service) Paths(ctx context.Context, v *kindred.Viewer, p *kindred.Practice) (map[int64]Path, error) {
	if !v.SignedIn() {
		return nil, kindred.Errorf(kindred.EUNAUTHORIZED, "Sign in to see how practices travel.")
	}
	if len(p.Adoptions) < 2 {
		return map[int64]Path{}, nil
	}
	l, err := s.Store.AdoptionLedger(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	ties, err := s.visibleTies(ctx, v, l)
	if err != nil {
		return nil, err
	}
	adoptions := make([]diffusion.Adoption, len(p.Adoptions))
	for i, a := range p.Adoptions {
		adoptions[i] = diffusion.Adoption{ID: a.ID, Practice: p.ID, Org: a.OrganizationID, On: a.AdoptedOn}
	}
	names := map[int64]string{}
	for _, m := range l.Members {
		names[m.ID] = m.Name
	}
	out := map[int64]Path{}
	for id, dp := range diffusion.Paths(adoptions, ties, memberships(v, l.Members, p.Adoptions)) {
		path := Path{Kind: kindred.TieKind(dp.Tie.Kind), On: dp.Tie.On, Others: dp.Others, Gathering: l.Gatherings[dp.Tie.ID],
			Member: kindred.Contact{MemberID: dp.Member, Name: names[dp.Member]}, Met: kindred.Contact{MemberID: dp.Met, Name: names[dp.Met]}}
		i := slices.IndexFunc(p.Adoptions, func(a kindred.Adoption) bool {
			return a.OrganizationID == dp.MetOrg && a.AdoptedOn.Equal(dp.Since)
		})
		if i < 0 {
			return nil, fmt.Errorf("paths: no adoption by organization %d on %s", dp.MetOrg, dp.Since.Format(time.DateOnly))
		}
		path.Earlier = p.Adoptions[i]
		out[id] = path
	}
	return out, nil
}

// memberships are the affiliations to adopting organizations that v may
// see (kindred.Member.VisibleTo).
func memberships(v *kindred.Viewer, members []*kindred.Member, adoptions []kindred.Adoption) []diffusion.Membership {
	adopting := map[int64]bool{}
	for _, a := range adoptions {
		adopting[a.OrganizationID] = true
	}
	var out []diffusion.Membership
	for _, m := range members {
		for _, af := range m.VisibleTo(v.Account).Affiliations {
			if adopting[af.OrganizationID] {
				from, until := af.During()
				out = append(out, diffusion.Membership{Member: m.ID, Org: af.OrganizationID, From: from, Until: until})
			}
		}
	}
	return out
}

// visibleTies keeps the ledger's shared ties whose gathering, when they
// were made at one, v may see; a gathering tie the ledger cannot place at
// a gathering is left out.
func (s *Service) visibleTies(ctx context.Context, v *kindred.Viewer, l *store.AdoptionLedger) ([]diffusion.Tie, error) {
	sees := map[int64]bool{}
	var out []diffusion.Tie
	for _, t := range l.Ties {
		if !t.Shared() {
			continue
		}
		dt := diffusion.Tie{ID: t.ID, A: t.A, B: t.B, Kind: string(t.Kind), On: t.HappenedOn}
		if slices.Contains(store.GatheringKinds, t.Kind) {
			g := l.Gatherings[t.ID]
			if g == nil {
				continue
			}
			seen, ok := sees[g.ID]
			if !ok {
				var err error
				if seen, err = s.Store.SeesGathering(ctx, v, g); err != nil {
					return nil, fmt.Errorf("paths: %w", err)
				}
				sees[g.ID] = seen
			}
			if !seen {
				continue
			}
			dt.Gathering = g.ID
		}
		out = append(out, dt)
	}
	return out, nil
}
