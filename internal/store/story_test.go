package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// testCampaign is a campaign with one signifier of each kind and a context question.
func testCampaign() kindred.Campaign {
	return kindred.Campaign{
		Slug: "bright-spots", Title: "Bright spots", Prompt: "Tell us about a time campaigning worked.",
		Languages: []string{"en", "es", "ar"}, StartsOn: "2026-01-01", EndsOn: "2026-04-30",
		Signifiers: []kindred.Signifier{
			{Key: "energy", Kind: kindred.KindSlider, Prompt: "Where did the energy come from?", Labels: []string{"Staff", "Volunteers"}},
			{Key: "drivers", Kind: kindred.KindTriad, Prompt: "What made it work?", Labels: []string{"Trust", "Tools", "Timing"}},
			{Key: "scale", Kind: kindred.KindChoice, Prompt: "How far did it reach?", Labels: []string{"Local", "National", "Global"}},
			{Key: "tactics", Kind: kindred.KindMulti, Prompt: "Which tactics?", Labels: []string{"Digital", "Door", "Events"}},
		},
		Context: []kindred.ContextQuestion{{Key: "region", Prompt: "Region", Options: []string{"Africa", "Europe"}}, {Key: "organization", Prompt: "Organization"}},
	}
}

func createCampaign(t *testing.T, s *store.Store, c kindred.Campaign) *kindred.Campaign {
	t.Helper()
	var out *kindred.Campaign
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		var err error
		out, err = tx.CreateCampaign(context.Background(), c)
		return err
	})
	if err != nil {
		t.Fatalf("create campaign: %v", err)
	}
	return out
}

func tell(t *testing.T, s *store.Store, c *kindred.Campaign, n kindred.NewStory) (*kindred.Story, string, error) {
	t.Helper()
	var st *kindred.Story
	var secret string
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		var err error
		st, secret, err = tx.CreateStory(context.Background(), c, n)
		return err
	})
	return st, secret, err
}

func intp(i int) *int { return &i }

func TestCampaigns(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := createCampaign(t, s, testCampaign())
		got, err := s.CampaignBySlug(ctx, "bright-spots")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != c.ID || len(got.Signifiers) != 4 || got.Signifiers[1].Labels[2] != "Timing" || got.Context[0].Options[1] != "Europe" {
			t.Errorf("read back %+v", got)
		}
		if strings.Join(got.Languages, ",") != "en,es,ar" || got.Audience != kindred.AudienceOpen {
			t.Errorf("languages %v audience %q", got.Languages, got.Audience)
		}
		err = s.WithTx(ctx, func(tx *store.Tx) error { _, err := tx.CreateCampaign(ctx, testCampaign()); return err })
		if kindred.ErrorCode(err) != kindred.ECONFLICT || kindred.ErrorFields(err)["slug"] == "" {
			t.Errorf("duplicate slug: %v, want ECONFLICT on slug", err)
		}
		bad := testCampaign()
		bad.Slug, bad.Title, bad.EndsOn = "No Good", "", "2025-01-01"
		bad.Signifiers = append(bad.Signifiers, kindred.Signifier{Key: "x", Kind: kindred.KindTriad, Prompt: "?", Labels: []string{"a", "b"}})
		err = s.WithTx(ctx, func(tx *store.Tx) error { _, err := tx.CreateCampaign(ctx, bad); return err })
		fields := kindred.ErrorFields(err)
		for _, f := range []string{"slug", "title", "ends_on", "signifiers.5.labels"} {
			if fields[f] == "" {
				t.Errorf("bad campaign: no problem on %s in %v", f, err)
			}
		}
		if got.CityID != 0 {
			t.Errorf("a campaign made without a city belongs to city %d", got.CityID)
		}
		var city kindred.City
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			city, err = tx.CreateCity(ctx, kindred.City{Name: "Nairobi", Slug: "nairobi", TimeZone: "Africa/Nairobi"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got.Title, got.CityID = "Bright spots 2026", city.ID
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateCampaign(ctx, *got) }); err != nil {
			t.Fatal(err)
		}
		list, err := s.Campaigns(ctx)
		if err != nil || len(list) != 1 || list[0].Title != "Bright spots 2026" || list[0].CityID != city.ID || list[0].CityName != "Nairobi" {
			t.Errorf("Campaigns = %+v, %v", list, err)
		}
		if _, err := s.CampaignBySlug(ctx, "nope"); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("unknown slug: %v, want ENOTFOUND", err)
		}
	})
}

