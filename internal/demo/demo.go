// Package demo fills an empty Kindred with a realistic, reproducible demo
// network: cities, organizations of very different sizes, networks of
// organizations, multilingual members with several affiliations, organizers
// and an administrator. The same seed gives the same network.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
)

// Size is how big a demo network is.
type Size string

// Sizes, by number of members.
const (
	Small  Size = "small"  // about 300
	Medium Size = "medium" // about 3,000
	Large  Size = "large"  // about 30,000
	// XLarge is 300,000 members, 5,000 organizations, 200 cities and 3
	// million ties, on PostgreSQL only (see GenerateXLarge).
	XLarge Size = "xlarge"
)

// ParseSize checks a --size value.
func ParseSize(s string) (Size, error) {
	switch Size(s) {
	case Small, Medium, Large, XLarge:
		return Size(s), nil
	}
	return "", fmt.Errorf("--size: %q is not small, medium, large or xlarge", s)
}

func (s Size) members() int {
	switch s {
	case Medium:
		return 3000
	case Large:
		return 30000
	case XLarge:
		return 300000
	}
	return 300
}

// AdminEmail is the demo administrator's address.
const AdminEmail = "robin@demo.kindred.example"

// Cities of the demo network, with their time zones.
var Cities = []kindred.City{
	{Name: "San Francisco", Slug: "san-francisco", TimeZone: "America/Los_Angeles"},
	{Name: "Washington DC", Slug: "washington-dc", TimeZone: "America/New_York"},
	{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"},
	{Name: "Boston", Slug: "boston", TimeZone: "America/New_York"},
	{Name: "São Paulo", Slug: "sao-paulo", TimeZone: "America/Sao_Paulo"},
	{Name: "Nairobi", Slug: "nairobi", TimeZone: "Africa/Nairobi"},
}

// Result says what Generate made.
type Result struct {
	Admin         *kindred.Account
	Members       int
	Organizations int
	Cities        int
}

// Option changes how Generate runs.
type Option func(*options)

type options struct {
	progress    func(string)
	fraction    float64
	noSnapshots bool
}

// WithProgress has Generate report each step of a long generation (the
// xlarge demo) to report, one line at a time.
func WithProgress(report func(line string)) Option {
	return func(o *options) { o.progress = report }
}

// WithFraction has Generate make only fraction (0 < fraction <= 1) of the
// xlarge demo's members, organizations, ties, stories and weeks of dinners
// (a quicker trial of the same shape); other sizes ignore it.
func WithFraction(fraction float64) Option {
	return func(o *options) { o.fraction = fraction }
}

// WithoutSnapshots has Generate leave the xlarge demo without its monthly
// snapshots, for a caller that takes and measures its own (bench/scale);
// other sizes ignore it.
func WithoutSnapshots() Option {
	return func(o *options) { o.noSnapshots = true }
}

// Generate fills st (which must have no accounts) with a demo network, in one
// transaction. The administrator and one organizer per city get accounts
// linked to their directory profiles. The xlarge size needs PostgreSQL
// (ErrXLargeNeedsPostgres) and is loaded in bulk, in several transactions.
func Generate(ctx context.Context, st *store.Store, size Size, seed uint64, opts ...Option) (Result, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	n, err := st.CountAccounts(ctx)
	if err != nil {
		return Result{}, err
	}
	if n > 0 {
		return Result{}, fmt.Errorf("the demo needs an empty database, and this one has %d accounts", n)
	}
	if size == XLarge {
		return generateXLarge(ctx, st, seed, o)
	}
	net := Network(size, seed)
	var res Result
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		l := &loader{tx: tx, cities: map[string]int64{}, cityList: Cities}
		if err := l.createCities(ctx); err != nil {
			return err
		}
		if err := l.createOrganizations(ctx, net); err != nil {
			return err
		}
		if err := l.createMembers(ctx, net); err != nil {
			return err
		}
		var err error
		if res.Admin, err = l.createAccounts(ctx); err != nil {
			return err
		}
		if err := l.createTies(ctx, rand.New(rand.NewPCG(seed, seed+1)), l.people, st.Now()); err != nil {
			return err
		}
		return l.createPractices(ctx, rand.New(rand.NewPCG(seed, seed+2)), st.Now())
	})
	res.Members, res.Organizations, res.Cities = len(net.Members)+1, len(net.Organizations), len(Cities)
	if err != nil {
		return res, err
	}
	if err := Gatherings(ctx, st, res.Admin.ID, seed); err != nil {
		return res, err
	}
	if err := Harvest(ctx, st, seed); err != nil {
		return res, err
	}
	if err := Feedback(ctx, st, seed); err != nil {
		return res, err
	}
	if err := Conversations(ctx, st, seed); err != nil {
		return res, err
	}
	if err := Proposals(ctx, st, res.Admin.ID); err != nil {
		return res, err
	}
	if err := Travel(ctx, st, seed); err != nil {
		return res, err
	}
	c, err := GenerateStories(ctx, st, 300, seed)
	if err != nil {
		return res, err
	}
	if _, err := sensemaking.Run(ctx, st, c.ID); err != nil {
		return res, fmt.Errorf("demo themes: %w", err)
	}
	if err := st.Analyze(ctx); err != nil {
		return res, err
	}
	return res, takeSnapshots(ctx, st, seed, SnapshotMonths)
}

