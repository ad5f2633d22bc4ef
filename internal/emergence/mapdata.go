package emergence

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/kindredhq/kindred/internal/store"
)

// MapNode is a member on the network map.
type MapNode struct {
	ID        string `json:"id"`
	Label     string `json:"label"`
	Group     string `json:"group"` // organization or community, for the colour
	Degree    int    `json:"degree"`
	Community int    `json:"community"`
}

// MapEdge is a shared tie between two members on the map.
type MapEdge struct {
	Source string `json:"source"`
	Target string `json:"target"`
	Weight int    `json:"weight"` // ties between the two
}

// Map is what the Emergence page draws.
type Map struct {
	Nodes   []MapNode `json:"nodes"`
	Edges   []MapEdge `json:"edges"`
	Members int       `json:"members"` // members with ties in the selection, before the limit
	Shown   int       `json:"shown"`
}

// MapOf returns the shared ties of the most connected members (at most limit),
// in one city when cityID is not 0, as of `until` (zero: today), coloured by
// organization or by the latest snapshot's communities.
func MapOf(ctx context.Context, st *store.Store, cityID int64, until time.Time, byCommunity bool, limit int) (*Map, error) {
	ties, err := st.Ledger(ctx, store.LedgerFilter{SharedOnly: true, Until: until})
	if err != nil {
		return nil, err
	}
	people, err := st.MemberSummaries(ctx)
	if err != nil {
		return nil, err
	}
	in := func(id int64) bool { return cityID == 0 || people[id].CityID == cityID }
	degree, weight := map[int64]int{}, map[[2]int64]int{}
	for _, t := range ties {
		if !in(t.A) || !in(t.B) {
			continue
		}
		if weight[[2]int64{t.A, t.B}] == 0 {
			degree[t.A]++
			degree[t.B]++
		}
		weight[[2]int64{t.A, t.B}]++
	}
	keep := topByDegree(degree, limit)
	communities := map[string]int{}
	if byCommunity {
		if communities, err = latestCommunities(ctx, st); err != nil {
			return nil, err
		}
	}
	m := &Map{Members: len(degree), Shown: len(keep)}
	for id := range keep {
		k := strconv.FormatInt(id, 10)
		n := MapNode{ID: k, Label: people[id].Name, Group: people[id].Organization, Degree: degree[id], Community: communities[k]}
		if byCommunity {
			n.Group = "Community " + strconv.Itoa(n.Community)
		}
		m.Nodes = append(m.Nodes, n)
	}
	sort.Slice(m.Nodes, func(i, j int) bool {
		return m.Nodes[i].Degree > m.Nodes[j].Degree || (m.Nodes[i].Degree == m.Nodes[j].Degree && m.Nodes[i].ID < m.Nodes[j].ID)
	})
	for pair, w := range weight {
		if keep[pair[0]] && keep[pair[1]] {
			m.Edges = append(m.Edges, MapEdge{Source: strconv.FormatInt(pair[0], 10), Target: strconv.FormatInt(pair[1], 10), Weight: w})
		}
	}
	sort.Slice(m.Edges, func(i, j int) bool {
		return m.Edges[i].Source < m.Edges[j].Source || (m.Edges[i].Source == m.Edges[j].Source && m.Edges[i].Target < m.Edges[j].Target)
	})
	return m, nil
}

func topByDegree(degree map[int64]int, limit int) map[int64]bool {
	ids := make([]int64, 0, len(degree))
	for id := range degree {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		return degree[ids[i]] > degree[ids[j]] || (degree[ids[i]] == degree[ids[j]] && ids[i] < ids[j])
	})
	if len(ids) > limit {
		ids = ids[:limit]
	}
	keep := make(map[int64]bool, len(ids))
	for _, id := range ids {
		keep[id] = true
	}
	return keep
}

// latestCommunities maps member ids to their community in the latest snapshot.
func latestCommunities(ctx context.Context, st *store.Store) (map[string]int, error) {
	h, err := History(ctx, st, 1)
	if err != nil || len(h) == 0 {
		return map[string]int{}, err
	}
	out := map[string]int{}
	for _, c := range h[0].Snapshot.Communities {
		for _, id := range c.Members {
			out[id] = c.ID
		}
	}
	return out, nil
}
