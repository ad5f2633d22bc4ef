package library_test

import (
	"context"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/library"
	"github.com/kindredhq/kindred/internal/store"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// travels is a practice that travels from the Teachers Union (since
// January) to the Northside Clinic (April) and to the Food Co-op (May):
// Cleo of the clinic sat with Ana at the Winter dinner on 10 February and
// again at an invite-only supper on 5 March; Dee of the co-op, who keeps
// her affiliation private, was introduced to Ana on 20 March; a claimed
// tie between Cleo and Ana on 25 March still waits for Ana's answer.
type travels struct {
	*network
	practice        *kindred.Practice
	cleo, dee       int64
	winter, supper  *kindred.Gathering
	coop            *kindred.Organization
	zed             *kindred.Viewer // a member of no organization
	dinnerTie       int64
	supperTie       int64
	introduction    int64
	clinicAdoption  int64
	coopAdoption    int64
	unionAdoptionOn time.Time
}

func newTravels(t *testing.T, n *network) *travels {
	t.Helper()
	ctx := context.Background()
	w := &travels{network: n, zed: n.viewer(t, "zed", kindred.RoleMember, 0, 0)}
	err := n.s.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		chicago := n.union.CityIDs[0]
		if w.coop, err = tx.CreateOrganization(ctx, kindred.Organization{Name: "Food Co-op", CityIDs: []int64{chicago}}); err != nil {
			return err
		}
		if w.cleo, err = tx.CreateMember(ctx, &kindred.Member{Name: "Cleo Park",
			Affiliations: []kindred.Affiliation{{OrganizationID: n.clinic.ID, Since: "2024"}}}); err != nil {
			return err
		}
		if w.dee, err = tx.CreateMember(ctx, &kindred.Member{Name: "Dee Moss", CityID: chicago,
			Visibility:   kindred.Visibility{kindred.FieldAffiliations: kindred.LevelPrivate},
			Affiliations: []kindred.Affiliation{{OrganizationID: w.coop.ID}}}); err != nil {
			return err
		}
		if w.winter, err = heldDinner(ctx, tx, chicago, "Winter dinner", kindred.VisibilityNetwork, "2025-02-10", n.ana.MemberID(), w.cleo); err != nil {
			return err
		}
		if w.supper, err = heldDinner(ctx, tx, chicago, "Curated supper", kindred.VisibilityInvite, "2025-03-05", n.ana.MemberID(), w.cleo); err != nil {
			return err
		}
		tie := func(a, b int64, kind kindred.TieKind, src kindred.TieSource, ref, on string, awaiting int64) (int64, error) {
			return tx.AddTie(ctx, kindred.Tie{A: a, B: b, Kind: kind, Source: src, SourceRef: ref, HappenedOn: day(on), Awaiting: awaiting})
		}
		if w.dinnerTie, err = tie(n.ana.MemberID(), w.cleo, kindred.TieSatTogether, kindred.SourceGathering, "Winter dinner", "2025-02-10", 0); err != nil {
			return err
		}
		if w.supperTie, err = tie(n.ana.MemberID(), w.cleo, kindred.TieSatTogether, kindred.SourceGathering, "Curated supper", "2025-03-05", 0); err != nil {
			return err
		}
		if w.introduction, err = tie(n.ana.MemberID(), w.dee, kindred.TieIntroduced, kindred.SourceIntroduction, "Introduction", "2025-03-20", 0); err != nil {
			return err
		}
		if _, err = tie(n.ana.MemberID(), w.cleo, kindred.TieIntroduced, kindred.SourceIntroduction, "Introduction", "2025-03-25", n.ana.MemberID()); err != nil {
			return err
		}
		w.practice = &kindred.Practice{Title: "Shift swaps by text"}
		if _, err := tx.CreatePractice(ctx, w.practice, 0); err != nil {
			return err
		}
		w.unionAdoptionOn = day("2025-01-15")
		for _, a := range []struct {
			org int64
			on  string
			id  *int64
		}{{n.union.ID, "2025-01-15", new(int64)}, {n.clinic.ID, "2025-04-01", &w.clinicAdoption}, {w.coop.ID, "2025-05-01", &w.coopAdoption}} {
			ad := &kindred.Adoption{PracticeID: w.practice.ID, OrganizationID: a.org, Outcome: kindred.OutcomeTried, AdoptedOn: day(a.on)}
			if err := tx.AddAdoption(ctx, ad, 0); err != nil {
				return err
			}
			*a.id = ad.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// heldDinner is a dinner of the city on day, with the members going.
func heldDinner(ctx context.Context, tx *store.Tx, city int64, title, visibility, on string, guests ...int64) (*kindred.Gathering, error) {
	start := day(on).Add(19 * time.Hour)
	g, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: city, Title: title, Capacity: 12, TableSize: 6, Visibility: visibility,
		StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen})
	if err != nil {
		return nil, err
	}
	for _, m := range guests {
		if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: m, Status: kindred.RSVPGoing, ByOrganizer: true}); err != nil {
			return nil, err
		}
	}
	return g, tx.SetGatheringStatus(ctx, g.ID, kindred.GatheringHeld)
}

