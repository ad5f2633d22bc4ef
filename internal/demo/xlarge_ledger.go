package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// dinnersPerBatch is how many gatherings (with their RSVPs and ties) go to
// the database at once.
const dinnersPerBatch = 1000

// xlDinner is one generated dinner before it is stored: its guests in the
// order they answered, with how each answered.
type xlDinner struct {
	g       *kindred.Gathering
	guests  []int64
	answers []kindred.RSVPStatus
}

// createDinners adds a series of weekly dinners in every city: x.size.weeks
// held ones (most guests came and checked in, a few did not; those who came
// are tied to their table mates) and xlargeAhead open ones taking RSVPs.
func (x *xlarge) createDinners(ctx context.Context) error {
	series, err := x.createSeries(ctx)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(x.seed, 0x64696e6e6572))
	zones := make([]*time.Location, len(x.cities))
	for i, c := range x.cities {
		zones[i] = mustZone(c.TimeZone)
	}
	return x.st.BulkLoad(ctx, func(b *store.Bulk) error {
		var batch []xlDinner
		for w := -x.size.weeks; w < xlargeAhead; w++ {
			for c := range x.cities {
				batch = append(batch, x.dinner(rng, c, w, series[c], zones[c]))
				if len(batch) == dinnersPerBatch {
					if err := x.storeDinners(ctx, b, rng, batch); err != nil {
						return err
					}
					batch = batch[:0]
				}
			}
		}
		return x.storeDinners(ctx, b, rng, batch)
	})
}

// createSeries makes one series of dinners per city.
func (x *xlarge) createSeries(ctx context.Context) ([]int64, error) {
	ids := make([]int64, len(x.cities))
	err := x.st.WithTx(ctx, func(tx *store.Tx) error {
		for i, c := range x.cities {
			sr, err := tx.CreateSeries(ctx, kindred.Series{Name: c.Name + " Community of Practice dinners"})
			if err != nil {
				return err
			}
			ids[i] = sr.ID
		}
		return nil
	})
	return ids, err
}

// dinner makes the dinner of city c in week w from now (negative: past).
func (x *xlarge) dinner(rng *rand.Rand, c, w int, seriesID int64, zone *time.Location) xlDinner {
	city := x.cities[c]
	day := x.now.AddDate(0, 0, 7*w).In(zone)
	start := time.Date(day.Year(), day.Month(), day.Day(), 18, 30, 0, 0, zone).UTC()
	venue, ok := demoVenues[city.Name]
	if !ok {
		venue = [2]string{"Community hall", "Main Street, " + city.Name}
	}
	capacity := []int{18, 20, 24, 24, 30}[rng.IntN(5)]
	g := &kindred.Gathering{CityID: x.cityIDs[c], TimeZone: city.TimeZone, SeriesID: seriesID,
		Title: city.Name + " Community of Practice dinner", Theme: demoThemes[(w+x.size.weeks)%len(demoThemes)],
		Questions: []string{"What practice are you most excited about right now?"}, VenueName: venue[0], Address: venue[1],
		DietsServed: []string{"vegetarian", "vegan"}, StartsAt: start, EndsAt: start.Add(3 * time.Hour), Capacity: capacity,
		TableSize: 6, Visibility: kindred.VisibilityNetwork, Status: kindred.GatheringHeld, CreatedBy: x.admin.ID}
	d := xlDinner{g: g}
	local := x.byCity[c]
	if w >= 0 {
		g.Status = kindred.GatheringOpen
		answering := rng.IntN(capacity + 6)
		for k, i := range pickIndexes(rng, local, answering+1) {
			d.guests = append(d.guests, x.people[i].id)
			switch {
			case k == answering:
				d.answers = append(d.answers, kindred.RSVPDeclined)
			case k < capacity:
				d.answers = append(d.answers, kindred.RSVPGoing)
			default:
				d.answers = append(d.answers, kindred.RSVPWaitlist)
			}
		}
	} else {
		came := capacity - rng.IntN(5)
		for k, i := range pickIndexes(rng, local, came+2) {
			d.guests = append(d.guests, x.people[i].id)
			switch {
			case k >= came:
				d.answers = append(d.answers, kindred.RSVPDeclined)
			case rng.IntN(100) < 88:
				d.answers = append(d.answers, kindred.RSVPAttended)
			default:
				d.answers = append(d.answers, kindred.RSVPNoShow)
			}
		}
	}
	if len(d.guests) > 0 {
		g.HostIDs = d.guests[:1]
	}
	return d
}

