package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/api"
	"github.com/kindredhq/kindred/internal/conversations"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
	"github.com/kindredhq/kindred/internal/web"
)

// The roles of the authorization matrix, in the order of each row's statuses.
// On page routes a role is a signed-in session; on /api/v1 routes it is that
// person's API token. "token" is an administrator's API token alone, without
// a session: pages must treat it as anonymous.
var authzRoles = []string{"anon", "member", "other", "organizer", "admin", "token"}

// authzMatrix is the expected status of every route for each role:
// anon, member, other (organizer of Boston), organizer (of Chicago, where the
// fixtures live), admin, token. POSTs carry the row's body, or else an empty
// form (or {} on the API), so 400/422 there means "let through, then the input
// was refused". A body is given where the decision depends on what is sent
// (the city a gathering is created in); $name in it is a fixture value
// (see authzFixture.vars). A new route needs one row here;
// TestAuthorizationMatrix names any route without one.
var authzMatrix = []struct{ pattern, want, body string }{
	// Public pages and sign-in.
	{"GET /static/{hash}/{file...}", "200 200 200 200 200 200", ""},
	{"GET /{$}", "200 200 200 200 200 200", ""},
	{"GET /signin", "200 200 200 200 200 200", ""},
	{"POST /signin/link", "422 422 422 422 422 422", ""},
	{"GET /signin/link", "200 200 200 200 200 200", ""},
	{"POST /signin/link/use", "404 404 404 404 404 404", ""},
	{"POST /signin/password", "422 422 422 422 422 422", ""},
	{"POST /signout", "303 303 303 303 303 303", ""},
	// Single sign-on (on, with the test provider): off to the provider;
	// an answer without the state the session keeps is refused (403), and
	// one to a browser without a started sign-in (the bare token) is 410.
	{"GET /signin/oidc", "303 303 303 303 303 303", ""},
	{"GET /signin/oidc/callback", "403 403 403 403 403 410", ""},
	{"GET /setup", "410 410 410 410 410 410", ""},
	{"POST /setup", "422 422 422 422 422 422", ""},

	// One's own account.
	{"GET /me", "303 200 200 200 200 303", ""},
	{"POST /me", "401 303 303 303 303 401", ""},
	{"POST /me/password", "401 422 422 422 422 401", ""},
	{"POST /me/signout-everywhere", "401 303 303 303 303 401", ""},
	{"POST /me/digest", "401 303 303 303 303 401", ""},
	{"GET /me/export.json", "303 200 200 200 200 303", ""},
	{"POST /me/delete", "401 422 422 422 422 401", ""},
	{"POST /me/tokens", "401 422 422 422 422 401", ""},
	{"POST /me/tokens/{id}/revoke", "401 404 404 404 303 401", ""},
	{"GET /me/profile", "303 303 200 200 200 303", ""},
	{"POST /me/profile", "401 303 303 303 303 401", ""},
	{"GET /me/ties", "303 200 200 200 200 303", ""},
	{"POST /me/ties/{id}", "401 404 404 404 404 401", ""},
	{"POST /me/ties/{id}/confirm", "401 404 404 404 404 401", ""}, // only the member a tie awaits answers it
	{"POST /me/ties/{id}/decline", "401 404 404 404 404 401", ""},

	// Administration.
	{"GET /admin/accounts", "303 403 403 403 200 303", ""},
	{"POST /admin/accounts", "401 403 403 403 422 401", ""},
	{"POST /admin/accounts/{id}/role", "401 403 403 403 422 401", ""},
	{"GET /admin/outbox", "303 403 403 403 200 303", ""},
	{"GET /admin/outbox/{id}", "303 403 403 403 200 303", ""},
	{"GET /admin/audit", "303 403 403 403 200 303", ""},
	{"GET /admin/webhooks", "303 403 403 403 200 303", ""},
	{"POST /admin/webhooks", "401 403 403 403 422 401", ""},
	{"GET /admin/webhooks/{id}", "303 403 403 403 200 303", ""},
	{"POST /admin/webhooks/{id}", "401 403 403 403 422 401", ""},
	{"POST /admin/webhooks/{id}/rotate", "401 403 403 403 303 401", ""},
	{"POST /admin/webhooks/{id}/ping", "401 403 403 403 303 401", ""},
	{"POST /admin/webhooks/{id}/delete", "401 403 403 403 303 401", ""}, // a webhook of its own (paths)
	// Requests come as through a reverse proxy (see send), so only signed-in
	// administrators read the metrics when KINDRED_METRICS_TOKEN is unset;
	// a scraper on the same machine and the token are TestMetricsNeedTheirToken's.
	{"GET /metrics", "403 403 403 403 200 403", ""},

	// Listening: the public form and its edit link, then organizing. The
	// campaign fixture belongs to Chicago: its organizers (and those of the
	// whole network) run it; Boston's organizer reads it as members do.
	{"GET /c/{slug}", "200 200 200 200 200 200", ""},
	{"POST /c/{slug}", "422 422 422 422 422 422", ""},
	{"GET /c/{slug}/thanks", "200 200 200 200 200 200", ""},
	{"GET /s/{token}", "200 200 200 200 200 200", ""},
	{"POST /s/{token}", "422 422 422 422 422 422", ""},
	{"POST /s/{token}/withdraw", "200 404 404 404 404 404", ""}, // the first withdrawal closes the link
	// Where a story went: by the edit link, or by the signed link of the
	// "report published" mail; the fixture's report is not published, so its
	// public page is nobody's to read.
	{"GET /s/{token}/journey", "200 200 200 200 200 200", ""},
	{"GET /journey/{token}", "200 200 200 200 200 200", ""},
	{"GET /c/{slug}/report", "404 404 404 404 404 404", ""},
	{"GET /listening", "303 200 200 200 200 303", ""},
	{"GET /listening/new", "303 403 200 200 200 303", ""},
	{"POST /listening", "401 403 422 422 422 401", ""},
	{"GET /listening/{slug}", "303 303 303 200 200 303", ""},
	{"GET /listening/{slug}/edit", "303 403 403 200 200 303", ""},
	{"POST /listening/{slug}/edit", "401 403 403 422 422 401", ""},
	{"GET /listening/{slug}/stories", "303 200 200 200 200 303", ""},
	{"POST /listening/{slug}/stories/{id}", "401 403 403 422 422 401", ""},
	{"GET /listening/{slug}/export", "303 403 403 200 200 303", ""},
	{"GET /listening/{slug}/import", "303 403 403 200 200 303", ""},
	{"POST /listening/{slug}/import", "401 403 403 422 422 401", ""},
	// A live session (a workshop behind one address): its organizers open and end it.
	{"POST /listening/{slug}/live", "401 403 403 303 303 401", ""},
	{"POST /listening/{slug}/live/close", "401 403 403 303 303 401", ""},
	{"GET /listening/{slug}/themes", "303 200 200 200 200 303", ""},
	{"POST /listening/{slug}/themes/run", "401 403 403 303 303 401", ""},
	{"POST /listening/{slug}/themes/edit", "401 403 403 404 404 401", ""},
	{"POST /listening/{slug}/selection", "401 403 403 422 422 401", ""},
	{"POST /listening/{slug}/selection/{story}/remove", "401 403 403 404 404 401", ""},
	{"GET /listening/{slug}/report", "303 200 200 200 200 303", ""},
	{"POST /listening/{slug}/report/publish", "401 403 403 303 303 401", ""}, // no body: take down what is not published
	{"POST /listening/{slug}/selection/{story}/practice", "401 403 403 422 422 401", ""},

	// The directory. The member fixture (María) lives in Chicago.
	{"GET /network", "303 200 200 200 200 303", ""},
	{"GET /network/members/new", "303 403 200 200 200 303", ""},
	{"POST /network/members", "401 403 403 303 303 401", "name=New+Person&city_id=$chicago"},
	{"GET /network/members/{id}", "303 200 200 200 200 303", ""},
	{"GET /network/members/{id}/edit", "303 403 403 200 200 303", ""},
	{"POST /network/members/{id}", "401 403 403 422 422 401", ""},
	{"GET /network/members/{id}/photo", "303 404 404 404 404 303", ""},
	{"POST /network/members/{id}/photo", "401 403 403 422 422 401", ""},
	{"POST /network/members/{id}/merge", "401 403 403 403 422 401", ""},
	{"POST /network/members/{id}/know", "401 303 303 303 303 401", ""},
	{"GET /network/organizations", "303 200 200 200 200 303", ""},
	{"GET /network/organizations/new", "303 403 200 200 200 303", ""},
	{"POST /network/organizations", "401 403 422 422 422 401", ""},
	{"GET /network/organizations/{slug}", "303 200 200 200 200 303", ""},
	{"GET /network/organizations/{slug}/edit", "303 403 403 200 200 303", ""},
	{"POST /network/organizations/{slug}", "401 403 403 422 422 401", ""},
	{"GET /network/networks", "303 200 200 200 200 303", ""},
	{"POST /network/networks", "401 403 403 403 422 401", ""},
	{"GET /network/cities", "303 200 200 200 200 303", ""},
	{"POST /network/cities", "401 403 403 403 422 401", ""},
	{"GET /network/cities/{slug}", "303 200 200 200 200 303", ""},
	{"POST /network/cities/{slug}", "401 403 403 403 422 401", ""},
	{"GET /network/import", "303 403 200 200 200 303", ""},
	{"POST /network/import", "401 403 422 422 422 401", ""},
	{"GET /network/export/{file}", "303 200 200 200 200 303", ""},

	// Emergence.
	{"GET /emergence", "303 200 200 200 200 303", ""},
	{"POST /emergence/snapshots", "401 403 303 303 303 401", ""},
	{"GET /emergence/map.json", "303 200 200 200 200 303", ""},
	{"GET /emergence/network", "303 422 422 422 422 303", ""},
	{"POST /emergence/introductions", "401 403 303 303 303 401", ""},
	{"GET /introductions/accept", "200 200 200 200 200 200", ""},
	{"POST /introductions/accept", "404 404 404 404 404 404", ""},

	// The practice library.
	{"GET /practices", "303 200 200 200 200 303", ""},
	{"GET /practices/new", "303 200 200 200 200 303", ""},
	{"POST /practices", "401 422 422 422 422 401", ""},
	{"GET /practices/{slug}", "303 200 200 200 200 303", ""},
	{"GET /practices/{slug}/edit", "303 403 200 200 200 303", ""},
	{"POST /practices/{slug}", "401 403 422 422 422 401", ""},
	// Adoptions are recorded for one's own organizations: the union is in
	// Chicago, and the member fixture works elsewhere.
	{"POST /practices/{slug}/adoptions", "401 403 403 303 303 401", adoptionForm},

	// Gatherings. The gathering fixture is an open network dinner in Chicago.
	{"GET /gatherings", "303 200 200 200 200 303", ""},
	{"GET /gatherings/new", "303 403 200 200 200 303", ""},
	{"POST /gatherings", "401 403 403 303 303 401", gatheringForm},
	{"GET /gatherings/{id}", "303 200 200 200 200 303", ""},
	{"GET /gatherings/{id}/edit", "303 403 403 200 200 303", ""},
	{"POST /gatherings/{id}", "401 403 403 422 422 401", ""},
	{"POST /gatherings/{id}/rsvp", "401 303 303 303 303 401", "status=going"},
	{"GET /gatherings/{id}/invite", "303 403 403 200 200 303", ""},
	{"POST /gatherings/{id}/invite", "401 403 403 422 422 401", ""},
	{"GET /gatherings/{id}/invite/progress", "303 403 403 404 404 303", ""}, // no "invite all" yet
	{"GET /gatherings/hosts", "303 403 200 200 200 303", ""},
	{"GET /gatherings/{id}/message", "303 403 403 200 200 303", ""},
	{"POST /gatherings/{id}/message", "401 403 403 422 422 401", ""},
	{"GET /gatherings/{id}/guests.csv", "303 403 403 200 200 303", ""},
	{"GET /invitation/{token}", "400 400 400 400 400 400", ""},
	{"POST /invitation/{token}", "400 400 400 400 400 400", ""},
	{"GET /gatherings/{id}/guests", "303 403 403 200 200 303", ""},
	{"POST /gatherings/{id}/guests/{member}", "401 403 403 422 422 401", ""},
	{"GET /gatherings/{id}/tables", "303 403 403 200 200 303", ""},
	{"POST /gatherings/{id}/tables", "401 403 403 422 422 401", ""},
	{"POST /gatherings/{id}/tables/move", "401 403 403 422 422 401", ""},
	{"POST /gatherings/{id}/tables/pin", "401 403 403 422 422 401", ""},
	{"POST /gatherings/{id}/tables/lock", "401 403 403 404 404 401", ""},
	{"POST /gatherings/{id}/tables/ties", "401 403 403 409 409 401", ""},
	{"GET /gatherings/{id}/tables/cards", "303 403 403 303 303 303", ""},
	{"POST /gatherings/{id}/tables/rules", "401 403 403 422 422 401", ""},
	{"POST /gatherings/{id}/tables/rules/{rule}/delete", "401 403 403 404 404 401", ""},
	// A series' season: its organizers (of every city it meets in) only. The
	// fixture's series has one dinner with one guest: nothing to seat.
	{"GET /series/{id}/season", "303 403 403 200 200 303", ""},
	{"POST /series/{id}/season", "401 403 403 422 422 401", ""},
	{"GET /gatherings/{id}/checkin", "303 403 403 200 200 303", ""},
	// Member-proposed dinners: the fixture's member (in Chicago) proposed
	// one there; the other roles live in no city, so cannot propose (403).
	// Bodies are empty: refused forms are 422, nothing changes.
	{"GET /proposals", "303 200 200 200 200 303", ""},
	{"GET /proposals/new", "303 200 403 403 403 303", ""},
	{"POST /proposals", "401 422 403 403 403 401", ""},
	{"GET /proposals/{id}", "303 200 404 200 200 303", ""},
	{"POST /proposals/{id}", "401 422 404 403 403 401", ""},
	{"POST /proposals/{id}/review", "401 403 404 422 422 401", ""},
	{"POST /proposals/{id}/trust", "401 403 404 303 303 401", ""},
	{"GET /api/v1/proposals", "401 200 200 200 200 200", ""},
	{"POST /api/v1/proposals", "401 422 403 403 403 403", ""},
	{"GET /api/v1/proposals/{id}", "401 200 404 200 200 200", ""},
	{"PATCH /api/v1/proposals/{id}", "401 200 404 403 403 403", ""},
	{"POST /api/v1/proposals/{id}/review", "401 403 404 422 422 422", ""},
	{"POST /api/v1/proposals/{id}/trust", "401 403 404 200 200 200", ""},
	{"POST /gatherings/{id}/checkin/{member}", "401 403 403 303 303 401", ""},
	{"GET /gatherings/{id}/qr/{member}", "303 403 403 200 200 303", ""},
	{"GET /gatherings/{id}/attendance", "303 403 403 200 200 303", ""},
	{"POST /gatherings/{id}/attendance", "401 403 403 422 422 401", ""}, // the fixture's dinner has not started
	{"GET /gatherings/{id}/calendar.ics", "200 200 200 200 200 200", ""},
	// The harvest opens when a gathering starts, and the fixture's has not;
	// its hosts and the city's organizers set it up (name note-takers)
	// before: who may read and write which notes is
	// TestOffRecordNeverLeavesTheTable's.
	{"GET /gatherings/{id}/harvest", "303 404 404 404 404 303", ""},
	{"GET /gatherings/{id}/harvest/setup", "303 403 403 200 200 303", ""},
	{"POST /gatherings/{id}/harvest/setup", "401 403 403 303 303 401", ""},
	{"GET /gatherings/{id}/harvest/{table}", "303 404 404 404 404 303", ""},
	{"POST /gatherings/{id}/harvest/{table}/notes", "401 404 404 404 404 401", ""},
	{"POST /gatherings/{id}/harvest/{table}/notes/{note}", "401 404 404 404 404 401", ""},
	{"GET /gatherings/{id}/harvest/{table}/people", "303 404 404 404 404 303", ""},
	{"POST /gatherings/{id}/harvest/{table}/people", "401 404 404 404 404 401", ""},
	// Follow-ups: everyone signed in answered "going" above, so each gets a
	// personal link (whose page then refuses: the dinner is not held); the
	// fixture's link is forged. Who sees whom is TestHarvestOnPhoneInBrowser's.
	{"GET /gatherings/{id}/followup", "303 303 303 303 303 303", ""},
	{"GET /followup/{token}", "400 400 400 400 400 400", ""},
	{"POST /followup/{token}", "400 400 400 400 400 400", ""},
	{"POST /followup/{token}/answer", "400 400 400 400 400 400", ""},
	// After the dinner, one question: only guests who came to a held
	// gathering answer, and the fixture's has not been held; its hosts and
	// organizers read the answers, without names. Who may answer once it is
	// held is TestOnlyGuestsWhoCameAnswer's. The personal link of a guest
	// without an account is forged here (400, whoever holds it); a genuine
	// one is TestFeedbackThroughAPersonalLink's and
	// TestAfterDinnerQuestionThroughAPersonalLink's.
	{"GET /gatherings/{id}/feedback", "303 404 404 404 404 303", ""},
	{"POST /gatherings/{id}/feedback", "401 404 404 404 404 401", ""},
	{"GET /gatherings/{id}/feedback/summary", "303 403 403 200 200 303", ""},
	{"GET /feedback/{token}", "400 400 400 400 400 400", ""},
	{"POST /feedback/{token}", "400 400 400 400 400 400", ""},
	{"GET /rsvp/{token}", "200 200 200 200 200 200", ""},
	{"POST /rsvp/{token}", "303 303 303 303 303 303", "status=going"},
	{"GET /rsvp/{token}/qr", "200 200 200 200 200 200", ""},
	{"GET /calendar/{kind}/{key}", "200 200 200 200 200 200", ""},

	// The JSON API: the roles present their own API tokens.
	{"GET /api/v1/openapi.json", "200 200 200 200 200 200", ""},
	{"GET /api/v1/gatherings/{id}/candidates", "401 403 403 200 200 200", ""},
	{"POST /api/v1/gatherings/{id}/invitations", "401 403 403 422 422 422", ""},
	{"GET /api/v1/gatherings/{id}/invitations/progress", "401 403 403 404 404 404", ""},
	{"POST /api/v1/gatherings/{id}/messages", "401 403 403 422 422 422", ""},
	{"GET /api/v1/gatherings/{id}/guests.csv", "401 403 403 200 200 200", ""},
	{"GET /api/v1/public/gatherings/{id}", "404 404 404 404 404 404", ""},
	{"GET /api/v1/me", "401 200 200 200 200 200", ""},
	{"GET /api/v1/cities", "401 200 200 200 200 200", ""},
	{"GET /api/v1/network", "401 422 422 422 422 422", ""},
	{"GET /api/v1/network/map", "401 200 200 200 200 200", ""},
	{"POST /api/v1/cities", "401 403 403 403 422 422", ""},
	{"GET /api/v1/cities/{id}", "401 200 200 200 200 200", ""},
	{"GET /api/v1/organizations", "401 200 200 200 200 200", ""},
	{"POST /api/v1/organizations", "401 403 422 422 422 422", ""},
	{"GET /api/v1/organizations/{id}", "401 200 200 200 200 200", ""},
	{"GET /api/v1/members", "401 200 200 200 200 200", ""},
	{"POST /api/v1/members", "401 403 403 201 201 201", `{"name":"Api Person","city_id":$chicago}`},
	{"GET /api/v1/members/{id}", "401 200 200 200 200 200", ""},
	{"GET /api/v1/affiliations", "401 400 400 400 400 400", ""},
	{"POST /api/v1/affiliations", "401 422 422 422 422 422", ""},
	{"GET /api/v1/practices", "401 200 200 200 200 200", ""},
	{"POST /api/v1/practices", "401 422 422 422 422 422", ""},
	{"GET /api/v1/practices/{id}", "401 200 200 200 200 200", ""},
	{"POST /api/v1/practices/{id}/adoptions", "401 403 403 201 201 201", adoptionJSON},
	{"GET /api/v1/campaigns/{slug}", "200 200 200 200 200 200", ""},
	{"POST /api/v1/campaigns/{slug}/stories", "422 422 422 422 422 422", ""},
	{"GET /api/v1/campaigns/{slug}/stories", "401 200 200 200 200 200", ""},
	{"POST /api/v1/campaigns/{slug}/stories/{id}/moderation", "401 403 403 422 422 422", ""},
	{"GET /api/v1/campaigns/{slug}/themes", "401 200 200 200 200 200", ""},
	{"GET /api/v1/notes", "401 422 422 422 422 422", ""}, // q is required
	{"GET /api/v1/gatherings", "401 200 200 200 200 200", ""},
	{"POST /api/v1/gatherings", "401 403 403 201 201 201", gatheringJSON},
	{"GET /api/v1/gatherings/{id}", "401 200 200 200 200 200", ""},
	{"PATCH /api/v1/gatherings/{id}", "401 403 403 200 200 200", ""},
	{"POST /api/v1/gatherings/{id}/attendance", "401 403 403 422 422 422", ""},
	{"GET /api/v1/gatherings/{id}/feedback", "401 404 404 404 404 404", ""},
	{"POST /api/v1/gatherings/{id}/feedback", "401 404 404 404 404 404", ""},
	{"GET /api/v1/gatherings/{id}/feedback/summary", "401 403 403 200 200 200", ""},
	{"GET /api/v1/gatherings/{id}/tables", "401 403 403 404 404 404", ""},
	{"POST /api/v1/gatherings/{id}/tables", "401 403 403 422 422 422", ""},
	{"GET /api/v1/series/{id}/season", "401 403 403 200 200 200", ""},
	{"POST /api/v1/series/{id}/season", "401 403 403 422 422 422", ""},
	{"GET /api/v1/gatherings/{id}/rsvps", "401 403 403 200 200 200", ""},
	{"GET /api/v1/webhooks", "401 403 403 403 200 200", ""},
	{"POST /api/v1/webhooks", "401 403 403 403 422 422", ""},
	{"GET /api/v1/webhooks/{id}", "401 403 403 403 200 200", ""},
	{"POST /api/v1/webhooks/{id}", "401 403 403 403 422 422", ""},
	{"DELETE /api/v1/webhooks/{id}", "401 403 403 403 204 404", ""}, // a webhook of its own (paths), gone for the second token
	{"POST /api/v1/webhooks/{id}/rotate", "401 403 403 403 200 200", ""},
	{"POST /api/v1/webhooks/{id}/ping", "401 403 403 403 202 202", ""},
	{"POST /api/v1/gatherings/{id}/rsvps", "401 200 200 200 200 200", `{"status":"going"}`},

	// Conversations: the fixture's is on a network dinner; every role with a
	// profile has answered its RSVP by the time these rows run (the RSVP rows
	// above), so all write in it; Chicago's organizer and the administrator
	// moderate it. Refusing non-guests is TestConversationGuestsOnly's.
	{"GET /conversations/{kind}/{ref}", "303 200 200 200 200 303", ""},
	{"POST /conversations/{kind}/{ref}", "401 422 422 422 422 401", ""},
	{"POST /conversations/{kind}/{ref}/lock", "401 403 403 303 303 401", "locked=off"},
	{"POST /conversations/{kind}/{ref}/follow", "401 303 303 303 303 401", ""},
	{"POST /conversations/{kind}/{ref}/members", "401 422 422 422 422 401", ""}, // a dinner's conversation has no such choice
	{"GET /conversations/{kind}/{ref}/posts/{post}", "303 200 200 200 200 303", ""},
	{"POST /conversations/{kind}/{ref}/posts/{post}", "401 422 403 403 403 401", ""},
	{"POST /conversations/{kind}/{ref}/posts/{post}/delete", "401 303 404 404 404 401", ""}, // a post of its own (paths)
	{"POST /conversations/{kind}/{ref}/posts/{post}/hide", "401 403 403 303 303 401", "hidden=off"},
	{"GET /me/notifications", "303 200 200 200 200 303", ""},
	{"POST /me/notifications", "401 303 303 303 303 401", ""},
	{"GET /unsubscribe/{token}", "200 200 200 200 200 200", ""},
	{"POST /unsubscribe/{token}", "200 200 200 200 200 200", ""},
	{"GET /api/v1/conversations/{kind}/{ref}", "401 200 200 200 200 200", ""},
	{"POST /api/v1/conversations/{kind}/{ref}/posts", "401 422 422 422 422 422", ""},
	{"POST /api/v1/conversations/{kind}/{ref}/posts/{id}", "401 422 403 403 403 403", ""},
	{"DELETE /api/v1/conversations/{kind}/{ref}/posts/{id}", "401 204 404 404 404 404", ""}, // a post of its own (paths)
	{"POST /api/v1/conversations/{kind}/{ref}/posts/{id}/moderation", "401 403 403 200 200 200", `{"hidden":false}`},
	{"POST /api/v1/conversations/{kind}/{ref}/lock", "401 403 403 204 204 204", `{"locked":false}`},
}

