package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/store"
)

// storyBody is the JSON a client posts to tell a story.
type storyBody struct {
	Text       string            `json:"text"`
	Lang       string            `json:"lang"`
	Consent    string            `json:"consent"`
	Anonymous  bool              `json:"anonymous"`
	Name       string            `json:"name"`
	Email      string            `json:"email"`
	Signifiers map[string]any    `json:"signifiers"`
	Context    map[string]string `json:"context"`
	// NotifyReport asks for one email when the report is published.
	NotifyReport bool `json:"notify_report"`
}

// storyJSON is a story as the API shows it.
type storyJSON struct {
	ID         int64             `json:"id"`
	Text       string            `json:"text"`
	Lang       string            `json:"lang"`
	Consent    string            `json:"consent"`
	Anonymous  bool              `json:"anonymous"`
	Name       string            `json:"name,omitempty"`
	Email      string            `json:"email,omitempty"`
	Signifiers map[string]any    `json:"signifiers"`
	Context    map[string]string `json:"context"`
	State      string            `json:"state"`
	PII        bool              `json:"pii"`
	Source     string            `json:"source"`
	CreatedAt  string            `json:"created_at"` // the day it was told: stories keep no time
}

// StoryJSON returns the story as the API shows it.
func StoryJSON(st kindred.Story) any {
	sigs := make(map[string]any, len(st.Signifiers))
	for k, v := range st.Signifiers {
		sigs[k] = v.Plain()
	}
	return storyJSON{ID: st.ID, Text: st.Text, Lang: st.Lang, Consent: string(st.Consent), Anonymous: st.Anonymous,
		Name: st.Name, Email: st.Email, Signifiers: sigs, Context: st.Context, State: string(st.State), PII: st.PII,
		Source: st.Source, CreatedAt: st.CreatedAt.Format(time.DateOnly)}
}

// maxStoryBody caps a story's JSON.
const maxStoryBody = 256 << 10

// tokenIfSent serves a public route as the token's account when a token is
// sent (a bad one is refused, as on every route) and as nobody otherwise:
// members-only and invited campaigns take stories from tokens only.
func (a *API) tokenIfSent(next http.Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			a.authenticated(next).ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	}
}

// submitStory takes a story for a campaign through listening.Tell, the
// flow the story form uses: the same limit per teller, the same mail with
// the edit link. The story is committed before the 201 answer.
func (a *API) submitStory(w http.ResponseWriter, r *http.Request) error {
	v := kindred.ViewerFrom(r.Context())
	c, err := a.Listening.OpenCampaign(r.Context(), v, r.PathValue("slug"))
	if err != nil {
		return err
	}
	n, codes, err := decodeStory(w, r, c)
	if err != nil {
		return err
	}
	told, err := a.Listening.Tell(r.Context(), v, listening.Telling{Slug: c.Slug, Story: n, Problems: codes, Client: httpx.ClientIP(r)})
	if err != nil {
		return err
	}
	body := map[string]any{"id": told.Story.ID, "state": told.Story.State, "mailed": told.Mailed}
	if told.Secret != "" {
		body["edit_token"] = told.Secret
		body["edit_url"] = "/s/" + told.Secret
	}
	writeJSON(w, http.StatusCreated, body)
	return nil
}

// decodeStory reads the JSON body: malformed JSON is a 400 (EINVALID with
// a "body" field); values that do not fit a signifier are returned as
// problem codes by field, which listening.Tell reports with the rest.
func decodeStory(w http.ResponseWriter, r *http.Request, c *kindred.Campaign) (kindred.NewStory, map[string]string, error) {
	var b storyBody
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxStoryBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return kindred.NewStory{}, nil, malformed(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return kindred.NewStory{}, nil, malformed(errors.New("more than one JSON value"))
	}
	n := kindred.NewStory{Text: b.Text, Lang: b.Lang, Consent: kindred.Consent(b.Consent), Anonymous: b.Anonymous,
		Name: b.Name, Email: b.Email, NotifyReport: b.NotifyReport, Context: b.Context, Source: "api",
		Signifiers: map[string]kindred.SignifierValue{}}
	codes := map[string]string{}
	for key, raw := range b.Signifiers {
		s := c.Signifier(key)
		if s == nil {
			codes["sig."+key] = kindred.ProblemUnknown
			continue
		}
		v, ok := s.ValueFrom(raw)
		if !ok {
			codes["sig."+key] = shapeProblem(s.Kind)
			continue
		}
		n.Signifiers[key] = v
	}
	return n, codes, nil
}

