package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestGatheringsSeenMatchesVisibleTo: a list read with a viewer's
// GatheringsSeen holds exactly the gatherings kindred.Gathering.VisibleTo
// lets that viewer see (SeesGathering), and CountGatherings counts them —
// for an administrator, an organizer of one city, a guest, a host, the
// proposer of a draft and a member with none of these.
func TestGatheringsSeenMatchesVisibleTo(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := seedDirectory(t, s)
		ids := guests(t, s, 4)
		guest, host, proposer, other := ids[0], ids[1], ids[2], ids[3]
		at := func(city int64, vis string, st kindred.GatheringStatus, hosts ...int64) kindred.Gathering {
			return kindred.Gathering{CityID: city, Title: "Dinner", Capacity: 10, StartsAt: dinnerStart, EndsAt: dinnerStart.Add(2 * time.Hour),
				Status: st, Visibility: vis, HostIDs: hosts}
		}
		createGathering(t, s, at(f.chicago, kindred.VisibilityNetwork, kindred.GatheringOpen))
		createGathering(t, s, at(f.boston, kindred.VisibilityNetwork, kindred.GatheringHeld))
		invite := createGathering(t, s, at(f.boston, kindred.VisibilityInvite, kindred.GatheringOpen))
		rsvp(t, s, invite.ID, guest, kindred.RSVPGoing)
		createGathering(t, s, at(f.boston, kindred.VisibilityInvite, kindred.GatheringOpen, host))
		createGathering(t, s, at(f.chicago, kindred.VisibilityInvite, kindred.GatheringClosed))
		draft := createGathering(t, s, at(f.boston, kindred.VisibilityNetwork, kindred.GatheringDraft))
		if err := s.WithTx(ctx, func(tx *store.Tx) error {
			return tx.CreateProposal(ctx, draft.ID, proposer, kindred.ProposalPending)
		}); err != nil {
			t.Fatal(err)
		}
		createGathering(t, s, at(f.chicago, kindred.VisibilityNetwork, kindred.GatheringDraft))
		member := func(id int64) *kindred.Viewer {
			return &kindred.Viewer{Account: &kindred.Account{ID: 900 + id, Role: kindred.RoleMember}, Member: &kindred.Member{ID: id}}
		}
		viewers := map[string]*kindred.Viewer{
			"admin":     {Account: &kindred.Account{ID: 1, Role: kindred.RoleAdmin}},
			"organizer": {Account: &kindred.Account{ID: 2, Role: kindred.RoleOrganizer, CityIDs: []int64{f.chicago}}},
			"guest":     member(guest), "host": member(host), "proposer": member(proposer), "other": member(other),
			"no profile": {Account: &kindred.Account{ID: 3, Role: kindred.RoleMember}},
		}
		all, err := s.ListGatherings(ctx, store.GatheringFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for name, v := range viewers {
			var want []int64
			for _, g := range all {
				if seen, err := s.SeesGathering(ctx, v, g); err != nil {
					t.Fatal(err)
				} else if seen {
					want = append(want, g.ID)
				}
			}
			seen := v.GatheringsSeen()
			listed, err := s.ListGatherings(ctx, store.GatheringFilter{Seen: &seen})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, g := range listed {
				got = append(got, g.ID)
			}
			n, err := s.CountGatherings(ctx, store.GatheringFilter{Seen: &seen})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) || n != len(want) {
				t.Errorf("%s: listed %v, counted %d; VisibleTo lets them see %v", name, got, n, want)
			}
		}
	})
}

// TestListGatheringsCountsRSVPs: a list carries each gathering's going and
// waitlisted counts, read for the whole list at once, as one gathering's
// read does.
func TestListGatheringsCountsRSVPs(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := seedDirectory(t, s)
		ids := guests(t, s, 4)
		small := createGathering(t, s, dinner(f, 2))
		empty := createGathering(t, s, dinner(f, 5))
		for _, id := range ids {
			rsvp(t, s, small.ID, id, kindred.RSVPGoing)
		}
		listed, err := s.ListGatherings(ctx, store.GatheringFilter{Now: dinnerStart.Add(-time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range listed {
			one, err := s.Gathering(ctx, g.ID)
			if err != nil {
				t.Fatal(err)
			}
			if g.Going != one.Going || g.Waitlisted != one.Waitlisted {
				t.Errorf("gathering %d listed with %d going, %d waiting; read alone %d, %d", g.ID, g.Going, g.Waitlisted, one.Going, one.Waitlisted)
			}
		}
		if len(listed) != 2 || listed[0].ID != small.ID || listed[0].Going != 2 || listed[0].Waitlisted != 2 || listed[1].ID != empty.ID {
			t.Errorf("listed %+v", listed)
		}
	})
}
