package translate

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// standIn is a small server speaking LibreTranslate's documented API: it
// "translates" from a fixed Spanish–English word list, detects Spanish by
// its words, requires an API key when key is set, and blocks until the
// client gives up when slow is set.
type standIn struct {
	key      string
	slow     bool
	release  chan struct{} // closed when the test ends, so a slow handler returns
	requests atomic.Int32
}

var words = map[string]string{"hola": "hello", "huerto": "garden", "el": "the", "comunitario": "community"}

func (s *standIn) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if s.slow {
		io.Copy(io.Discard, r.Body) // the server notices the client leaving only once the body is read
		select {
		case <-r.Context().Done():
		case <-s.release:
		}
		return
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/languages":
		writeJSON(w, http.StatusOK, []Language{{Code: "en", Name: "English", Targets: []string{"es"}},
			{Code: "es", Name: "Spanish", Targets: []string{"en"}}})
	case r.Method == http.MethodPost && r.URL.Path == "/translate":
		s.translate(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/detect":
		var body struct{ Q, APIKey string }
		if !s.decode(w, r, &body) {
			return
		}
		writeJSON(w, http.StatusOK, []Detection{{Language: "es", Confidence: 90}})
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Not Found"})
	}
}

func (s *standIn) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	var raw map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Invalid request: " + err.Error()})
		return false
	}
	var key string
	json.Unmarshal(raw["api_key"], &key)
	if s.key != "" && key != s.key {
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "Invalid API key"})
		return false
	}
	b, _ := json.Marshal(raw)
	json.Unmarshal(b, v)
	return true
}

func (s *standIn) translate(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Q                      json.RawMessage
		Source, Target, Format string
	}
	if !s.decode(w, r, &req) {
		return
	}
	if req.Target == "xx" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "xx is not supported"})
		return
	}
	var qs []string
	if json.Unmarshal(req.Q, &qs) != nil {
		var one string
		json.Unmarshal(req.Q, &one)
		out := map[string]any{"translatedText": english(one)}
		if req.Source == "auto" {
			out["detectedLanguage"] = map[string]any{"language": "es", "confidence": 90.0}
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = english(q)
	}
	resp := map[string]any{"translatedText": out}
	if req.Source == "auto" {
		det := make([]map[string]any, len(qs))
		for i := range det {
			det[i] = map[string]any{"language": "es", "confidence": 90.0}
		}
		resp["detectedLanguage"] = det
	}
	writeJSON(w, http.StatusOK, resp)
}

