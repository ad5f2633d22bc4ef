package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func post(t *testing.T, url, token, body string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func token(t *testing.T, s *store.Store, email string, role kindred.Role) string {
	t.Helper()
	a := testutil.CreateAccount(t, s, email, role)
	var secret string
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		var err error
		secret, _, err = tx.CreateAPIToken(context.Background(), a.ID, "test")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// cityToken is the API token of an organizer of city.
func cityToken(t *testing.T, s *store.Store, email string, city int64) string {
	t.Helper()
	a := testutil.CreateAccount(t, s, email, kindred.RoleOrganizer)
	var secret string
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		if err := tx.SetRole(context.Background(), a.ID, kindred.RoleOrganizer, []int64{city}); err != nil {
			return err
		}
		var err error
		secret, _, err = tx.CreateAPIToken(context.Background(), a.ID, "test")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

func brightSpots(t *testing.T, s *store.Store, mutate func(*kindred.Campaign)) *kindred.Campaign {
	t.Helper()
	c := demo.BrightSpots(s.Now())
	c.MinStoryLength = 1 // the tests tell short stories
	if mutate != nil {
		mutate(&c)
	}
	var out *kindred.Campaign
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		var err error
		out, err = tx.CreateCampaign(context.Background(), c)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSubmitStory(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		brightSpots(t, srv.Store, nil)
		brightSpots(t, srv.Store, func(c *kindred.Campaign) { c.Slug, c.StartsOn, c.EndsOn = "closed", "2020-01-01", "2020-02-01" })
		base := srv.URL + "/api/v1/campaigns/"
		good := `{"text":"Neighbours called neighbours.","lang":"es","consent":"public","anonymous":true,
			"signifiers":{"energy":80,"drivers":[2,1,1],"scale":"Local","tactics":["Events"]},"context":{"region":"Europe"}}`
		tests := []struct {
			name, slug, body string
			status           int
			field            string
		}{
			{"good", "bright-spots", good, 201, ""},
			{"script the UI does not translate", "bright-spots", `{"text":"पड़ोसियों ने पड़ोसियों को फ़ोन किया। 邻居们互相打电话。","lang":"hi","consent":"network"}`, 201, ""},
			{"unknown language", "bright-spots", `{"text":"Hadithi yetu","lang":"und","consent":"network"}`, 201, ""},
			{"malformed", "bright-spots", `{"text": "unfinished`, 400, "body"},
			{"unknown field", "bright-spots", `{"text":"x","lang":"en","consent":"public","ip":"1.2.3.4"}`, 400, "body"},
			{"empty text", "bright-spots", `{"text":"  ","lang":"en","consent":"public"}`, 422, "text"},
			{"enormous", "bright-spots", `{"text":"` + strings.Repeat("a", kindred.MaxStoryRunes+1) + `","lang":"en","consent":"public"}`, 422, "text"},
			{"bad consent", "bright-spots", `{"text":"x","lang":"en","consent":"world"}`, 422, "consent"},
			{"slider as text", "bright-spots", `{"text":"x","lang":"en","consent":"public","signifiers":{"energy":"high"}}`, 422, "sig.energy"},
			{"triad of two", "bright-spots", `{"text":"x","lang":"en","consent":"public","signifiers":{"drivers":[1,2]}}`, 422, "sig.drivers"},
			{"forged signifier", "bright-spots", `{"text":"x","lang":"en","consent":"public","signifiers":{"admin":true}}`, 422, "sig.admin"},
			{"forged slug", "no-such-campaign", good, 404, ""},
			{"closed", "closed", good, 410, ""},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				resp, body := post(t, base+tc.slug+"/stories", "", tc.body)
				if resp.StatusCode != tc.status {
					t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
				}
				var e errorBody
				_ = json.Unmarshal(body, &e)
				if tc.field != "" && e.Error.Fields[tc.field] == "" {
					t.Errorf("no problem on %s: %s", tc.field, body)
				}
			})
		}
		org := token(t, srv.Store, "org@example.org", kindred.RoleAdmin)
		invited := brightSpots(t, srv.Store, func(c *kindred.Campaign) { c.Slug, c.Audience = "invited-only", kindred.AudienceInvited })
		member := token(t, srv.Store, "member@example.org", kindred.RoleMember)
		if resp, body := post(t, base+"invited-only/stories", "", good); resp.StatusCode != 401 {
			t.Errorf("invited campaign without token: %d %s", resp.StatusCode, body)
		}
		if resp, body := post(t, base+"invited-only/stories", member, good); resp.StatusCode != 403 {
			t.Errorf("invited campaign, member not invited: %d %s", resp.StatusCode, body)
		}
		if err := srv.Store.WithTx(context.Background(), func(tx *store.Tx) error {
			return tx.SetCampaignInvites(context.Background(), invited.ID, []string{"member@example.org"})
		}); err != nil {
			t.Fatal(err)
		}
		if resp, body := post(t, base+"invited-only/stories", member, good); resp.StatusCode != 201 {
			t.Errorf("invited member: %d %s", resp.StatusCode, body)
		}
		resp, body := call(t, "GET", base+"bright-spots/stories", org)
		var list struct{ Items []map[string]any }
		if resp.StatusCode != 200 || json.Unmarshal(body, &list) != nil || len(list.Items) != 3 || list.Items[1]["text"] != "पड़ोसियों ने पड़ोसियों को फ़ोन किया। 邻居们互相打电话。" {
			t.Fatalf("GET stories: %d %s", resp.StatusCode, body)
		}
		if got := list.Items[0]["signifiers"].(map[string]any)["drivers"]; !bytes.Equal(mustJSON(got), []byte("[50,25,25]")) {
			t.Errorf("triad = %s, want [50,25,25]", mustJSON(got))
		}
		if resp, _ := call(t, "GET", base+"bright-spots/stories", ""); resp.StatusCode != 401 {
			t.Errorf("GET stories without a token: %d, want 401", resp.StatusCode)
		}
	})
}

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }

