package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// targetKind says which of issue 10's targets a route is held to.
type targetKind int

const (
	noTarget    targetKind = iota
	baseline               // the bare net/http handler the API is compared with
	pageTarget             // p99 under 100 ms
	storyTarget            // at least 500 per second with p99 under 200 ms
	apiTarget              // at least 30% of the bare handler's requests per second
	apiShare               // no target; its share of the bare handler is shown
)

// route is one request the clients repeat.
type route struct {
	name   string // shown in the table when set, else method and path
	method string
	base   string // scheme and host
	path   string // path and query
	// vary, when set, makes each request's URL unique (client c, request i),
	// so no answer comes from a cache.
	vary   func(c, i int) string
	header http.Header
	body   func(client, i int) []byte // nil for no body
	want   int                        // the status every answer must have
	target targetKind
}

// label names the route in the table.
func (r route) label() string {
	if r.name != "" {
		return r.name
	}
	return r.method + " " + r.path
}

// plan is what the benchmark learned while preparing: how to authenticate,
// which member page to open, and which optional routes answer.
type plan struct {
	base     string
	cookie   string // "kindred_session=…"
	token    string
	memberID int64
	// membersBytes is the size of the first page of GET /api/v1/members,
	// which the bare handler also serves for comparison.
	membersBytes int
	// memberPages are the cursors (next=…) of the members list's pages
	// after the first, at most maxPages of them.
	memberPages []string
	optional    []route
	notes       []string
}

// prepare signs in, creates an API token, picks a member and probes the
// routes that may not exist yet.
func prepare(ctx context.Context, k *kindred) (*plan, error) {
	c, err := k.signIn(ctx)
	if err != nil {
		return nil, err
	}
	token, err := k.createToken(ctx)
	if err != nil {
		return nil, err
	}
	p := &plan{base: k.base, cookie: c.Name + "=" + c.Value, token: token}
	if p.memberID, err = p.someMember(ctx); err != nil {
		return nil, err
	}
	if p.memberPages, err = p.pageCursors(ctx, "/api/v1/members"); err != nil {
		return nil, err
	}
	p.probeOptional(ctx)
	p.addItemPages(ctx)
	p.checkAnonymousStory(ctx)
	return p, nil
}

// addItemPages adds one gathering's page and one practice's page, taken from
// the middle of the API's first page of each, to the measured pages.
func (p *plan) addItemPages(ctx context.Context) {
	var list struct {
		Items []struct {
			ID   int64  `json:"id"`
			Slug string `json:"slug"`
		} `json:"items"`
	}
	for _, item := range []struct{ api, page string }{
		{"/api/v1/gatherings", "/gatherings/%d"}, {"/api/v1/practices", "/practices/%s"},
	} {
		list.Items = nil
		status, body, err := fetch(ctx, p.apiGet(item.api), 0, 0)
		if err == nil && status == http.StatusOK {
			err = json.Unmarshal(body, &list)
		}
		if err != nil || status != http.StatusOK || len(list.Items) == 0 {
			p.notes = append(p.notes, fmt.Sprintf("no item page from GET %s: status %d, %v", item.api, status, err))
			continue
		}
		mid := list.Items[len(list.Items)/2]
		path := fmt.Sprintf(item.page, mid.ID)
		if strings.Contains(item.page, "%s") {
			path = fmt.Sprintf(item.page, mid.Slug)
		}
		p.optional = append(p.optional, p.page(path, pageTarget))
	}
}

// someMember returns the id of a member from the middle of the API's first
// page of members, so the member page is an ordinary one, and notes the
// page's size.
func (p *plan) someMember(ctx context.Context) (int64, error) {
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	status, body, err := fetch(ctx, p.apiGet("/api/v1/members"), 0, 0)
	if err == nil && status == http.StatusOK {
		err = json.Unmarshal(body, &list)
	}
	p.membersBytes = len(body)
	if err != nil || status != http.StatusOK || len(list.Items) == 0 {
		return 0, fmt.Errorf("pick a member: GET /api/v1/members answered %d: %v", status, err)
	}
	return list.Items[len(list.Items)/2].ID, nil
}

// maxPages bounds how many pages of a list the paging row cycles through.
const maxPages = 200

