package store_test

import (
	"cmp"
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// seatedDinner makes a dinner with six guests going and a two-round plan:
// round 1 tables {0,1,2} {3,4,5}; round 2 tables {0,3,4} {1,2,5}.
func seatedDinner(t *testing.T, s *store.Store) (*kindred.Gathering, []int64, *kindred.TablePlan) {
	t.Helper()
	g := createGathering(t, s, dinner(seedDirectory(t, s), 10))
	ids := guests(t, s, 6)
	for _, id := range ids {
		rsvp(t, s, g.ID, id, kindred.RSVPGoing)
	}
	p := &kindred.TablePlan{GatheringID: g.ID, Rounds: 2, TableSize: 3, Seed: 1 << 40,
		Summary: kindred.TableSummary{NewCrossOrgPairs: 10, MeanNewPeople: 3.5}}
	for r, tables := range [][][]int{{{0, 1, 2}, {3, 4, 5}}, {{0, 3, 4}, {1, 2, 5}}} {
		for tab, members := range tables {
			for _, m := range members {
				p.Seats = append(p.Seats, kindred.Seat{Round: r + 1, Table: tab + 1, MemberID: ids[m], Pinned: m == 0})
			}
		}
	}
	if err := saveTablePlan(s, p); err != nil {
		t.Fatalf("save table plan: %v", err)
	}
	return g, ids, p
}

func saveTablePlan(s *store.Store, p *kindred.TablePlan) error {
	return s.WithTx(context.Background(), func(tx *store.Tx) error { return tx.SaveTablePlan(context.Background(), p) })
}

func TestTablePlanSaveAndRead(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g, ids, saved := seatedDinner(t, s)
		got, err := s.TablePlan(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Rounds != 2 || got.TableSize != 3 || got.Seed != 1<<40 || got.Summary != saved.Summary || got.Locked() {
			t.Errorf("got plan %+v, want %+v", got, saved)
		}
		if want := [][]int64{{ids[0], ids[3], ids[4]}, {ids[1], ids[2], ids[5]}}; !reflect.DeepEqual(got.Tables(2), want) {
			t.Errorf("round 2 tables = %v, want %v", got.Tables(2), want)
		}
		if st, ok := got.Seat(1, ids[0]); !ok || !st.Pinned || st.Table != 1 {
			t.Errorf("seat of guest 0 = %+v, %v; want pinned at table 1", st, ok)
		}
		mates, err := s.TableMates(ctx, g.ID, 1)
		if want := []int64{ids[0], ids[1], ids[2], ids[3], ids[4]}; err != nil || !reflect.DeepEqual(mates, want) {
			t.Errorf("TableMates(1) = %v, %v; want %v", mates, err, want)
		}
		tables, err := s.TableOf(ctx, g.ID, ids[3])
		if err != nil || !reflect.DeepEqual(tables, []int{1, 2}) {
			t.Errorf("TableOf(guest 3) = %v, %v; want [1 2]", tables, err)
		}

		// Saving again replaces every seat.
		saved.Rounds, saved.Seats = 1, []kindred.Seat{{Round: 1, Table: 1, MemberID: ids[0]}, {Round: 1, Table: 1, MemberID: ids[5]}}
		if err := saveTablePlan(s, saved); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.TablePlan(ctx, g.ID); len(got.Seats) != 2 || got.Rounds != 1 {
			t.Errorf("after replacing: %d seats in %d rounds, want 2 in 1", len(got.Seats), got.Rounds)
		}
	})
}

