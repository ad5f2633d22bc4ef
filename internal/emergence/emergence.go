// Package emergence turns the relationship ledger into the network's
// measures over time: it builds the graph (members as nodes, shared ties
// weighted by kind and age, organization and city as attributes), takes
// snapshots with the pure network package, keeps communities' identities
// from one snapshot to the next, and suggests introductions.
package emergence

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kindredhq/kindred/internal/diffusion"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/network"
	"github.com/kindredhq/kindred/internal/store"
)

// MinCell is the smallest group shown in aggregate tables: smaller groups
// could identify people.
const MinCell = 5

// Report is what one snapshot keeps: the measures, the stage with its
// evidence and the weaving suggestions, with member ids as strings.
type Report struct {
	At           time.Time               `json:"at"`
	Analysis     *network.Analysis       `json:"analysis"`
	Snapshot     network.Snapshot        `json:"snapshot"`
	Stage        network.StageAssessment `json:"stage"`
	Weaving      weavingJSON             `json:"weaving"`
	Brokers      []network.NodeMetrics   `json:"brokers"`       // highest betweenness first
	Names        map[string]string       `json:"names"`         // member id → name, for the people named
	Organization map[string]string       `json:"organizations"` // member id → organization, for the people named
	// CrossOrg is the share of connected members with an organization
	// (as the whole network sees it) who share a tie with someone of
	// another organization; PeopleWithOrg counts them (0 in reports taken
	// before it was measured).
	CrossOrg      float64 `json:"crossOrg"`
	PeopleWithOrg int     `json:"peopleWithOrg"`
	// Travel is how often adoptions followed a tie made at a gathering
	// with an organization already trying the practice (see Travel); nil
	// in reports taken before it was measured.
	Travel *diffusion.Figure `json:"travel,omitempty"`
}

type weavingJSON struct {
	Introductions []network.Introduction  `json:"introductions"`
	CoreLinks     []network.CoreLink      `json:"coreLinks"`
	Fragile       []network.FragileBroker `json:"fragile"`
}

// kindNames maps ledger kinds to the network package's weight names.
var kindNames = map[kindred.TieKind]string{
	kindred.TieSatTogether: "met", kindred.TieIntroduced: "introduced", kindred.TieSelfReported: "met",
	kindred.TieFollowUp: "nominated", kindred.TieCollaborated: "collaborated",
}

// Graph builds the network as of `at` from shared ties, with members'
// organization and city as attributes, and their asks, offers and tags as
// profiles for suggestions.
func Graph(ctx context.Context, st *store.Store, at time.Time) (*network.Graph, map[string]network.Profile, map[int64]*kindred.Member, error) {
	// The directory and the ledger are read side by side (at xlarge each
	// takes seconds, much of it waiting for the database); the ties are kept
	// compactly until the members are there to name them.
	var members map[int64]*kindred.Member
	var membersErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		members, membersErr = membersByID(ctx, st)
	}()
	type weighed struct {
		a, b, id int64
		w        float64
	}
	var ties []weighed
	weights := network.DefaultTieWeights()
	err := st.EachLedgerTie(ctx, store.LedgerFilter{Until: at, SharedOnly: true}, func(t kindred.Tie) error {
		w, err := weights.Weight(kindNames[t.Kind], t.HappenedOn, at)
		if err != nil {
			return err
		}
		ties = append(ties, weighed{a: t.A, b: t.B, id: t.ID, w: w})
		return nil
	})
	<-done
	if err != nil {
		return nil, nil, nil, err
	}
	if membersErr != nil {
		return nil, nil, nil, membersErr
	}
	b := network.NewBuilder()
	profiles := map[string]network.Profile{}
	// Each member is added once, on their first tie; their key is kept for
	// the others (a large ledger has millions of ties).
	keys := map[int64]string{}
	keyOf := func(id int64) string {
		k, ok := keys[id]
		if !ok {
			k = key(id)
			keys[id] = k
			addMember(b, profiles, members[id], id)
		}
		return k
	}
	for _, t := range ties {
		a, bk := keyOf(t.a), keyOf(t.b)
		if err := b.AddTie(a, bk, t.w); err != nil {
			return nil, nil, nil, fmt.Errorf("tie %d: %w", t.id, err)
		}
	}
	return b.Build(), profiles, members, nil
}