// pickIndexes returns up to n distinct entries of list, in random order.
func pickIndexes(rng *rand.Rand, list []int32, n int) []int32 {
	n = min(n, len(list))
	seen := make(map[int32]bool, n)
	out := make([]int32, 0, n)
	for len(out) < n {
		i := list[rng.IntN(len(list))]
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out
}

// storeDinners writes a batch of dinners, then their RSVPs and, for those
// held, a tie between every two guests who came and sat at one table.
func (x *xlarge) storeDinners(ctx context.Context, b *store.Bulk, rng *rand.Rand, batch []xlDinner) error {
	if len(batch) == 0 {
		return nil
	}
	gs := make([]*kindred.Gathering, len(batch))
	for i, d := range batch {
		gs[i] = d.g
	}
	if err := b.Gatherings(ctx, gs); err != nil {
		return err
	}
	var rsvps []kindred.RSVP
	var ties []kindred.Tie
	for _, d := range batch {
		var came []int64
		for k, id := range d.guests {
			r := kindred.RSVP{GatheringID: d.g.ID, MemberID: id, Status: d.answers[k],
				CreatedAt: d.g.StartsAt.AddDate(0, 0, -7-rng.IntN(14)), UpdatedAt: d.g.StartsAt.AddDate(0, 0, -7)}
			if rng.IntN(5) == 0 {
				r.Answers = map[string]string{d.g.Questions[0]: demoAnswers[rng.IntN(len(demoAnswers))]}
			}
			if r.Status == kindred.RSVPAttended {
				at := d.g.StartsAt
				r.CheckedInAt, r.UpdatedAt = &at, at
				came = append(came, id)
			}
			rsvps = append(rsvps, r)
		}
		ties = append(ties, x.tableTies(rng, d.g, came)...)
	}
	if err := b.RSVPs(ctx, rsvps); err != nil {
		return err
	}
	x.ties += len(ties)
	return b.Ties(ctx, ties)
}

// tableTies seats the guests who came at tables of the dinner's size in
// the order they arrived and ties every two at a table.
func (x *xlarge) tableTies(rng *rand.Rand, g *kindred.Gathering, came []int64) []kindred.Tie {
	var out []kindred.Tie
	day := g.StartsAt.Truncate(24 * time.Hour)
	for start := 0; start < len(came); start += g.TableSize {
		table := came[start:min(start+g.TableSize, len(came))]
		for i := range table {
			for j := i + 1; j < len(table); j++ {
				out = append(out, newTie(rng, table[i], table[j], kindred.TieSatTogether, kindred.SourceGathering, g.Title, day))
			}
		}
	}
	return out
}

// newTie makes a tie between a and b (in either order); one in fifty is
// hidden by one of its members.
func newTie(rng *rand.Rand, a, b int64, kind kindred.TieKind, src kindred.TieSource, ref string, day time.Time) kindred.Tie {
	if a > b {
		a, b = b, a
	}
	return kindred.Tie{A: a, B: b, Kind: kind, Source: src, SourceRef: ref, HappenedOn: day, HiddenByA: rng.IntN(50) == 0}
}

// tieKinds are the ledger's other ties: follow-ups after dinners,
// introductions, ties members reported themselves and collaborations.
var tieKinds = []struct {
	kind  kindred.TieKind
	src   kindred.TieSource
	ref   string
	share int // per 100
}{
	{kindred.TieFollowUp, kindred.SourceGathering, "Follow-up after a dinner", 30},
	{kindred.TieIntroduced, kindred.SourceIntroduction, "Introduced by an organizer", 15},
	{kindred.TieSelfReported, kindred.SourceSelf, "", 25},
	{kindred.TieCollaborated, kindred.SourceImport, "Joint campaign", 30},
}

// createTies fills the ledger up to x.size.ties: two colleague ties per
// member of an organization with others in it, then ties across
// organizations, mostly within a city and more of them in recent months.
func (x *xlarge) createTies(ctx context.Context) error {
	rng := rand.New(rand.NewPCG(x.seed, 0x74696573))
	byOrg := map[int32][]int32{}
	for i, p := range x.people {
		if p.org >= 0 {
			byOrg[p.org] = append(byOrg[p.org], int32(i))
		}
	}
	return x.st.BulkLoad(ctx, func(b *store.Bulk) error {
		batch := make([]kindred.Tie, 0, 10*bulkBatch)
		flush := func(force bool) error {
			if len(batch) < cap(batch) && !force {
				return nil
			}
			x.ties += len(batch)
			err := b.Ties(ctx, batch)
			batch = batch[:0]
			return err
		}
		for _, p := range x.people {
			colleagues := byOrg[p.org]
			for k := 0; k < 2 && p.org >= 0 && len(colleagues) > 1 && x.ties+len(batch) < x.size.ties; k++ {
				other := x.people[colleagues[rng.IntN(len(colleagues))]]
				if other.id == p.id {
					continue
				}
				day := x.now.AddDate(0, -rng.IntN(24), -rng.IntN(28)).Truncate(24 * time.Hour)
				batch = append(batch, newTie(rng, p.id, other.id, kindred.TieCollaborated, kindred.SourceImport, "", day))
				if err := flush(false); err != nil {
					return err
				}
			}
		}
		for x.ties+len(batch) < x.size.ties {
			if t, ok := x.crossTie(rng); ok {
				batch = append(batch, t)
				if err := flush(false); err != nil {
					return err
				}
			}
		}
		return flush(true)
	})
}

// crossTie draws a tie between members of different organizations: nine in
// ten in the same city, more recent months more likely.
func (x *xlarge) crossTie(rng *rand.Rand) (kindred.Tie, bool) {
	p := x.people[rng.IntN(len(x.people))]
	var other xlPerson
	if rng.IntN(10) == 0 {
		other = x.people[rng.IntN(len(x.people))]
	} else {
		local := x.byCity[p.city]
		other = x.people[local[rng.IntN(len(local))]]
	}
	if other.id == p.id || (other.org == p.org && p.org >= 0) {
		return kindred.Tie{}, false
	}
	x2 := rng.IntN(100)
	k := tieKinds[len(tieKinds)-1]
	for _, tk := range tieKinds {
		if x2 -= tk.share; x2 < 0 {
			k = tk
			break
		}
	}
	monthsAgo := int(float64(x.size.weeks/52*12) * rng.Float64() * rng.Float64())
	day := x.now.AddDate(0, -monthsAgo, -rng.IntN(28)).Truncate(24 * time.Hour)
	return newTie(rng, p.id, other.id, k.kind, k.src, k.ref, day), true
}
