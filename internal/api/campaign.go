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
	CreatedAt  time.Time         `json:"created_at"`
}

// StoryJSON returns the story as the API and the JSON export show it.
func StoryJSON(st kindred.Story) any {
	sigs := make(map[string]any, len(st.Signifiers))
	for k, v := range st.Signifiers {
		sigs[k] = v.Plain()
	}
	return storyJSON{ID: st.ID, Text: st.Text, Lang: st.Lang, Consent: string(st.Consent), Anonymous: st.Anonymous,
		Name: st.Name, Email: st.Email, Signifiers: sigs, Context: st.Context, State: string(st.State), PII: st.PII,
		Source: st.Source, CreatedAt: st.CreatedAt}
}

// storyLimit is how many stories one address may post without a token.
const (
	storyLimitN      = 30
	storyLimitWindow = 10 * time.Minute
	maxStoryBody     = 256 << 10
)

// submitStory takes a story for a campaign. Open campaigns need no token;
// members-only and invited campaigns need one. Anonymous clients are rate
// limited per address. The story is committed before the 201 answer.
func (a *API) submitStory(limit *httpx.Limiter) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		acct, err := a.optionalAccount(r)
		if err != nil {
			writeError(w, r, err, a.Logger)
			return
		}
		if acct == nil {
			if ok, _ := limit.Allow(httpx.ClientIP(r)); !ok {
				writeError(w, r, kindred.Errorf(kindred.ERATELIMIT, "Too many stories from this address; please wait a few minutes."), a.Logger)
				return
			}
		}
		c, err := a.takingStories(r, acct)
		if err != nil {
			writeError(w, r, err, a.Logger)
			return
		}
		n, err := decodeStory(w, r, c)
		if err != nil {
			a.writeStoryError(w, r, err)
			return
		}
		var st *kindred.Story
		var secret string
		err = a.Store.WithTx(r.Context(), func(tx *store.Tx) error {
			st, secret, err = tx.CreateStory(r.Context(), c, n)
			return err
		})
		if err != nil {
			writeError(w, r, err, a.Logger)
			return
		}
		body := map[string]any{"id": st.ID, "state": st.State}
		if secret != "" {
			body["edit_token"] = secret
			body["edit_url"] = "/s/" + secret
		}
		writeJSON(w, http.StatusCreated, body)
	}
}

// takingStories returns the campaign named in the path if acct may tell it
// a story today.
func (a *API) takingStories(r *http.Request, acct *kindred.Account) (*kindred.Campaign, error) {
	c, err := a.Store.CampaignBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		if kindred.ErrorCode(err) == kindred.ENOTFOUND {
			return nil, kindred.Errorf(kindred.ENOTFOUND, "There is no campaign %q.", r.PathValue("slug"))
		}
		return nil, err
	}
	if err := a.Store.MayTell(r.Context(), c, acct); err != nil {
		return nil, err
	}
	if err := c.OpenOn(a.Store.Now().Format(time.DateOnly)); err != nil {
		return nil, err
	}
	return c, nil
}

// decodeStory reads the JSON body: malformed JSON is a 400 (EINVALID with
// a "body" field), values that do not fit a signifier are field problems.
func decodeStory(w http.ResponseWriter, r *http.Request, c *kindred.Campaign) (kindred.NewStory, error) {
	var b storyBody
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxStoryBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return kindred.NewStory{}, malformed(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return kindred.NewStory{}, malformed(errors.New("more than one JSON value"))
	}
	n := kindred.NewStory{Text: b.Text, Lang: b.Lang, Consent: kindred.Consent(b.Consent), Anonymous: b.Anonymous,
		Name: b.Name, Email: b.Email, Context: b.Context, Source: "api", Signifiers: map[string]kindred.SignifierValue{}}
	var p kindred.Problems
	for key, raw := range b.Signifiers {
		s := c.Signifier(key)
		if s == nil {
			p.Add("sig."+key, "is not a question of this campaign")
			continue
		}
		v, ok := s.ValueFrom(raw)
		if !ok {
			p.Add("sig."+key, shapeProblem(s.Kind))
			continue
		}
		n.Signifiers[key] = v
	}
	if err := p.Err(); err != nil {
		return n, err
	}
	return n, nil
}

func shapeProblem(k kindred.SignifierKind) string {
	switch k {
	case kindred.KindSlider:
		return "must be a whole number from 0 to 100"
	case kindred.KindTriad:
		return "must be three non-negative numbers, like [50, 25, 25]"
	case kindred.KindMulti:
		return "must be a list of options"
	}
	return "must be one of the options, as a string"
}

func malformed(err error) error {
	return badRequest("The body is not valid JSON for a story: "+err.Error(), map[string]string{"body": "is not valid JSON"})
}

// writeStoryError answers 400 for malformed bodies and as writeError otherwise.
func (a *API) writeStoryError(w http.ResponseWriter, r *http.Request, err error) {
	writeError(w, r, err, a.Logger)
}

// optionalAccount returns the token's account when a token is sent, nil
// when none is; a bad token is an error.
func (a *API) optionalAccount(r *http.Request) (*kindred.Account, error) {
	secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return nil, nil
	}
	return a.tokenAccount(r.Context(), strings.TrimSpace(secret))
}

// listStories lists a campaign's stories as the token's account may see
// them: everything for organizers; approved stories with network or public
// consent, masked and without names, for members.
func (a *API) listStories(w http.ResponseWriter, r *http.Request) {
	c, err := a.Store.CampaignBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	q, err := storyQuery(r)
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	q.Reader = kindred.ReaderFor(accountFrom(r.Context()))
	list, err := a.Store.Stories(r.Context(), c.ID, q)
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
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
func (a *API) campaign(w http.ResponseWriter, r *http.Request) {
	c, err := a.Store.CampaignBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	writeJSON(w, http.StatusOK, campaignJSON{Slug: c.Slug, Title: c.Title, Prompt: c.Prompt, Audience: string(c.Audience),
		Languages: c.Languages, StartsOn: c.StartsOn, EndsOn: c.EndsOn, Signifiers: c.Signifiers, Context: c.Context})
}

// moderateStory sets a story's moderation state and PII flag (organizers).
func (a *API) moderateStory(w http.ResponseWriter, r *http.Request) {
	if !accountFrom(r.Context()).CanOrganizeListening() {
		writeError(w, r, kindred.Errorf(kindred.EFORBIDDEN, "Only organizers moderate stories."), a.Logger)
		return
	}
	c, err := a.Store.CampaignBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeError(w, r, kindred.Errorf(kindred.ENOTFOUND, "There is no story %q.", r.PathValue("id")), a.Logger)
		return
	}
	var b struct {
		State string `json:"state"`
		PII   bool   `json:"pii"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		a.writeStoryError(w, r, malformed(err))
		return
	}
	err = a.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		return tx.ModerateStory(r.Context(), c.ID, id, kindred.StoryState(b.State), b.PII)
	})
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	st, err := a.Store.Story(r.Context(), c.ID, id)
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	writeJSON(w, http.StatusOK, StoryJSON(*st))
}
