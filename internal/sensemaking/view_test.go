package sensemaking_test

import (
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
)

func TestPublicQuote(t *testing.T) {
	t.Parallel()
	text := "Write to ana@example.org: volunteers ran the phone bank."
	quote := func(s string) store.ThemeQuote {
		i := strings.Index(text, s)
		return store.ThemeQuote{StoryID: 1, Start: i, End: i + len(s)}
	}
	story := func(consent kindred.Consent, state kindred.StoryState, pii bool) *kindred.Story {
		return &kindred.Story{ID: 1, Text: text, Consent: consent, State: state, PII: pii}
	}
	public := story(kindred.ConsentPublic, kindred.StateApproved, false)
	tests := []struct {
		name  string
		story *kindred.Story
		quote store.ThemeQuote
		want  string // "" means not shown
	}{
		{"public", public, quote("volunteers ran the phone bank."), "volunteers ran the phone bank."},
		{"email masked", public, quote("Write to ana@example.org"), "Write to [email]"},
		{"cut through an email", public, quote("example.org: volunteers"), ""},
		{"network only", story(kindred.ConsentNetwork, kindred.StateApproved, false), quote("volunteers"), ""},
		{"organizers only", story(kindred.ConsentOrganizers, kindred.StateApproved, false), quote("volunteers"), ""},
		{"hidden since", story(kindred.ConsentPublic, kindred.StateHidden, false), quote("volunteers"), ""},
		{"flagged", story(kindred.ConsentPublic, kindred.StateApproved, true), quote("volunteers"), ""},
		{"gone", nil, quote("volunteers"), ""},
		{"past the end", public, store.ThemeQuote{StoryID: 1, Start: 10, End: len(text) + 5}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := sensemaking.PublicQuote(tt.story, tt.quote)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("got %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}
