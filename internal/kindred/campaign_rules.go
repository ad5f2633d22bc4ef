package kindred

import "time"

// OrganizedBy reports whether v organizes the campaign — reads every story
// with its teller, moderates, imports, exports, themes and edits it: those
// who organize the network for every campaign, and a city's organizers for
// the campaigns of their city. An organizer with no city organizes none.
func (c *Campaign) OrganizedBy(v *Viewer) bool {
	if v.OrganizesNetwork() {
		return true
	}
	return c.CityID != 0 && v.CanOrganize(c.CityID)
}

// MayOrganize returns nil when v organizes the campaign (OrganizedBy), an
// EUNAUTHORIZED *Error when v is anonymous and an EFORBIDDEN one otherwise.
func (c *Campaign) MayOrganize(v *Viewer) error {
	switch {
	case c.OrganizedBy(v):
		return nil
	case !v.SignedIn():
		return Errorf(EUNAUTHORIZED, "Please sign in to organize this campaign.")
	}
	return Errorf(EFORBIDDEN, "Only the organizers of this campaign may do this.")
}

// MayCreate checks that v would organize the campaign as typed, for
// creating it or moving it to another city: a city's organizers in their
// cities, those who organize the network anywhere and for the whole
// network. The refusal names the field city_id, so the form shows it
// beside the city.
func (c *Campaign) MayCreate(v *Viewer) error {
	if c.OrganizedBy(v) {
		return nil
	}
	if c.CityID == 0 {
		return &Error{Code: EFORBIDDEN, Message: "Only those who organize the whole network run campaigns for the whole network.",
			Fields: map[string]string{"city_id": "must be a city you organize"}}
	}
	return &Error{Code: EFORBIDDEN, Message: "You can run campaigns only in cities you organize.",
		Fields: map[string]string{"city_id": "is not a city you organize"}}
}

// MayRunCampaigns reports whether v may start a campaign at all: those who
// organize the network, and organizers of at least one city.
func MayRunCampaigns(v *Viewer) bool {
	return v.OrganizesNetwork() || (v.IsOrganizer() && len(v.Account.CityIDs) > 0)
}

// ReaderFor returns how much v may read of the campaign's stories: its
// organizers everything, the signed-in what tellers let the network read,
// everyone else what tellers let the public read.
func (c *Campaign) ReaderFor(v *Viewer) Reader {
	switch {
	case c.OrganizedBy(v):
		return ReaderOrganizer
	case v.SignedIn():
		return ReaderMember
	}
	return ReaderPublic
}

// MayTell returns nil when v may tell the campaign a story: anyone for an
// open campaign, the signed-in for a members-only one, and for an invited
// one the invited (invited says whether v's account is on the campaign's
// list) and the campaign's organizers. Otherwise it returns an
// EUNAUTHORIZED *Error (sign in first) or an EFORBIDDEN one.
func (c *Campaign) MayTell(v *Viewer, invited bool) error {
	switch {
	case c.Audience == AudienceOpen:
		return nil
	case !v.SignedIn():
		return Errorf(EUNAUTHORIZED, "This campaign takes stories from members of the network: please sign in.")
	case c.Audience == AudienceMembers || invited || c.OrganizedBy(v):
		return nil
	}
	return Errorf(EFORBIDDEN, "This campaign takes stories from invited people only.")
}

// StoryDay is when a story is kept as told: the day (midnight UTC), never
// the instant, so that no teller — above all an anonymous one — can be
// picked out by the minute they wrote. Every story keeps only its day, as
// a named story's instant would bracket the anonymous ones told around it.
func StoryDay(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Moderation is an organizer's decision on a story: its new state (""
// keeps the state) and whether its text holds personal information (nil
// keeps the flag).
type Moderation struct {
	State StoryState
	PII   *bool
}

// Validate returns an EINVALID *Error naming "state" when the decision
// decides nothing or sets a state an organizer may not set (only pending,
// approved and hidden).
func (m Moderation) Validate() error {
	switch m.State {
	case "":
		if m.PII == nil {
			return &Error{Code: EINVALID, Message: "Say what to do with the story.",
				Fields: map[string]string{"state": "is required, unless the personal-information flag is set"}}
		}
		return nil
	case StatePending, StateApproved, StateHidden:
		return nil
	}
	return &Error{Code: EINVALID, Message: "Unknown moderation state.",
		Fields: map[string]string{"state": "must be pending, approved or hidden"}}
}

// Apply returns the state and flag st has after the decision.
func (m Moderation) Apply(st *Story) (StoryState, bool) {
	state, pii := st.State, st.PII
	if m.State != "" {
		state = m.State
	}
	if m.PII != nil {
		pii = *m.PII
	}
	return state, pii
}
