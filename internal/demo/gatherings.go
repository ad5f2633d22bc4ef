package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// demoDinner describes one gathering of the demo: which city, how many weeks
// from now (negative: past), and how it went or is going.
type demoDinner struct {
	city      string
	weeks     int
	series    string
	status    kindred.GatheringStatus
	capacity  int
	answering int // members who answer going (beyond capacity: waitlist)
	invite    bool
	approval  bool
}

// Series names of the demo.
const (
	SpringSeries = "Spring Community of Practice dinners: SF, DC, Chicago, Boston"
	WinterSeries = "Winter Community of Practice dinners"
)

var demoDinners = []demoDinner{
	{"San Francisco", -9, WinterSeries, kindred.GatheringHeld, 24, 23, false, false},
	{"Washington DC", -8, WinterSeries, kindred.GatheringHeld, 20, 20, false, false},
	{"Chicago", -7, WinterSeries, kindred.GatheringHeld, 24, 22, false, false},
	{"Boston", -6, WinterSeries, kindred.GatheringHeld, 18, 17, false, false},
	{"San Francisco", 2, SpringSeries, kindred.GatheringOpen, 24, 15, false, false},
	{"Washington DC", 3, SpringSeries, kindred.GatheringOpen, 24, 9, false, false},
	{"Chicago", 4, SpringSeries, kindred.GatheringOpen, 18, 24, false, false},
	{"Boston", 5, SpringSeries, kindred.GatheringOpen, 24, 6, false, false},
	{"São Paulo", 3, "", kindred.GatheringOpen, 16, 8, true, true},
	{"Nairobi", 6, "", kindred.GatheringDraft, 20, 0, false, false},
}

var demoThemes = []string{
	"Relational organizing at scale: what happens after the first one-to-one?",
	"Distributed leadership: how volunteer teams make decisions without us in the room.",
	"Technology platforms that serve organizers instead of the other way round.",
	"Membership engagement: from list to ladder to leadership.",
}

var demoVenues = map[string][2]string{
	"San Francisco": {"The Women's Building", "3543 18th St, San Francisco, CA"},
	"Washington DC": {"Busboys and Poets, 14th & V", "2021 14th St NW, Washington, DC"},
	"Chicago":       {"Hull House Museum", "800 S Halsted St, Chicago, IL"},
	"Boston":        {"The Democracy Center", "45 Mount Auburn St, Cambridge, MA"},
	"São Paulo":     {"Casa do Povo", "R. Três Rios, 252, Bom Retiro, São Paulo"},
	"Nairobi":       {"The Mawimbi", "Kenyatta Ave, Nairobi"},
}

// Gatherings adds the demo's dinners, past and upcoming, in one transaction:
// held dinners with attendance and no-shows, open ones with RSVPs (one full,
// with a waitlist), an invite-only curated one and a draft. It runs after the
// directory is loaded, with the store's clock deciding what is past.
func Gatherings(ctx context.Context, st *store.Store, adminID int64, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0x6761746865726e67))
	byCity, cityIDs, err := demoMembersByCity(ctx, st)
	if err != nil {
		return err
	}
	now := st.Now()
	var held []int64
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		series := map[string]int64{}
		for i, d := range demoDinners {
			if d.series != "" && series[d.series] == 0 {
				sr, err := tx.CreateSeries(ctx, kindred.Series{Name: d.series})
				if err != nil {
					return err
				}
				series[d.series] = sr.ID
			}
			g, err := createDemoDinner(ctx, tx, d, i, series[d.series], cityIDs[d.city], byCity[d.city], adminID, now, rng)
			if err != nil {
				return fmt.Errorf("demo gathering in %s: %w", d.city, err)
			}
			if d.status == kindred.GatheringHeld {
				held = append(held, g.ID)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return holdWithTables(ctx, st, adminID, held)
}

// demoMembersByCity lists member ids per city name (members with email
// only), and the cities' ids.
func demoMembersByCity(ctx context.Context, st *store.Store) (map[string][]int64, map[string]int64, error) {
	cities, err := st.Cities(ctx)
	if err != nil {
		return nil, nil, err
	}
	out, ids := map[string][]int64{}, map[string]int64{}
	for _, c := range cities {
		ids[c.Name] = c.ID
		ms, _, err := st.ListMembers(ctx, store.MemberFilter{CityID: c.ID, Limit: 1000})
		if err != nil {
			return nil, nil, err
		}
		for _, m := range ms {
			if m.Email != "" {
				out[c.Name] = append(out[c.Name], m.ID)
			}
		}
	}
	return out, ids, nil
}

// createDemoDinner stores one dinner with its RSVPs; guests of a dinner to
// be held are checked in, and holdWithTables marks it held later.
func createDemoDinner(ctx context.Context, tx *store.Tx, d demoDinner, i int, seriesID, cityID int64, people []int64, adminID int64, now time.Time, rng *rand.Rand) (*kindred.Gathering, error) {
	dg := demoGathering(d, i, seriesID, people, adminID, now)
	dg.CityID = cityID
	g, err := tx.CreateGathering(ctx, dg)
	if err != nil {
		return nil, err
	}
	guests := pickPeople(people, d.answering+6, rng)
	if d.invite || d.status == kindred.GatheringDraft {
		if _, err := tx.Invite(ctx, g.ID, guests, adminID); err != nil {
			return nil, err
		}
	}
	for k, id := range guests[:min(d.answering, len(guests))] {
		req := kindred.RSVPRequest{GatheringID: g.ID, MemberID: id, Status: kindred.RSVPGoing,
			Answers: map[string]string{g.Questions[0]: demoAnswers[k%len(demoAnswers)]}}
		if _, err := tx.RSVP(ctx, req); err != nil {
			return nil, err
		}
	}
	for _, id := range guests[min(d.answering, len(guests)):min(d.answering+2, len(guests))] {
		if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: id, Status: kindred.RSVPDeclined, ByOrganizer: true}); err != nil {
			return nil, err
		}
	}
	if d.status == kindred.GatheringHeld {
		return g, checkInDemoGuests(ctx, tx, g.ID, rng)
	}
	return g, nil
}

