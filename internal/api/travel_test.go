package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// travelled is the library's TestPathsNeverRevealWhatIsHidden network, cut
// to what the API needs: a practice travels from the Teachers Union
// (January) to the Northside Clinic (April) and the Food Co-op (May).
// Cleo of the clinic sat with Ana of the union at the Winter dinner;
// Dee of the co-op, who keeps her affiliation private, was introduced to
// Ana; a claimed tie between Cleo and Ana still waits for Ana's answer.
type travelled struct {
	practice, winter                    int64
	ana, cleo, dee, dinnerTie           int64
	union, clinicAdoption, coopAdoption int64
}

func newTravelled(t *testing.T, s *store.Store) *travelled {
	t.Helper()
	ctx := context.Background()
	day := func(d string) time.Time { x, _ := time.Parse(time.DateOnly, d); return x }
	w := &travelled{}
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		chicago, err := tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
		if err != nil {
			return err
		}
		org := func(name string) int64 {
			if err != nil {
				return 0
			}
			var o *kindred.Organization
			o, err = tx.CreateOrganization(ctx, kindred.Organization{Name: name, CityIDs: []int64{chicago.ID}})
			if err != nil {
				return 0
			}
			return o.ID
		}
		clinic, coop := org("Northside Clinic"), org("Food Co-op")
		w.union = org("Teachers Union")
		member := func(m kindred.Member) int64 {
			if err != nil {
				return 0
			}
			var id int64
			id, err = tx.CreateMember(ctx, &m)
			return id
		}
		w.ana = member(kindred.Member{Name: "Ana Ruiz", Affiliations: []kindred.Affiliation{{OrganizationID: w.union}}})
		w.cleo = member(kindred.Member{Name: "Cleo Park", Affiliations: []kindred.Affiliation{{OrganizationID: clinic}}})
		w.dee = member(kindred.Member{Name: "Dee Moss", Visibility: kindred.Visibility{kindred.FieldAffiliations: kindred.LevelPrivate},
			Affiliations: []kindred.Affiliation{{OrganizationID: coop}}})
		if err != nil {
			return err
		}
		start := day("2025-02-10").Add(19 * time.Hour)
		g, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: chicago.ID, Title: "Winter dinner", Capacity: 12, TableSize: 6,
			Visibility: kindred.VisibilityNetwork, StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen})
		if err != nil {
			return err
		}
		w.winter = g.ID
		for _, m := range []int64{w.ana, w.cleo} {
			if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: m, Status: kindred.RSVPGoing, ByOrganizer: true}); err != nil {
				return err
			}
		}
		if err := tx.SetGatheringStatus(ctx, g.ID, kindred.GatheringHeld); err != nil {
			return err
		}
		for _, tie := range []kindred.Tie{
			{A: w.ana, B: w.cleo, Kind: kindred.TieSatTogether, Source: kindred.SourceGathering, SourceRef: "Winter dinner", HappenedOn: day("2025-02-10")},
			{A: w.ana, B: w.dee, Kind: kindred.TieIntroduced, Source: kindred.SourceIntroduction, SourceRef: "Introduction", HappenedOn: day("2025-03-20")},
			{A: w.ana, B: w.cleo, Kind: kindred.TieIntroduced, Source: kindred.SourceIntroduction, SourceRef: "Introduction", HappenedOn: day("2025-03-25"), Awaiting: w.ana},
		} {
			id, err := tx.AddTie(ctx, tie)
			if err != nil {
				return err
			}
			if w.dinnerTie == 0 {
				w.dinnerTie = id
			}
		}
		p := &kindred.Practice{Title: "Shift swaps by text"}
		if _, err := tx.CreatePractice(ctx, p, 0); err != nil {
			return err
		}
		w.practice = p.ID
		for _, a := range []struct {
			org int64
			on  string
			id  *int64
		}{{w.union, "2025-01-15", new(int64)}, {clinic, "2025-04-01", &w.clinicAdoption}, {coop, "2025-05-01", &w.coopAdoption}} {
			ad := &kindred.Adoption{PracticeID: p.ID, OrganizationID: a.org, Outcome: kindred.OutcomeTried, AdoptedOn: day(a.on)}
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

// apiPath is a path as a client reads it.
type apiPath struct {
	Kind, On    string
	Member, Met struct {
		ID   int64
		Name string
	}
	Earlier struct {
		OrganizationID int64 `json:"organization_id"`
		Organization   string
		Since          string
	}
	Gathering *struct {
		ID                int64
		Title, City, Date string
	}
	EarlierMeetings int `json:"earlier_meetings"`
}

// paths asks the API for the practice and returns its adoptions' paths by
// adoption id, with the raw answer.
func (w *travelled) paths(t *testing.T, srv *testutil.Server, token string) (map[int64]apiPath, string) {
	t.Helper()
	code, body := send(t, "GET", srv.URL+fmt.Sprintf("/api/v1/practices/%d", w.practice), token, "")
	var p struct {
		Adoptions []struct {
			ID   int64
			Path *apiPath
		}
	}
	if code != 200 || json.Unmarshal(body, &p) != nil || len(p.Adoptions) != 3 {
		t.Fatalf("GET practice: %d %s", code, body)
	}
	out := map[int64]apiPath{}
	for _, a := range p.Adoptions {
		if a.Path != nil {
			out[a.ID] = *a.Path
		}
	}
	return out, string(body)
}

// TestPracticePathsAPI: GET /practices/{id} gives each adoption the path
// the practice page shows the same viewer, and, like the page, never one
// through a private affiliation or a tie a member hid or has not confirmed.
func TestPracticePathsAPI(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		w := newTravelled(t, srv.Store)
		zed := tokenFor(t, srv.Store, testutil.CreateAccount(t, srv.Store, "zed@example.org", kindred.RoleMember))
		adi := tokenFor(t, srv.Store, testutil.CreateAccount(t, srv.Store, "adi@example.org", kindred.RoleAdmin))

		paths, body := w.paths(t, srv, zed)
		clinic, ok := paths[w.clinicAdoption]
		if !ok || len(paths) != 1 {
			t.Fatalf("zed's paths: %s; want the clinic's only", body)
		}
		if clinic.Kind != "sat_together" || clinic.On != "2025-02-10" || clinic.Member.ID != w.cleo || clinic.Member.Name != "Cleo Park" ||
			clinic.Met.ID != w.ana || clinic.Met.Name != "Ana Ruiz" || clinic.EarlierMeetings != 0 ||
			clinic.Earlier.OrganizationID != w.union || clinic.Earlier.Organization != "Teachers Union" || clinic.Earlier.Since != "2025-01-15" ||
			clinic.Gathering == nil || clinic.Gathering.ID != w.winter || clinic.Gathering.Title != "Winter dinner" ||
			clinic.Gathering.City != "Chicago" || clinic.Gathering.Date != "2025-02-10" {
			t.Errorf("the clinic's path, to zed: %+v; want Cleo sat with Ana of the union at the Winter dinner in Chicago on 10 February", clinic)
		}
		if strings.Contains(body, "Dee Moss") {
			t.Errorf("zed's answer names Dee, whose affiliation is private: %s", body)
		}

		// The administrator sees Dee's affiliation, so the co-op's path.
		paths, body = w.paths(t, srv, adi)
		if coop, ok := paths[w.coopAdoption]; !ok || coop.Kind != "introduced" || coop.Gathering != nil || coop.Member.ID != w.dee ||
			coop.Met.ID != w.ana || coop.On != "2025-03-20" {
			t.Errorf("the co-op's path, to the administrator: %s; want Dee introduced to Ana on 20 March", body)
		}

		// Once Cleo hides the dinner's tie, the clinic has no path for
		// anyone: the tie still waiting for Ana's answer does not stand in.
		err := srv.Store.WithTx(context.Background(), func(tx *store.Tx) error {
			return tx.SetTieHidden(context.Background(), w.dinnerTie, w.cleo, true)
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{zed, adi} {
			if paths, body := w.paths(t, srv, tok); len(paths[w.clinicAdoption].Kind) > 0 || strings.Contains(body, "Winter dinner") {
				t.Errorf("after Cleo hid the tie, the answer still has a path to the clinic: %s", body)
			}
		}
	})
}
