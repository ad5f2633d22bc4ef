package kindred_test

import (
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
)

func TestWhoAnswersAndReadsTheAfterDinnerQuestion(t *testing.T) {
	guest := &kindred.Viewer{Account: &kindred.Account{ID: 1, Role: kindred.RoleMember}, Member: &kindred.Member{ID: 10}}
	host := &kindred.Viewer{Account: &kindred.Account{ID: 2, Role: kindred.RoleMember}, Member: &kindred.Member{ID: 20}}
	organizer := &kindred.Viewer{Account: &kindred.Account{ID: 3, Role: kindred.RoleOrganizer, CityIDs: []int64{7}}}
	elsewhere := &kindred.Viewer{Account: &kindred.Account{ID: 4, Role: kindred.RoleOrganizer, CityIDs: []int64{8}}}
	held := &kindred.Gathering{CityID: 7, Status: kindred.GatheringHeld, HostIDs: []int64{20}}
	open := &kindred.Gathering{CityID: 7, Status: kindred.GatheringOpen}
	came := &kindred.RSVP{MemberID: 10, Status: kindred.RSVPAttended}
	for _, tc := range []struct {
		name string
		g    *kindred.Gathering
		v    *kindred.Viewer
		mine *kindred.RSVP
		want string
	}{
		{"a guest who came", held, guest, came, ""},
		{"before it is held", open, guest, came, kindred.ENOTFOUND},
		{"a no-show", held, guest, &kindred.RSVP{MemberID: 10, Status: kindred.RSVPNoShow}, kindred.ENOTFOUND},
		{"still going", held, guest, &kindred.RSVP{MemberID: 10, Status: kindred.RSVPGoing}, kindred.ENOTFOUND},
		{"someone else's answer", held, host, came, kindred.ENOTFOUND},
		{"no answer at all", held, organizer, nil, kindred.ENOTFOUND},
	} {
		if got := kindred.ErrorCode(tc.g.MayGiveFeedback(tc.v, tc.mine)); got != tc.want {
			t.Errorf("MayGiveFeedback, %s: %q, want %q", tc.name, got, tc.want)
		}
	}
	for _, tc := range []struct {
		name string
		v    *kindred.Viewer
		want string
	}{{"a host", host, ""}, {"the city's organizer", organizer, ""}, {"a guest", guest, kindred.EFORBIDDEN},
		{"another city's organizer", elsewhere, kindred.EFORBIDDEN}} {
		if got := kindred.ErrorCode(held.MaySeeFeedback(tc.v)); got != tc.want {
			t.Errorf("MaySeeFeedback, %s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestFeedbackValidate(t *testing.T) {
	others := []int64{2, 3}
	for _, tc := range []struct {
		name  string
		f     kindred.Feedback
		field string
	}{
		{"nothing at all", kindred.Feedback{}, ""},
		{"everything", kindred.Feedback{Value: 5, WillTry: " Listen first ", MeetAgainID: 3}, ""},
		{"below the scale", kindred.Feedback{Value: -1}, "value"},
		{"above the scale", kindred.Feedback{Value: 6}, "value"},
		{"someone who did not come", kindred.Feedback{MeetAgainID: 9}, "meet_again"},
	} {
		err := tc.f.Validate(others)
		if tc.field == "" && err != nil || tc.field != "" && kindred.ErrorFields(err)[tc.field] == "" {
			t.Errorf("%s: %v, want a problem with %q", tc.name, err, tc.field)
		}
	}
}