// SnapshotMonths is how many monthly snapshots the demo takes, so the
// Emergence page has trends from the start.
const SnapshotMonths = 6

func takeSnapshots(ctx context.Context, st *store.Store, seed uint64, months int) error {
	for _, at := range monthEnds(st.Now(), months) {
		if _, err := emergence.Take(ctx, st, at, seed); err != nil && err != emergence.ErrNoTies {
			return fmt.Errorf("demo snapshot %s: %w", at.Format("2006-01"), err)
		}
	}
	return nil
}

// loader writes a DemoNetwork, remembering the ids it made.
type loader struct {
	tx       *store.Tx
	cityList []kindred.City   // the cities to create
	cities   map[string]int64 // name → id
	orgIDs   []int64          // by index in DemoNetwork.Organizations
	firstIn  map[int64]*kindred.Member
	people   []ledgerPerson
}

func (l *loader) createCities(ctx context.Context) error {
	for _, c := range l.cityList {
		made, err := l.tx.CreateCity(ctx, c)
		if err != nil {
			return fmt.Errorf("demo city %s: %w", c.Name, err)
		}
		l.cities[c.Name] = made.ID
	}
	return nil
}

func (l *loader) createOrganizations(ctx context.Context, net DemoNetwork) error {
	for _, o := range net.Organizations {
		org := o.Organization
		for _, c := range o.Cities {
			org.CityIDs = append(org.CityIDs, l.cities[c])
		}
		made, err := l.tx.CreateOrganization(ctx, org)
		if err != nil {
			return fmt.Errorf("demo organization %s: %w", org.Name, err)
		}
		l.orgIDs = append(l.orgIDs, made.ID)
	}
	for _, g := range net.Networks {
		nw := g.Network
		for _, i := range g.Organizations {
			nw.OrganizationIDs = append(nw.OrganizationIDs, l.orgIDs[i])
		}
		if _, err := l.tx.CreateNetwork(ctx, nw); err != nil {
			return fmt.Errorf("demo network %s: %w", nw.Name, err)
		}
	}
	return nil
}

func (l *loader) createMembers(ctx context.Context, net DemoNetwork) error {
	l.firstIn = map[int64]*kindred.Member{}
	for i := range net.Members {
		dm := &net.Members[i]
		m := dm.Member
		m.CityID = l.cities[m.CityName]
		m.Affiliations = nil
		for _, a := range dm.Affiliations {
			af := a.Affiliation
			af.OrganizationID = l.orgIDs[a.Organization]
			m.Affiliations = append(m.Affiliations, af)
		}
		if _, err := l.tx.CreateMember(ctx, &m); err != nil {
			return fmt.Errorf("demo member %s: %w", m.Email, err)
		}
		l.people = append(l.people, ledgerPerson{id: m.ID, org: primaryOrg(dm), city: m.CityID})
		if _, seen := l.firstIn[m.CityID]; !seen && m.CityID != 0 {
			l.firstIn[m.CityID] = &m
		}
	}
	return nil
}

// accounts makes the administrator (with a profile of their own) and an
// organizer account for the first member in each city.
func (l *loader) createAccounts(ctx context.Context) (*kindred.Account, error) {
	admin, err := l.tx.CreateAccount(ctx, kindred.NewAccount{Email: AdminEmail, Name: "Robin Okafor", Role: kindred.RoleAdmin}, "")
	if err != nil {
		return nil, err
	}
	robin := &kindred.Member{AccountID: admin.ID, Email: AdminEmail, Name: admin.Name, Pronouns: "they/them",
		Bio:    "Network weaver for the demo network. I convene our Community of Practice dinners.",
		CityID: l.cities["Chicago"], Languages: []string{"en", "es"}, Tags: []string{"network weaving", "facilitation"}}
	if _, err := l.tx.CreateMember(ctx, robin); err != nil {
		return nil, err
	}
	for _, c := range l.cityList {
		m := l.firstIn[l.cities[c.Name]]
		if m == nil {
			continue
		}
		a, err := l.tx.CreateAccount(ctx, kindred.NewAccount{Email: m.Email, Name: m.Name, Role: kindred.RoleOrganizer}, "")
		if err != nil {
			return nil, err
		}
		if err := l.tx.SetRole(ctx, a.ID, kindred.RoleOrganizer, []int64{m.CityID}); err != nil {
			return nil, err
		}
		if _, err := l.tx.LinkOrCreateMember(ctx, a); err != nil {
			return nil, err
		}
	}
	return admin, nil
}

// primaryOrg returns the index of a demo member's primary organization, or -1.
func primaryOrg(dm *DemoMember) int {
	for _, a := range dm.Affiliations {
		if a.Affiliation.Primary {
			return a.Organization
		}
	}
	return -1
}
