// Package api serves Kindred's JSON API under /api/v1. Clients authenticate
// with an API token (Authorization: Bearer kdt_…). The routes are listed once,
// in routes(), and openapi.json documents exactly those (a test checks).
package api

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/usecases"
)

//go:embed openapi.json
var openAPI []byte

// OpenAPI returns the OpenAPI document.
func OpenAPI() []byte { return openAPI }

// API holds the JSON handlers.
type API struct {
	// Set holds the use cases: every change the API makes goes through them.
	usecases.Set
	Store  *store.Store
	Queue  *jobs.Queue // schedules the emails RSVPs call for
	Logger *slog.Logger
	lists  store.CachedMap[response] // see cachedList
	// memberItems and orgItems keep list items' JSON (see renderCache).
	memberItems renderCache[memberKey, *kindred.Member]
	orgItems    renderCache[int64, orgJSON]
}

// Route is one API endpoint. Public routes need no token.
type Route struct {
	Method  string
	Path    string // relative to /api/v1, with {param} placeholders
	Public  bool
	Handler http.HandlerFunc
}

// Routes lists every endpoint, for registration and for the documentation test.
func (a *API) Routes() []Route {
	return append([]Route{
		{Method: "GET", Path: "/openapi.json", Public: true, Handler: a.openapi},
		{Method: "GET", Path: "/me", Handler: a.handle(a.me)},
		{Method: "GET", Path: "/cities", Handler: a.cachedList(cityListTables, a.listCities)},
		{Method: "POST", Path: "/cities", Handler: a.handle(a.createCity)},
		{Method: "GET", Path: "/cities/{id}", Handler: a.getCity},
		{Method: "GET", Path: "/organizations", Handler: a.cachedList(orgListTables, a.listOrganizations)},
		{Method: "POST", Path: "/organizations", Handler: a.handle(a.createOrganization)},
		{Method: "GET", Path: "/organizations/{id}", Handler: a.getOrganization},
		{Method: "GET", Path: "/members", Handler: a.cachedList(memberListTables, a.listMembers)},
		{Method: "POST", Path: "/members", Handler: a.handle(a.createMember)},
		{Method: "GET", Path: "/members/{id}", Handler: a.getMember},
		{Method: "GET", Path: "/affiliations", Handler: a.listAffiliations},
		{Method: "POST", Path: "/affiliations", Handler: a.handle(a.createAffiliation)},
		{Method: "GET", Path: "/practices", Handler: a.cachedList(practiceListTables, a.listPractices)},
		{Method: "POST", Path: "/practices", Handler: a.handle(a.createPractice)},
		{Method: "GET", Path: "/practices/{id}", Handler: a.getPractice},
		{Method: "POST", Path: "/practices/{id}/adoptions", Handler: a.handle(a.createAdoption)},
		{Method: "GET", Path: "/notes", Handler: a.searchNotes},
		{Method: "GET", Path: "/network", Handler: a.handle(a.exportNetwork)},
		{Method: "GET", Path: "/network/map", Handler: a.handle(a.networkMap)},
		{Method: "GET", Path: "/campaigns/{slug}", Public: true, Handler: a.handle(a.campaign)},
		{Method: "POST", Path: "/campaigns/{slug}/stories", Public: true, Handler: a.tokenIfSent(a.handle(a.submitStory))},
		{Method: "GET", Path: "/campaigns/{slug}/stories", Handler: a.handle(a.listStories)},
		{Method: "POST", Path: "/campaigns/{slug}/stories/{id}/moderation", Handler: a.handle(a.moderateStory)},
		{Method: "GET", Path: "/campaigns/{slug}/themes", Handler: a.handle(a.themes)},
		{Method: "GET", Path: "/gatherings", Handler: a.cachedList(gatheringListTables, a.handle(a.listGatherings))},
		{Method: "POST", Path: "/gatherings", Handler: a.handle(a.createGathering)},
		{Method: "GET", Path: "/gatherings/{id}", Handler: a.handle(a.getGathering)},
		{Method: "PATCH", Path: "/gatherings/{id}", Handler: a.handle(a.updateGathering)},
		{Method: "POST", Path: "/gatherings/{id}/attendance", Handler: a.handle(a.recordAttendance)},
		{Method: "GET", Path: "/gatherings/{id}/feedback", Handler: a.handle(a.getFeedback)},
		{Method: "POST", Path: "/gatherings/{id}/feedback", Handler: a.handle(a.giveFeedback)},
		{Method: "GET", Path: "/gatherings/{id}/feedback/summary", Handler: a.handle(a.feedbackSummary)},
		{Method: "GET", Path: "/gatherings/{id}/rsvps", Handler: a.handle(a.listRSVPs)},
		{Method: "POST", Path: "/gatherings/{id}/rsvps", Handler: a.handle(a.createRSVP)},
		{Method: "GET", Path: "/gatherings/{id}/tables", Handler: a.handle(a.getTablePlan)},
		{Method: "POST", Path: "/gatherings/{id}/tables", Handler: a.handle(a.composeTables)},
		{Method: "GET", Path: "/series/{id}/season", Handler: a.handle(a.getSeason)},
		{Method: "POST", Path: "/series/{id}/season", Handler: a.handle(a.composeSeason)},
		{Method: "GET", Path: "/gatherings/{id}/candidates", Handler: a.handle(a.listCandidates)},
		{Method: "POST", Path: "/gatherings/{id}/invitations", Handler: a.handle(a.createInvitations)},
		{Method: "GET", Path: "/gatherings/{id}/invitations/progress", Handler: a.handle(a.getInviteRun)},
		{Method: "POST", Path: "/gatherings/{id}/messages", Handler: a.handle(a.createMessage)},
		{Method: "GET", Path: "/gatherings/{id}/guests.csv", Handler: a.handle(a.guestsCSV)},
		{Method: "GET", Path: "/public/gatherings/{id}", Public: true, Handler: a.handle(a.publicGathering)},
		{Method: "GET", Path: "/webhooks", Handler: a.handle(a.listWebhooks)},
		{Method: "POST", Path: "/webhooks", Handler: a.handle(a.createWebhook)},
		{Method: "GET", Path: "/webhooks/{id}", Handler: a.handle(a.getWebhook)},
		{Method: "POST", Path: "/webhooks/{id}", Handler: a.handle(a.updateWebhook)},
		{Method: "DELETE", Path: "/webhooks/{id}", Handler: a.handle(a.deleteWebhook)},
		{Method: "POST", Path: "/webhooks/{id}/rotate", Handler: a.handle(a.rotateWebhook)},
		{Method: "POST", Path: "/webhooks/{id}/ping", Handler: a.handle(a.pingWebhook)},
	}, append(a.conversationRoutes(), a.proposalRoutes()...)...)
}

