package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
)

// The xlarge demo: a national movement network.
const (
	XLargeMembers       = 300000
	XLargeOrganizations = 5000
	XLargeTies          = 3000000
	XLargeStories       = 100000
	// XLargeWeeks is how many weeks of weekly dinners in every city lie
	// behind the xlarge demo (two years); xlargeAhead more are open.
	XLargeWeeks = 104
	xlargeAhead = 4
	// XLargePractices is the size of the xlarge demo's practice library.
	XLargePractices = 2000
)

// xlSize is how much of the xlarge demo one generation makes: all of it, or
// a fraction for quicker trials (WithFraction).
type xlSize struct {
	members, organizations, ties, stories, weeks, snapshots int
}

// xlargeSize scales the xlarge demo's counts by fraction (0 < fraction <=
// 1), keeping its 200 cities and at least a few weeks of dinners.
func xlargeSize(fraction float64) xlSize {
	if fraction <= 0 || fraction > 1 {
		fraction = 1
	}
	scale := func(n, least int) int { return max(least, int(float64(n)*fraction)) }
	return xlSize{members: scale(XLargeMembers, 2000), organizations: scale(XLargeOrganizations, 100),
		ties: scale(XLargeTies, 20000), stories: scale(XLargeStories, 1000), weeks: scale(XLargeWeeks, 8), snapshots: 2}
}

// ErrXLargeNeedsPostgres is Generate's answer for the xlarge size on SQLite.
var ErrXLargeNeedsPostgres = errors.New("--size xlarge: the 300,000-member demo is loaded with PostgreSQL's COPY; " +
	"set KINDRED_DB to a postgres:// URL (SQLite serves networks up to the large demo)")

// bulkBatch is how many members, gatherings or ties go to the database at
// once.
const bulkBatch = 10000

// xlarge generates the xlarge demo into a PostgreSQL store.
type xlarge struct {
	st       *store.Store
	size     xlSize
	seed     uint64
	progress func(string)
	started  time.Time
	now      time.Time
	cities   []kindred.City
	cityIDs  []int64
	orgs     []DemoOrganization
	orgIDs   []int64
	people   []xlPerson // by generation order
	byCity   [][]int32  // indexes into people
	admin    *kindred.Account
	ties     int
	campaign int64
}

// xlPerson is what the dinners and ties need to know of a member.
type xlPerson struct {
	id   int64
	org  int32 // primary organization index, -1 for none
	city int32
}

// generateXLarge fills st with the xlarge demo, reporting each step.
func generateXLarge(ctx context.Context, st *store.Store, seed uint64, o options) (Result, error) {
	if st.Engine() != config.Postgres {
		return Result{}, ErrXLargeNeedsPostgres
	}
	size := xlargeSize(o.fraction)
	if o.noSnapshots {
		size.snapshots = 0
	}
	x := &xlarge{st: st, size: size, seed: seed, progress: o.progress, started: time.Now(), now: st.Now(), cities: XLargeCities()}
	steps := []struct {
		name string
		run  func(context.Context) error
	}{
		{"cities and organizations", x.createOrganizations},
		{"members", x.createMembers},
		{"accounts", x.createAccounts},
		{"weekly dinners with RSVPs and table ties", x.createDinners},
		{"the rest of the relationship ledger", x.createTies},
		{"practices", x.createPractices},
		{"stories", x.createStories},
		{"themes of the stories", x.findThemes},
		{"planner statistics", func(ctx context.Context) error { return st.Analyze(ctx) }},
		{"monthly snapshots", func(ctx context.Context) error { return takeSnapshots(ctx, st, seed, x.size.snapshots) }},
	}
	for _, s := range steps {
		t0 := time.Now()
		if err := s.run(ctx); err != nil {
			return Result{}, fmt.Errorf("xlarge demo, %s: %w", s.name, err)
		}
		x.report("%s (%s)", s.name, time.Since(t0).Round(100*time.Millisecond))
	}
	return Result{Admin: x.admin, Members: len(x.people) + 1, Organizations: len(x.orgs), Cities: len(x.cities)}, nil
}

