package emergence_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestMapIsBoundedAndAgreesWithTheNetwork: a map within its bound is the
// network Visible sees, drawn whole; above it, the same map comes as its
// communities (their sizes adding up to everyone), a community's members
// on request (the most connected first, as many as the bound, the rest
// counted, each in the place the whole map gives them, with what the viewer
// may see of them), and a search finds a name.
func TestMapIsBoundedAndAgreesWithTheNetwork(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := demo.Generate(ctx, st, demo.Small, 3); err != nil {
			t.Fatal(err)
		}
		viewers := map[string]*kindred.Account{"admin": {ID: -1, Role: kindred.RoleAdmin}, "member": {ID: -2, Role: kindred.RoleMember}}
		whole := emergence.NetworkCache{MaxMembers: 100000, MaxPairs: 1000000}
		bounded := emergence.NetworkCache{MaxMembers: 7, MaxPairs: 1}
		for name, viewer := range viewers {
			net, err := whole.Visible(ctx, st, viewer, emergence.Scope{})
			if err != nil {
				t.Fatal(err)
			}
			full, err := whole.Map(ctx, st, viewer, 0, emergence.MapQuery{})
			if err != nil {
				t.Fatal(err)
			}
			if full.Partial || len(full.Nodes) != len(net.Nodes) || len(full.Edges) != len(net.Ties) || full.Members != len(net.Nodes) {
				t.Fatalf("%s: the whole map has %d nodes and %d edges (partial %v), want %d and %d", name, len(full.Nodes), len(full.Edges), full.Partial, len(net.Nodes), len(net.Ties))
			}
			place := map[string]emergence.MapNode{}
			for i, n := range full.Nodes {
				want := net.Nodes[i]
				if n.ID != strconv.FormatInt(want.ID, 10) || n.Label != want.Name || n.Org != want.Organization || n.Degree != want.Degree || n.Community != want.Community {
					t.Fatalf("%s: node %d is %+v, want %+v", name, i, n, want)
				}
				place[n.ID] = n
			}
			over, err := bounded.Map(ctx, st, viewer, 0, emergence.MapQuery{})
			if err != nil {
				t.Fatal(err)
			}
			if !over.Partial || len(over.Nodes) != 0 || len(over.Edges) != 0 || over.Members != full.Members || len(over.Communities) != len(full.Communities) {
				t.Fatalf("%s: the bounded map: partial %v, %d nodes, %d edges, %d members, %d communities", name, over.Partial, len(over.Nodes), len(over.Edges), over.Members, len(over.Communities))
			}
			sum, more := 0, 0
			for _, c := range over.Communities {
				sum += c.Size
				part, err := bounded.Map(ctx, st, viewer, 0, emergence.MapQuery{Open: true, Community: c.ID})
				if err != nil {
					t.Fatal(err)
				}
				if len(part.Nodes) != min(c.Size, 7) || part.MoreMembers != c.Size-len(part.Nodes) || len(part.Edges) > 1 {
					t.Errorf("%s: community %d of %d: %d nodes, %d more, %d edges", name, c.ID, c.Size, len(part.Nodes), part.MoreMembers, len(part.Edges))
				}
				more += part.MorePairs
				shown := map[string]bool{}
				for i, n := range part.Nodes {
					if n != place[n.ID] || n.Community != c.ID || (i > 0 && n.Degree > part.Nodes[i-1].Degree) {
						t.Errorf("%s: community %d shows %+v, the whole map %+v", name, c.ID, n, place[n.ID])
					}
					shown[n.ID] = true
				}
				for _, e := range part.Edges {
					if !shown[e.Source] || !shown[e.Target] {
						t.Errorf("%s: community %d has an edge to someone not shown: %+v", name, c.ID, e)
					}
				}
			}
			if sum != full.Members {
				t.Errorf("%s: the communities hold %d people, the map %d", name, sum, full.Members)
			}
			if more == 0 {
				t.Errorf("%s: no community was cut to one pair: the test shows nothing of MorePairs", name)
			}
			who := full.Nodes[len(full.Nodes)/2]
			found, err := bounded.Map(ctx, st, viewer, 0, emergence.MapQuery{Search: who.Label})
			if err != nil {
				t.Fatal(err)
			}
			if len(found.Nodes) == 0 || found.Nodes[0] != who {
				t.Errorf("%s: searching %q found %+v", name, who.Label, found.Nodes)
			}
		}
	})
}
