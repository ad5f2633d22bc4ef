package emergence_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/network"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// benchNetwork is the size of BenchmarkVisibleNetwork's network: a tenth of
// the xlarge demo's members and ties.
var benchNetwork = network.LedgerShape{Members: 30000, Ties: 150000, Organizations: 300, Cities: 6, WithinOrg: 0.6, Seed: 7}

// BenchmarkVisibleNetwork measures the map's and the exports' data on a
// SQLite network of 30,000 members and 300,000 shared ties (150,000 pairs
// sharing one to three each) with three snapshots' communities: an
// administrator's, a member's, a city organizer's view of their city and an
// administrator's view two months back with the viewer-independent part
// cached (warm); the map's answers with their JSON (warm-map): an
// administrator's (communities only, above MaxMapMembers), the largest
// community's members, a search, a city organizer's city (worked out per
// request); and an administrator's network with everything read again (cold).
//
//	go test ./internal/emergence -run '^$' -bench VisibleNetwork -benchmem
func BenchmarkVisibleNetwork(b *testing.B) {
	st := testutil.OpenStore(b, testutil.FreshSQLite(b))
	cities := fillBenchNetwork(b, st)
	ctx := context.Background()
	admin := &kindred.Account{ID: -1, Role: kindred.RoleAdmin}
	member := &kindred.Account{ID: -2, Role: kindred.RoleMember}
	organizer := &kindred.Account{ID: -3, Role: kindred.RoleOrganizer, CityIDs: cities[:1]}
	var cache emergence.NetworkCache
	for _, c := range []struct {
		name   string
		viewer *kindred.Account
		scope  emergence.Scope
	}{
		{"admin", admin, emergence.Scope{}},
		{"member", member, emergence.Scope{}},
		{"organizer-city", organizer, emergence.Scope{CityID: cities[0]}},
		{"admin-2-months-ago", admin, emergence.Scope{Until: st.Now().AddDate(0, -2, 0)}},
	} {
		b.Run("warm/"+c.name, func(b *testing.B) {
			if _, err := cache.Visible(ctx, st, c.viewer, c.scope); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := cache.Visible(ctx, st, c.viewer, c.scope); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	overview, err := cache.Map(ctx, st, admin, 0, emergence.MapQuery{})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		viewer *kindred.Account
		query  emergence.MapQuery
	}{
		{"admin", admin, emergence.MapQuery{}},
		{"admin-largest-community", admin, emergence.MapQuery{Open: true, Community: overview.Communities[0].ID}},
		{"admin-search", admin, emergence.MapQuery{Search: "member m12"}},
		{"organizer-city", organizer, emergence.MapQuery{Scope: emergence.Scope{CityID: cities[0]}}},
	} {
		b.Run("warm-map/"+c.name, func(b *testing.B) {
			if _, err := cache.Map(ctx, st, c.viewer, 0, c.query); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				m, err := cache.Map(ctx, st, c.viewer, 0, c.query)
				if err != nil {
					b.Fatal(err)
				}
				if err := json.NewEncoder(io.Discard).Encode(m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("cold/admin", func(b *testing.B) {
		for b.Loop() {
			if _, err := new(emergence.NetworkCache).Visible(ctx, st, admin, emergence.Scope{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// fillBenchNetwork writes benchNetwork into st: members in six cities (one
// in ten keeping their city and organization to organizers), each pair of
// the generated graph sharing one to three ties over eighteen months, and
// three monthly snapshots whose communities are the organizations. It
// returns the cities' ids.
func fillBenchNetwork(b *testing.B, st *store.Store) []int64 {
	b.Helper()
	g, err := network.Generate(benchNetwork)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	now := st.Now().UTC().Truncate(24 * time.Hour)
	var cities []int64
	ids := make([]int64, g.Len())
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		for i := range benchNetwork.Cities {
			c, err := tx.CreateCity(ctx, kindred.City{Name: fmt.Sprintf("City %d", i), Slug: fmt.Sprintf("city-%d", i), TimeZone: "UTC"})
			if err != nil {
				return err
			}
			cities = append(cities, c.ID)
		}
		orgs := map[string]int64{}
		for i := range g.Len() {
			org, city := g.Attr(i, "organization"), g.Attr(i, "city")
			if orgs[org] == 0 {
				o, err := tx.CreateOrganization(ctx, kindred.Organization{Name: "Organization " + org, Kind: "nonprofit"})
				if err != nil {
					return err
				}
				orgs[org] = o.ID
			}
			c, _ := strconv.Atoi(city[len("city"):])
			m := &kindred.Member{Name: "Member " + g.ID(i), CityID: cities[c],
				Affiliations: []kindred.Affiliation{{OrganizationID: orgs[org], Role: g.Attr(i, "role"), Primary: true}}}
			if i%10 == 0 {
				m.Visibility = kindred.Visibility{kindred.FieldCity: kindred.LevelOrganizers, kindred.FieldAffiliations: kindred.LevelOrganizers}
			}
			if ids[i], err = tx.CreateMember(ctx, m); err != nil {
				return err
			}
		}
		k := 0
		for i := range g.Len() {
			nb, _ := g.Neighbors(i)
			for _, j := range nb {
				if int(j) < i {
					continue
				}
				for n := range 1 + k%3 {
					day := now.AddDate(0, -(k+n)%18, -(k*7+n)%28)
					if _, err := tx.AddTie(ctx, kindred.Tie{A: min(ids[i], ids[j]), B: max(ids[i], ids[j]), Kind: kindred.TieSatTogether,
						Source: kindred.SourceGathering, HappenedOn: day}); err != nil {
						return err
					}
				}
				k++
			}
		}
		return saveBenchSnapshots(ctx, tx, g, ids, now)
	})
	if err != nil {
		b.Fatal(err)
	}
	return cities
}

// saveBenchSnapshots stores three monthly snapshots whose communities are
// the generated organizations.
func saveBenchSnapshots(ctx context.Context, tx *store.Tx, g *network.Graph, ids []int64, now time.Time) error {
	byOrg := map[string][]string{}
	for i := range g.Len() {
		byOrg[g.Attr(i, "organization")] = append(byOrg[g.Attr(i, "organization")], strconv.FormatInt(ids[i], 10))
	}
	var comms []network.Community
	for k := range benchNetwork.Organizations {
		if ms := byOrg[fmt.Sprintf("org%d", k)]; len(ms) > 0 {
			comms = append(comms, network.Community{ID: k + 1, Members: ms})
		}
	}
	for month := 3; month >= 1; month-- {
		at := now.AddDate(0, -month, 0)
		r := emergence.Report{At: at, Snapshot: network.Snapshot{At: at, Members: g.Len(), Communities: comms}}
		report, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if _, err := tx.SaveSnapshot(ctx, store.SnapshotRecord{TakenAt: at, Members: g.Len(), Ties: g.Ties(), Stage: "network", Report: report}); err != nil {
			return err
		}
	}
	return nil
}