// report prints a progress line with the time since the start.
func (x *xlarge) report(format string, args ...any) {
	if x.progress != nil {
		x.progress(fmt.Sprintf("  [%s] ", time.Since(x.started).Round(time.Second)) + fmt.Sprintf(format, args...))
	}
}

// netGen returns a fresh generator over the xlarge cities with the
// organizations and networks made; the same seed always gives the same.
func (x *xlarge) netGen() (*netGen, []DemoGroup) {
	g := newNetGen(x.seed, x.cities)
	g.makeOrganizations(x.size.organizations)
	return g, g.groups(networkGroupCount(XLarge))
}

// createOrganizations stores the cities, organizations and networks the
// ordinary way (a few thousand rows).
func (x *xlarge) createOrganizations(ctx context.Context) error {
	g, groups := x.netGen()
	x.orgs = g.orgs
	return x.st.WithTx(ctx, func(tx *store.Tx) error {
		l := &loader{tx: tx, cities: map[string]int64{}, cityList: x.cities}
		if err := l.createCities(ctx); err != nil {
			return err
		}
		for _, c := range x.cities {
			x.cityIDs = append(x.cityIDs, l.cities[c.Name])
		}
		if err := l.createOrganizations(ctx, DemoNetwork{Organizations: g.orgs, Networks: groups}); err != nil {
			return err
		}
		x.orgIDs = l.orgIDs
		return nil
	})
}

// createMembers generates the members twice with the same seed: first to
// find the organizations nobody joined, then to store them, each of those
// organizations staffed by a member of its home city.
func (x *xlarge) createMembers(ctx context.Context) error {
	extra := x.staffing()
	g, _ := x.netGen()
	slots := g.rng.Perm(x.size.members)
	staffRng := rand.New(rand.NewPCG(x.seed, 0x73746166))
	x.byCity = make([][]int32, len(x.cities))
	return x.st.BulkLoad(ctx, func(b *store.Bulk) error {
		batch := make([]*kindred.Member, 0, bulkBatch)
		for i := range x.size.members {
			dm := g.member((float64(slots[i]) + g.rng.Float64()) / float64(x.size.members))
			for _, org := range extra[i] {
				o := x.orgs[org].Organization
				a := kindred.Affiliation{OrganizationName: o.Name, OrganizationSlug: o.Slug, Role: oneOfRng(staffRng, sideRoles),
					Since: fmt.Sprint(2015 + staffRng.IntN(11))}
				dm.Affiliations = append(dm.Affiliations, DemoAffiliation{Organization: org, Affiliation: a})
			}
			markPrimary(dm.Affiliations)
			m := dm.WithOrganizationIDs(x.orgIDs)
			city := int32(g.cityIndex(m.CityName))
			m.CityID = x.cityIDs[city]
			x.people = append(x.people, xlPerson{org: int32(primaryOrg(&dm)), city: city})
			x.byCity[city] = append(x.byCity[city], int32(i))
			batch = append(batch, &m)
			if len(batch) == bulkBatch || i == x.size.members-1 {
				if err := b.Members(ctx, batch); err != nil {
					return err
				}
				for k, m := range batch {
					x.people[i-len(batch)+1+k].id = m.ID
				}
				batch = batch[:0]
			}
		}
		return nil
	})
}

// staffing generates the members once without storing them and returns, by
// member index, the organizations nobody joined that the member is to staff.
func (x *xlarge) staffing() map[int][]int {
	g, _ := x.netGen()
	slots := g.rng.Perm(x.size.members)
	people := make([]int, len(g.orgs))
	byCity := make([][]int, len(x.cities))
	for i := range x.size.members {
		dm := g.member((float64(slots[i]) + g.rng.Float64()) / float64(x.size.members))
		for _, a := range dm.Affiliations {
			people[a.Organization]++
		}
		c := g.cityIndex(dm.Member.CityName)
		byCity[c] = append(byCity[c], i)
	}
	rng := rand.New(rand.NewPCG(x.seed, 0x6e6f626f6479))
	extra := map[int][]int{}
	for org, n := range people {
		local := byCity[g.cityIndex(g.orgs[org].Cities[0])]
		if n == 0 && len(local) > 0 {
			i := local[rng.IntN(len(local))]
			extra[i] = append(extra[i], org)
		}
	}
	return extra
}

