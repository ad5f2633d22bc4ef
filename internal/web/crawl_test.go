package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/conversations"
	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// secrets are planted in the demo network where a plain member must never
// see them: a private bio, organizers-only needs, a private tag (which no
// filter menu may offer), an organizers-only story,
// an anonymous story's teller, a hidden tie's note and an off-the-record
// harvest note at a held demo dinner, a post in an invite-only
// dinner's conversation, and a dinner proposed and waiting for review.
var secrets = []string{"SECRET-BIO-7f3a", "SECRET-DIET-7f3a", "SECRET-STORY-7f3a", "SECRET-TELLER-7f3a", "SECRET-TIE-7f3a",
	"SECRET-OFFRECORD-7f3a", "SECRET-TAG-7f3a", "SECRET-THREAD-7f3a", "SECRET-PROPOSAL-7f3a", feedbackSecret}

func plantSecrets(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	c, err := s.CampaignBySlug(ctx, "bright-spots")
	if err != nil {
		t.Fatal(err)
	}
	err = s.WithTx(ctx, func(tx *store.Tx) error {
		m := &kindred.Member{Name: "Quiet Person", Email: "quiet@example.org", Bio: "SECRET-BIO-7f3a",
			Needs: kindred.Needs{Diet: "SECRET-DIET-7f3a"},
			Visibility: kindred.Visibility{kindred.FieldBio: kindred.LevelPrivate, kindred.FieldNeeds: kindred.LevelOrganizers,
				kindred.FieldTags: kindred.LevelPrivate},
			Tags: []string{"relational organizing", "SECRET-TAG-7f3a"}}
		if _, err := tx.CreateMember(ctx, m); err != nil {
			return err
		}
		other := &kindred.Member{Name: "Tie Partner", Tags: []string{"fundraising"}}
		if _, err := tx.CreateMember(ctx, other); err != nil {
			return err
		}
		if _, err := tx.AddTie(ctx, kindred.Tie{A: m.ID, B: other.ID, Kind: kindred.TieCollaborated, Source: kindred.SourceSelf,
			Note: "SECRET-TIE-7f3a", HappenedOn: tx.Now(), HiddenByA: true}); err != nil {
			return err
		}
		for _, n := range []kindred.NewStory{
			{Text: "SECRET-STORY-7f3a: only organizers may read this.", Lang: "en", Consent: kindred.ConsentOrganizers, Source: "form"},
			{Text: "A public story told by someone who left their name.", Lang: "en", Consent: kindred.ConsentPublic, Name: "SECRET-TELLER-7f3a",
				Email: "teller@example.org", Source: "form"},
		} {
			st, _, err := tx.CreateStory(ctx, c, n)
			if err != nil {
				return err
			}
			if err := tx.ModerateStory(ctx, c.ID, st.ID, kindred.StateApproved, false); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	plantOffRecordNote(t, s)
	plantProposalSecret(t, s)
}

// plantOffRecordNote adds an off-the-record note at table 1 of a held demo
// dinner, written by that table's note-taker.
func plantOffRecordNote(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	held, err := s.ListGatherings(ctx, store.GatheringFilter{Statuses: []kindred.GatheringStatus{kindred.GatheringHeld}, Limit: 1})
	if err != nil || len(held) == 0 {
		t.Fatalf("no held demo dinner: %v", err)
	}
	taker, err := s.NoteTaker(ctx, held[0].ID, 1)
	if err != nil || taker == 0 {
		t.Fatalf("no note-taker at table 1: %v", err)
	}
	err = s.WithTx(ctx, func(tx *store.Tx) error {
		_, err := tx.AddHarvestNote(ctx, &kindred.HarvestNote{GatheringID: held[0].ID, Table: 1, AuthorID: taker,
			Text: "SECRET-OFFRECORD-7f3a: a merger nobody may hear of", Consent: kindred.ConsentOffRecord})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// plantThreadSecret writes a post in the conversation of an invite-only
// dinner, as the one person on its list, and returns the conversation's
// address (which the crawl tries: a plain member must get nothing).
func plantThreadSecret(t *testing.T, srv *testutil.Server) string {
	t.Helper()
	ctx := context.Background()
	acct := testutil.CreateAccount(t, srv.Store, "invited.guest@example.org", kindred.RoleMember)
	var place kindred.Place
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		m := &kindred.Member{Name: "Invited Guest", Email: acct.Email, AccountID: acct.ID}
		if _, err := tx.CreateMember(ctx, m); err != nil {
			return err
		}
		start := tx.Now().Add(72 * time.Hour)
		g, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: firstCity(ctx, t, srv.Store), Title: "A quiet supper", Capacity: 6,
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Status: kindred.GatheringOpen, Visibility: kindred.VisibilityInvite})
		if err != nil {
			return err
		}
		place = kindred.Place{Kind: kindred.PlaceGathering, RefID: g.ID}
		_, err = tx.Invite(ctx, g.ID, []int64{m.ID}, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	v, err := srv.Store.Viewer(ctx, acct)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.UseCases.Conversations.Post(ctx, v, conversations.NewPost{Place: place, Body: "SECRET-THREAD-7f3a: who else is coming?"}); err != nil {
		t.Fatal(err)
	}
	return place.Path()
}

// publishDemoReport publishes the demo campaign's report (themed with the
// planted stories approved), so the crawl reads its public page.
func publishDemoReport(t *testing.T, srv *testutil.Server) {
	t.Helper()
	ctx := context.Background()
	if _, err := sensemaking.Run(ctx, srv.Store, firstCampaign(ctx, t, srv.Store)); err != nil {
		t.Fatal(err)
	}
	admin, err := srv.Store.Viewer(ctx, testutil.CreateAccount(t, srv.Store, "report.publisher@example.org", kindred.RoleAdmin))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.UseCases.Listening.PublishReport(ctx, admin, "bright-spots", true); err != nil {
		t.Fatal(err)
	}
	resp, body := get(t, testutil.Client(), srv.URL+"/c/bright-spots/report")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "What we heard") {
		t.Fatalf("the published report to a visitor: status %d", resp.StatusCode)
	}
	for _, s := range secrets {
		if strings.Contains(body, s) {
			t.Errorf("the published report shows %s to a visitor", s)
		}
	}
}

// firstCampaign is the id of the demo campaign.
func firstCampaign(ctx context.Context, t *testing.T, s *store.Store) int64 {
	t.Helper()
	c, err := s.CampaignBySlug(ctx, "bright-spots")
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// firstCity is the id of a city of the demo network.
func firstCity(ctx context.Context, t *testing.T, s *store.Store) int64 {
	t.Helper()
	cities, err := s.Cities(ctx)
	if err != nil || len(cities) == 0 {
		t.Fatalf("no city: %v", err)
	}
	return cities[0].ID
}

var hrefPattern = regexp.MustCompile(`(?:href|src)="(/[^"#]*)`)

// TestMemberCrawlFindsNoSecrets signs in as a plain member and follows every
// link it can reach (a few of each kind of page), checking that no planted
// secret appears on any page, feed, JSON or export, and that none may be
// kept by a browser or proxy cache (Cache-Control: no-store).
func TestMemberCrawlFindsNoSecrets(t *testing.T) {
	t.Parallel()
	srv, _ := testutil.StartDemoServer(t, demo.Small, testutil.ServerOptions{})
	plantSecrets(t, srv.Store)
	thread := plantThreadSecret(t, srv)
	feedback := plantFeedbackSecret(t, srv.Store)
	publishDemoReport(t, srv)
	member := testutil.CreateAccount(t, srv.Store, "plain.member@example.org", kindred.RoleMember)
	c := testutil.SignedInClient(t, srv, member.ID)
	start := []string{"/", "/network", "/network?q=relational", "/network?q=SECRET", "/practices", "/listening", "/emergence",
		"/emergence/map.json", "/me", "/me/ties", "/c/bright-spots", "/c/bright-spots/report", "/network/export/members.csv", "/network/export/affiliations.csv",
		"/listening/bright-spots", "/listening/bright-spots/stories", "/api/v1/openapi.json", "/practices?q=merger",
		"/gatherings?when=past", "/proposals", "/api/v1/proposals", thread, "/api/v1" + thread}
	start = append(start, feedback...)
	seen, perShape := map[string]bool{}, map[string]int{}
	queue := append([]string{}, start...)
	pages, harvestPages := 0, 0
	for len(queue) > 0 && pages < 400 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] || skipCrawl(p) {
			continue
		}
		seen[p] = true
		shape := regexp.MustCompile(`\d+`).ReplaceAllString(strings.SplitN(p, "?", 2)[0], "N")
		if perShape[shape]++; perShape[shape] > 4 {
			continue
		}
		resp, body := get(t, c, srv.URL+p)
		pages++
		if strings.Contains(p, "/harvest") && resp.StatusCode == 200 {
			harvestPages++
		}
		// #14 item 11 (a request Go's server refuses before Kindred sees it,
		// such as a link unescaped into a space, carries no Kindred header).
		if cc := resp.Header.Get("Cache-Control"); cc != "no-store" && resp.Header.Get("Content-Security-Policy") != "" {
			t.Errorf("%s (status %d) is sent to a signed-in member with Cache-Control %q, want no-store", p, resp.StatusCode, cc)
		}
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Errorf("%s (status %d) shows %s to a plain member", p, resp.StatusCode, s)
			}
		}
		for _, m := range hrefPattern.FindAllStringSubmatch(body, -1) {
			if u, err := url.PathUnescape(m[1]); err == nil {
				queue = append(queue, strings.ReplaceAll(u, "&amp;", "&"))
			}
		}
	}
	if pages < 40 {
		t.Errorf("the crawl reached only %d pages", pages)
	}
	if harvestPages == 0 {
		t.Errorf("the crawl reached no harvest page")
	}
	t.Logf("crawled %d pages, %d of them harvest pages", pages, harvestPages)
}

// skipCrawl leaves out static files and links that act (sign out) rather than show.
func skipCrawl(p string) bool {
	for _, prefix := range []string{"/static/", "/signout", "/signin", "/setup"} {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}