func key(id int64) string { return strconv.FormatInt(id, 10) }

// addMember adds a member as a node, with what the whole network may see of
// them as attributes and profile: the network's measures are read by every
// member, so they never group anyone by a field they keep from others.
func addMember(b *network.Builder, profiles map[string]network.Profile, m *kindred.Member, id int64) {
	attrs := map[string]string{}
	if m != nil {
		m = m.SeenByNetwork()
		if a, ok := m.PrimaryAffiliation(); ok {
			attrs["organization"] = a.OrganizationName
			attrs["role"] = a.Role
		}
		if m.CityName != "" {
			attrs["city"] = m.CityName
		}
		profiles[key(id)] = network.Profile{Asks: m.Asks, Offers: m.Offers, Interests: m.Tags}
	}
	b.AddNode(key(id), attrs)
}

// membersByID loads the whole directory (a network of 30,000 members is a
// few megabytes).
func membersByID(ctx context.Context, st *store.Store) (map[int64]*kindred.Member, error) {
	out := map[int64]*kindred.Member{}
	cursor := ""
	for {
		page, next, err := st.ListMembers(ctx, store.MemberFilter{After: cursor, Limit: 1000})
		if err != nil {
			return nil, err
		}
		for _, m := range page {
			out[m.ID] = m
		}
		if next == "" {
			return out, nil
		}
		cursor = next
	}
}

// ErrNoTies means the ledger has no shared ties yet.
var ErrNoTies = errors.New("the relationship ledger has no shared ties yet")

// Take computes a snapshot of the network as of `at`, matches its
// communities to the previous snapshot's, assesses the stage over the stored
// history and saves it. It returns ErrNoTies for an empty ledger.
func Take(ctx context.Context, st *store.Store, at time.Time, seed uint64) (*Report, error) {
	g, profiles, members, err := Graph(ctx, st, at)
	if err != nil {
		return nil, err
	}
	// The weaving suggestions, the travel figure and the stored history do
	// not need the analysis: they run beside it (most of the analysis runs
	// on one core). Each writes only its own result.
	var (
		wg                 sync.WaitGroup
		w                  network.Weaving
		travel             diffusion.Figure
		history            []*Report
		travelErr, histErr error
	)
	wg.Go(func() { w = network.SuggestWeaving(g, profiles, "organization", 12) })
	wg.Go(func() { travel, travelErr = Travel(ctx, st, members, at, seed) })
	wg.Go(func() { history, histErr = History(ctx, st, 24) })
	a, err := network.Analyze(g, network.Options{Seed: seed})
	wg.Wait()
	if errors.Is(err, network.ErrEmptyGraph) {
		return nil, ErrNoTies
	}
	if err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	if histErr != nil {
		return nil, histErr
	}
	if travelErr != nil {
		return nil, travelErr
	}
	snap := network.SnapshotOf(g, a, at)
	snaps := make([]network.Snapshot, 0, len(history)+1)
	for _, h := range history {
		snaps = append(snaps, h.Snapshot)
	}
	if len(snaps) > 0 {
		prev := snaps[len(snaps)-1]
		snap.Communities = network.MatchCommunities(prev.Communities, snap.Communities, 0, nextCommunityID(snaps))
	}
	snaps = append(snaps, snap)
	stage, err := network.AssessStage(snaps)
	if err != nil {
		return nil, err
	}
	r := &Report{At: at, Analysis: a, Snapshot: snap, Stage: stage,
		Weaving: weavingJSON{Introductions: w.Introductions, CoreLinks: w.CoreLinks, Fragile: w.Fragile}}
	r.Brokers = a.TopBrokers(10)
	r.Travel = &travel
	r.CrossOrg, r.PeopleWithOrg = crossOrg(g)
	r.nameThePeople(members)
	// Per-member measures and the organization-to-organization matrix are
	// large (megabytes on a big network); the report keeps what the page shows.
	r.Analysis.Nodes = nil
	r.Analysis.Matrix = network.GroupMatrix{}
	return r, save(ctx, st, r)
}

