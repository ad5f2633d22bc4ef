package listening_test

import (
	"context"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// TestModerateByTheCampaignsOrganizers: only the campaign's organizers
// moderate; each decision is audited once and an approval is an event
// that tells nothing of the story's words or teller.
func TestModerateByTheCampaignsOrganizers(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		told := w.tell(t, w.anon, "a", kindred.NewStory{Text: "Call me at +1 415 555 0100", Lang: "en", Consent: kindred.ConsentNetwork, Name: "Ana Teller"})
		approve := kindred.Moderation{State: kindred.StateApproved}
		for name, v := range map[string]*kindred.Viewer{"anonymous": w.anon, "member": w.member, "organizer of another city": w.bostonOrg,
			"organizer with no city": w.noCity} {
			if _, err := w.svc.Moderate(ctx, v, w.campaign.Slug, told.Story.ID, approve); code(err) != kindred.EFORBIDDEN && code(err) != kindred.EUNAUTHORIZED {
				t.Errorf("%s moderates: %v, want a refusal", name, err)
			}
		}
		if got := w.audits(t, "story.moderate"); got != 0 {
			t.Fatalf("refusals audited %d times", got)
		}
		st, err := w.svc.Moderate(ctx, w.chicagoOrg, w.campaign.Slug, told.Story.ID, approve)
		if err != nil || st.State != kindred.StateApproved {
			t.Fatalf("the city's organizer approves: %+v, %v", st, err)
		}
		yes := true
		if st, err = w.svc.Moderate(ctx, w.networkWide, w.campaign.Slug, told.Story.ID, kindred.Moderation{PII: &yes}); err != nil || st.State != kindred.StateApproved || !st.PII {
			t.Errorf("flagging keeps the state: %+v, %v", st, err)
		}
		if got := w.audits(t, "story.moderate"); got != 2 {
			t.Errorf("story.moderate audited %d times, want 2", got)
		}
		evs, err := w.st.EventsAfter(ctx, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		approved := 0
		for _, e := range evs {
			if e.Type == kindred.EventStoryApproved {
				approved++
				for k, v := range e.Data {
					if s, ok := v.(string); ok && (s == "Ana Teller" || len(s) > 20) {
						t.Errorf("story.approved tells %s = %q", k, s)
					}
				}
			}
		}
		if approved != 1 {
			t.Errorf("%d story.approved events, want 1", approved)
		}
		if _, err := w.svc.Moderate(ctx, w.admin, w.campaign.Slug, told.Story.ID, kindred.Moderation{State: kindred.StateWithdrawn}); code(err) != kindred.EINVALID {
			t.Errorf("setting withdrawn: %v, want EINVALID", err)
		}
		if _, err := w.svc.Moderate(ctx, w.admin, w.campaign.Slug, 99999, approve); code(err) != kindred.ENOTFOUND {
			t.Errorf("unknown story: %v, want ENOTFOUND", err)
		}
	})
}

// TestReadersOfACampaign: the campaign's organizers read every story with
// its teller; everyone else — organizers of other cities and with no city
// included — reads only what tellers shared, masked and without names.
func TestReadersOfACampaign(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		w.approve(t, kindred.NewStory{Text: "NETWORK story, mail ana@example.org", Lang: "en", Consent: kindred.ConsentNetwork, Name: "Ana Teller"})
		w.approve(t, kindred.NewStory{Text: "ORGANIZERS story", Lang: "en", Consent: kindred.ConsentOrganizers, Name: "Bo Teller"})
		w.tell(t, w.anon, "a", kindred.NewStory{Text: "PENDING story", Lang: "en", Consent: kindred.ConsentPublic})
		for _, tc := range []struct {
			name   string
			v      *kindred.Viewer
			reader kindred.Reader
			n      int
		}{
			{"organizer of the city", w.chicagoOrg, kindred.ReaderOrganizer, 3},
			{"network-wide organizer", w.networkWide, kindred.ReaderOrganizer, 3},
			{"organizer of another city", w.bostonOrg, kindred.ReaderMember, 1},
			{"organizer with no city", w.noCity, kindred.ReaderMember, 1},
			{"member", w.member, kindred.ReaderMember, 1},
			{"anonymous", w.anon, kindred.ReaderPublic, 0},
		} {
			_, list, reader, err := w.svc.Stories(ctx, tc.v, w.campaign.Slug, store.StoryQuery{})
			if err != nil || reader != tc.reader || len(list) != tc.n {
				t.Errorf("%s: reader %v with %d stories (%v), want %v with %d", tc.name, reader, len(list), err, tc.reader, tc.n)
				continue
			}
			for _, st := range list {
				if tc.reader != kindred.ReaderOrganizer && (st.Name != "" || st.Text != "NETWORK story, mail [email]") {
					t.Errorf("%s reads %q by %q", tc.name, st.Text, st.Name)
				}
			}
		}
	})
}