func TestTablePlanMissingAndInvalid(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g := createGathering(t, s, dinner(seedDirectory(t, s), 10))
		if _, err := s.TablePlan(ctx, g.ID); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("no plan: err = %v, want ENOTFOUND", err)
		}
		lock := s.WithTx(ctx, func(tx *store.Tx) error { return tx.LockTablePlan(ctx, g.ID, 0, 0) })
		if kindred.ErrorCode(lock) != kindred.ENOTFOUND {
			t.Errorf("locking no plan: err = %v, want ENOTFOUND", lock)
		}
		ties := s.WithTx(ctx, func(tx *store.Tx) error { _, _, err := tx.WriteTableTies(ctx, g.ID); return err })
		if kindred.ErrorCode(ties) != kindred.ENOTFOUND {
			t.Errorf("writing the ties of no plan: err = %v, want ENOTFOUND", ties)
		}
		m := guests(t, s, 1)[0]
		tests := []struct {
			name  string
			plan  kindred.TablePlan
			field string
		}{
			{"no rounds", kindred.TablePlan{Rounds: 0, TableSize: 4}, "rounds"},
			{"tiny tables", kindred.TablePlan{Rounds: 1, TableSize: 1}, "table_size"},
			{"seat outside the rounds", kindred.TablePlan{Rounds: 1, TableSize: 4, Seats: []kindred.Seat{{Round: 2, Table: 1, MemberID: m}}}, "round"},
			{"table zero", kindred.TablePlan{Rounds: 1, TableSize: 4, Seats: []kindred.Seat{{Round: 1, Table: 0, MemberID: m}}}, "table"},
			{"seated twice", kindred.TablePlan{Rounds: 1, TableSize: 4, Seats: []kindred.Seat{{Round: 1, Table: 1, MemberID: m}, {Round: 1, Table: 2, MemberID: m}}}, "member"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.plan.GatheringID = g.ID
				if err := saveTablePlan(s, &tt.plan); kindred.ErrorFields(err)[tt.field] == "" {
					t.Errorf("got %v, want a problem with %s", err, tt.field)
				}
			})
		}
	})
}

func TestTablePlanLock(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g, _, p := seatedDinner(t, s)
		host := createAccount(t, s, "host@example.org", kindred.RoleOrganizer)
		lock := func(against int) error {
			return s.WithTx(ctx, func(tx *store.Tx) error { return tx.LockTablePlan(ctx, g.ID, host.ID, against) })
		}
		if err := lock(p.Revision); err != nil {
			t.Fatal(err)
		}
		got, err := s.TablePlan(ctx, g.ID)
		if err != nil || !got.Locked() || got.LockedBy != host.ID || got.LockedByName != host.Name ||
			got.Revision != p.Revision+1 || got.ChangedBy != host.ID || got.ChangedByName != host.Name {
			t.Fatalf("locked plan = %+v, %v; want locked by %q at revision %d", got, err, host.Name, p.Revision+1)
		}
		if err := lock(got.Revision); err != nil || storedRevision(t, s, g.ID) != got.Revision {
			t.Errorf("locking a locked plan: %v, revision %d; want no error and no new revision", err, storedRevision(t, s, g.ID))
		}
		if err := saveTablePlan(s, p); kindred.ErrorCode(err) != kindred.ECONFLICT {
			t.Errorf("saving a locked plan: err = %v, want ECONFLICT", err)
		}
		unlock := s.WithTx(ctx, func(tx *store.Tx) error { return tx.UnlockTablePlan(ctx, g.ID, host.ID, p.Revision) })
		if _, ok := errors.AsType[*kindred.PlanChanged](unlock); !ok || !storedPlan(t, s, g.ID).Locked() {
			t.Errorf("unlocking against the revision before the lock: %v; want PlanChanged and still locked", unlock)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.UnlockTablePlan(ctx, g.ID, host.ID, got.Revision) }); err != nil {
			t.Fatal(err)
		}
		p.Revision = storedRevision(t, s, g.ID)
		if err := saveTablePlan(s, p); err != nil {
			t.Errorf("saving an unlocked plan: %v", err)
		}
	})
}

