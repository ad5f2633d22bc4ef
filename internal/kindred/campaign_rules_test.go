package kindred

import (
	"testing"
	"time"
)

func TestCampaignRules(t *testing.T) {
	t.Parallel()
	member := &Viewer{Account: &Account{ID: 1, Role: RoleMember}}
	chicago := &Viewer{Account: &Account{ID: 2, Role: RoleOrganizer, CityIDs: []int64{7}}}
	noCity := &Viewer{Account: &Account{ID: 3, Role: RoleOrganizer}}
	network := &Viewer{Account: &Account{ID: 4, Role: RoleOrganizer, NetworkWide: true}}
	admin := &Viewer{Account: &Account{ID: 5, Role: RoleAdmin}}
	inChicago, inBoston, whole := &Campaign{CityID: 7}, &Campaign{CityID: 8}, &Campaign{}
	for _, c := range []struct {
		name     string
		v        *Viewer
		c        *Campaign
		organize bool
		reader   Reader
		create   string // the code MayCreate answers
	}{
		{"anonymous, city campaign", &Viewer{}, inChicago, false, ReaderPublic, EFORBIDDEN},
		{"member, city campaign", member, inChicago, false, ReaderMember, EFORBIDDEN},
		{"organizer of the city", chicago, inChicago, true, ReaderOrganizer, ""},
		{"organizer of another city", chicago, inBoston, false, ReaderMember, EFORBIDDEN},
		{"city organizer, network campaign", chicago, whole, false, ReaderMember, EFORBIDDEN},
		{"organizer with no city, city campaign", noCity, inChicago, false, ReaderMember, EFORBIDDEN},
		{"organizer with no city, network campaign", noCity, whole, false, ReaderMember, EFORBIDDEN},
		{"network-wide organizer, city campaign", network, inBoston, true, ReaderOrganizer, ""},
		{"network-wide organizer, network campaign", network, whole, true, ReaderOrganizer, ""},
		{"admin, network campaign", admin, whole, true, ReaderOrganizer, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.c.OrganizedBy(c.v); got != c.organize {
				t.Errorf("OrganizedBy = %v, want %v", got, c.organize)
			}
			if got := (ErrorCode(c.c.MayOrganize(c.v)) == ""); got != c.organize {
				t.Errorf("MayOrganize = %v, want allowed %v", c.c.MayOrganize(c.v), c.organize)
			}
			if got := c.c.ReaderFor(c.v); got != c.reader {
				t.Errorf("ReaderFor = %v, want %v", got, c.reader)
			}
			err := c.c.MayCreate(c.v)
			if got := ErrorCode(err); got != c.create {
				t.Errorf("MayCreate = %v, want code %q", err, c.create)
			}
			if err != nil && ErrorFields(err)["city_id"] == "" {
				t.Errorf("MayCreate's refusal names no city_id: %v", err)
			}
		})
	}
	for v, want := range map[*Viewer]bool{{}: false, member: false, chicago: true, noCity: false, network: true, admin: true} {
		if got := MayRunCampaigns(v); got != want {
			t.Errorf("MayRunCampaigns(%+v) = %v, want %v", v.Account, got, want)
		}
	}
}

func TestCampaignMayTell(t *testing.T) {
	t.Parallel()
	member := &Viewer{Account: &Account{ID: 1, Role: RoleMember}}
	chicago := &Viewer{Account: &Account{ID: 2, Role: RoleOrganizer, CityIDs: []int64{7}}}
	noCity := &Viewer{Account: &Account{ID: 3, Role: RoleOrganizer}}
	for _, c := range []struct {
		name     string
		audience Audience
		v        *Viewer
		invited  bool
		want     string
	}{
		{"open, anonymous", AudienceOpen, &Viewer{}, false, ""},
		{"members, anonymous", AudienceMembers, &Viewer{}, false, EUNAUTHORIZED},
		{"members, member", AudienceMembers, member, false, ""},
		{"invited, anonymous", AudienceInvited, &Viewer{}, false, EUNAUTHORIZED},
		{"invited, member not invited", AudienceInvited, member, false, EFORBIDDEN},
		{"invited, member invited", AudienceInvited, member, true, ""},
		{"invited, the city's organizer", AudienceInvited, chicago, false, ""},
		{"invited, organizer with no city", AudienceInvited, noCity, false, EFORBIDDEN},
	} {
		camp := &Campaign{CityID: 7, Audience: c.audience}
		if got := ErrorCode(camp.MayTell(c.v, c.invited)); got != c.want {
			t.Errorf("%s: MayTell = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestStoryDay(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 3, 1, 23, 59, 58, 123456000, time.FixedZone("UTC-5", -5*3600))
	if got, want := StoryDay(at), time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("StoryDay(%s) = %s, want %s", at, got, want)
	}
}

func TestModeration(t *testing.T) {
	t.Parallel()
	yes := true
	st := &Story{State: StatePending}
	if state, pii := (Moderation{State: StateApproved}).Apply(st); state != StateApproved || pii {
		t.Errorf("approve: %s %v", state, pii)
	}
	if state, pii := (Moderation{PII: &yes}).Apply(st); state != StatePending || !pii {
		t.Errorf("flag: %s %v", state, pii)
	}
	for _, s := range []StoryState{StateWithdrawn, "bogus", ""} {
		if ErrorFields(Moderation{State: s}.Validate())["state"] == "" {
			t.Errorf("Moderation{%q}.Validate() accepted it", s)
		}
	}
	if err := (Moderation{PII: &yes}).Validate(); err != nil {
		t.Errorf("flagging alone: %v", err)
	}
}