func (w *travels) paths(t *testing.T, v *kindred.Viewer) map[int64]library.Path {
	t.Helper()
	p, err := w.s.Practice(context.Background(), w.practice.ID)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := w.svc.Paths(context.Background(), v, p)
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

// TestPathsOfAPractice: each organization's adoption with the tie that led
// to it, as the viewer may see it.
func TestPathsOfAPractice(t *testing.T) {
	forEachNetwork(t, func(t *testing.T, n *network) {
		w := newTravels(t, n)
		paths := w.paths(t, w.zed)
		clinic, ok := paths[w.clinicAdoption]
		if !ok || len(paths) != 1 {
			t.Fatalf("zed sees paths %+v, want the clinic's only", paths)
		}
		if clinic.Kind != kindred.TieSatTogether || clinic.Gathering == nil || clinic.Gathering.ID != w.winter.ID || !clinic.On.Equal(day("2025-02-10")) ||
			clinic.Member.Name != "Cleo Park" || clinic.Met.MemberID != n.ana.MemberID() || clinic.Earlier.OrganizationID != n.union.ID ||
			!clinic.Earlier.AdoptedOn.Equal(w.unionAdoptionOn) {
			t.Errorf("the clinic's path, to zed: %+v; want Cleo sat with Ana of the union at the Winter dinner on 10 February", clinic)
		}
		// Ana was on the curated supper's list: she sees the later tie.
		if got := w.paths(t, n.ana)[w.clinicAdoption]; got.Gathering == nil || got.Gathering.ID != w.supper.ID || got.Others != 1 {
			t.Errorf("the clinic's path, to ana: %+v; want the curated supper, and one other tie", got)
		}
		// The administrator sees Dee's affiliation, so the co-op's path.
		coop, ok := w.paths(t, n.adi)[w.coopAdoption]
		if !ok || coop.Kind != kindred.TieIntroduced || coop.Gathering != nil || coop.Member.MemberID != w.dee {
			t.Errorf("the co-op's path, to the administrator: %+v (%v); want Dee introduced to Ana", coop, ok)
		}
		if _, err := w.svc.Paths(context.Background(), &kindred.Viewer{}, w.practice); kindred.ErrorCode(err) != kindred.EUNAUTHORIZED {
			t.Errorf("paths for an anonymous viewer: %v, want EUNAUTHORIZED", err)
		}
	})
}

// TestPathsNeverRevealWhatIsHidden: a hidden affiliation, a gathering the
// viewer may not see, a tie waiting for its member's answer, and a tie a
// member hid never show up in a path.
func TestPathsNeverRevealWhatIsHidden(t *testing.T) {
	forEachNetwork(t, func(t *testing.T, n *network) {
		ctx := context.Background()
		w := newTravels(t, n)
		for _, v := range []*kindred.Viewer{w.zed, n.bo} {
			paths := w.paths(t, v)
			if p, ok := paths[w.coopAdoption]; ok {
				t.Errorf("account %d sees the co-op's path through Dee's private affiliation: %+v", v.AccountID(), p)
			}
			if p := paths[w.clinicAdoption]; p.Gathering != nil && p.Gathering.ID == w.supper.ID {
				t.Errorf("account %d, not invited, sees the curated supper in a path", v.AccountID())
			}
			if p := paths[w.clinicAdoption]; p.Kind == kindred.TieIntroduced || p.Others != 0 {
				t.Errorf("account %d: the clinic's path %+v counts the tie waiting for Ana's answer", v.AccountID(), p)
			}
		}
		err := n.s.WithTx(ctx, func(tx *store.Tx) error { return tx.SetTieHidden(ctx, w.dinnerTie, w.cleo, true) })
		if err != nil {
			t.Fatal(err)
		}
		if p, ok := w.paths(t, w.zed)[w.clinicAdoption]; ok {
			t.Errorf("zed sees the clinic's path after Cleo hid the tie: %+v", p)
		}
		if p := w.paths(t, n.ana)[w.clinicAdoption]; p.Gathering == nil || p.Gathering.ID != w.supper.ID || p.Others != 0 {
			t.Errorf("ana, after Cleo hid the dinner's tie: %+v; want the supper alone", p)
		}
	})
}
