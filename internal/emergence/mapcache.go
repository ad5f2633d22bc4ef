package emergence

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// NetworkCache keeps what the map and the network exports read that is the
// same for every viewer: the ledger's shared ties by pair and day, every
// member as little as the map needs them, and the communities of the
// snapshots. Each part is read again once a write changes its tables (see
// store.Cached), so the request after a tie is recorded, confirmed or hidden
// shows it. What a viewer may see of them is worked out on each request
// (Visible). The zero value is ready; it must not be copied.
type NetworkCache struct {
	// MaxMembers and MaxPairs bound one answer of Map (0: MaxMapMembers
	// and MaxMapPairs).
	MaxMembers, MaxPairs int

	ledger    store.Cached[*sharedLedger]
	members   store.Cached[[]*kindred.Member] // by id
	snapshots store.Cached[*snapshotSet]

	shapesMu sync.Mutex
	shapes   map[int32]*store.Cached[*mapShape] // the whole network's, by last day
}

// sharedLedger is every shared tie of the ledger, by pair of members, in
// about 8 bytes a pair and 4 a tie: ids are the members with any (ascending);
// the pairs of ids[i] with members after it are rows[i]:rows[i+1], pair p
// joins ids[i] to ids[other[p]], and its ties happened on the days
// days[ties[p]:ties[p+1]] (days since 1970, ascending). The pairs come out
// by A, then B, as Visible lists them.
type sharedLedger struct {
	ids   []int64
	rows  []int32
	other []int32
	ties  []int32
	days  []int32
}