// pageCursors follows a list's next cursors from its first page and returns
// them (at most maxPages), so a route can ask for a different page each time.
func (p *plan) pageCursors(ctx context.Context, path string) ([]string, error) {
	var cursors []string
	next := ""
	for len(cursors) < maxPages {
		r := p.apiGet(path)
		if next != "" {
			r.path += "?next=" + url.QueryEscape(next)
		}
		status, body, err := fetch(ctx, r, 0, 0)
		var page struct {
			Next string `json:"next"`
		}
		if err == nil && status == http.StatusOK {
			err = json.Unmarshal(body, &page)
		}
		if err != nil || status != http.StatusOK {
			return nil, fmt.Errorf("pages of %s: GET %s answered %d: %v", path, r.path, status, err)
		}
		if page.Next == "" {
			break
		}
		next = page.Next
		cursors = append(cursors, next)
	}
	return cursors, nil
}

// placeholder is the text of the page Kindred shows for areas not built yet.
const placeholder = "This part of Kindred is being built"

// probeOptional keeps the gathering and practice routes that answer with a
// real page or list, and notes the others.
func (p *plan) probeOptional(ctx context.Context) {
	candidates := []route{
		p.apiGet("/api/v1/gatherings"), p.apiGet("/api/v1/practices"),
		p.page("/gatherings", pageTarget), p.page("/practices", pageTarget),
	}
	for _, r := range candidates {
		status, body, err := fetch(ctx, r, 0, 0)
		switch {
		case err != nil:
			p.notes = append(p.notes, fmt.Sprintf("skipped GET %s: %v", r.path, err))
		case status == http.StatusNotFound:
			p.notes = append(p.notes, fmt.Sprintf("skipped GET %s: it answers 404 (not built yet)", r.path))
		case status != r.want:
			p.notes = append(p.notes, fmt.Sprintf("skipped GET %s: it answers %d, not %d", r.path, status, r.want))
		case bytes.Contains(body, []byte(placeholder)):
			p.notes = append(p.notes, fmt.Sprintf("skipped GET %s: it is the \"being built\" placeholder page", r.path))
		default:
			p.optional = append(p.optional, r)
		}
	}
}

// checkAnonymousStory posts one story without a token, to show that the
// public route takes stories from anyone. The throughput run sends the API
// token because anonymous callers are rate limited per address.
func (p *plan) checkAnonymousStory(ctx context.Context) {
	r := p.storyPost()
	r.header = http.Header{"Content-Type": {"application/json"}}
	status, _, err := fetch(ctx, r, 0, 0)
	if err != nil || status != r.want {
		p.notes = append(p.notes, fmt.Sprintf("an anonymous story POST did not answer %d: status %d, %v", r.want, status, err))
		return
	}
	p.notes = append(p.notes, "story submission: one anonymous POST answered 201; anonymous callers are limited per "+
		"address (30 per 10 minutes), so the throughput run sends the demo administrator's API token, as a collector would")
}

// routes lists everything to measure, in order: the bare handler and the API
// lists first and close together, then pages, and the story writes last so
// they do not change what the reads see.
//
// The bare handler runs both before and after the API lists, and the API is
// compared with the mean of the two, so a change in what else the shared
// machine is doing moves both sides of the ratio alike.
func (p *plan) routes(bareURL string) []route {
	bare := route{name: "bare net/http handler (JSON)", method: http.MethodGet, base: bareURL, path: "/",
		header: p.bearer(), want: http.StatusOK, target: baseline}
	rs := []route{bare,
		{name: fmt.Sprintf("bare handler, %d KB like /api/v1/members", (p.membersBytes+512)/1024), method: http.MethodGet,
			base: bareURL, path: "/sized", header: p.bearer(), want: http.StatusOK, target: noTarget},
	}
	for _, path := range []string{"/api/v1/members", "/api/v1/organizations", "/api/v1/cities"} {
		rs = append(rs, p.apiGet(path))
	}
	var optionalAPI []route
	for _, r := range p.optional {
		if strings.HasPrefix(r.path, "/api/") {
			optionalAPI = append(optionalAPI, r)
		}
	}
	rs = append(rs, optionalAPI...)
	rs = append(rs, p.uncached("/api/v1/members"), p.uncachedPages("/api/v1/members", p.memberPages),
		p.uncached("/api/v1/organizations"))
	for _, r := range optionalAPI {
		rs = append(rs, p.uncached(r.path))
	}
	bare.name += ", again"
	rs = append(rs, bare)
	for _, path := range []string{"/", "/network", "/network?q=organizing", "/network/organizations",
		fmt.Sprintf("/network/members/%d", p.memberID)} {
		rs = append(rs, p.page(path, pageTarget))
	}
	for _, r := range p.optional {
		if !strings.HasPrefix(r.path, "/api/") {
			rs = append(rs, r)
		}
	}
	rs = append(rs, p.page("/emergence", noTarget), p.page("/listening", noTarget))
	form := p.page("/c/bright-spots", noTarget)
	form.header = nil // the public story form, as a visitor without an account sees it
	form.name = "GET /c/bright-spots (public form, no session)"
	return append(rs, form, p.storyPost())
}

