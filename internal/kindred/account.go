package kindred

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what an account may do across the whole install.
type Role string

// Roles, from most to least powerful. Organizers are scoped to cities.
const (
	RoleAdmin     Role = "admin"
	RoleOrganizer Role = "organizer"
	RoleMember    Role = "member"
)

// ParseRole returns the Role named s or an EINVALID error naming the field "role".
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.ToLower(strings.TrimSpace(s))); r {
	case RoleAdmin, RoleOrganizer, RoleMember:
		return r, nil
	}
	return "", &Error{Code: EINVALID, Message: "Unknown role.",
		Fields: map[string]string{"role": "must be admin, organizer or member"}}
}

// Account is a person who can sign in.
type Account struct {
	ID          int64
	Email       string
	Name        string
	Role        Role
	HasPassword bool
	CityIDs     []int64 // cities an organizer is scoped to
	// NetworkWide marks an organizer an administrator trusted with the
	// whole network (see OrganizesNetwork).
	NetworkWide bool
	// SessionEpoch counts the password changes and "sign out everywhere"
	// of the account: a session signed in under an older one has ended
	// (see Session.Live).
	SessionEpoch int64
	CreatedAt    time.Time
	LastSeenAt   *time.Time
}

// IsAdmin reports whether the account is an administrator.
func (a *Account) IsAdmin() bool { return a != nil && a.Role == RoleAdmin }

// CanOrganize reports whether the account may organize things in cityID:
// admins everywhere, organizers in their cities.
func (a *Account) CanOrganize(cityID int64) bool {
	if a == nil {
		return false
	}
	if a.Role == RoleAdmin {
		return true
	}
	if a.Role != RoleOrganizer {
		return false
	}
	for _, id := range a.CityIDs {
		if id == cityID {
			return true
		}
	}
	return false
}

// OrganizesNetwork reports whether the account holds network-wide powers
// (every campaign's stories with their tellers, introductions across
// cities): administrators, and organizers explicitly granted them. An
// organizer's cities never add up to the network, and an organizer with no
// city organizes nothing.
func (a *Account) OrganizesNetwork() bool {
	return a != nil && (a.Role == RoleAdmin || (a.Role == RoleOrganizer && a.NetworkWide))
}

// DisplayName is the name to show for the account, falling back to the
// part of the email address before the @.
func (a *Account) DisplayName() string {
	if a.Name != "" {
		return a.Name
	}
	local, _, _ := strings.Cut(a.Email, "@")
	return local
}

// Limits on account fields.
const (
	MaxNameLen     = 120
	MaxEmailLen    = 254
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

// NormalizeEmail trims and lower-cases an address and checks its shape.
// Problems are recorded on field.
func NormalizeEmail(s, field string, p *Problems) string {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "":
		p.Add(field, "is required")
	case len(s) > MaxEmailLen:
		p.Add(field, "is longer than 254 characters")
	default:
		addr, err := mail.ParseAddress(s)
		if err != nil || addr.Address != s || !strings.Contains(s[strings.Index(s, "@"):], ".") {
			p.Add(field, "is not an email address (like name@example.org)")
		}
	}
	return s
}

// ValidateName checks a person's display name.
func ValidateName(s, field string, p *Problems) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxNameLen {
		p.Add(field, "is longer than 120 characters")
	}
	return s
}

// ValidatePassword checks a new password's length.
func ValidatePassword(s, field string, p *Problems) {
	n := utf8.RuneCountInString(s)
	switch {
	case n < MinPasswordLen:
		p.Add(field, "must be at least 10 characters")
	case n > MaxPasswordLen:
		p.Add(field, "is longer than 256 characters")
	}
}

// NewAccount is the input to create an account.
type NewAccount struct {
	Email    string
	Name     string
	Role     Role
	Password string // optional; empty means magic-link sign-in only
}

// Validate normalizes the input and returns an EINVALID error naming each bad field.
func (n *NewAccount) Validate() error {
	var p Problems
	n.Email = NormalizeEmail(n.Email, "email", &p)
	n.Name = ValidateName(n.Name, "name", &p)
	if n.Role == "" {
		n.Role = RoleMember
	}
	if _, err := ParseRole(string(n.Role)); err != nil {
		p.Add("role", "must be admin, organizer or member")
	}
	if n.Password != "" {
		ValidatePassword(n.Password, "password", &p)
	}
	return p.Err()
}

// ValidateTokenName checks what an API token is for, as typed.
func ValidateTokenName(s, field string, p *Problems) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		p.Add(field, "is required (say what the token is for)")
	case utf8.RuneCountInString(s) > 80:
		p.Add(field, "is longer than 80 characters")
	}
	return s
}

// APIToken describes an API token; the secret itself is shown once, at creation.
type APIToken struct {
	ID         int64
	AccountID  int64
	Name       string
	Prefix     string // first characters, to recognise a token in a list
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// City is a place where the network gathers; it carries the time zone that
// gatherings there are scheduled in.
type City struct {
	ID       int64
	Name     string
	Slug     string
	TimeZone string
}
