package diffusion_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/diffusion"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// Organizations 1 (Ana, Abe), 2 (Bo) and 3 (Cy); practice 7: org 1 adopts
// on 1 January, org 2 on 1 March, org 3 on 1 June.
var (
	members = []diffusion.Membership{
		{Member: 10, Org: 1}, {Member: 11, Org: 1, Until: day("2024-02-01")},
		{Member: 20, Org: 2}, {Member: 30, Org: 3, From: day("2024-04-01")},
	}
	adoptions = []diffusion.Adoption{
		{ID: 1, Practice: 7, Org: 1, On: day("2024-01-01")},
		{ID: 2, Practice: 7, Org: 2, On: day("2024-03-01")},
		{ID: 3, Practice: 7, Org: 3, On: day("2024-06-01")},
		{ID: 4, Practice: 7, Org: 2, On: day("2024-07-01")}, // org 2 again: it worked
	}
)

func TestPaths(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		ties   []diffusion.Tie
		want   map[int64]int64 // adoption → tie id of its path
		others map[int64]int
	}{
		{name: "no ties, no paths", want: map[int64]int64{}},
		{name: "a dinner between the adoptions", want: map[int64]int64{2: 100},
			ties: []diffusion.Tie{{ID: 100, A: 10, B: 20, Kind: "sat_together", On: day("2024-02-10"), Gathering: 5}}},
		{name: "a tie before the first adopter began carries nothing",
			want: map[int64]int64{}, ties: []diffusion.Tie{{ID: 100, A: 10, B: 20, Kind: "sat_together", On: day("2023-12-01")}}},
		{name: "a tie on the adoption's own day is not before it",
			want: map[int64]int64{}, ties: []diffusion.Tie{{ID: 100, A: 10, B: 20, Kind: "sat_together", On: day("2024-03-01")}}},
		{name: "Abe had left org 1 when he met Bo",
			want: map[int64]int64{}, ties: []diffusion.Tie{{ID: 100, A: 11, B: 20, Kind: "sat_together", On: day("2024-02-10")}}},
		{name: "Cy had not joined org 3 yet; later he had",
			want: map[int64]int64{3: 102}, others: map[int64]int{3: 0},
			ties: []diffusion.Tie{{ID: 101, A: 20, B: 30, Kind: "introduced", On: day("2024-03-10")},
				{ID: 102, A: 20, B: 30, Kind: "follow_up", On: day("2024-05-10")}}},
		{name: "the most recent tie wins, the others are counted",
			want: map[int64]int64{2: 101, 3: 103}, others: map[int64]int{2: 1, 3: 1},
			ties: []diffusion.Tie{{ID: 100, A: 10, B: 20, Kind: "sat_together", On: day("2024-01-10")},
				{ID: 101, A: 10, B: 20, Kind: "introduced", On: day("2024-02-20")},
				{ID: 102, A: 10, B: 30, Kind: "sat_together", On: day("2024-04-10")},
				{ID: 103, A: 20, B: 30, Kind: "introduced", On: day("2024-05-20")}}},
		{name: "on the same day a dinner beats an introduction",
			want: map[int64]int64{2: 101},
			ties: []diffusion.Tie{{ID: 100, A: 10, B: 20, Kind: "introduced", On: day("2024-02-10")},
				{ID: 101, A: 10, B: 20, Kind: "sat_together", On: day("2024-02-10")}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := diffusion.Paths(adoptions, c.ties, members)
			if len(got) != len(c.want) {
				t.Fatalf("paths = %+v, want ties %v", got, c.want)
			}
			for id, tie := range c.want {
				p := got[id]
				if p.Tie.ID != tie {
					t.Errorf("adoption %d: path by tie %d, want %d", id, p.Tie.ID, tie)
				}
				if want, ok := c.others[id]; ok && p.Others != want {
					t.Errorf("adoption %d: %d other ties, want %d", id, p.Others, want)
				}
			}
		})
	}
}

func TestPathNamesBothEnds(t *testing.T) {
	t.Parallel()
	ties := []diffusion.Tie{{ID: 100, A: 10, B: 20, Kind: "sat_together", On: day("2024-02-10"), Gathering: 5}}
	p := diffusion.Paths(adoptions, ties, members)[2]
	if p.Member != 20 || p.Met != 10 || p.MetOrg != 1 || !p.Since.Equal(day("2024-01-01")) || p.Tie.Gathering != 5 {
		t.Errorf("path = %+v", p)
	}
}

