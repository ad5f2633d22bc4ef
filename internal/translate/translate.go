// Package translate is a client for a LibreTranslate-compatible machine
// translation server (the self-hosted, open-source choice), for showing
// organizers and report readers a translation beside a story's original.
//
// Nothing is sent anywhere unless an operator configured a server
// (KINDRED_TRANSLATE_URL): a nil *Client answers every call with
// ErrNotConfigured without touching the network. Translations are cached
// through the Cache interface, so a story is translated once per target
// language.
//
// The API spoken (LibreTranslate's documented endpoints):
//
//	POST /translate  {"q": text or [texts], "source": "es" or "auto", "target": "en",
//	                  "format": "text", "api_key": "…"}
//	                 → {"translatedText": text or [texts], "detectedLanguage": {"language", "confidence"}}
//	POST /detect     {"q": text, "api_key": "…"} → [{"language", "confidence"}]
//	GET  /languages  → [{"code", "name", "targets": [...]}]
//
// Errors answer with a non-2xx status and {"error": "message"}.
package translate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultTimeout bounds one request when Client.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// ErrNotConfigured is returned by every method of a nil *Client: no
// translation server is configured, so nothing was sent.
var ErrNotConfigured = errors.New("translation is not configured (set KINDRED_TRANSLATE_URL)")

// ErrTimeout is wrapped in the error of a request that did not finish
// within Client.Timeout.
var ErrTimeout = errors.New("translation server did not answer in time")

// ServerError is a non-2xx answer of the server.
type ServerError struct {
	Op      string // "translate", "detect" or "languages"
	Status  int    // HTTP status
	Message string // the server's "error" field, or the start of its body
}

// Error names the operation, the status and the server's message.
func (e *ServerError) Error() string {
	return fmt.Sprintf("translation server answered %s with %d %s: %s", e.Op, e.Status, http.StatusText(e.Status), e.Message)
}

// Client calls one server. The zero value is not usable: use New.
type Client struct {
	base    string
	apiKey  string
	http    *http.Client
	timeout time.Duration
	cache   Cache
}

// Options are the optional parts of a Client.
type Options struct {
	APIKey  string        // sent as api_key when set
	Timeout time.Duration // per request; 0 means DefaultTimeout
	HTTP    *http.Client  // nil means a client of its own
	Cache   Cache         // nil means no cache
}

// New returns a client for the server at baseURL (for example
// http://127.0.0.1:5000). It returns (nil, nil) when baseURL is empty, so
// an unconfigured installation gets a nil client whose methods answer
// ErrNotConfigured, and an error naming KINDRED_TRANSLATE_URL when baseURL
// is not an http(s) URL.
func New(baseURL string, o Options) (*Client, error) {
	if baseURL == "" {
		return nil, nil
	}
	if err := CheckURL(baseURL); err != nil {
		return nil, err
	}
	c := &Client{base: strings.TrimRight(baseURL, "/"), apiKey: o.APIKey, http: o.HTTP, timeout: o.Timeout, cache: o.Cache}
	if c.http == nil {
		c.http = &http.Client{}
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	return c, nil
}

// CheckURL returns an error naming KINDRED_TRANSLATE_URL when raw is not an
// absolute http(s) URL with a host. The error never shows a password the
// URL holds.
func CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return nil
	}
	shown := fmt.Sprintf("%q", raw)
	if err != nil || u.User != nil {
		shown = "the value"
	}
	return fmt.Errorf("KINDRED_TRANSLATE_URL: %s is not an http(s) URL like http://127.0.0.1:5000", shown)
}

// Translation is one translated text.
type Translation struct {
	Text string // the translation
	// Source is the source language as asked, or the detected one when
	// asked "auto" (a cached "auto" translation reports "auto").
	Source string
	Cached bool // served from the cache, no request made
}

// Translate translates text from source ("auto" to let the server
// detect it) into target. An empty or blank text translates to itself
// without a request. It returns ErrNotConfigured for a nil client, an error
// naming the field for an empty target or source, a *ServerError for a
// non-2xx answer, an error wrapping ErrTimeout when the server is too slow,
// and the cache's error if it fails.
func (c *Client) Translate(ctx context.Context, text, source, target string) (Translation, error) {
	ts, err := c.TranslateAll(ctx, []string{text}, source, target)
	if err != nil {
		return Translation{}, err
	}
	return ts[0], nil
}

// TranslateAll translates texts in one request for those not cached, and
// returns one Translation per text in order. Errors are those of Translate.
func (c *Client) TranslateAll(ctx context.Context, texts []string, source, target string) ([]Translation, error) {
	if c == nil {
		return nil, ErrNotConfigured
	}
	if strings.TrimSpace(target) == "" {
		return nil, errors.New("translate: target language is empty")
	}
	if strings.TrimSpace(source) == "" {
		return nil, errors.New(`translate: source language is empty (use "auto" to detect it)`)
	}
	out := make([]Translation, len(texts))
	var missing []int
	for i, t := range texts {
		if strings.TrimSpace(t) == "" || source == target {
			out[i] = Translation{Text: t, Source: source}
			continue
		}
		if c.cache != nil {
			got, ok, err := c.cache.Get(ctx, Key{Source: source, Target: target, Text: t})
			if err != nil {
				return nil, fmt.Errorf("translate: read cache: %w", err)
			}
			if ok {
				out[i] = Translation{Text: got, Source: source, Cached: true}
				continue
			}
		}
		missing = append(missing, i)
	}
	if len(missing) == 0 {
		return out, nil
	}
	return out, c.fetch(ctx, texts, missing, source, target, out)
}