// TestStoriesNeverLeak proves organizers-only, pending and flagged stories
// never reach members through the API, and that names, emails and phone
// numbers never do.
func TestStoriesNeverLeak(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		c := brightSpots(t, srv.Store, nil)
		org := token(t, srv.Store, "org@example.org", kindred.RoleAdmin)
		member := token(t, srv.Store, "member@example.org", kindred.RoleMember)
		stories := map[string]string{
			"public":  `{"text":"PUBLIC call me on +1 415 555 0100 or ana@example.org","lang":"en","consent":"public","name":"Ana Teller","email":"ana@example.org"}`,
			"network": `{"text":"NETWORK story","lang":"en","consent":"network","anonymous":true}`,
			"secret":  `{"text":"ORGANIZERS ONLY","lang":"en","consent":"organizers","anonymous":true}`,
			"pending": `{"text":"PENDING story","lang":"en","consent":"public"}`,
		}
		ids := map[string]int64{}
		for k, body := range stories {
			resp, b := post(t, srv.URL+"/api/v1/campaigns/bright-spots/stories", "", body)
			var got struct{ ID int64 }
			if resp.StatusCode != 201 || json.Unmarshal(b, &got) != nil {
				t.Fatalf("post %s: %d %s", k, resp.StatusCode, b)
			}
			ids[k] = got.ID
		}
		for _, k := range []string{"public", "network", "secret"} {
			if err := srv.Store.WithTx(context.Background(), func(tx *store.Tx) error {
				return tx.ModerateStory(context.Background(), c.ID, ids[k], kindred.StateApproved, false)
			}); err != nil {
				t.Fatal(err)
			}
		}
		_, body := call(t, "GET", srv.URL+"/api/v1/campaigns/bright-spots/stories", member)
		for _, leak := range []string{"ORGANIZERS ONLY", "PENDING", "Ana Teller", "ana@example.org", "555", `"email":`, `"name":`} {
			if bytes.Contains(body, []byte(leak)) {
				t.Errorf("member sees %q: %s", leak, body)
			}
		}
		if !bytes.Contains(body, []byte("NETWORK story")) || !bytes.Contains(body, []byte("[email]")) {
			t.Errorf("member misses what they may read: %s", body)
		}
		_, body = call(t, "GET", srv.URL+"/api/v1/campaigns/bright-spots/stories", org)
		for _, want := range []string{"ORGANIZERS ONLY", "PENDING", "Ana Teller"} {
			if !bytes.Contains(body, []byte(want)) {
				t.Errorf("organizer misses %q", want)
			}
		}
	})
}

// TestModerateStory: the organizers of the campaign's city moderate it;
// members, organizers of other cities and organizers with no city do not.
func TestModerateStory(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		var nairobi, lagos kindred.City
		err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			if nairobi, err = tx.CreateCity(ctx, kindred.City{Name: "Nairobi", Slug: "nairobi", TimeZone: "Africa/Nairobi"}); err != nil {
				return err
			}
			lagos, err = tx.CreateCity(ctx, kindred.City{Name: "Lagos", Slug: "lagos", TimeZone: "Africa/Lagos"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		brightSpots(t, srv.Store, func(c *kindred.Campaign) { c.CityID = nairobi.ID })
		org := cityToken(t, srv.Store, "org@example.org", nairobi.ID)
		other := cityToken(t, srv.Store, "other@example.org", lagos.ID)
		noCity := token(t, srv.Store, "nocity@example.org", kindred.RoleOrganizer)
		member := token(t, srv.Store, "member@example.org", kindred.RoleMember)
		_, b := post(t, srv.URL+"/api/v1/campaigns/bright-spots/stories", "", `{"text":"x","lang":"en","consent":"public"}`)
		var made struct{ ID int64 }
		_ = json.Unmarshal(b, &made)
		u := srv.URL + "/api/v1/campaigns/bright-spots/stories/" + strconv.FormatInt(made.ID, 10) + "/moderation"
		for _, tc := range []struct {
			token, body string
			status      int
		}{
			{member, `{"state":"approved"}`, 403},
			{other, `{"state":"approved"}`, 403},
			{noCity, `{"state":"approved"}`, 403},
			{org, `{"state":"approved"`, 400},
			{org, `{"state":"published"}`, 422},
			{org, `{"state":"approved","pii":true}`, 200},
		} {
			if resp, body := post(t, u, tc.token, tc.body); resp.StatusCode != tc.status {
				t.Errorf("%s: %d, want %d: %s", tc.body, resp.StatusCode, tc.status, body)
			}
		}
		if resp, _ := post(t, srv.URL+"/api/v1/campaigns/bright-spots/stories/999/moderation", org, `{"state":"hidden"}`); resp.StatusCode != 404 {
			t.Errorf("unknown story: %d, want 404", resp.StatusCode)
		}
	})
}
