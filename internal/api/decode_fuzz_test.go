package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
)

// FuzzDecode sends arbitrary request bodies to the JSON decoding of every
// input the API takes, and what decodes on to its validation: nothing
// panics; a body that does not decode is a 400 (badRequestError) with a
// message; one that does survives a re-encoding unchanged.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{}`, ``, `{"title":"Dinner","city_id":1,"starts_at":"2030-01-01T18:00:00Z","ends_at":"2030-01-01T21:00:00Z","capacity":10}`,
		`{"name":"Ana","email":"ana@example.org","city_id":2,"affiliations":[{"organization_id":1,"role":"Lead"}],"visibility":{"bio":"private"}}`,
		`{"title":"x","tags":["a","b"],"stage":"tried"}`, `{"organization_id":1,"outcome":"adopted","adopted_on":"2026-02-30"}`,
		`{"city_id":"one"}`, `{"unknown":1}`, `{} {}`, `[1,2]`, `null`, `{"capacity":1e99}`, `{"starts_at":"2030-13-01T25:00:00+99:00"}`,
		`{"name":"\ud800"}`, "{\"name\":\"\xff\"}", `{"a":`, `{"host_ids":[-1,0,9223372036854775807]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		decodeAs(t, body, func(in *gatheringIn) {
			if g, err := in.toDomain(); err == nil {
				_ = g.Validate()
			}
		})
		decodeAs(t, body, func(in *memberInput) { _ = in.member().Validate() })
		decodeAs(t, body, func(in *orgJSON) {})
		decodeAs(t, body, func(in *practiceJSON) {
			p := &kindred.Practice{Title: in.Title, Summary: in.Summary, Body: in.Body, ThemeArea: in.ThemeArea, Stage: kindred.Stage(in.Stage), Tags: in.Tags}
			_ = p.Validate()
		})
		decodeAs(t, body, func(in *adoptionJSON) {})
	})
}

// decodeAs decodes body into a new T the way a handler does and checks the
// decoder's contract; then hands the value to use.
func decodeAs[T any](t *testing.T, body []byte, use func(*T)) {
	t.Helper()
	var in T
	err := decode(httptest.NewRequest("POST", "/api/v1/x", bytes.NewReader(body)), &in)
	if err != nil {
		var bad badRequestError
		if !errors.As(err, &bad) || kindred.ErrorMessage(err) == "" {
			t.Fatalf("decode(%q) into %T: %v is not a 400 with a message", body, in, err)
		}
		return
	}
	again, err := json.Marshal(in)
	if err != nil {
		t.Fatalf("re-encode %T: %v", in, err)
	}
	var back T
	if err := decode(httptest.NewRequest("POST", "/api/v1/x", bytes.NewReader(again)), &back); err != nil || !reflect.DeepEqual(back, in) {
		t.Fatalf("%T from %q: re-encoded as %s it decodes to %+v (%v), want %+v", in, body, again, back, err, in)
	}
	use(&in)
}