// shapeProblem is the problem with a value that does not fit the kind.
func shapeProblem(k kindred.SignifierKind) string {
	if k == kindred.KindChoice || k == kindred.KindMulti {
		return kindred.ProblemOption
	}
	return kindred.ProblemRange
}

func malformed(err error) error {
	return badRequest("The body is not valid JSON for a story: "+err.Error(), map[string]string{"body": "is not valid JSON"})
}

// listStories lists a campaign's stories as the token's account may see
// them (listening.Stories): everything for the campaign's organizers;
// approved stories with network or public consent, masked and without
// names, for everyone else.
func (a *API) listStories(w http.ResponseWriter, r *http.Request) error {
	q, err := storyQuery(r)
	if err != nil {
		return err
	}
	_, list, _, err := a.Listening.Stories(r.Context(), kindred.ViewerFrom(r.Context()), r.PathValue("slug"), q)
	if err != nil {
		return err
	}
	items := make([]any, 0, len(list))
	for _, st := range list {
		items = append(items, StoryJSON(st))
	}
	var next any
	if len(list) == q.Limit {
		next = strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "next": next})
	return nil
}

func storyQuery(r *http.Request) (store.StoryQuery, error) {
	var p kindred.Problems
	q := store.StoryQuery{Limit: 100}
	v := r.URL.Query()
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			p.Add("limit", "must be a number from 1 to 1000")
		}
		q.Limit = n
	}
	if s := v.Get("after"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			p.Add("after", "must be a story id")
		}
		q.AfterID = n
	}
	if s := v.Get("state"); s != "" {
		q.State = kindred.ParseStoryState(s)
		if q.State == "" {
			p.Add("state", "must be pending, approved or hidden")
		}
	}
	return q, p.Err()
}

// campaignJSON is a campaign as the API shows it.
type campaignJSON struct {
	Slug       string                    `json:"slug"`
	Title      string                    `json:"title"`
	Prompt     string                    `json:"prompt"`
	Audience   string                    `json:"audience"`
	Languages  []string                  `json:"languages"`
	StartsOn   string                    `json:"starts_on"`
	EndsOn     string                    `json:"ends_on"`
	Signifiers []kindred.Signifier       `json:"signifiers"`
	Context    []kindred.ContextQuestion `json:"context"`
}

// campaign describes a campaign, so a client can build its own form.
func (a *API) campaign(w http.ResponseWriter, r *http.Request) error {
	c, err := a.Listening.Campaign(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, campaignJSON{Slug: c.Slug, Title: c.Title, Prompt: c.Prompt, Audience: string(c.Audience),
		Languages: c.Languages, StartsOn: c.StartsOn, EndsOn: c.EndsOn, Signifiers: c.Signifiers, Context: c.Context})
	return nil
}

// moderationBody is the body of POST …/moderation: a state to set and the
// personal-information flag, each left as it is when omitted.
type moderationBody struct {
	State string `json:"state"`
	PII   *bool  `json:"pii"`
}

// moderateStory sets a story's moderation state and PII flag through
// listening.Moderate (the campaign's organizers).
func (a *API) moderateStory(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kindred.Errorf(kindred.ENOTFOUND, "There is no story %q.", r.PathValue("id"))
	}
	var b moderationBody
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return malformed(err)
	}
	st, err := a.Listening.Moderate(r.Context(), kindred.ViewerFrom(r.Context()), r.PathValue("slug"), id,
		kindred.Moderation{State: kindred.StoryState(b.State), PII: b.PII})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, StoryJSON(*st))
	return nil
}
