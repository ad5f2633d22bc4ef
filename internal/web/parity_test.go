package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// parityCase is one flow that the pages and the API both offer, sent by the
// same viewer with the same input through each surface.
type parityCase struct {
	name string
	role string // a role of the authorization fixture (authzRoles)
	// page and api are "METHOD /path" patterns with their bodies ($vars and
	// {params} filled as in the authorization matrix).
	page, pageBody string
	api, apiBody   string
	// audit is the action both must write exactly once on success (and not
	// at all on refusal); event likewise.
	audit string
	event kindred.EventType
	// rows counts what the flow stores, so both surfaces can be seen to
	// store the same.
	rows func(t *testing.T, st *store.Store) int
	// reset, when set, puts the fixture back before each surface's request,
	// so a flow that changes what is stored starts from the same state twice.
	reset func(t *testing.T, st *store.Store, f *authzFixture)
}

// parityCases are the flows checked; add one when a flow moves into a use
// case.
var parityCases = []parityCase{
	{name: "create a gathering", role: "organizer",
		page: "POST /gatherings", pageBody: gatheringForm, api: "POST /api/v1/gatherings", apiBody: gatheringJSON,
		audit: "gathering.create", event: kindred.EventGatheringCreated, rows: countGatherings},
	{name: "create a gathering in another's city", role: "other",
		page: "POST /gatherings", pageBody: gatheringForm, api: "POST /api/v1/gatherings", apiBody: gatheringJSON,
		audit: "gathering.create", event: kindred.EventGatheringCreated, rows: countGatherings},
	{name: "create a gathering as a member", role: "member",
		page: "POST /gatherings", pageBody: gatheringForm, api: "POST /api/v1/gatherings", apiBody: gatheringJSON,
		audit: "gathering.create", event: kindred.EventGatheringCreated, rows: countGatherings},
	{name: "update a gathering", role: "organizer",
		page: "POST /gatherings/{id}", pageBody: gatheringForm, api: "PATCH /api/v1/gatherings/{id}", apiBody: gatheringJSON,
		audit: "gathering.update", event: kindred.EventGatheringChanged, rows: countMatrixDinners, reset: resetDinner},
	{name: "move a gathering into a city one does not organize", role: "organizer",
		page: "POST /gatherings/{id}", pageBody: strings.ReplaceAll(gatheringForm, "$chicago", "$boston"),
		api: "PATCH /api/v1/gatherings/{id}", apiBody: `{"city_id":$boston}`,
		audit: "gathering.update", event: kindred.EventGatheringChanged, rows: countMatrixDinners, reset: resetDinner},
	{name: "update a gathering in another's city", role: "other",
		page: "POST /gatherings/{id}", pageBody: gatheringForm, api: "PATCH /api/v1/gatherings/{id}", apiBody: gatheringJSON,
		audit: "gathering.update", event: kindred.EventGatheringChanged, rows: countMatrixDinners, reset: resetDinner},
	{name: "update a gathering as a member", role: "member",
		page: "POST /gatherings/{id}", pageBody: gatheringForm, api: "PATCH /api/v1/gatherings/{id}", apiBody: gatheringJSON,
		audit: "gathering.update", event: kindred.EventGatheringChanged, rows: countMatrixDinners, reset: resetDinner},
	{name: "RSVP for oneself", role: "member",
		page: "POST /gatherings/{id}/rsvp", pageBody: "status=going", api: "POST /api/v1/gatherings/{id}/rsvps", apiBody: `{"status":"going"}`,
		audit: "gathering.rsvp", event: kindred.EventRSVPChanged, rows: countGoing, reset: guestAnswers(kindred.RSVPDeclined)},
	{name: "RSVP for a guest as the organizer", role: "organizer",
		page: "POST /gatherings/{id}/guests/{member}", pageBody: "status=declined",
		api: "POST /api/v1/gatherings/{id}/rsvps", apiBody: `{"member_id":$guest,"status":"declined"}`,
		audit: "gathering.rsvp", event: kindred.EventRSVPChanged, rows: countGoing, reset: guestAnswers(kindred.RSVPGoing)},
	{name: "RSVP for another as a member", role: "member",
		page: "POST /gatherings/{id}/guests/{member}", pageBody: "status=declined",
		api: "POST /api/v1/gatherings/{id}/rsvps", apiBody: `{"member_id":$maria,"status":"declined"}`,
		audit: "gathering.rsvp", event: kindred.EventRSVPChanged, rows: countGoing, reset: guestAnswers(kindred.RSVPGoing)},
	{name: "RSVP for a guest as another city's organizer", role: "other",
		page: "POST /gatherings/{id}/guests/{member}", pageBody: "status=declined",
		api: "POST /api/v1/gatherings/{id}/rsvps", apiBody: `{"member_id":$guest,"status":"declined"}`,
		audit: "gathering.rsvp", event: kindred.EventRSVPChanged, rows: countGoing, reset: guestAnswers(kindred.RSVPGoing)},
	{name: "record who came before the dinner", role: "organizer",
		page: "POST /gatherings/{id}/attendance", pageBody: "came=$guest", api: "POST /api/v1/gatherings/{id}/attendance", apiBody: `{"came":[$guest]}`,
		audit: "gathering.held", event: kindred.EventGatheringHeld, rows: countAttended, reset: resetDinner},
	{name: "record who came as a member", role: "member",
		page: "POST /gatherings/{id}/attendance", pageBody: "came=$guest", api: "POST /api/v1/gatherings/{id}/attendance", apiBody: `{"came":[$guest]}`,
		audit: "gathering.held", event: kindred.EventGatheringHeld, rows: countAttended, reset: dinnerTookPlace},
	{name: "share a practice", role: "member",
		page: "POST /practices", pageBody: "title=Parity+practice&summary=Both+ways&stage=emerging",
		api: "POST /api/v1/practices", apiBody: `{"title":"Parity practice","summary":"Both ways","stage":"emerging"}`,
		audit: "practice.create", event: kindred.EventPracticeShared, rows: countPracticeParts},

	{name: "share a practice without a title", role: "member",
		page: "POST /practices", pageBody: "summary=Both+ways", api: "POST /api/v1/practices", apiBody: `{"summary":"Both ways"}`,
		audit: "practice.create", event: kindred.EventPracticeShared, rows: countPracticeParts},

	{name: "record an adoption", role: "organizer",
		page: "POST /practices/{slug}/adoptions", pageBody: adoptionForm, api: "POST /api/v1/practices/{id}/adoptions", apiBody: adoptionJSON,
		audit: "adoption.create", event: kindred.EventAdoptionRecorded, rows: countAdoptions},

	{name: "record an adoption for another's organization", role: "member",
		page: "POST /practices/{slug}/adoptions", pageBody: adoptionForm, api: "POST /api/v1/practices/{id}/adoptions", apiBody: adoptionJSON,
		audit: "adoption.create", event: kindred.EventAdoptionRecorded, rows: countAdoptions},

	{name: "add a member", role: "organizer",
		page: "POST /network/members", pageBody: "name=Parity+Person&city_id=$chicago", api: "POST /api/v1/members", apiBody: `{"name":"Parity Person","city_id":$chicago}`,
		audit: "member.create", event: kindred.EventMemberJoined, rows: countMembers},

	{name: "add a member in another's city", role: "other",
		page: "POST /network/members", pageBody: "name=Parity+Person&city_id=$chicago", api: "POST /api/v1/members", apiBody: `{"name":"Parity Person","city_id":$chicago}`,
		audit: "member.create", event: kindred.EventMemberJoined, rows: countMembers},

	{name: "add a member as a member", role: "member",
		page: "POST /network/members", pageBody: "name=Parity+Person&city_id=$chicago", api: "POST /api/v1/members", apiBody: `{"name":"Parity Person","city_id":$chicago}`,
		audit: "member.create", event: kindred.EventMemberJoined, rows: countMembers},

	{name: "add a member with a bad email", role: "admin",
		page: "POST /network/members", pageBody: "name=Parity+Person&email=nope&city_id=$chicago", api: "POST /api/v1/members", apiBody: `{"name":"Parity Person","email":"nope","city_id":$chicago}`,
		audit: "member.create", event: kindred.EventMemberJoined, rows: countMembers},

	{name: "add an organization", role: "organizer",
		page: "POST /network/organizations", pageBody: "name=Parity+Page+Union&city=$chicago", api: "POST /api/v1/organizations", apiBody: `{"name":"Parity API Union","city_ids":[$chicago]}`,
		audit: "organization.create", rows: countOrganizations},

	{name: "add an organization as a member", role: "member",
		page: "POST /network/organizations", pageBody: "name=Parity+Page+Union", api: "POST /api/v1/organizations", apiBody: `{"name":"Parity API Union"}`,
		audit: "organization.create", rows: countOrganizations},

	{name: "add a city", role: "admin",
		page: "POST /network/cities", pageBody: "name=Parity+Page&time_zone=America/Detroit", api: "POST /api/v1/cities", apiBody: `{"name":"Parity API","time_zone":"America/Detroit"}`,
		audit: "city.create", rows: countCities},

	{name: "add a city as an organizer", role: "organizer",
		page: "POST /network/cities", pageBody: "name=Parity+Page&time_zone=America/Detroit", api: "POST /api/v1/cities", apiBody: `{"name":"Parity API","time_zone":"America/Detroit"}`,
		audit: "city.create", rows: countCities},

	{name: "tell a story", role: "anon",
		page: "POST /c/{slug}", pageBody: "text=A+parity+story&lang=en&consent=public&name=Ada&email=ada.teller@example.org&stamp=$stamp",
		api: "POST /api/v1/campaigns/{slug}/stories", apiBody: `{"text":"A parity story, told through the API","lang":"en","consent":"public","name":"Ada","email":"ada.teller@example.org"}`,
		audit: "story.tell", event: kindred.EventStorySubmitted, rows: countStoriesAndMail},

	{name: "tell a story with no text", role: "member",
		page: "POST /c/{slug}", pageBody: "text=+&lang=en&consent=public&stamp=$stamp",
		api: "POST /api/v1/campaigns/{slug}/stories", apiBody: `{"text":" ","lang":"en","consent":"public"}`,
		audit: "story.tell", event: kindred.EventStorySubmitted, rows: countStoriesAndMail},

	{name: "moderate a story", role: "organizer",
		page: "POST /listening/{slug}/stories/{id}", pageBody: "action=hide",
		api: "POST /api/v1/campaigns/{slug}/stories/{id}/moderation", apiBody: `{"state":"hidden"}`,
		audit: "story.moderate", event: kindred.EventStoryApproved, rows: countStoriesAndMail},

	{name: "moderate another city's story", role: "other",
		page: "POST /listening/{slug}/stories/{id}", pageBody: "action=approve",
		api: "POST /api/v1/campaigns/{slug}/stories/{id}/moderation", apiBody: `{"state":"approved"}`,
		audit: "story.moderate", event: kindred.EventStoryApproved, rows: countStoriesAndMail},

	{name: "moderate a story as a member", role: "member",
		page: "POST /listening/{slug}/stories/{id}", pageBody: "action=approve",
		api: "POST /api/v1/campaigns/{slug}/stories/{id}/moderation", apiBody: `{"state":"approved"}`,
		audit: "story.moderate", event: kindred.EventStoryApproved, rows: countStoriesAndMail},
	{name: "invite a member and someone not in the directory", role: "organizer",
		page: "POST /gatherings/{id}/invite", pageBody: "member=$maria&emails=parity.stranger%40example.org",
		api: "POST /api/v1/gatherings/{id}/invitations", apiBody: `{"member_ids":[$maria],"emails":["parity.stranger@example.org"]}`,
		audit: "gathering.invite", rows: countInvitations, reset: uninviteMaria},
	{name: "invite only someone not in the directory", role: "organizer",
		page: "POST /gatherings/{id}/invite", pageBody: "emails=parity.stranger%40example.org",
		api: "POST /api/v1/gatherings/{id}/invitations", apiBody: `{"emails":["parity.stranger@example.org"]}`,
		audit: "gathering.invite.email", rows: countInvitations, reset: uninviteMaria},
	{name: "invite with a malformed address", role: "organizer",
		page: "POST /gatherings/{id}/invite", pageBody: "member=$maria&emails=not+an+address",
		api: "POST /api/v1/gatherings/{id}/invitations", apiBody: `{"member_ids":[$maria],"emails":["not an address"]}`,
		audit: "gathering.invite", rows: countInvitations, reset: uninviteMaria},
	{name: "invite to another city's dinner", role: "other",
		page: "POST /gatherings/{id}/invite", pageBody: "member=$maria&emails=parity.stranger%40example.org",
		api: "POST /api/v1/gatherings/{id}/invitations", apiBody: `{"member_ids":[$maria],"emails":["parity.stranger@example.org"]}`,
		audit: "gathering.invite", rows: countInvitations, reset: uninviteMaria},
	{name: "invite as a member", role: "member",
		page: "POST /gatherings/{id}/invite", pageBody: "member=$maria",
		api: "POST /api/v1/gatherings/{id}/invitations", apiBody: `{"member_ids":[$maria]}`,
		audit: "gathering.invite", rows: countInvitations, reset: uninviteMaria},
	{name: "write to the guests going", role: "organizer",
		page: "POST /gatherings/{id}/message", pageBody: "to=going&subject=Parity+note&message=See+you+soon",
		api: "POST /api/v1/gatherings/{id}/messages", apiBody: `{"to":"going","subject":"Parity note","message":"See you soon"}`,
		audit: "gathering.message", rows: countGuestMessages, reset: guestAnswers(kindred.RSVPGoing)},
	{name: "write to the guests with no subject", role: "organizer",
		page: "POST /gatherings/{id}/message", pageBody: "to=going&subject=&message=See+you+soon",
		api: "POST /api/v1/gatherings/{id}/messages", apiBody: `{"to":"going","subject":"","message":"See you soon"}`,
		audit: "gathering.message", rows: countGuestMessages, reset: guestAnswers(kindred.RSVPGoing)},
	{name: "write to another city's guests", role: "other",
		page: "POST /gatherings/{id}/message", pageBody: "to=going&subject=Parity+note&message=See+you+soon",
		api: "POST /api/v1/gatherings/{id}/messages", apiBody: `{"to":"going","subject":"Parity note","message":"See you soon"}`,
		audit: "gathering.message", rows: countGuestMessages, reset: guestAnswers(kindred.RSVPGoing)},
	{name: "write to the guests as a member", role: "member",
		page: "POST /gatherings/{id}/message", pageBody: "to=going&subject=Parity+note&message=See+you+soon",
		api: "POST /api/v1/gatherings/{id}/messages", apiBody: `{"to":"going","subject":"Parity note","message":"See you soon"}`,
		audit: "gathering.message", rows: countGuestMessages, reset: guestAnswers(kindred.RSVPGoing)},
	{name: "propose a dinner", role: "member",
		page: "POST /proposals", pageBody: proposalForm, api: "POST /api/v1/proposals", apiBody: proposalJSON,
		audit: "gathering.propose", event: kindred.EventGatheringProposed, rows: countProposals},
	{name: "propose a dinner living in no city", role: "organizer",
		page: "POST /proposals", pageBody: proposalForm, api: "POST /api/v1/proposals", apiBody: proposalJSON,
		audit: "gathering.propose", event: kindred.EventGatheringProposed, rows: countProposals},
	{name: "change one's proposal", role: "member",
		page: "POST /proposals/{id}", pageBody: proposalForm, api: "PATCH /api/v1/proposals/{id}", apiBody: proposalJSON,
		audit: "gathering.propose.revise", event: kindred.EventGatheringProposed, rows: countProposals, reset: resetProposal},
	{name: "change another's proposal", role: "organizer",
		page: "POST /proposals/{id}", pageBody: proposalForm, api: "PATCH /api/v1/proposals/{id}", apiBody: proposalJSON,
		audit: "gathering.propose.revise", event: kindred.EventGatheringProposed, rows: countProposals, reset: resetProposal},
	{name: "ask for changes to a proposal", role: "organizer",
		page: "POST /proposals/{id}/review", pageBody: "decision=changes&message=Start+at+seven",
		api: "POST /api/v1/proposals/{id}/review", apiBody: `{"decision":"changes","message":"Start at seven"}`,
		audit: "gathering.review", event: kindred.EventGatheringReviewed, rows: countProposals, reset: resetProposal},
	{name: "ask for changes without a message", role: "organizer",
		page: "POST /proposals/{id}/review", pageBody: "decision=changes", api: "POST /api/v1/proposals/{id}/review", apiBody: `{"decision":"changes"}`,
		audit: "gathering.review", event: kindred.EventGatheringReviewed, rows: countProposals, reset: resetProposal},
	{name: "review another city's proposal", role: "other",
		page: "POST /proposals/{id}/review", pageBody: "decision=decline", api: "POST /api/v1/proposals/{id}/review", apiBody: `{"decision":"decline"}`,
		audit: "gathering.review", event: kindred.EventGatheringReviewed, rows: countProposals, reset: resetProposal},
	{name: "review one's own proposal", role: "member",
		page: "POST /proposals/{id}/review", pageBody: "decision=decline", api: "POST /api/v1/proposals/{id}/review", apiBody: `{"decision":"decline"}`,
		audit: "gathering.review", event: kindred.EventGatheringReviewed, rows: countProposals, reset: resetProposal},
	// This one leaves the dinner held and in the past: a case after it that
	// needs the dinner open resets it (resetDinner).
	{name: "record who came", role: "organizer",
		page: "POST /gatherings/{id}/attendance", pageBody: "came=$guest", api: "POST /api/v1/gatherings/{id}/attendance", apiBody: `{"came":[$guest]}`,
		audit: "gathering.held", event: kindred.EventGatheringHeld, rows: countAttended, reset: dinnerTookPlace},
	{name: "answer the after-dinner question", role: "member",
		page: "POST /gatherings/{id}/feedback", pageBody: "value=4&will_try=Ask+first&meet_again=",
		api: "POST /api/v1/gatherings/{id}/feedback", apiBody: `{"value":4,"will_try":"Ask first"}`,
		audit: "gathering.feedback", event: kindred.EventFeedbackGiven, rows: countFeedback, reset: guestCame},
	{name: "answer the after-dinner question off the scale", role: "member",
		page: "POST /gatherings/{id}/feedback", pageBody: "value=9", api: "POST /api/v1/gatherings/{id}/feedback", apiBody: `{"value":9}`,
		audit: "gathering.feedback", event: kindred.EventFeedbackGiven, rows: countFeedback, reset: guestCame},
	{name: "answer the after-dinner question of a dinner one did not come to", role: "organizer",
		page: "POST /gatherings/{id}/feedback", pageBody: "value=4", api: "POST /api/v1/gatherings/{id}/feedback", apiBody: `{"value":4}`,
		audit: "gathering.feedback", event: kindred.EventFeedbackGiven, rows: countFeedback, reset: guestCame},
	{name: "answer the after-dinner question before the dinner", role: "member",
		page: "POST /gatherings/{id}/feedback", pageBody: "value=4", api: "POST /api/v1/gatherings/{id}/feedback", apiBody: `{"value":4}`,
		audit: "gathering.feedback", event: kindred.EventFeedbackGiven, rows: countFeedback, reset: resetDinner},
}