// uncached is an API list whose every request has a URL of its own (an
// ignored query parameter), so the server's answer cache never serves it:
// what a client paging through many different lists costs. No target.
func (p *plan) uncached(path string) route {
	r := p.apiGet(path)
	r.name, r.target = "GET "+path+" (each URL new: uncached)", apiShare
	r.vary = func(c, i int) string { return fmt.Sprintf("?bench=%d-%d", c, i) }
	return r
}

// uncachedPages is like uncached, and each request also asks for another
// page of the list (one of cursors, in turn), so the members read for one
// page do not all serve the next: what a client paging through the whole
// list costs. No target.
func (p *plan) uncachedPages(path string, cursors []string) route {
	r := p.uncached(path)
	r.name = "GET " + path + "?next=… (each URL new, another page: uncached)"
	r.vary = func(c, i int) string {
		if len(cursors) == 0 {
			return fmt.Sprintf("?bench=%d-%d", c, i)
		}
		return fmt.Sprintf("?next=%s&bench=%d-%d", url.QueryEscape(cursors[(c*7+i)%len(cursors)]), c, i)
	}
	return r
}

// page is a signed-in GET of an HTML page.
func (p *plan) page(path string, t targetKind) route {
	return route{method: http.MethodGet, base: p.base, path: path, header: http.Header{"Cookie": {p.cookie}},
		want: http.StatusOK, target: t}
}

// apiGet is an authenticated GET of the JSON API.
func (p *plan) apiGet(path string) route {
	return route{method: http.MethodGet, base: p.base, path: path, header: p.bearer(), want: http.StatusOK, target: apiTarget}
}

func (p *plan) bearer() http.Header {
	return http.Header{"Authorization": {"Bearer " + p.token}, "Accept": {"application/json"}}
}

// storyPost tells the demo campaign a story through the public endpoint.
func (p *plan) storyPost() route {
	h := p.bearer()
	h.Set("Content-Type", "application/json")
	return route{name: "POST /api/v1/campaigns/bright-spots/stories (token)", method: http.MethodPost, base: p.base,
		path: "/api/v1/campaigns/bright-spots/stories", header: h, body: storyBody, want: http.StatusCreated, target: storyTarget}
}

// storyText is about the length of a short story told on the public form.
var storyText = strings.Repeat("Neighbours called neighbours, and the council listened to all of us. ", 4)

// storyBody is a story as the public form would send it: text, language,
// consent and answers to the campaign's signifiers and context questions.
func storyBody(client, i int) []byte {
	b, err := json.Marshal(map[string]any{
		"text": fmt.Sprintf("%s(client %d, story %d)", storyText, client, i), "lang": "en", "consent": "network", "anonymous": true,
		"signifiers": map[string]any{"energy": i % 101, "drivers": []int{client + 1, i%7 + 1, 3}, "scale": "Local", "tactics": []string{"Events"}},
		"context":    map[string]string{"region": "Europe", "organization": "Open Doors"},
	})
	if err != nil {
		panic(err) // the map holds only plain values
	}
	return b
}

// fetch sends r once (as client c, request i) with the probe client and
// returns the status and body.
func fetch(ctx context.Context, r route, c, i int) (int, []byte, error) {
	req, err := newRequest(ctx, r, c, i)
	if err != nil {
		return 0, nil, err
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: %w", r.method, r.path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, nil, fmt.Errorf("%s %s: read body: %w", r.method, r.path, err)
	}
	return resp.StatusCode, body, nil
}

// newRequest builds one request of r.
func newRequest(ctx context.Context, r route, c, i int) (*http.Request, error) {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body(c, i))
	}
	u := r.base + r.path
	if r.vary != nil {
		u += r.vary(c, i)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return nil, fmt.Errorf("request %s %s: %w", r.method, r.path, err)
	}
	for k, v := range r.header {
		req.Header[k] = v
	}
	return req, nil
}
