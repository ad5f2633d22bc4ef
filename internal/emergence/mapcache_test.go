package emergence_test

import (
	"context"
	"reflect"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestNetworkCacheFollowsTheLedger: the map's shared data is read once for
// every viewer, yet the request after a tie is recorded or hidden shows it,
// and two viewers with different rights see different members of the same
// cached data.
func TestNetworkCacheFollowsTheLedger(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		var chicago, boston kindred.City
		var ana, ben, cy kindred.Member
		err := st.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			if chicago, err = tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"}); err != nil {
				return err
			}
			if boston, err = tx.CreateCity(ctx, kindred.City{Name: "Boston", Slug: "boston", TimeZone: "America/New_York"}); err != nil {
				return err
			}
			union, err := tx.CreateOrganization(ctx, kindred.Organization{Name: "Teachers Union Local 7", CityIDs: []int64{chicago.ID}})
			if err != nil {
				return err
			}
			ana = kindred.Member{Name: "Ana", CityID: chicago.ID, Affiliations: []kindred.Affiliation{{OrganizationID: union.ID, Role: "Steward"}},
				Visibility: kindred.Visibility{kindred.FieldAffiliations: kindred.LevelOrganizers, kindred.FieldCity: kindred.LevelOrganizers}}
			ben = kindred.Member{Name: "Ben", CityID: chicago.ID}
			cy = kindred.Member{Name: "Cy", CityID: boston.ID}
			for _, m := range []*kindred.Member{&ana, &ben, &cy} {
				if m.ID, err = tx.CreateMember(ctx, m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		today := st.Now().UTC()
		addTie := func(a, b int64, on time.Time) int64 {
			t.Helper()
			var id int64
			err := st.WithTx(ctx, func(tx *store.Tx) error {
				var err error
				id, err = tx.AddTie(ctx, kindred.Tie{A: min(a, b), B: max(a, b), Kind: kindred.TieSatTogether, Source: kindred.SourceGathering, HappenedOn: on})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		admin := &kindred.Account{ID: -1, Role: kindred.RoleAdmin}
		member := &kindred.Account{ID: -2, Role: kindred.RoleMember}
		organizer := &kindred.Account{ID: -3, Role: kindred.RoleOrganizer, CityIDs: []int64{chicago.ID}}
		var cache emergence.NetworkCache
		ties := func(viewer *kindred.Account, scope emergence.Scope) string {
			t.Helper()
			v, err := cache.Visible(ctx, st, viewer, scope)
			if err != nil {
				t.Fatal(err)
			}
			name := map[int64]string{}
			for _, n := range v.Nodes {
				name[n.ID] = n.Name + "(" + n.Organization + ")"
			}
			out := ""
			for _, tie := range v.Ties {
				out += name[tie.A] + "-" + name[tie.B] + ":" + strconv.Itoa(tie.Count) + " "
			}
			return out
		}
		check := func(what string, viewer *kindred.Account, scope emergence.Scope, want string) {
			t.Helper()
			if got := ties(viewer, scope); got != want {
				t.Errorf("%s: %q, want %q", what, got, want)
			}
		}

		check("an empty ledger", admin, emergence.Scope{}, "")
		addTie(ana.ID, ben.ID, today.AddDate(0, -3, 0))
		check("the first tie", admin, emergence.Scope{}, "Ana(Teachers Union Local 7)-Ben():1 ")
		addTie(ana.ID, ben.ID, today)
		bc := addTie(ben.ID, cy.ID, today)
		check("two more ties", admin, emergence.Scope{}, "Ana(Teachers Union Local 7)-Ben():2 Ben()-Cy():1 ")
		check("two months ago", admin, emergence.Scope{Until: today.AddDate(0, -2, 0)}, "Ana(Teachers Union Local 7)-Ben():1 ")
		err = st.WithTx(ctx, func(tx *store.Tx) error { return tx.SetTieHidden(ctx, bc, cy.ID, true) })
		if err != nil {
			t.Fatal(err)
		}
		check("a hidden tie", admin, emergence.Scope{}, "Ana(Teachers Union Local 7)-Ben():2 ")

		// The same cached ledger, seen by three viewers.
		check("a member", member, emergence.Scope{}, "Ana()-Ben():2 ")
		check("a member's Chicago", member, emergence.Scope{CityID: chicago.ID}, "")
		check("Chicago's organizer's Chicago", organizer, emergence.Scope{CityID: chicago.ID}, "Ana(Teachers Union Local 7)-Ben():2 ")
		check("Boston", admin, emergence.Scope{CityID: boston.ID}, "")
	})
}

// TestVisibleIsTheLedgerAsTheViewerSeesIt compares the cached network with
// the ledger read and filtered the plain way, for viewers of every kind,
// cities and months, on the small demo.
func TestVisibleIsTheLedgerAsTheViewerSeesIt(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := demo.Generate(ctx, st, demo.Small, 3); err != nil {
			t.Fatal(err)
		}
		cities, err := st.Cities(ctx)
		if err != nil {
			t.Fatal(err)
		}
		viewers := map[string]*kindred.Account{
			"admin":     {ID: -1, Role: kindred.RoleAdmin},
			"member":    {ID: -2, Role: kindred.RoleMember},
			"organizer": {ID: -3, Role: kindred.RoleOrganizer, CityIDs: []int64{cities[0].ID}},
			"network":   {ID: -4, Role: kindred.RoleOrganizer, NetworkWide: true},
		}
		var cache emergence.NetworkCache
		now := st.Now()
		for name, viewer := range viewers {
			for _, scope := range []emergence.Scope{{}, {CityID: cities[0].ID}, {Until: now.AddDate(0, -2, 0)},
				{CityID: cities[1].ID, Until: now.AddDate(0, -5, 0)}, {Until: now.AddDate(-5, 0, 0)}} {
				got, err := cache.Visible(ctx, st, viewer, scope)
				if err != nil {
					t.Fatal(err)
				}
				want := plainVisible(t, st, viewer, scope)
				if len(want.Ties) == 0 && scope.Until.Year() > now.Year()-5 {
					t.Fatalf("%s, %+v: no ties to compare", name, scope)
				}
				if len(got.Nodes)+len(got.Ties) == 0 {
					got = &emergence.Visible{} // none either way
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s, %+v: %d nodes and %d ties, want %d and %d", name, scope, len(got.Nodes), len(got.Ties), len(want.Nodes), len(want.Ties))
				}
			}
		}
	})
}

// plainVisible is the network as viewer may see it in scope, from the whole
// ledger and every member read again, as VisibleNetwork did before the
// cache.
func plainVisible(t *testing.T, st *store.Store, viewer *kindred.Account, scope emergence.Scope) *emergence.Visible {
	t.Helper()
	ctx := context.Background()
	people, err := st.MemberSummaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cities, err := st.Cities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cityName := map[int64]string{}
	for _, c := range cities {
		cityName[c.ID] = c.Name
	}
	seen := map[int64]*kindred.Member{}
	for id, m := range people {
		if v := m.VisibleTo(viewer); scope.CityID == 0 || v.CityID == scope.CityID {
			seen[id] = v
		}
	}
	ledger, err := st.Ledger(ctx, store.LedgerFilter{SharedOnly: true, Until: scope.Until})
	if err != nil {
		t.Fatal(err)
	}
	degree, count := map[int64]int{}, map[[2]int64]int{}
	for _, tie := range ledger {
		a, b := min(tie.A, tie.B), max(tie.A, tie.B)
		if seen[a] == nil || seen[b] == nil || a == b {
			continue
		}
		if count[[2]int64{a, b}] == 0 {
			degree[a]++
			degree[b]++
		}
		count[[2]int64{a, b}]++
	}
	history, err := emergence.History(ctx, st, 24)
	if err != nil {
		t.Fatal(err)
	}
	communities := map[string]int{}
	var pick *emergence.Report
	for _, r := range history {
		if scope.Until.IsZero() || !r.At.After(scope.Until.Add(24*time.Hour-time.Nanosecond)) {
			pick = r
		}
	}
	if pick == nil && len(history) > 0 {
		pick = history[0]
	}
	if pick != nil {
		for _, c := range pick.Snapshot.Communities {
			for _, id := range c.Members {
				communities[id] = c.ID
			}
		}
	}
	out := &emergence.Visible{}
	for id, d := range degree {
		m := seen[id]
		n := emergence.VisibleNode{ID: id, Name: m.Name, City: cityName[m.CityID], Community: communities[strconv.FormatInt(id, 10)], Degree: d}
		if a, ok := m.PrimaryAffiliation(); ok {
			n.Organization = a.OrganizationName
		}
		out.Nodes = append(out.Nodes, n)
	}
	sort.Slice(out.Nodes, func(i, j int) bool {
		a, b := out.Nodes[i], out.Nodes[j]
		return a.Degree > b.Degree || (a.Degree == b.Degree && a.ID < b.ID)
	})
	for pair, c := range count {
		out.Ties = append(out.Ties, emergence.VisibleTie{A: pair[0], B: pair[1], Count: c})
	}
	sort.Slice(out.Ties, func(i, j int) bool {
		a, b := out.Ties[i], out.Ties[j]
		return a.A < b.A || (a.A == b.A && a.B < b.B)
	})
	return out
}
