package kindred

import (
	"errors"
	"fmt"
	"testing"
)

func TestNormalizeEmail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		bad      bool
	}{
		{" Ada@Example.ORG ", "ada@example.org", false},
		{"", "", true},
		{"ada", "ada", true},
		{"ada@localhost", "ada@localhost", true},
		{"Ada <ada@example.org>", "ada <ada@example.org>", true},
		{"a@b.c", "a@b.c", false},
	}
	for _, tt := range tests {
		var p Problems
		got := NormalizeEmail(tt.in, "email", &p)
		if got != tt.want || (p["email"] != "") != tt.bad {
			t.Errorf("NormalizeEmail(%q) = %q, problem %q; want %q, bad=%v", tt.in, got, p["email"], tt.want, tt.bad)
		}
	}
}

func TestNewAccountValidate(t *testing.T) {
	t.Parallel()
	n := NewAccount{Email: "x@example.org", Role: "boss", Password: "short"}
	err := n.Validate()
	f := ErrorFields(err)
	if ErrorCode(err) != EINVALID || f["role"] == "" || f["password"] == "" || f["email"] != "" {
		t.Errorf("Validate = %v", err)
	}
	ok := NewAccount{Email: "x@example.org"}
	if err := ok.Validate(); err != nil || ok.Role != RoleMember {
		t.Errorf("defaults: %v, role %q", err, ok.Role)
	}
}

func TestErrorHelpers(t *testing.T) {
	t.Parallel()
	wrapped := fmt.Errorf("ctx: %w", Errorf(ENOTFOUND, "No such dinner."))
	if ErrorCode(wrapped) != ENOTFOUND || ErrorMessage(wrapped) != "No such dinner." {
		t.Errorf("wrapped: %q %q", ErrorCode(wrapped), ErrorMessage(wrapped))
	}
	internal := errors.New("pq: connection refused")
	if ErrorCode(internal) != EINTERNAL || ErrorMessage(internal) == internal.Error() {
		t.Errorf("internal errors must not leak their cause")
	}
	if ErrorCode(nil) != "" {
		t.Errorf("nil error has a code")
	}
}

func TestCanOrganize(t *testing.T) {
	t.Parallel()
	org := &Account{Role: RoleOrganizer, CityIDs: []int64{3}}
	if !org.CanOrganize(3) || org.CanOrganize(4) {
		t.Errorf("organizer scope wrong")
	}
	if !(&Account{Role: RoleAdmin}).CanOrganize(4) || (&Account{Role: RoleMember}).CanOrganize(3) {
		t.Errorf("admin/member scope wrong")
	}
	var none *Account
	if none.CanOrganize(1) || none.IsAdmin() {
		t.Errorf("nil account allowed")
	}
}

func TestSecrets(t *testing.T) {
	t.Parallel()
	s1, h1 := NewSecret("kdt_")
	s2, _ := NewSecret("kdt_")
	if s1 == s2 || HashSecret(s1) != h1 || len(s1) < 40 {
		t.Errorf("secrets: %q %q", s1, s2)
	}
}
