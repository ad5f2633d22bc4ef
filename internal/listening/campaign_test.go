package listening_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
)

// TestCampaignsBelongToTheirCity: a city's organizers run the campaigns of
// their city, those who organize the network run every campaign and the
// campaigns of the whole network; an organizer with no city runs none.
func TestCampaignsBelongToTheirCity(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		in := func(slug string, city int64) listening.CampaignInput {
			c := demo.BrightSpots(w.clock.Now())
			c.Slug, c.CityID = slug, city
			return listening.CampaignInput{Campaign: c}
		}
		for i, tc := range []struct {
			name  string
			v     *kindred.Viewer
			city  int64
			want  string
			field string // the field the refusal names ("": none, the viewer runs no campaign)
		}{
			{"member", w.member, w.chicago.ID, kindred.EFORBIDDEN, ""},
			{"organizer of another city", w.bostonOrg, w.chicago.ID, kindred.EFORBIDDEN, "city_id"},
			{"organizer with no city", w.noCity, w.chicago.ID, kindred.EFORBIDDEN, ""},
			{"city organizer, whole network", w.chicagoOrg, 0, kindred.EFORBIDDEN, "city_id"},
			{"organizer with no city, whole network", w.noCity, 0, kindred.EFORBIDDEN, ""},
			{"city organizer in their city", w.chicagoOrg, w.chicago.ID, "", ""},
			{"network-wide organizer, another city", w.networkWide, w.boston.ID, "", ""},
			{"network-wide organizer, whole network", w.networkWide, 0, "", ""},
			{"admin, whole network", w.admin, 0, "", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := w.audits(t, "campaign.create")
				made, err := w.svc.CreateCampaign(ctx, tc.v, in(fmt.Sprintf("c-%d", i), tc.city))
				if code(err) != tc.want || (tc.field != "" && kindred.ErrorFields(err)[tc.field] == "") {
					t.Fatalf("CreateCampaign = %v, want %q on %q", err, tc.want, tc.field)
				}
				wantAudits := before
				if err == nil {
					wantAudits++
					if made.CityID != tc.city {
						t.Errorf("made in city %d, want %d", made.CityID, tc.city)
					}
				}
				if got := w.audits(t, "campaign.create"); got != wantAudits {
					t.Errorf("campaign.create audited %d times, want %d", got, wantAudits)
				}
			})
		}
		bad := in("X", w.chicago.ID)
		bad.Campaign.Title = ""
		if _, err := w.svc.CreateCampaign(ctx, w.chicagoOrg, bad); code(err) != kindred.EINVALID || kindred.ErrorFields(err)["title"] == "" {
			t.Errorf("bad campaign: %v, want EINVALID on title", err)
		}
	})
}

// TestUpdateCampaignNeedsBothCities: changing a campaign needs its
// organizers, and moving it needs the new city's.
func TestUpdateCampaignNeedsBothCities(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c := *w.campaign
		c.Title = "Renamed"
		if _, err := w.svc.UpdateCampaign(ctx, w.bostonOrg, c.Slug, listening.CampaignInput{Campaign: c}); code(err) != kindred.EFORBIDDEN {
			t.Errorf("another city's organizer: %v, want EFORBIDDEN", err)
		}
		if _, err := w.svc.UpdateCampaign(ctx, w.noCity, c.Slug, listening.CampaignInput{Campaign: c}); code(err) != kindred.EFORBIDDEN {
			t.Errorf("organizer with no city: %v, want EFORBIDDEN", err)
		}
		moved := c
		moved.CityID = w.boston.ID
		_, err := w.svc.UpdateCampaign(ctx, w.chicagoOrg, c.Slug, listening.CampaignInput{Campaign: moved})
		if code(err) != kindred.EFORBIDDEN || kindred.ErrorFields(err)["city_id"] == "" {
			t.Errorf("moving it to a city not organized: %v, want EFORBIDDEN on city_id", err)
		}
		if _, err := w.svc.UpdateCampaign(ctx, w.chicagoOrg, c.Slug, listening.CampaignInput{Campaign: c, Invited: []string{"boston@example.org"}}); err != nil {
			t.Fatal(err)
		}
		got, err := w.st.CampaignBySlug(ctx, c.Slug)
		if err != nil || got.Title != "Renamed" || got.CityID != w.chicago.ID {
			t.Errorf("after update: %+v, %v", got, err)
		}
		if invites, _ := w.st.CampaignInvites(ctx, c.ID); len(invites) != 1 {
			t.Errorf("invites = %v", invites)
		}
		if _, err := w.svc.UpdateCampaign(ctx, w.admin, c.Slug, listening.CampaignInput{Campaign: moved}); err != nil {
			t.Errorf("an administrator moves it: %v", err)
		}
		if _, err := w.svc.UpdateCampaign(ctx, w.admin, "nope", listening.CampaignInput{Campaign: moved}); code(err) != kindred.ENOTFOUND {
			t.Errorf("unknown campaign: %v, want ENOTFOUND", err)
		}
		if got := w.audits(t, "campaign.update"); got != 2 {
			t.Errorf("campaign.update audited %d times, want 2", got)
		}
	})
}