type translateRequest struct {
	Q      []string `json:"q"`
	Source string   `json:"source"`
	Target string   `json:"target"`
	Format string   `json:"format"`
	APIKey string   `json:"api_key,omitempty"`
}

type detected struct {
	Language   string  `json:"language"`
	Confidence float64 `json:"confidence"`
}

type translateResponse struct {
	TranslatedText   json.RawMessage `json:"translatedText"`
	DetectedLanguage json.RawMessage `json:"detectedLanguage"`
}

// fetch translates texts[missing] and fills out and the cache.
func (c *Client) fetch(ctx context.Context, texts []string, missing []int, source, target string, out []Translation) error {
	q := make([]string, len(missing))
	for j, i := range missing {
		q[j] = texts[i]
	}
	var resp translateResponse
	req := translateRequest{Q: q, Source: source, Target: target, Format: "text", APIKey: c.apiKey}
	if err := c.call(ctx, "translate", http.MethodPost, "/translate", req, &resp); err != nil {
		return err
	}
	got, err := strings1(resp.TranslatedText, len(q))
	if err != nil {
		return fmt.Errorf("translate: %w", err)
	}
	langs := detectedLangs(resp.DetectedLanguage, len(q))
	for j, i := range missing {
		src := source
		if source == "auto" && langs[j] != "" {
			src = langs[j]
		}
		out[i] = Translation{Text: got[j], Source: src}
		if c.cache != nil {
			if err := c.cache.Put(ctx, Key{Source: source, Target: target, Text: texts[i]}, got[j]); err != nil {
				return fmt.Errorf("translate: write cache: %w", err)
			}
		}
	}
	return nil
}

// strings1 decodes translatedText: an array of n strings, or one string
// when n is 1 (servers answer a one-element q either way).
func strings1(raw json.RawMessage, n int) ([]string, error) {
	var list []string
	if err := json.Unmarshal(raw, &list); err == nil {
		if len(list) != n {
			return nil, fmt.Errorf("server returned %d translations for %d texts", len(list), n)
		}
		return list, nil
	}
	var one string
	if err := json.Unmarshal(raw, &one); err != nil || n != 1 {
		return nil, errors.New("server returned no translatedText")
	}
	return []string{one}, nil
}

// detectedLangs decodes detectedLanguage: one object or an array of n.
func detectedLangs(raw json.RawMessage, n int) []string {
	out := make([]string, n)
	var list []detected
	if json.Unmarshal(raw, &list) == nil && len(list) == n {
		for i, d := range list {
			out[i] = d.Language
		}
		return out
	}
	var one detected
	if json.Unmarshal(raw, &one) == nil && n == 1 {
		out[0] = one.Language
	}
	return out
}

// Detection is a language the server thinks a text is in.
type Detection struct {
	Language   string  `json:"language"`
	Confidence float64 `json:"confidence"` // 0–100
}

// Detect asks the server which languages text may be in, most likely
// first. Errors are those of Translate.
func (c *Client) Detect(ctx context.Context, text string) ([]Detection, error) {
	if c == nil {
		return nil, ErrNotConfigured
	}
	var out []Detection
	body := struct {
		Q      string `json:"q"`
		APIKey string `json:"api_key,omitempty"`
	}{text, c.apiKey}
	if err := c.call(ctx, "detect", http.MethodPost, "/detect", body, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Language is one language the server translates from.
type Language struct {
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	Targets []string `json:"targets"`
}

// Languages lists the languages the server offers. Errors are those of
// Translate.
func (c *Client) Languages(ctx context.Context) ([]Language, error) {
	if c == nil {
		return nil, ErrNotConfigured
	}
	var out []Language
	if err := c.call(ctx, "languages", http.MethodGet, "/languages", nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// call sends one JSON request with the client's timeout and decodes the
// answer into out.
func (c *Client) call(ctx context.Context, op, method, path string, body, out any) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("%s: encode request: %w", op, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return fmt.Errorf("%s: build request: %w", op, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
			return fmt.Errorf("%s: %w (after %s)", op, ErrTimeout, c.timeout)
		}
		return fmt.Errorf("%s: %w", op, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return serverError(op, resp)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(out); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %w (after %s)", op, ErrTimeout, c.timeout)
		}
		return fmt.Errorf("%s: decode answer: %w", op, err)
	}
	return nil
}

func serverError(op string, resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 2048))
	msg := strings.TrimSpace(string(b))
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(b, &e) == nil && e.Error != "" {
		msg = e.Error
	}
	return &ServerError{Op: op, Status: resp.StatusCode, Message: msg}
}
