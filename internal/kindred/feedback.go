package kindred

import (
	"slices"
	"strings"
	"time"
)

// Feedback is one guest's answer to the after-dinner question: how
// valuable the gathering was, one thing they will try and one person from
// it they would like to meet again. Every part is optional.
type Feedback struct {
	GatheringID int64
	MemberID    int64
	Value       int    // 1 to 5 (FeedbackValues), 0 when not said
	WillTry     string // one thing they will try, "" when not said
	MeetAgainID int64  // another guest who came, 0 when nobody
	AnsweredAt  *time.Time
}

// FeedbackValue is one step of the "how valuable was it?" scale.
type FeedbackValue struct {
	N     int
	Words string
}

// FeedbackValues is the scale, lowest first, in the words the form shows.
var FeedbackValues = []FeedbackValue{
	{1, "Not worth it"},
	{2, "A little"},
	{3, "Worth it"},
	{4, "Very valuable"},
	{5, "One of the best"},
}

// MaxWillTry is the longest "one thing I will try", in characters.
const MaxWillTry = 500

// Validate trims the answer and checks it: a value on the scale (or none),
// a short text, and a person to meet again among others (the other guests
// who came), or nobody. Problems are EINVALID on value, will_try and
// meet_again, the form's fields.
func (f *Feedback) Validate(others []int64) error {
	var p Problems
	f.WillTry = strings.TrimSpace(f.WillTry)
	if f.Value < 0 || f.Value > len(FeedbackValues) {
		p.Add("value", "must be one of the five answers, or none")
	}
	limitText(f.WillTry, "will_try", MaxWillTry, &p)
	if f.MeetAgainID != 0 && !slices.Contains(others, f.MeetAgainID) {
		p.Add("meet_again", "must be someone else who came to this gathering")
	}
	return p.Err()
}

// Empty reports whether the answer says nothing at all.
func (f *Feedback) Empty() bool { return f.Value == 0 && f.WillTry == "" && f.MeetAgainID == 0 }

// MayGiveFeedback checks that v, whose answer to the gathering is mine (nil
// for none), may answer its after-dinner question: only a guest who came
// (checked in, or counted as having come) to a gathering that was held.
// Anyone else is ENOTFOUND, as for a page that is not theirs.
func (g *Gathering) MayGiveFeedback(v *Viewer, mine *RSVP) error {
	if g.Status == GatheringHeld && mine != nil && v.Is(mine.MemberID) && mine.Status == RSVPAttended {
		return nil
	}
	return Errorf(ENOTFOUND, "The after-dinner question is for the guests who came, once the gathering has been held.")
}

// MaySeeFeedback checks that v may read what the guests answered, in
// aggregate: the gathering's hosts, organizers of its city and
// administrators. EFORBIDDEN otherwise.
func (g *Gathering) MaySeeFeedback(v *Viewer) error {
	if v.CanOrganize(g.CityID) || (v.MemberID() != 0 && slices.Contains(g.HostIDs, v.MemberID())) {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only the gathering's hosts and organizers see what its guests answered.")
}

// FeedbackSummary is what the guests of one gathering, or of many, said
// after dinner, with no names: how many came and answered, and, only when
// at least MinCell answered (Shown), how valuable it was and the things
// they will try. Who wants to meet whom is never in it, only how many
// named someone and how many such wishes were mutual.
type FeedbackSummary struct {
	Gatherings int // held gatherings counted
	Came       int
	Answered   int
	Shown      bool     // enough answered to break the answers down
	Values     []int    // how many chose each step of FeedbackValues, lowest first
	Valued     int      // how many answered the value
	Average    float64  // of the values given
	WillTry    []string // the things people will try, in no one's order
	MeetAgain  int      // how many named someone to meet again
	Mutual     int      // pairs who named each other
}

// Withhold keeps only the counts of who came and answered when fewer than
// minCell answered: a breakdown of so few answers could tell who said what.
func (s *FeedbackSummary) Withhold(minCell int) {
	s.Shown = s.Answered >= minCell
	if !s.Shown {
		s.Values, s.Valued, s.Average, s.WillTry, s.MeetAgain, s.Mutual = nil, 0, 0, nil, 0, 0
	}
}

// ValueWords is the words of step n of the scale, "" off the scale.
func ValueWords(n int) string {
	if n < 1 || n > len(FeedbackValues) {
		return ""
	}
	return FeedbackValues[n-1].Words
}

// FeedbackLinkFor is how long after a gathering ends a guest's personal
// link to its after-dinner question works.
const FeedbackLinkFor = 30 * 24 * time.Hour

// FeedbackLinkKey names the key that signs those links.
const FeedbackLinkKey = "feedback"

// FeedbackToken is what a guest's personal link to the after-dinner
// question carries: the gathering and the member it was sent to. It is
// signed with its own key ("feedback"), so neither an RSVP link nor a
// follow-up link can stand in for it.
func FeedbackToken(g *Gathering, memberID int64) RSVPToken {
	return RSVPToken{GatheringID: g.ID, MemberID: memberID, Expires: g.EndsAt.Add(FeedbackLinkFor)}
}
