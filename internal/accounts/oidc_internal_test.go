package accounts

import (
	"encoding/json"
	"testing"
)

// TestEmailVerifiedClaim: only true, or the string "true" some providers
// send, counts as verified.
func TestEmailVerifiedClaim(t *testing.T) {
	t.Parallel()
	tests := []struct {
		claims string
		want   bool
	}{
		{`{"email_verified": true}`, true},
		{`{"email_verified": "true"}`, true},
		{`{"email_verified": false}`, false},
		{`{"email_verified": "false"}`, false},
		{`{"email_verified": "yes"}`, false},
		{`{"email_verified": 1}`, false},
		{`{"email_verified": null}`, false},
		{`{}`, false},
	}
	for _, tt := range tests {
		var c personClaims
		if err := json.Unmarshal([]byte(tt.claims), &c); err != nil || bool(c.EmailVerified) != tt.want {
			t.Errorf("%s: verified = %v, %v; want %v", tt.claims, c.EmailVerified, err, tt.want)
		}
	}
}

// TestPersonName: the fullest name the provider gives.
func TestPersonName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		c    personClaims
		want string
	}{
		{personClaims{Name: " Ada Okafor ", GivenName: "A", Username: "ada"}, "Ada Okafor"},
		{personClaims{GivenName: "Ada", FamilyName: "Okafor", Username: "ada"}, "Ada Okafor"},
		{personClaims{GivenName: "Ada"}, "Ada"},
		{personClaims{Username: "ada"}, "ada"},
	}
	for _, tt := range tests {
		if got := tt.c.name(); got != tt.want {
			t.Errorf("%+v: name = %q, want %q", tt.c, got, tt.want)
		}
	}
}