// The bodies that create a gathering in Chicago.
const (
	gatheringForm = "title=Matrix+dinner&city_id=$chicago&date=2030-07-01&start_time=18:30&end_time=21:00&capacity=10&table_size=5&status=open&visibility=network"
	gatheringJSON = `{"title":"Matrix dinner","city_id":$chicago,"starts_at":"2030-07-01T23:00:00Z","ends_at":"2030-07-02T01:00:00Z","capacity":10,"status":"open","visibility":"network"}`
)

// The bodies that say the Chicago union tried a practice.
const (
	adoptionForm = "organization=$union&outcome=tried&adopted_on=2026-01-15"
	adoptionJSON = `{"organization_id":$union,"outcome":"tried","adopted_on":"2026-01-15"}`
)

// authzFixture is the small network the matrix runs against.
type authzFixture struct {
	params  map[string]string // "segment/{param}" → the value to put in the path
	query   map[string]string // pattern → query string the route needs
	vars    map[string]string // $name in a row's body → its value
	clients map[string]*http.Client
	tokens  map[string]string // role → API token
	paths   map[string]string // pattern → the path to send, for routes that need a thing of their own
	adminID int64
}

// TestAuthorizationMatrix sends every page and API route to the server as each
// role and compares the statuses with authzMatrix. It fails when a route has
// no row, so a new route cannot slip in unreviewed.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	want, bodies := map[string][]int{}, map[string]string{}
	for _, row := range authzMatrix {
		if _, dup := want[row.pattern]; dup {
			t.Errorf("authzMatrix has two rows for %q", row.pattern)
		}
		want[row.pattern], bodies[row.pattern] = parseStatuses(t, row.pattern, row.want), row.body
	}
	patterns := routePatterns(t)
	missing := false
	for _, p := range patterns {
		if _, ok := want[p]; !ok {
			missing = true
			t.Errorf("route %q has no row in authzMatrix (internal/web/authz_test.go): add one with its expected status per role %v", p, authzRoles)
		}
	}
	for p := range want {
		if !slices.Contains(patterns, p) {
			t.Errorf("authzMatrix has a row for %q, which is not a route", p)
		}
	}
	// These end the sessions or the story the other rows use, so they go last.
	last := func(p string) int { return boolInt(p == "POST /signout" || p == "POST /s/{token}/withdraw") }
	slices.SortStableFunc(patterns, func(a, b string) int { return last(a) - last(b) })
	sso := testutil.StartOIDCProvider(t, testutil.OIDCOptions{}).Settings("Acme Login", false)
	testutil.ForEachServer(t, testutil.ServerOptions{OIDC: sso}, func(t *testing.T, srv *testutil.Server) {
		f := newAuthzFixture(t, srv)
		var got strings.Builder
		for _, p := range patterns {
			statuses := make([]string, len(authzRoles))
			for i, role := range authzRoles {
				status := f.send(t, srv, p, role, bodies[p])
				statuses[i] = strconv.Itoa(status)
				if w, ok := want[p]; ok && status != w[i] {
					t.Errorf("%s as %s: status %d, want %d", p, role, status, w[i])
				}
			}
			fmt.Fprintf(&got, "\t{%q, %q, %q},\n", p, strings.Join(statuses, " "), bodies[p])
		}
		sessionsDoNotOpenTheAPI(t, srv, testutil.SignedInClient(t, srv, f.adminID))
		switch {
		case missing:
			t.Errorf("some routes have no row; statuses seen (review before copying any into authzMatrix):\n%s", got.String())
		case t.Failed():
			t.Logf("statuses seen (review before copying any into authzMatrix):\n%s", got.String())
		}
	})
}