// countFeedback counts the answers to after-dinner questions.
func countFeedback(t *testing.T, st *store.Store) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM gathering_feedback WHERE answered_at IS NOT NULL`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// guestCame makes the fixture's dinner one held last night that its guest
// came to, with no after-dinner answer yet.
func guestCame(t *testing.T, st *store.Store, f *authzFixture) {
	t.Helper()
	dinnerTookPlace(t, st, f)
	ctx := context.Background()
	g := fixtureID(t, f, "gatherings/{id}")
	err := st.WithTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.SetAttendance(ctx, g, []int64{fixtureID(t, f, "guest")}); err != nil {
			return err
		}
		return tx.SetGatheringStatus(ctx, g, kindred.GatheringHeld)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().ExecContext(ctx, `DELETE FROM gathering_feedback`); err != nil {
		t.Fatal(err)
	}
}

// TestPagesAndAPIAgree sends each parity case through the page and through
// the API and checks that both end alike: the same class of status (a
// redirect after a page's success counts as the API's 2xx), the same number
// of stored rows, one audit entry and one event each on success, none on
// refusal.
func TestPagesAndAPIAgree(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		f := newAuthzFixture(t, srv)
		for _, c := range parityCases {
			t.Run(c.name, func(t *testing.T) {
				page := f.parityOutcome(t, srv, c, c.page, c.pageBody)
				api := f.parityOutcome(t, srv, c, c.api, c.apiBody)
				if page != api {
					t.Errorf("page %s: %+v; API %s: %+v", c.page, page, c.api, api)
				}
			})
		}
	})
}

// outcome is what a request did, in terms both surfaces share.
type outcome struct {
	Status       int // 200 for any success (2xx, or a page's 303), else the status itself
	Rows, Audits int
	Events       int
}

func (f *authzFixture) parityOutcome(t *testing.T, srv *testutil.Server, c parityCase, pattern, body string) outcome {
	t.Helper()
	if c.reset != nil {
		c.reset(t, srv.Store, f)
	}
	rows, audits, events := c.rows(t, srv.Store), countAudit(t, srv.Store, c.audit), countEvents(t, srv.Store, c.event)
	status := f.send(t, srv, pattern, c.role, body)
	if status/100 == 2 || status == 303 {
		status = 200
	}
	return outcome{Status: status, Rows: c.rows(t, srv.Store) - rows, Audits: countAudit(t, srv.Store, c.audit) - audits,
		Events: countEvents(t, srv.Store, c.event) - events}
}

func countAudit(t *testing.T, st *store.Store, action string) int {
	t.Helper()
	entries, err := st.AuditLog(context.Background(), 100000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Action == action {
			n++
		}
	}
	return n
}

func countEvents(t *testing.T, st *store.Store, typ kindred.EventType) int {
	t.Helper()
	evs, err := st.EventsAfter(context.Background(), 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evs {
		if e.Type == typ {
			n++
		}
	}
	return n
}

func countGatherings(t *testing.T, st *store.Store) int {
	t.Helper()
	gs, err := st.ListGatherings(context.Background(), store.GatheringFilter{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	return len(gs)
}

// countMatrixDinners counts the gatherings the parity bodies name.
func countMatrixDinners(t *testing.T, st *store.Store) int {
	t.Helper()
	gs, err := st.ListGatherings(context.Background(), store.GatheringFilter{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, g := range gs {
		if g.Title == "Matrix dinner" {
			n++
		}
	}
	return n
}

// countGoing counts the seats taken at every gathering.
func countGoing(t *testing.T, st *store.Store) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM rsvps WHERE status = 'going'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// resetDinner puts the fixture's gathering back as newAuthzFixture made it.
func resetDinner(t *testing.T, st *store.Store, f *authzFixture) {
	t.Helper()
	ctx := context.Background()
	g, err := st.Gathering(ctx, fixtureID(t, f, "gatherings/{id}"))
	if err != nil {
		t.Fatal(err)
	}
	g.Title, g.CityID, g.Capacity, g.Status, g.Visibility = "Authz dinner", fixtureID(t, f, "chicago"), 10, kindred.GatheringOpen, kindred.VisibilityNetwork
	g.StartsAt = time.Date(2030, 6, 10, 23, 0, 0, 0, time.UTC)
	g.EndsAt = g.StartsAt.Add(2 * time.Hour)
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		_, _, err := tx.UpdateGathering(ctx, *g, false)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// guestAnswers makes the fixture's guest (the member role's profile) answer
// status to the fixture's gathering, as an organizer would record it.
func guestAnswers(status kindred.RSVPStatus) func(t *testing.T, st *store.Store, f *authzFixture) {
	return func(t *testing.T, st *store.Store, f *authzFixture) {
		t.Helper()
		ctx := context.Background()
		req := kindred.RSVPRequest{GatheringID: fixtureID(t, f, "gatherings/{id}"), MemberID: fixtureID(t, f, "guest"), Status: status, ByOrganizer: true}
		err := st.WithTx(ctx, func(tx *store.Tx) error {
			_, err := tx.RSVP(ctx, req)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// fixtureID is a fixture's path parameter or body variable as an id.
func fixtureID(t *testing.T, f *authzFixture, name string) int64 {
	t.Helper()
	v, ok := f.params[name]
	if !ok {
		v = f.vars[name]
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		t.Fatalf("fixture %q: %v", name, err)
	}
	return id
}

// countAttended counts the guests who came, at every gathering.
func countAttended(t *testing.T, st *store.Store) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM rsvps WHERE status = 'attended'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// dinnerTookPlace puts the fixture's dinner back as it was, except that it
// took place last night, with its guest going.
func dinnerTookPlace(t *testing.T, st *store.Store, f *authzFixture) {
	t.Helper()
	resetDinner(t, st, f)
	ctx := context.Background()
	g, err := st.Gathering(ctx, fixtureID(t, f, "gatherings/{id}"))
	if err != nil {
		t.Fatal(err)
	}
	g.StartsAt, g.EndsAt = st.Now().Add(-26*time.Hour), st.Now().Add(-24*time.Hour)
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		if _, _, err := tx.UpdateGathering(ctx, *g, false); err != nil {
			return err
		}
		_, err := tx.SetAttendance(ctx, g.ID, nil)
		if err == nil {
			_, err = tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: fixtureID(t, f, "guest"), Status: kindred.RSVPGoing, ByOrganizer: true})
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// countPracticeParts counts the practices with their contacts and sources,
// so a surface that records fewer of them shows.
func countPracticeParts(t *testing.T, st *store.Store) int {
	t.Helper()
	hits, err := st.ListPractices(context.Background(), store.PracticeFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, h := range hits {
		p, err := st.Practice(context.Background(), h.Practice.ID)
		if err != nil {
			t.Fatal(err)
		}
		n += 1 + len(p.Contacts) + len(p.Sources)
	}
	return n
}

func countAdoptions(t *testing.T, st *store.Store) int {
	t.Helper()
	hits, err := st.ListPractices(context.Background(), store.PracticeFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, h := range hits {
		n += h.Adoptions
	}
	return n
}

// countOf counts what pick takes from the network's counts.
func countOf(pick func(store.NetworkCounts) int) func(*testing.T, *store.Store) int {
	return func(t *testing.T, st *store.Store) int {
		t.Helper()
		n, err := st.Counts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return pick(n)
	}
}

var (
	countMembers       = countOf(func(n store.NetworkCounts) int { return n.Members })
	countOrganizations = countOf(func(n store.NetworkCounts) int { return n.Organizations })
	countCities        = countOf(func(n store.NetworkCounts) int { return n.Cities })
)

// countStoriesAndMail counts the stories of every campaign and the mail in
// the outbox, so a surface that stores a story without mailing its edit
// link differs.
func countStoriesAndMail(t *testing.T, st *store.Store) int {
	t.Helper()
	ctx := context.Background()
	list, err := st.Campaigns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range list {
		n += c.Stories
	}
	mail, err := st.ListMail(ctx, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	return n + len(mail)
}

// countInvitations counts invitations: members' RSVPs still at "invited",
// and invitations by address.
func countInvitations(t *testing.T, st *store.Store) int {
	t.Helper()
	var n int
	err := st.DB().QueryRowContext(context.Background(),
		`SELECT (SELECT COUNT(*) FROM rsvps WHERE status = 'invited') + (SELECT COUNT(*) FROM email_invitations)`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// uninviteMaria puts the dinner back open, with neither Maria nor the
// stranger of the invitation cases invited to it.
func uninviteMaria(t *testing.T, st *store.Store, f *authzFixture) {
	t.Helper()
	resetDinner(t, st, f)
	g, maria := strconv.FormatInt(fixtureID(t, f, "gatherings/{id}"), 10), strconv.FormatInt(fixtureID(t, f, "maria"), 10)
	for _, q := range []string{`DELETE FROM rsvps WHERE gathering_id = ` + g + ` AND member_id = ` + maria,
		`DELETE FROM email_invitations WHERE gathering_id = ` + g} {
		if _, err := st.DB().ExecContext(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
}

// countGuestMessages counts the organizers' messages to guests scheduled,
// one job a guest (counted as jobs: the mail itself is written when the
// job runs).
func countGuestMessages(t *testing.T, st *store.Store) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM river_job WHERE kind = 'gathering_message'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