func TestStories(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := createCampaign(t, s, testCampaign())
		st, secret, err := tell(t, s, c, kindred.NewStory{
			Text: "  We phoned every member: +44 20 7946 0958, ana@example.org.  ", Lang: "en", Consent: kindred.ConsentPublic,
			Name: "Ana", Email: "Ana@Example.org", Source: "form",
			Signifiers: map[string]kindred.SignifierValue{
				"energy": {Slider: intp(80)}, "drivers": kindred.TriadWeights(2, 1, 1),
				"scale": {Choice: "Local"}, "tactics": {Choices: []string{"Door", "Events"}},
			},
			Context: map[string]string{"region": "Europe", "organization": " Greenfield "},
		})
		if err != nil {
			t.Fatal(err)
		}
		if secret == "" || !strings.HasPrefix(secret, store.EditTokenPrefix) {
			t.Errorf("no edit secret for a teller with an email")
		}
		if got := st.Signifiers["drivers"].Triad; len(got) != 3 || got[0]+got[1]+got[2] != 100 || got[0] != 50 {
			t.Errorf("triad = %v, want normalized to 50/25/25", got)
		}
		if st.State != kindred.StatePending || st.Email != "ana@example.org" || st.Context["organization"] != "Greenfield" {
			t.Errorf("stored %+v", st)
		}
		anon, anonSecret, err := tell(t, s, c, kindred.NewStory{Text: "Quiet win", Lang: "es", Consent: kindred.ConsentOrganizers,
			Anonymous: true, Name: "Should vanish", Email: "gone@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		if anon.Name != "" || anon.Email != "" || anonSecret != "" {
			t.Errorf("anonymous story kept identity: %+v, secret %q", anon, anonSecret)
		}
		byToken, err := s.StoryByEditToken(ctx, secret)
		if err != nil || byToken.ID != st.ID {
			t.Fatalf("StoryByEditToken = %v, %v", byToken, err)
		}
		testStoryVisibility(t, s, c, st.ID, anon.ID)
		testStoryEdit(t, s, c, secret)
	})
}

func testStoryVisibility(t *testing.T, s *store.Store, c *kindred.Campaign, public, organizersOnly int64) {
	ctx := context.Background()
	for _, id := range []int64{public, organizersOnly} {
		if err := s.WithTx(ctx, func(tx *store.Tx) error {
			return tx.ModerateStory(ctx, c.ID, id, kindred.StateApproved, false)
		}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		reader kindred.Reader
		want   int
	}{{kindred.ReaderPublic, 1}, {kindred.ReaderMember, 1}, {kindred.ReaderOrganizer, 2}} {
		got, err := s.Stories(ctx, c.ID, store.StoryQuery{Reader: tc.reader})
		if err != nil || len(got) != tc.want {
			t.Fatalf("reader %d: %d stories, %v; want %d", tc.reader, len(got), err, tc.want)
		}
		if tc.reader == kindred.ReaderOrganizer {
			continue
		}
		if got[0].Email != "" || got[0].Name != "" || strings.Contains(got[0].Text, "ana@") || strings.Contains(got[0].Text, "7946") {
			t.Errorf("reader %d sees identifying data: %+v", tc.reader, got[0])
		}
	}
	if err := s.WithTx(ctx, func(tx *store.Tx) error {
		return tx.ModerateStory(ctx, c.ID, public, kindred.StateApproved, true)
	}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Stories(ctx, c.ID, store.StoryQuery{Reader: kindred.ReaderMember}); len(got) != 0 {
		t.Errorf("a story flagged for PII is shown to members: %+v", got)
	}
}

func testStoryEdit(t *testing.T, s *store.Store, c *kindred.Campaign, secret string) {
	ctx := context.Background()
	if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.EditStory(ctx, c, secret, "Better words") }); err != nil {
		t.Fatal(err)
	}
	st, _ := s.StoryByEditToken(ctx, secret)
	if st.Text != "Better words" || st.State != kindred.StatePending {
		t.Errorf("after edit: %+v", st)
	}
	if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.WithdrawStory(ctx, secret) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StoryByEditToken(ctx, secret); kindred.ErrorCode(err) != kindred.ENOTFOUND {
		t.Errorf("withdrawn story still reachable: %v", err)
	}
	all, _ := s.Stories(ctx, c.ID, store.StoryQuery{Reader: kindred.ReaderOrganizer})
	for _, st := range all {
		if strings.Contains(st.Text, "Better") {
			t.Errorf("withdrawn story listed: %+v", st)
		}
	}
}