func TestWriteTableTies(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g, ids, p := seatedDinner(t, s)
		rsvp(t, s, g.ID, ids[5], kindred.RSVPDeclined) // did not come: no ties for guest 5
		write := func() (n int, already bool) {
			t.Helper()
			err := s.WithTx(ctx, func(tx *store.Tx) (err error) {
				n, already, err = tx.WriteTableTies(ctx, g.ID)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return n, already
		}
		// Pairs over both rounds: {0,1} {0,2} {1,2} {3,4} {3,5} {4,5} {0,3} {0,4} {1,5} {2,5};
		// {3,4} shares two rounds but is one pair; without guest 5 that leaves 6.
		if n, already := write(); n != 6 || already {
			t.Errorf("first write = %d ties (already %v), want 6", n, already)
		}
		if n, already := write(); n != 0 || !already {
			t.Errorf("second write = %d ties (already %v), want 0 and already", n, already)
		}
		ties, err := s.TiesOf(ctx, ids[3])
		if err != nil || len(ties) != 2 || ties[0].Kind != kindred.TieSatTogether || ties[0].SourceRef != g.Title {
			t.Errorf("ties of guest 3 = %+v, %v; want 2 sat_together at %q", ties, err, g.Title)
		}
		counts, err := s.SatTogetherCounts(ctx, ids[:4], g.LocalDay().AddDate(0, 0, 1))
		if err != nil || len(counts) != 4 || counts[[2]int64{ids[0], ids[3]}] != 1 {
			t.Errorf("SatTogetherCounts = %v, %v; want 4 pairs among guests 0-3", counts, err)
		}
		// Seen from the gathering's own day, its ties are not yet history.
		if counts, err := s.SatTogetherCounts(ctx, ids[:4], g.LocalDay()); err != nil || len(counts) != 0 {
			t.Errorf("SatTogetherCounts before the gathering = %v, %v; want none", counts, err)
		}
		if err := saveTablePlan(s, p); kindred.ErrorCode(err) != kindred.ECONFLICT {
			t.Errorf("saving a plan already in the ledger: err = %v, want ECONFLICT", err)
		}
		if got := storedPlan(t, s, g.ID); got.Revision != p.Revision+1 || got.ChangedBy != 0 {
			t.Errorf("after writing the ties: revision %d by %d, want %d by no one", got.Revision, got.ChangedBy, p.Revision+1)
		}
	})
}

// TestTablePlanRevision saves two edits made against the same revision, as
// two hosts with the page open would: the first is stored, the second is
// refused naming who made the first and when, and the plan stays the first's.
func TestTablePlanRevision(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g, ids, _ := seatedDinner(t, s)
		sam := createAccount(t, s, "sam@example.org", kindred.RoleOrganizer)
		ana := createAccount(t, s, "ana@example.org", kindred.RoleOrganizer)
		seen := storedPlan(t, s, g.ID)
		if seen.Revision != 1 {
			t.Fatalf("a new plan is at revision %d, want 1", seen.Revision)
		}
		first, second := storedPlan(t, s, g.ID), storedPlan(t, s, g.ID)
		first.ChangedBy, first.Seats[1].Table, first.Seats[3].Table = sam.ID, 2, 1 // guests 1 and 3 swap tables in round 1
		second.ChangedBy, second.Seats[0].Pinned = ana.ID, false
		if err := saveTablePlan(s, first); err != nil || first.Revision != 2 {
			t.Fatalf("first edit: %v, revision %d; want stored as revision 2", err, first.Revision)
		}
		err := saveTablePlan(s, second)
		changed, ok := errors.AsType[*kindred.PlanChanged](err)
		if !ok || kindred.ErrorCode(err) != kindred.ECONFLICT || changed.Revision != 2 || changed.ByID != sam.ID || changed.By != sam.Name ||
			!changed.At.Equal(first.UpdatedAt) {
			t.Fatalf("second edit against revision 1: %v (%+v); want PlanChanged naming %s at revision 2", err, changed, sam.Name)
		}
		got := storedPlan(t, s, g.ID)
		if !reflect.DeepEqual(got.Seats, storedSeats(first)) || got.Revision != 2 || got.ChangedByName != sam.Name {
			t.Errorf("after the refused edit the plan is %+v; want the first edit's, revision 2 by %s", got, sam.Name)
		}
		// A plan made against no plan cannot replace one either.
		fresh := &kindred.TablePlan{GatheringID: g.ID, Rounds: 1, TableSize: 6, Seats: []kindred.Seat{{Round: 1, Table: 1, MemberID: ids[0]}}}
		if _, ok := errors.AsType[*kindred.PlanChanged](saveTablePlan(s, fresh)); !ok || storedRevision(t, s, g.ID) != 2 {
			t.Errorf("a first composition over an existing plan was not refused")
		}
		lock := s.WithTx(ctx, func(tx *store.Tx) error { return tx.LockTablePlan(ctx, g.ID, ana.ID, seen.Revision) })
		if _, ok := errors.AsType[*kindred.PlanChanged](lock); !ok || storedPlan(t, s, g.ID).Locked() {
			t.Errorf("locking against revision 1: %v; want PlanChanged and the plan unlocked", lock)
		}
	})
}