func demoGathering(d demoDinner, i int, seriesID int64, people []int64, adminID int64, now time.Time) kindred.Gathering {
	var tz string
	for _, c := range Cities {
		if c.Name == d.city {
			tz = c.TimeZone
		}
	}
	day := now.AddDate(0, 0, 7*d.weeks).In(mustZone(tz)).Format("2006-01-02")
	start, err := kindred.ParseLocalTime(day, "18:30", tz, "start")
	if err != nil { // 18:30 is never in a DST gap; keep the demo going regardless
		start = now.AddDate(0, 0, 7*d.weeks)
	}
	venue := demoVenues[d.city]
	title := d.city + " Community of Practice dinner"
	vis := kindred.VisibilityNetwork
	if d.invite {
		title, vis = d.city+" leaders' table", kindred.VisibilityInvite
	}
	g := kindred.Gathering{SeriesID: seriesID, Title: title, Theme: demoThemes[i%len(demoThemes)],
		Questions: []string{"What practice are you most excited about right now?", "What would you like to learn from another organization?"},
		VenueName: venue[0], Address: venue[1], AccessibilityNotes: "Step-free entrance; quiet room available.",
		DietsServed: []string{"vegetarian", "vegan", "halal", "gluten-free"}, StartsAt: start, EndsAt: start.Add(3 * time.Hour),
		Capacity: d.capacity, TableSize: 6, Visibility: vis, Status: kindred.GatheringOpen, ApprovalRequired: d.approval, CreatedBy: adminID}
	if d.status == kindred.GatheringDraft {
		g.Status = kindred.GatheringDraft
	}
	if len(people) > 0 {
		g.HostIDs = people[:1]
	}
	return g
}

// checkInDemoGuests checks most guests in; the rest become no-shows when
// the dinner is marked held.
func checkInDemoGuests(ctx context.Context, tx *store.Tx, gatheringID int64, rng *rand.Rand) error {
	going, err := tx.ListRSVPs(ctx, gatheringID, kindred.RSVPGoing)
	if err != nil {
		return err
	}
	for _, v := range going {
		if rng.IntN(100) < 85 {
			if _, err := tx.CheckIn(ctx, gatheringID, v.MemberID, true); err != nil {
				return err
			}
		}
	}
	return nil
}

var demoAnswers = []string{
	"Our text-banking program that volunteers run end to end.",
	"Moving our member meetings to a rotating-host model.",
	"A shared data dashboard across three partner organizations.",
	"How we trained 40 new one-to-one leaders this winter.",
}

// pickPeople returns up to n distinct ids from people, in a seeded random order.
func pickPeople(people []int64, n int, rng *rand.Rand) []int64 {
	ids := append([]int64(nil), people...)
	rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	return ids[:min(n, len(ids))]
}

func mustZone(tz string) *time.Location {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return time.UTC
	}
	return loc
}