// crossOrg returns the share of connected members with an organization who
// are tied to someone of another organization, and how many such members
// there are.
func crossOrg(g *network.Graph) (float64, int) {
	with, across := 0, 0
	for i := range g.Len() {
		org := g.Attr(i, "organization")
		if org == "" || g.Degree(i) == 0 {
			continue
		}
		with++
		nbrs, _ := g.Neighbors(i)
		for _, j := range nbrs {
			if o := g.Attr(int(j), "organization"); o != "" && o != org {
				across++
				break
			}
		}
	}
	if with == 0 {
		return 0, 0
	}
	return float64(across) / float64(with), with
}

func nextCommunityID(snaps []network.Snapshot) int {
	next := 1
	for _, s := range snaps {
		for _, c := range s.Communities {
			if c.ID >= next {
				next = c.ID + 1
			}
		}
	}
	return next
}

// nameThePeople records names and organizations (as the whole network sees
// them) of the members the report mentions.
func (r *Report) nameThePeople(members map[int64]*kindred.Member) {
	r.Names, r.Organization = map[string]string{}, map[string]string{}
	add := func(id string) {
		n, _ := strconv.ParseInt(id, 10, 64)
		if m := members[n]; m != nil {
			r.Names[id] = m.Name
			if a, ok := m.SeenByNetwork().PrimaryAffiliation(); ok {
				r.Organization[id] = a.OrganizationName
			}
		}
	}
	for i, in := range r.Weaving.Introductions {
		add(in.A)
		add(in.B)
		for _, v := range in.Via {
			add(v)
		}
		ids := append([]string{in.A, in.B}, in.Via...)
		for j, reason := range in.Reasons {
			r.Weaving.Introductions[i].Reasons[j] = r.nameIDs(reason, ids)
		}
	}
	for i, c := range r.Weaving.CoreLinks {
		add(c.Member)
		add(c.Core)
		for j, reason := range c.Reasons {
			r.Weaving.CoreLinks[i].Reasons[j] = r.nameIDs(reason, []string{c.Member, c.Core})
		}
	}
	for _, f := range r.Weaving.Fragile {
		add(f.ID)
	}
	for _, n := range r.Brokers {
		add(n.ID)
	}
}

var number = regexp.MustCompile(`\b\d+\b`)

// nameIDs replaces the member ids among ids that appear in a suggestion's
// reason with the members' names; counts ("3 member(s)") stay numbers.
func (r *Report) nameIDs(reason string, ids []string) string {
	known := map[string]bool{}
	for _, id := range ids {
		known[id] = r.Names[id] != ""
	}
	locs := number.FindAllStringIndex(reason, -1)
	var b strings.Builder
	prev := 0
	for _, l := range locs {
		id := reason[l[0]:l[1]]
		if !known[id] || strings.HasPrefix(reason[l[1]:], " member") {
			continue
		}
		b.WriteString(reason[prev:l[0]])
		b.WriteString(r.Names[id])
		prev = l[1]
	}
	b.WriteString(reason[prev:])
	return b.String()
}

func save(ctx context.Context, st *store.Store, r *Report) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode snapshot: %w", err)
	}
	return st.WithTx(ctx, func(tx *store.Tx) error {
		_, err := tx.SaveSnapshot(ctx, store.SnapshotRecord{TakenAt: r.At, Members: r.Analysis.Members, Ties: r.Analysis.Ties,
			Stage: string(r.Stage.Stage), Report: b})
		return err
	})
}

// History returns up to n stored reports, oldest first.
func History(ctx context.Context, st *store.Store, n int) ([]*Report, error) {
	recs, err := st.Snapshots(ctx, n)
	if err != nil {
		return nil, err
	}
	out := make([]*Report, 0, len(recs))
	for _, rec := range recs {
		var r Report
		if err := json.Unmarshal(rec.Report, &r); err != nil {
			return nil, fmt.Errorf("snapshot %d: %w", rec.ID, err)
		}
		out = append(out, &r)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}