// loadLedger reads the shared ties (never a hidden one, nor one awaiting
// confirmation) of every day into a sharedLedger.
func loadLedger(ctx context.Context, st *store.Store) (*sharedLedger, error) {
	index := map[int64]int32{}
	var ids []int64
	indexOf := func(id int64) int32 {
		i, ok := index[id]
		if !ok {
			i = int32(len(ids))
			index[id] = i
			ids = append(ids, id)
		}
		return i
	}
	var as, bs, days []int32
	err := st.EachLedgerTie(ctx, store.LedgerFilter{SharedOnly: true}, func(t kindred.Tie) error {
		if t.A != t.B {
			as = append(as, indexOf(min(t.A, t.B)))
			bs = append(bs, indexOf(max(t.A, t.B)))
			days = append(days, dayNumber(t.HappenedOn))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Number the members in the order of their ids, then sort each one's
	// ties by the other member and the day, packed in one word each.
	rank, sorted := idOrder(ids)
	rows := make([]int32, len(ids)+1)
	for _, a := range as {
		rows[rank[a]+1]++
	}
	for i := range len(ids) {
		rows[i+1] += rows[i]
	}
	next, keys := slices.Clone(rows), make([]uint64, len(as))
	for k, a := range as {
		keys[next[rank[a]]] = uint64(rank[bs[k]])<<32 | uint64(uint32(days[k])^1<<31)
		next[rank[a]]++
	}
	return compress(sorted, rows, keys), nil
}

// idOrder returns each index's rank among ids in ascending order, and ids
// so sorted.
func idOrder(ids []int64) (rank []int32, sorted []int64) {
	order := make([]int32, len(ids))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(ids[a], ids[b]) })
	rank, sorted = make([]int32, len(ids)), make([]int64, len(ids))
	for r, i := range order {
		rank[i], sorted[r] = int32(r), ids[i]
	}
	return rank, sorted
}

// compress turns each row's keys (the other member's rank above, the day
// below) into pairs with their days.
func compress(ids []int64, rows []int32, keys []uint64) *sharedLedger {
	l := &sharedLedger{ids: ids, rows: make([]int32, len(rows)), days: make([]int32, len(keys))}
	for i := range len(ids) {
		row := keys[rows[i]:rows[i+1]]
		slices.Sort(row)
		l.rows[i] = int32(len(l.other))
		for k, key := range row {
			if k == 0 || key>>32 != row[k-1]>>32 {
				l.other = append(l.other, int32(key>>32))
				l.ties = append(l.ties, rows[i]+int32(k))
			}
			l.days[rows[i]+int32(k)] = int32(uint32(key) ^ 1<<31)
		}
	}
	l.rows[len(ids)] = int32(len(l.other))
	l.ties = append(l.ties, int32(len(keys)))
	l.other, l.ties = slices.Clip(l.other), slices.Clip(l.ties)
	return l
}

// count returns how many ties pair p shares on or before day.
func (l *sharedLedger) count(p int32, day int32) int {
	from, to := l.ties[p], l.ties[p+1]
	if day == math.MaxInt32 {
		return int(to - from)
	}
	n := 0
	for _, d := range l.days[from:to] {
		if d > day {
			break
		}
		n++
	}
	return n
}

// dayNumber returns the days from 1970-01-01 to t's day (in UTC).
func dayNumber(t time.Time) int32 {
	y, m, d := t.UTC().Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// untilDay returns the last day of scope: the day of until, or every day.
func untilDay(until time.Time) int32 {
	if until.IsZero() {
		return math.MaxInt32
	}
	return dayNumber(until)
}

// network returns the cached reads the map and the exports start from: the
// shared ledger, every member's summary and the communities as of until.
func (c *NetworkCache) network(ctx context.Context, st *store.Store, until time.Time) (*sharedLedger, []*kindred.Member, *communities, error) {
	ledger, err := c.sharedLedger(ctx, st)
	if err != nil {
		return nil, nil, nil, err
	}
	people, err := c.memberSummaries(ctx, st)
	if err != nil {
		return nil, nil, nil, err
	}
	comms, err := c.communitiesAsOf(ctx, st, until)
	if err != nil {
		return nil, nil, nil, err
	}
	return ledger, people, comms, nil
}

// sharedLedger returns the cached ledger, reading it again when a tie
// changed. One load serves every request waiting for it, so none of them
// cancels it for the others.
func (c *NetworkCache) sharedLedger(ctx context.Context, st *store.Store) (*sharedLedger, error) {
	return c.ledger.Get(st, store.LedgerTables, func() (*sharedLedger, error) {
		return loadLedger(context.WithoutCancel(ctx), st)
	})
}

// memberSummaries returns every member as store.MemberSummaries reads them,
// by id. They are shared between requests: never change one.
func (c *NetworkCache) memberSummaries(ctx context.Context, st *store.Store) ([]*kindred.Member, error) {
	return c.members.Get(st, store.MemberSummaryTables, func() ([]*kindred.Member, error) {
		people, err := st.MemberSummaries(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
		out := make([]*kindred.Member, 0, len(people))
		for _, m := range people {
			out = append(out, m)
		}
		slices.SortFunc(out, func(a, b *kindred.Member) int { return cmp.Compare(a.ID, b.ID) })
		return out, nil
	})
}

// timelineSnapshots is how many of the newest snapshots the map's timeline
// chooses from.
const timelineSnapshots = 24

// snapshotSet is the index of the newest snapshots, and the communities of
// those asked for so far (each decoded once while the set is cached).
type snapshotSet struct {
	index []store.SnapshotRecord // oldest first, without reports
	mu    sync.Mutex
	byID  map[int64]*communities
}

// communities maps members to their community in one snapshot: ids
// ascending, of[i] the community of ids[i].
type communities struct {
	ids []int64
	of  []int32
}

// communitiesAsOf returns the communities of the latest snapshot taken on or
// before until's day (zero: the latest of all; none that early: the oldest
// of the timeline). Community ids are kept from one snapshot to the next, so
// colours stay put along the timeline.
func (c *NetworkCache) communitiesAsOf(ctx context.Context, st *store.Store, until time.Time) (*communities, error) {
	set, err := c.snapshots.Get(st, store.SnapshotTables, func() (*snapshotSet, error) {
		index, err := st.SnapshotIndex(context.WithoutCancel(ctx), timelineSnapshots)
		return &snapshotSet{index: index, byID: map[int64]*communities{}}, err
	})
	if err != nil {
		return nil, err
	}
	var pick *store.SnapshotRecord
	for i, r := range set.index {
		if until.IsZero() || !r.TakenAt.After(until.Add(24*time.Hour-time.Nanosecond)) {
			pick = &set.index[i]
		}
	}
	if pick == nil && len(set.index) > 0 {
		pick = &set.index[0]
	}
	if pick == nil {
		return &communities{}, nil
	}
	return set.communities(ctx, st, pick.ID)
}

// communities returns snapshot id's communities, decoding them the first
// time. Two requests may both decode a snapshot no one asked for before;
// the set keeps one.
func (s *snapshotSet) communities(ctx context.Context, st *store.Store, id int64) (*communities, error) {
	s.mu.Lock()
	c, ok := s.byID[id]
	s.mu.Unlock()
	if ok {
		return c, nil
	}
	b, err := st.SnapshotReport(ctx, id)
	if err != nil {
		return nil, err
	}
	// Only the communities are decoded (a large network's report is
	// several megabytes).
	var r struct {
		Snapshot struct {
			Communities []struct {
				ID      int      `json:"id"`
				Members []string `json:"members"`
			} `json:"communities"`
		} `json:"snapshot"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("snapshot %d: %w", id, err)
	}
	type member struct {
		id        int64
		community int32
	}
	var all []member
	for _, comm := range r.Snapshot.Communities {
		for _, m := range comm.Members {
			if id, err := strconv.ParseInt(m, 10, 64); err == nil {
				all = append(all, member{id, int32(comm.ID)})
			}
		}
	}
	slices.SortStableFunc(all, func(a, b member) int { return cmp.Compare(a.id, b.id) })
	c = &communities{}
	for i, m := range all {
		if i+1 < len(all) && all[i+1].id == m.id {
			continue // in two communities: the last one counts
		}
		c.ids, c.of = append(c.ids, m.id), append(c.of, m.community)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byID[id] = c
	return c, nil
}

// lookup returns member id's community (0: none), searching from position
// *from on: members asked for in ascending order cost one pass.
func (c *communities) lookup(id int64, from *int) int {
	for *from < len(c.ids) && c.ids[*from] < id {
		*from++
	}
	if *from < len(c.ids) && c.ids[*from] == id {
		return int(c.of[*from])
	}
	return 0
}