// Register adds the API routes to mux under /api/v1.
func (a *API) Register(mux *http.ServeMux) {
	for _, r := range a.Routes() {
		h := a.authenticated(r.Handler)
		if r.Public {
			h = anonymous(r.Handler)
		}
		mux.Handle(r.Method+" /api/v1"+r.Path, h)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, kindred.Errorf(kindred.ENOTFOUND, "There is no API endpoint %s %s.", r.Method, r.URL.Path), a.Logger)
	})
}

// accountFrom returns the token's account (nil on public routes): the
// account of the viewer authenticated resolved for the request.
func accountFrom(ctx context.Context) *kindred.Account { return kindred.ViewerFrom(ctx).Account }

// anonymous serves a public route as nobody: the API knows people by their
// tokens only, never by a page's session cookie.
func anonymous(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(kindred.WithViewer(r.Context(), &kindred.Viewer{})))
	})
}

// authenticated requires a valid API token and puts its viewer in the
// context (accounts.Service.Authenticate).
func (a *API) authenticated(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || secret == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="kindred"`)
			writeError(w, r, kindred.Errorf(kindred.EUNAUTHORIZED, "This endpoint needs an API token: send Authorization: Bearer <token>. Create one on your account page."), a.Logger)
			return
		}
		v, err := a.Accounts.Authenticate(r.Context(), strings.TrimSpace(secret))
		if err != nil {
			if kindred.ErrorCode(err) == kindred.EUNAUTHORIZED {
				w.Header().Set("WWW-Authenticate", `Bearer realm="kindred", error="invalid_token"`)
			}
			writeError(w, r, err, a.Logger)
			return
		}
		next.ServeHTTP(w, r.WithContext(kindred.WithViewer(r.Context(), v)))
	})
}

// errorBody is the shape of every API error.
type errorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields,omitempty"`
	} `json:"error"`
}

// writeError answers with the error's status and a JSON body; internal causes
// are logged, not shown.
func writeError(w http.ResponseWriter, r *http.Request, err error, log *slog.Logger) {
	status := httpx.Status(err)
	var bad badRequestError
	if errors.As(err, &bad) {
		status = http.StatusBadRequest
	}
	if status >= 500 {
		log.Error("api error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	var body errorBody
	body.Error.Code = kindred.ErrorCode(err)
	body.Error.Message = kindred.ErrorMessage(err)
	body.Error.Fields = kindred.ErrorFields(err)
	writeJSON(w, status, body)
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// Unreadable answers 400 for requests refused by httpx.ValidText.
func (a *API) Unreadable(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, badRequest("The request's address or form holds bytes that are not valid UTF-8 text.", nil), a.Logger)
}

func (a *API) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(openAPI)
}
