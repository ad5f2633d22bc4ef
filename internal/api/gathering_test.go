package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestGatheringAPI(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
		alex := testutil.CreateAccount(t, srv.Store, "alex@example.org", kindred.RoleMember)
		sam := testutil.CreateAccount(t, srv.Store, "sam@example.org", kindred.RoleMember)
		var alexID, samID int64
		err := srv.Store.WithTx(ctx, func(tx *store.Tx) (err error) {
			if alexID, err = tx.LinkOrCreateMember(ctx, alex); err != nil {
				return err
			}
			samID, err = tx.LinkOrCreateMember(ctx, sam)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		at, alexT, samT := tokenFor(t, srv.Store, admin), tokenFor(t, srv.Store, alex), tokenFor(t, srv.Store, sam)
		_, body := send(t, "POST", srv.URL+"/api/v1/cities", at, `{"name": "Chicago", "time_zone": "America/Chicago"}`)
		var city struct{ ID int64 }
		_ = json.Unmarshal(body, &city)

		bad := []struct {
			token, body string
			code        int
			field       string
		}{
			{at, `{"title": "x"`, 400, ""},
			{at, fmt.Sprintf(`{"title": "Dinner", "city_id": %d, "starts_at": "tomorrow", "ends_at": "2027-04-15T21:30:00-05:00", "capacity": 1}`, city.ID), 422, "starts_at"},
			{at, fmt.Sprintf(`{"title": "Dinner", "city_id": %d, "starts_at": "2027-04-15T18:30:00-05:00", "ends_at": "2027-04-15T21:30:00-05:00", "capacity": 0}`, city.ID), 422, "capacity"},
			{alexT, fmt.Sprintf(`{"title": "Dinner", "city_id": %d, "starts_at": "2027-04-15T18:30:00-05:00", "ends_at": "2027-04-15T21:30:00-05:00", "capacity": 1}`, city.ID), 403, ""},
		}
		for _, b := range bad {
			code, got := send(t, "POST", srv.URL+"/api/v1/gatherings", b.token, b.body)
			var e struct {
				Error struct{ Fields map[string]string }
			}
			_ = json.Unmarshal(got, &e)
			if code != b.code || (b.field != "" && e.Error.Fields[b.field] == "") {
				t.Errorf("POST /gatherings %s: %d %s, want %d naming %q", b.body, code, got, b.code, b.field)
			}
		}
		code, body := send(t, "POST", srv.URL+"/api/v1/gatherings", at, fmt.Sprintf(`{"title": "Chicago dinner", "city_id": %d,
			"starts_at": "2027-04-15T18:30:00-05:00", "ends_at": "2027-04-15T21:30:00-05:00", "capacity": 1, "table_size": 6, "status": "open"}`, city.ID))
		var g struct {
			ID       int64
			StartsAt string `json:"starts_at"`
			TimeZone string `json:"time_zone"`
		}
		if code != 201 || json.Unmarshal(body, &g) != nil || g.StartsAt != "2027-04-15T23:30:00Z" || g.TimeZone != "America/Chicago" {
			t.Fatalf("POST /gatherings: %d %s", code, body)
		}
		rsvps := fmt.Sprintf("%s/api/v1/gatherings/%d/rsvps", srv.URL, g.ID)
		steps := []struct {
			token, body string
			code        int
			status      string
		}{
			{alexT, `{"status": "going"}`, 201, "going"},
			{alexT, `{"status": "going"}`, 200, "going"},
			{samT, fmt.Sprintf(`{"member_id": %d, "status": "declined"}`, alexID), 403, ""},
			{samT, `{"status": "attended"}`, 422, ""},
			{samT, `{"status": "going"}`, 201, "waitlist"},
			{at, fmt.Sprintf(`{"member_id": %d, "status": "declined"}`, alexID), 201, "declined"},
			{samT, `{"status": "maybe"}`, 422, ""},
		}
		for i, s := range steps {
			code, got := send(t, "POST", rsvps, s.token, s.body)
			var v struct{ Status string }
			_ = json.Unmarshal(got, &v)
			if code != s.code || v.Status != s.status && s.status != "" {
				t.Errorf("step %d %s: %d %s, want %d %s", i, s.body, code, got, s.code, s.status)
			}
		}
		if code, _ := send(t, "GET", rsvps, samT, ""); code != 403 {
			t.Errorf("member reading the guest list: %d, want 403", code)
		}
		code, body = send(t, "GET", rsvps, at, "")
		var list struct {
			Items []struct {
				MemberID int64 `json:"member_id"`
				Status   string
			}
		}
		if code != 200 || json.Unmarshal(body, &list) != nil || len(list.Items) != 2 || list.Items[0].MemberID != samID || list.Items[0].Status != "going" {
			t.Errorf("GET rsvps after the decline promoted sam: %d %s", code, body)
		}
		code, body = send(t, "GET", srv.URL+"/api/v1/gatherings", samT, "")
		if code != 200 || !json.Valid(body) {
			t.Errorf("GET /gatherings: %d %s", code, body)
		}
	})
}