func storedPlan(t *testing.T, s *store.Store, gatheringID int64) *kindred.TablePlan {
	t.Helper()
	p, err := s.TablePlan(context.Background(), gatheringID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func storedRevision(t *testing.T, s *store.Store, gatheringID int64) int {
	t.Helper()
	return storedPlan(t, s, gatheringID).Revision
}

// storedSeats is p's seats in the order the store reads them.
func storedSeats(p *kindred.TablePlan) []kindred.Seat {
	out := slices.Clone(p.Seats)
	slices.SortFunc(out, func(a, b kindred.Seat) int {
		return cmp.Or(cmp.Compare(a.Round, b.Round), cmp.Compare(a.Table, b.Table), cmp.Compare(a.MemberID, b.MemberID))
	})
	return out
}

// TestSeatingGuests reads the RSVPs with what the composer needs of each
// guest: their primary organization and their languages, in their order.
func TestSeatingGuests(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := seedDirectory(t, s)
		g := createGathering(t, s, dinner(f, 10))
		ana := createMember(t, s, &kindred.Member{Name: "Ana Souza", Email: "ana@example.org", Languages: []string{"pt", "en"},
			Affiliations: []kindred.Affiliation{{OrganizationID: f.union, Role: "Member"}, {OrganizationID: f.clinic, Role: "Director", Primary: true}}})
		bo := createMember(t, s, &kindred.Member{Name: "Bo Chen", Email: "bo@example.org"})
		rsvp(t, s, g.ID, ana.ID, kindred.RSVPGoing)
		rsvp(t, s, g.ID, bo.ID, kindred.RSVPDeclined)
		got, err := s.SeatingGuests(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		listed, err := s.ListRSVPs(ctx, g.ID)
		if err != nil || len(got) != len(listed) {
			t.Fatalf("%d seating guests, %d RSVPs (%v); want the same list", len(got), len(listed), err)
		}
		for i, v := range got {
			if v.MemberID != listed[i].MemberID || v.Status != listed[i].Status {
				t.Errorf("guest %d = member %d %s, want %d %s as ListRSVPs", i, v.MemberID, v.Status, listed[i].MemberID, listed[i].Status)
			}
		}
		want := map[int64]struct {
			org   string
			langs []string
		}{ana.ID: {"Northside Clinic", []string{"pt", "en"}}, bo.ID: {"", nil}}
		for _, v := range got {
			if w := want[v.MemberID]; v.Affiliation != w.org || !reflect.DeepEqual(v.Languages, w.langs) {
				t.Errorf("%s: organization %q, languages %v; want %q, %v", v.MemberName, v.Affiliation, v.Languages, w.org, w.langs)
			}
		}
	})
}