// chain builds practices that each travel down a line of organizations:
// organization i adopts on day 30·i, and (when linked) its person sat with
// the previous organization's person ten days before. Unlinked, the ties
// are at random days between random organizations.
func chain(practices, orgs int, linked bool, rng *rand.Rand) ([]diffusion.Adoption, []diffusion.Tie, []diffusion.Membership) {
	var ads []diffusion.Adoption
	var ties []diffusion.Tie
	var ms []diffusion.Membership
	start := day("2023-01-01")
	for o := range orgs {
		ms = append(ms, diffusion.Membership{Member: int64(100 + o), Org: int64(o + 1)})
	}
	for p := range practices {
		perm := rng.Perm(orgs)
		for i, o := range perm {
			on := start.AddDate(0, 0, 30*i+rng.IntN(5))
			if !linked {
				on = start.AddDate(0, 0, rng.IntN(30*orgs))
			}
			ads = append(ads, diffusion.Adoption{ID: int64(len(ads) + 1), Practice: int64(p + 1), Org: int64(o + 1), On: on})
			if i == 0 {
				continue
			}
			a, b := int64(100+perm[i-1]), int64(100+o)
			tie := start.AddDate(0, 0, 30*i-10)
			if !linked {
				a, b, tie = int64(100+rng.IntN(orgs)), int64(100+rng.IntN(orgs)), start.AddDate(0, 0, rng.IntN(30*orgs))
			}
			if a != b {
				ties = append(ties, diffusion.Tie{ID: int64(len(ties) + 1), A: a, B: b, Kind: "sat_together", On: tie})
			}
		}
	}
	return ads, ties, ms
}

func TestTravelledAlongTies(t *testing.T) {
	t.Parallel()
	ads, ties, ms := chain(6, 8, true, rand.New(rand.NewPCG(1, 2)))
	f := diffusion.Travelled(ads, ties, ms, 1000, 1)
	t.Logf("followed %d of %d (%.2f), chance %.2f, p %.3f", f.Followed, f.Adoptions, f.Share(), f.Chance, f.P)
	if f.Adoptions != 6*7 || f.Followed != 6*7 {
		t.Errorf("followed %d of %d, want all 42", f.Followed, f.Adoptions)
	}
	if f.Chance > f.Share()-0.2 || f.P > 0.01 {
		t.Errorf("chance %.2f, p %.4f: want a share far above chance", f.Chance, f.P)
	}
	if again := diffusion.Travelled(ads, ties, ms, 1000, 1); again != f {
		t.Errorf("the same seed gave %+v, then %+v", f, again)
	}
}

func TestRandomDatesAreNotSignificant(t *testing.T) {
	t.Parallel()
	ads, ties, ms := chain(6, 8, false, rand.New(rand.NewPCG(3, 4)))
	f := diffusion.Travelled(ads, ties, ms, 1000, 1)
	t.Logf("followed %d of %d (%.2f), chance %.2f, p %.3f", f.Followed, f.Adoptions, f.Share(), f.Chance, f.P)
	if !f.Enough() {
		t.Fatalf("only %d adoptions with an earlier adopter", f.Adoptions)
	}
	if f.P < 0.05 {
		t.Errorf("share %.2f against chance %.2f, p %.4f: random dates look significant", f.Share(), f.Chance, f.P)
	}
}

func TestTooFewAdoptions(t *testing.T) {
	t.Parallel()
	f := diffusion.Travelled(adoptions, []diffusion.Tie{{ID: 1, A: 10, B: 20, On: day("2024-02-10")}}, members, 100, 1)
	if f.Adoptions != 2 || f.Followed != 1 || f.Enough() {
		t.Errorf("figure = %+v, want 1 of 2 and not enough to tell", f)
	}
	if empty := diffusion.Travelled(nil, nil, nil, 100, 1); empty.Adoptions != 0 || empty.P != 0 || empty.Share() != 0 {
		t.Errorf("empty figure = %+v", empty)
	}
}
