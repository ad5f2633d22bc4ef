package kindred

import (
	"strings"
	"testing"
)

func TestIdentityAccountEmail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		id        Identity
		want      string
		wantCode  string
		wantWords string
	}{
		{"verified", Identity{Email: " Ada.Okafor@Example.org ", EmailVerified: true}, "ada.okafor@example.org", "", ""},
		{"not verified", Identity{Email: "ada@example.org"}, "", EFORBIDDEN, "has not verified"},
		{"no address", Identity{EmailVerified: true}, "", EFORBIDDEN, "did not tell Kindred your email"},
		{"not an address", Identity{Email: "ada at example", EmailVerified: true}, "", EFORBIDDEN, "cannot use"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.id.Provider = "Acme Login"
			got, err := tt.id.AccountEmail()
			if got != tt.want || ErrorCode(err) != tt.wantCode {
				t.Fatalf("AccountEmail() = %q, %v; want %q, code %q", got, err, tt.want, tt.wantCode)
			}
			if err != nil && (!strings.Contains(ErrorMessage(err), tt.wantWords) || !strings.Contains(ErrorMessage(err), "Acme Login")) {
				t.Errorf("message %q should say %q and name the provider", ErrorMessage(err), tt.wantWords)
			}
		})
	}
}

func TestIdentityNewAccountIsAMember(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", MaxNameLen+5)
	tests := []struct{ name, want string }{
		{" Ada Okafor ", "Ada Okafor"},
		{"Ada\x00\u0007 Okafor\n", "Ada Okafor"},
		{long, strings.Repeat("é", MaxNameLen)},
		{"", ""},
	}
	for _, tt := range tests {
		n := Identity{Name: tt.name}.NewAccount("ada@example.org")
		if n.Name != tt.want || n.Role != RoleMember || n.Email != "ada@example.org" || n.Password != "" {
			t.Errorf("NewAccount for name %q = %+v; want a member named %q without a password", tt.name, n, tt.want)
		}
		if err := n.Validate(); err != nil {
			t.Errorf("NewAccount for name %q does not validate: %v", tt.name, err)
		}
	}
}

func TestIdentityMayKeepNewAccount(t *testing.T) {
	t.Parallel()
	id := Identity{Provider: "Acme Login"}
	tests := []struct {
		name string
		a    *Account
		ok   bool
	}{
		{"member", &Account{Role: RoleMember}, true},
		{"made the first administrator", &Account{Role: RoleAdmin}, false},
		{"organizer", &Account{Role: RoleOrganizer, CityIDs: []int64{1}}, false},
		{"network-wide", &Account{Role: RoleMember, NetworkWide: true}, false},
		{"none", nil, false},
	}
	for _, tt := range tests {
		err := id.MayKeepNewAccount(tt.a)
		if (err == nil) != tt.ok || (err != nil && ErrorCode(err) != EFORBIDDEN) {
			t.Errorf("%s: MayKeepNewAccount = %v, want ok=%v (else EFORBIDDEN)", tt.name, err, tt.ok)
		}
	}
}