func english(text string) string {
	var out []string
	for _, f := range strings.Fields(strings.ToLower(text)) {
		if e, ok := words[f]; ok {
			f = e
		}
		out = append(out, f)
	}
	return strings.Join(out, " ")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func newStandIn(t *testing.T, s *standIn, o Options) *Client {
	t.Helper()
	s.release = make(chan struct{})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(s.release) }) // runs first
	c, err := New(srv.URL+"/", o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTranslateAgainstStandIn(t *testing.T) {
	t.Parallel()
	s := &standIn{key: "secret"}
	c := newStandIn(t, s, Options{APIKey: "secret", Cache: &MemoryCache{}})
	ctx := context.Background()
	got, err := c.Translate(ctx, "Hola huerto comunitario", "es", "en")
	if err != nil {
		t.Fatal(err)
	}
	if want := (Translation{Text: "hello garden community", Source: "es"}); got != want {
		t.Errorf("Translate = %+v, want %+v", got, want)
	}
	auto, err := c.Translate(ctx, "el huerto", "auto", "en")
	if err != nil || auto.Text != "the garden" || auto.Source != "es" {
		t.Errorf("Translate auto = %+v, %v; want the garden from es", auto, err)
	}
	all, err := c.TranslateAll(ctx, []string{"hola", "", "el huerto"}, "es", "en")
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, tr := range all {
		texts = append(texts, tr.Text)
	}
	if want := []string{"hello", "", "the garden"}; !reflect.DeepEqual(texts, want) {
		t.Errorf("TranslateAll = %q, want %q", texts, want)
	}
	langs, err := c.Languages(ctx)
	if err != nil || len(langs) != 2 || langs[1].Code != "es" {
		t.Errorf("Languages = %+v, %v; want en and es", langs, err)
	}
	det, err := c.Detect(ctx, "hola huerto")
	if err != nil || len(det) == 0 || det[0].Language != "es" {
		t.Errorf("Detect = %+v, %v; want es first", det, err)
	}
}

func TestTranslateCacheHit(t *testing.T) {
	t.Parallel()
	s := &standIn{}
	c := newStandIn(t, s, Options{Cache: &MemoryCache{}})
	ctx := context.Background()
	first, err := c.Translate(ctx, "hola", "es", "en")
	if err != nil || first.Cached {
		t.Fatalf("first Translate = %+v, %v; want a fresh translation", first, err)
	}
	second, err := c.Translate(ctx, "hola", "es", "en")
	if err != nil || !second.Cached || second.Text != "hello" {
		t.Errorf("second Translate = %+v, %v; want hello from the cache", second, err)
	}
	if n := s.requests.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
	if _, err := c.Translate(ctx, "hola", "es", "fr"); err != nil {
		t.Fatal(err)
	}
	if n := s.requests.Load(); n != 2 {
		t.Errorf("another target: server saw %d requests, want 2", n)
	}
}

func TestTranslateErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var none *Client
	if _, err := none.Translate(ctx, "hola", "es", "en"); !errors.Is(err, ErrNotConfigured) {
		t.Errorf("nil client: err = %v, want ErrNotConfigured", err)
	}
	if c, err := New("", Options{}); c != nil || err != nil {
		t.Errorf("New(\"\") = %v, %v; want nil, nil", c, err)
	}
	if _, err := New("ftp://translate", Options{}); err == nil || !strings.Contains(err.Error(), "KINDRED_TRANSLATE_URL") {
		t.Errorf("New(ftp://) err = %v, want one naming KINDRED_TRANSLATE_URL", err)
	}
	c := newStandIn(t, &standIn{key: "secret"}, Options{APIKey: "wrong"})
	_, err := c.Translate(ctx, "hola", "es", "en")
	var se *ServerError
	if !errors.As(err, &se) || se.Status != http.StatusForbidden || se.Message != "Invalid API key" || se.Op != "translate" {
		t.Errorf("wrong key: err = %v, want a 403 ServerError with the server's message", err)
	}
	good := newStandIn(t, &standIn{}, Options{})
	if _, err := good.Translate(ctx, "hola", "es", "xx"); !errors.As(err, &se) || !strings.Contains(err.Error(), "xx is not supported") {
		t.Errorf("unsupported target: err = %v, want the server's message", err)
	}
	if _, err := good.Translate(ctx, "hola", "es", ""); err == nil || !strings.Contains(err.Error(), "target") {
		t.Errorf("empty target: err = %v, want one naming the target", err)
	}
	if _, err := good.Translate(ctx, "hola", "", "en"); err == nil || !strings.Contains(err.Error(), "source") {
		t.Errorf("empty source: err = %v, want one naming the source", err)
	}
}

func TestTranslateTimeout(t *testing.T) {
	t.Parallel()
	s := &standIn{slow: true}
	c := newStandIn(t, s, Options{Timeout: 50 * time.Millisecond})
	_, err := c.Translate(context.Background(), "hola", "es", "en")
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("slow server: err = %v, want ErrTimeout", err)
	}
	if _, err := c.Languages(context.Background()); !errors.Is(err, ErrTimeout) {
		t.Errorf("slow languages: err = %v, want ErrTimeout", err)
	}
}

func TestMemoryCacheBounded(t *testing.T) {
	t.Parallel()
	c := &MemoryCache{Max: 2}
	ctx := context.Background()
	for _, text := range []string{"a", "b", "c"} {
		c.Put(ctx, Key{"es", "en", text}, text)
	}
	n := 0
	for _, text := range []string{"a", "b", "c"} {
		if _, ok, _ := c.Get(ctx, Key{"es", "en", text}); ok {
			n++
		}
	}
	if n != 2 {
		t.Errorf("cache holds %d of 3 after Max 2, want 2", n)
	}
	if _, ok, _ := c.Get(ctx, Key{"es", "en", "c"}); !ok {
		t.Error("latest entry missing")
	}
}