// sessionsDoNotOpenTheAPI checks that an administrator's session cookie,
// without a token, opens no API route but the public ones, so a page on
// another site cannot use the API on a signed-in person's behalf.
func sessionsDoNotOpenTheAPI(t *testing.T, srv *testutil.Server, admin *http.Client) {
	t.Helper()
	if resp, _ := get(t, admin, srv.URL+"/me"); resp.StatusCode != http.StatusOK {
		t.Fatalf("the administrator's session: GET /me = %d", resp.StatusCode)
	}
	for _, r := range (&api.API{}).Routes() {
		if r.Public || r.Method != http.MethodGet {
			continue
		}
		path := strings.NewReplacer("{id}", "1", "{slug}", "bright-spots").Replace(r.Path)
		resp, err := admin.Get(srv.URL + "/api/v1" + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET /api/v1%s with a session and no token: status %d, want 401", path, resp.StatusCode)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func parseStatuses(t *testing.T, pattern, s string) []int {
	t.Helper()
	fields := strings.Fields(s)
	if len(fields) != len(authzRoles) {
		t.Fatalf("row %q: %d statuses, want one per role %v", pattern, len(fields), authzRoles)
	}
	out := make([]int, len(fields))
	for i, f := range fields {
		n, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("row %q: %v", pattern, err)
		}
		out[i] = n
	}
	return out
}

// patternRecorder is a web.Mux that only notes the patterns.
type patternRecorder []string

func (p *patternRecorder) Handle(pattern string, _ http.Handler) { *p = append(*p, pattern) }
func (p *patternRecorder) HandleFunc(pattern string, _ func(http.ResponseWriter, *http.Request)) {
	*p = append(*p, pattern)
}

// routePatterns lists every page and API route as the server registers them.
func routePatterns(t *testing.T) []string {
	t.Helper()
	pages, err := web.New(web.Deps{})
	if err != nil {
		t.Fatal(err)
	}
	var rec patternRecorder
	pages.Register(&rec)
	for _, r := range (&api.API{}).Routes() {
		rec = append(rec, r.Method+" /api/v1"+r.Path)
	}
	return rec
}

// send makes the request for pattern as role and returns the status.
func (f *authzFixture) send(t *testing.T, srv *testutil.Server, pattern, role, body string) int {
	t.Helper()
	method, path, _ := strings.Cut(pattern, " ")
	filled := f.fill(t, path)
	if p, ok := f.paths[pattern]; ok {
		filled = p
	}
	u := srv.URL + filled + f.query[pattern]
	isAPI := strings.HasPrefix(path, "/api/")
	body = os.Expand(body, func(name string) string {
		v, ok := f.vars[name]
		if !ok {
			t.Fatalf("row %q: no fixture value for $%s", pattern, name)
		}
		return v
	})
	var ctype string
	if method == http.MethodPost || method == http.MethodPatch {
		ctype = "application/x-www-form-urlencoded"
		if isAPI {
			ctype = "application/json"
			if body == "" {
				body = "{}"
			}
		}
	}
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	// As in production, every request comes through a reverse proxy, so
	// none counts as a local one (which /metrics would let in).
	req.Header.Set("X-Forwarded-For", "198.51.100.4")
	client := f.clients[role]
	if isAPI || role == "token" {
		client = testutil.Client()
		if tok := f.tokens[role]; tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// fill replaces each {param} of path with the fixture value named by the
// segment before it ("gatherings/{id}" → the gathering's id).
func (f *authzFixture) fill(t *testing.T, path string) string {
	t.Helper()
	path = strings.TrimSuffix(path, "{$}")
	segs := strings.Split(path, "/")
	for i, s := range slices.Clone(segs) {
		if !strings.HasPrefix(s, "{") {
			continue
		}
		key := strings.Split(path, "/")[i-1] + "/" + s
		v := f.params[key]
		if v == "" {
			t.Fatalf("no fixture value for %q in %s: add it to the params of newAuthzFixture", key, path)
		}
		segs[i] = v
	}
	return strings.Join(segs, "/")
}

// newAuthzFixture stores a small network in Chicago and Boston, with one of
// each thing a route can point at, and signs in one person per role.
func newAuthzFixture(t *testing.T, srv *testutil.Server) *authzFixture {
	t.Helper()
	ctx := context.Background()
	n := seedNetwork(t, srv.Store)
	campaign := createBrightSpots(t, srv.Store, func(c *kindred.Campaign) { c.CityID = n.chicago.ID })
	accounts := map[string]*kindred.Account{}
	for _, role := range []struct {
		name string
		role kindred.Role
	}{{"member", kindred.RoleMember}, {"other", kindred.RoleOrganizer}, {"organizer", kindred.RoleOrganizer}, {"admin", kindred.RoleAdmin}} {
		accounts[role.name] = testutil.CreateAccount(t, srv.Store, "authz."+role.name+"@example.org", role.role)
	}
	f := &authzFixture{clients: map[string]*http.Client{"anon": testutil.Client()}, tokens: map[string]string{},
		params: map[string]string{
			"static/{hash}": "any", "{hash}/{file...}": "app.css",
			"cities/{slug}": n.chicago.Slug, "cities/{id}": itoa(n.chicago.ID),
			"organizations/{slug}": n.union.Slug, "organizations/{id}": itoa(n.union.ID),
			"members/{id}": itoa(n.maria.ID), "export/{file}": "members.csv", "rules/{rule}": "999999",
			"c/{slug}": campaign.Slug, "listening/{slug}": campaign.Slug, "campaigns/{slug}": campaign.Slug,
			"calendar/{kind}": "city", "{kind}/{key}": n.chicago.Slug + ".ics",
			"harvest/{table}": "1", "followup/{token}": "not-a-link.abc", "feedback/{token}": "not-a-link.abc", "invitation/{token}": "not-a-link.abc", "notes/{note}": "1",
		}}
	var guest kindred.Member
	var tokenID, tieID, mailID int64
	var storyToken, introToken string
	var storyID int64
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		for _, c := range []struct {
			role string
			city int64
		}{{"other", n.boston.ID}, {"organizer", n.chicago.ID}} {
			if err := tx.SetRole(ctx, accounts[c.role].ID, kindred.RoleOrganizer, []int64{c.city}); err != nil {
				return err
			}
		}
		for _, role := range []string{"member", "other", "organizer", "admin"} {
			secret, _, err := tx.CreateAPIToken(ctx, accounts[role].ID, "authz")
			if err != nil {
				return err
			}
			f.tokens[role] = secret
		}
		f.tokens["token"] = f.tokens["admin"]
		_, spare, err := tx.CreateAPIToken(ctx, accounts["admin"].ID, "spare")
		if err != nil {
			return err
		}
		tokenID = spare.ID
		guest = kindred.Member{Name: "Authz Member", Email: accounts["member"].Email, AccountID: accounts["member"].ID, CityID: n.chicago.ID}
		if _, err := tx.CreateMember(ctx, &guest); err != nil {
			return err
		}
		start := time.Date(2030, 6, 10, 23, 0, 0, 0, time.UTC)
		if f.params["series/{id}"], err = authzSeries(ctx, tx, n.chicago.ID, start); err != nil {
			return err
		}
		g, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: n.chicago.ID, Title: "Authz dinner", Capacity: 10,
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Status: kindred.GatheringOpen, Visibility: kindred.VisibilityNetwork})
		if err != nil {
			return err
		}
		f.params["gatherings/{id}"] = itoa(g.ID)
		if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: guest.ID, Status: kindred.RSVPGoing}); err != nil {
			return err
		}
		p := &kindred.Practice{Title: "Relational one-to-ones", Summary: "Meet people one at a time."}
		if _, err := tx.CreatePractice(ctx, p, accounts["admin"].ID); err != nil {
			return err
		}
		f.params["practices/{slug}"], f.params["practices/{id}"] = p.Slug, itoa(p.ID)
		st, tok, err := tx.CreateStory(ctx, campaign, kindred.NewStory{Text: "A story for the matrix.", Lang: "en", Consent: kindred.ConsentPublic,
			Name: "Teller", Email: "teller@example.org", Source: "form"})
		if err != nil {
			return err
		}
		storyToken = tok
		storyID = st.ID
		f.params["stories/{id}"], f.params["selection/{story}"] = itoa(st.ID), itoa(st.ID)
		if tieID, err = tx.AddTie(ctx, kindred.Tie{A: n.maria.ID, B: n.kwame.ID, Kind: kindred.TieCollaborated, Source: kindred.SourceSelf, HappenedOn: tx.Now()}); err != nil {
			return err
		}
		if mailID, err = tx.InsertMail(ctx, kindred.Mail{To: "someone@example.org", Subject: "Hello", Text: "Hello"}); err != nil {
			return err
		}
		_, introToken, _, err = tx.CreateIntroduction(ctx, n.maria.ID, n.kwame.ID, accounts["admin"].ID, "Meet!")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	key, err := srv.Store.LinkKey(ctx, "rsvp")
	if err != nil {
		t.Fatal(err)
	}
	gid, _ := strconv.ParseInt(f.params["gatherings/{id}"], 10, 64)
	f.params["rsvp/{token}"] = kindred.RSVPToken{GatheringID: gid, MemberID: guest.ID, Expires: time.Date(2030, 6, 11, 1, 0, 0, 0, time.UTC)}.Sign(key)
	for _, k := range []string{"guests/{member}", "checkin/{member}", "qr/{member}"} {
		f.params[k] = itoa(guest.ID)
	}
	f.params["s/{token}"] = storyToken
	tellerKey, err := srv.Store.LinkKey(ctx, listening.TellerLinkKey)
	if err != nil {
		t.Fatal(err)
	}
	f.params["journey/{token}"] = kindred.TellerToken{StoryID: storyID}.Sign(tellerKey)
	f.params["tokens/{id}"], f.params["ties/{id}"], f.params["outbox/{id}"] = itoa(tokenID), itoa(tieID), itoa(mailID)
	f.params["accounts/{id}"] = itoa(accounts["member"].ID)
	hooks := make([]string, 3)
	for i := range hooks {
		hooks[i] = itoa(authzWebhook(t, srv.Store))
	}
	f.params["webhooks/{id}"] = hooks[0]
	f.paths = map[string]string{"POST /admin/webhooks/{id}/delete": "/admin/webhooks/" + hooks[1] + "/delete",
		"DELETE /api/v1/webhooks/{id}": "/api/v1/webhooks/" + hooks[2]}
	conversationFixture(t, srv, f, accounts["member"])
	f.adminID = accounts["admin"].ID
	f.vars = map[string]string{"stamp": testutil.FormStamp(t, srv.Store, campaign.ID, time.Hour), "chicago": itoa(n.chicago.ID), "guest": itoa(guest.ID), "union": itoa(n.union.ID), "boston": itoa(n.boston.ID), "maria": itoa(n.maria.ID)}
	proposalFixture(t, srv, f)
	link := testutil.SignInLink(t, srv, accounts["member"].ID)
	_, signinQuery, _ := strings.Cut(link, "?")
	f.query = map[string]string{"GET /signin/link": "?" + signinQuery, "GET /introductions/accept": "?token=" + introToken}
	for role, a := range accounts {
		f.clients[role] = testutil.SignedInClient(t, srv, a.ID)
	}
	return f
}