func TestStoryBadInput(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		c := createCampaign(t, s, testCampaign())
		tests := []struct {
			name  string
			in    kindred.NewStory
			field string
		}{
			{"empty", kindred.NewStory{Text: "   ", Lang: "en", Consent: "public"}, "text"},
			{"enormous", kindred.NewStory{Text: strings.Repeat("é", kindred.MaxStoryRunes+1), Lang: "en", Consent: "public"}, "text"},
			{"no consent", kindred.NewStory{Text: "x", Lang: "en"}, "consent"},
			{"bad consent", kindred.NewStory{Text: "x", Lang: "en", Consent: "everyone"}, "consent"},
			{"bad lang", kindred.NewStory{Text: "x", Lang: "english please", Consent: "public"}, "lang"},
			{"bad email", kindred.NewStory{Text: "x", Lang: "en", Consent: "public", Email: "nope"}, "email"},
			{"slider out of range", kindred.NewStory{Text: "x", Lang: "en", Consent: "public",
				Signifiers: map[string]kindred.SignifierValue{"energy": {Slider: intp(101)}}}, "sig.energy"},
			{"triad zero", kindred.NewStory{Text: "x", Lang: "en", Consent: "public",
				Signifiers: map[string]kindred.SignifierValue{"drivers": kindred.TriadWeights(0, 0, 0)}}, "sig.drivers"},
			{"triad negative", kindred.NewStory{Text: "x", Lang: "en", Consent: "public",
				Signifiers: map[string]kindred.SignifierValue{"drivers": kindred.TriadWeights(-1, 1, 1)}}, "sig.drivers"},
			{"unknown option", kindred.NewStory{Text: "x", Lang: "en", Consent: "public",
				Signifiers: map[string]kindred.SignifierValue{"scale": {Choice: "Mars"}}}, "sig.scale"},
			{"unknown signifier", kindred.NewStory{Text: "x", Lang: "en", Consent: "public",
				Signifiers: map[string]kindred.SignifierValue{"forged": {Choice: "x"}}}, "sig.forged"},
			{"unknown context option", kindred.NewStory{Text: "x", Lang: "en", Consent: "public",
				Context: map[string]string{"region": "Atlantis"}}, "ctx.region"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				_, _, err := tell(t, s, c, tc.in)
				if kindred.ErrorCode(err) != kindred.EINVALID || kindred.ErrorFields(err)[tc.field] == "" {
					t.Errorf("err = %v, want EINVALID on %s", err, tc.field)
				}
			})
		}
		n, err := s.CountStories(context.Background(), c.ID)
		if err != nil || n != 0 {
			t.Errorf("CountStories = %d, %v; want nothing stored", n, err)
		}
	})
}

func TestCampaignInvites(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c0 := testCampaign()
		c0.Audience = kindred.AudienceInvited
		c := createCampaign(t, s, c0)
		admin := createAccount(t, s, "admin@example.org", kindred.RoleAdmin)
		guest := createAccount(t, s, "guest@example.org", kindred.RoleMember)
		other := createAccount(t, s, "other@example.org", kindred.RoleMember)
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			return tx.SetCampaignInvites(ctx, c.ID, []string{"Guest@Example.org", "nobody@example.org"})
		})
		if kindred.ErrorCode(err) != kindred.EINVALID || !strings.Contains(kindred.ErrorFields(err)["invited"], "nobody@example.org") {
			t.Fatalf("unknown invitee: %v", err)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.SetCampaignInvites(ctx, c.ID, []string{"Guest@Example.org"}) }); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.CampaignInvites(ctx, c.ID); len(got) != 1 || got[0] != "guest@example.org" {
			t.Errorf("invites = %v", got)
		}
		for _, tc := range []struct {
			who  *kindred.Account
			want bool
		}{{other, false}, {guest, true}, {admin, false}} {
			if got, err := s.Invited(ctx, c.ID, tc.who.ID); err != nil || got != tc.want {
				t.Errorf("Invited(%s) = %v, %v; want %v", tc.who.Email, got, err, tc.want)
			}
		}
	})
}

// TestMigrationKeepsTheDayOnly: stories told before stories kept only
// their day lose their time of day when Kindred is upgraded (migration
// 00021), whether they were changed since or not.
func TestMigrationKeepsTheDayOnly(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := createCampaign(t, s, testCampaign())
		if err := s.MigrateTo(ctx, 20); err != nil {
			t.Fatal(err)
		}
		told := time.Date(2026, 2, 3, 21, 47, 5, 123456000, time.UTC)
		moderated := told.Add(26 * time.Hour)
		var fresh, changed int64
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			if fresh, err = tx.InsertStoryAt(ctx, c.ID, told, told); err != nil {
				return err
			}
			changed, err = tx.InsertStoryAt(ctx, c.ID, told, moderated)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		day := time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC)
		for _, id := range []int64{fresh, changed} {
			st, err := s.Story(ctx, c.ID, id)
			if err != nil {
				t.Fatal(err)
			}
			if !st.CreatedAt.Equal(day) {
				t.Errorf("story %d told at %s after the upgrade, want %s", id, st.CreatedAt.Format(time.RFC3339Nano), day.Format(time.RFC3339))
			}
		}
	})
}