func oneOfRng[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

// createAccounts makes the administrator (with a profile) and an organizer
// for the first member of each city, linked to that profile.
func (x *xlarge) createAccounts(ctx context.Context) error {
	first := map[int64]*kindred.Member{}
	for c, members := range x.byCity {
		if len(members) == 0 {
			continue
		}
		m, err := x.st.Member(ctx, x.people[members[0]].id)
		if err != nil {
			return err
		}
		first[x.cityIDs[c]] = m
	}
	return x.st.WithTx(ctx, func(tx *store.Tx) error {
		l := &loader{tx: tx, cities: map[string]int64{}, cityList: x.cities, firstIn: first}
		for i, c := range x.cities {
			l.cities[c.Name] = x.cityIDs[i]
		}
		var err error
		x.admin, err = l.createAccounts(ctx)
		return err
	})
}

// createPractices adds the demo's practices and a library of generated ones,
// with adoptions.
func (x *xlarge) createPractices(ctx context.Context) error {
	rng := rand.New(rand.NewPCG(x.seed, 0x7072616374))
	l := &loader{cityList: x.cities, orgIDs: x.orgIDs}
	for _, p := range x.people[:min(len(x.people), 5000)] {
		l.people = append(l.people, ledgerPerson{id: p.id, org: int(p.org), city: x.cityIDs[p.city]})
	}
	return x.st.WithTx(ctx, func(tx *store.Tx) error {
		l.tx = tx
		if err := l.createPractices(ctx, rng, x.now); err != nil {
			return err
		}
		for i := len(demoPractices); i < XLargePractices; i++ {
			p := CorpusPractice(rng, i)
			p.Contacts = []kindred.Contact{{MemberID: l.people[rng.IntN(len(l.people))].id}}
			if _, err := tx.CreatePractice(ctx, p, 0); err != nil {
				return fmt.Errorf("practice %d: %w", i, err)
			}
			for k := 0; k < rng.IntN(4); k++ {
				a := &kindred.Adoption{PracticeID: p.ID, OrganizationID: x.orgIDs[rng.IntN(len(x.orgIDs))],
					Outcome: kindred.OutcomeWorked, AdoptedOn: x.now.AddDate(0, -rng.IntN(24), -rng.IntN(28))}
				if err := tx.AddAdoption(ctx, a, 0); err != nil {
					return fmt.Errorf("adoption: %w", err)
				}
			}
		}
		return nil
	})
}

// createStories opens the bright-spots campaign and adds x.size.stories
// stories told over its first 90 days, set in the network's cities.
func (x *xlarge) createStories(ctx context.Context) error {
	var c *kindred.Campaign
	err := x.st.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		c, err = tx.CreateCampaign(ctx, BrightSpots(x.now))
		return err
	})
	if err != nil {
		return err
	}
	x.campaign = c.ID
	names := make([]string, len(x.cities))
	for i, city := range x.cities {
		names[i] = city.Name
	}
	rng := rand.New(rand.NewPCG(x.seed^0x5f0ca57, x.seed+11))
	text := func() (string, string) { return storyText(rng, names) }
	return x.st.BulkLoad(ctx, func(b *store.Bulk) error {
		batch := make([]*kindred.Story, 0, bulkBatch)
		for i := range x.size.stories {
			n := newDemoStory(rng, c, x.now, text)
			if codes := c.CheckStory(&n); len(codes) > 0 {
				return fmt.Errorf("story %d: %v", i, codes)
			}
			batch = append(batch, &kindred.Story{CampaignID: c.ID, Text: n.Text, Lang: n.Lang, Consent: n.Consent,
				Anonymous: n.Anonymous, Signifiers: n.Signifiers, Context: n.Context, State: demoState(rng),
				Source: n.Source, CreatedAt: n.ToldAt.UTC().Truncate(time.Microsecond)})
			if len(batch) == bulkBatch || i == x.size.stories-1 {
				if err := b.Stories(ctx, c, batch); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		return nil
	})
}

// findThemes runs the themes of the bright-spots campaign, as an organizer
// would after the stories came in.
func (x *xlarge) findThemes(ctx context.Context) error {
	_, err := sensemaking.Run(ctx, x.st, x.campaign)
	return err
}