// authzSeries stores a series with one Chicago dinner nobody is going to
// (so composing its season has nothing to seat), and returns its id.
func authzSeries(ctx context.Context, tx *store.Tx, city int64, start time.Time) (string, error) {
	series, err := tx.CreateSeries(ctx, kindred.Series{Name: "Authz season"})
	if err != nil {
		return "", err
	}
	_, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: city, SeriesID: series.ID, Title: "Authz season dinner", Capacity: 10,
		StartsAt: start, EndsAt: start.Add(2 * time.Hour), Status: kindred.GatheringOpen, Visibility: kindred.VisibilityNetwork})
	return itoa(series.ID), err
}

// authzWebhook stores a webhook (to a closed port: its test deliveries fail
// harmlessly) and returns its id.
func authzWebhook(t *testing.T, st *store.Store) int64 {
	t.Helper()
	var id int64
	err := st.WithTx(context.Background(), func(tx *store.Tx) error {
		w, err := tx.CreateWebhook(context.Background(), kindred.Webhook{URL: "http://127.0.0.1:9/hook",
			EventTypes: []kindred.EventType{kindred.EventGatheringCreated}, Secret: kindred.NewWebhookSecret()})
		if err == nil {
			id = w.ID
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// conversationFixture writes three posts as the member in the fixture
// dinner's conversation: one the routes read and change, and one for each
// route that deletes.
func conversationFixture(t *testing.T, srv *testutil.Server, f *authzFixture, member *kindred.Account) {
	t.Helper()
	ctx := context.Background()
	v, err := srv.Store.Viewer(ctx, member)
	if err != nil {
		t.Fatal(err)
	}
	gid, _ := strconv.ParseInt(f.params["gatherings/{id}"], 10, 64)
	place := kindred.Place{Kind: kindred.PlaceGathering, RefID: gid}
	ids := make([]string, 3)
	for i := range ids {
		pv, err := srv.UseCases.Conversations.Post(ctx, v, conversations.NewPost{Place: place, Body: "Who brings bread?"})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = itoa(pv.ID)
	}
	f.params["conversations/{kind}"], f.params["{kind}/{ref}"] = "gathering", place.Ref()
	f.params["posts/{post}"], f.params["posts/{id}"] = ids[0], ids[0]
	f.paths["POST /conversations/{kind}/{ref}/posts/{post}/delete"] = place.Path() + "/posts/" + ids[1] + "/delete"
	f.paths["DELETE /api/v1/conversations/{kind}/{ref}/posts/{id}"] = "/api/v1" + place.Path() + "/posts/" + ids[2]
	key, err := srv.Store.LinkKey(ctx, "unsubscribe")
	if err != nil {
		t.Fatal(err)
	}
	f.params["unsubscribe/{token}"] = kindred.UnsubscribeToken{AccountID: member.ID, List: string(kindred.NotifyMentions)}.Sign(key)
}
