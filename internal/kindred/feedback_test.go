package kindred_test

import (
	"testing"
	"time"

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

// TestFeedbackLinkExpires: a guest's personal link to the after-dinner
// question works for FeedbackLinkFor after the gathering ends, then is
// EGONE; a link signed with another key is never accepted.
func TestFeedbackLinkExpires(t *testing.T) {
	t.Parallel()
	key, other := []byte("a key of thirty-two bytes, exact"), []byte("another key of thirty-two bytes!")
	end := time.Date(2026, 3, 5, 22, 0, 0, 0, time.UTC)
	g := &kindred.Gathering{ID: 4, EndsAt: end}
	signed := kindred.FeedbackToken(g, 9).Sign(key)
	for _, c := range []struct {
		name string
		at   time.Time
		want string
	}{
		{"the evening itself", end, ""},
		{"a day before it runs out", end.Add(kindred.FeedbackLinkFor - 24*time.Hour), ""},
		{"a minute after", end.Add(kindred.FeedbackLinkFor + time.Minute), kindred.EGONE},
		{"a year later", end.AddDate(1, 0, 0), kindred.EGONE},
	} {
		tok, err := kindred.ParseRSVPToken(signed, key, c.at)
		if got := kindred.ErrorCode(err); got != c.want {
			t.Errorf("%s: %q (%v), want %q", c.name, got, err, c.want)
		}
		if err == nil && (tok.GatheringID != 4 || tok.MemberID != 9) {
			t.Errorf("%s: the link names gathering %d, member %d", c.name, tok.GatheringID, tok.MemberID)
		}
	}
	if _, err := kindred.ParseRSVPToken(signed, other, end); err == nil {
		t.Error("a link checked with another key was accepted")
	}
}
