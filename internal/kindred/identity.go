package kindred

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Identity is what an OpenID Connect provider asserts about the person
// signing in, once Kindred has verified the provider's signed answer.
type Identity struct {
	Provider      string // the provider's name, as the sign-in button shows it
	Subject       string // the provider's own id for the person
	Email         string
	EmailVerified bool
	Name          string
}

// AccountEmail returns the normalized address the person's account is
// matched by. Only an address the provider has verified counts: at many
// providers anyone may type any address into their profile, and matching
// an unverified one would hand over the account that has it. EFORBIDDEN
// when the provider sent no usable address, or has not verified it.
func (id Identity) AccountEmail() (string, error) {
	if strings.TrimSpace(id.Email) == "" {
		return "", Errorf(EFORBIDDEN, "%s did not tell Kindred your email address, so Kindred cannot tell which account is yours. Sign in with a link by email instead, or ask your administrator.", id.Provider)
	}
	var p Problems
	email := NormalizeEmail(id.Email, "email", &p)
	if p.Err() != nil {
		return "", Errorf(EFORBIDDEN, "%s gave an email address Kindred cannot use (%q). Sign in with a link by email instead, or ask your administrator.", id.Provider, id.Email)
	}
	if !id.EmailVerified {
		return "", Errorf(EFORBIDDEN, "%s has not verified your email address %s, so Kindred cannot sign you in with it. Verify the address at %s first, or sign in with a link by email.", id.Provider, email, id.Provider)
	}
	return email, nil
}

// NewAccount returns the account a first sign-in creates: a member, named
// as the provider names the person. The provider never grants a role:
// organizers and administrators are made in Kindred. The address must be
// AccountEmail's.
func (id Identity) NewAccount(email string) NewAccount {
	return NewAccount{Email: email, Name: cleanName(id.Name), Role: RoleMember}
}

// MayKeepNewAccount checks the account the store made for a first
// sign-in: EFORBIDDEN unless it is a plain member. The store makes the
// first account of an empty install its administrator, which only the
// setup link may do, never an identity provider.
func (id Identity) MayKeepNewAccount(a *Account) error {
	if a == nil || a.Role != RoleMember || a.NetworkWide || len(a.CityIDs) > 0 {
		return Errorf(EFORBIDDEN, "Kindred is not set up yet: its first administrator sets it up with the setup link before anyone signs in with %s.", id.Provider)
	}
	return nil
}

// cleanName drops control characters from a name a provider sent and
// keeps it within MaxNameLen.
func cleanName(s string) string {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s))
	if utf8.RuneCountInString(s) <= MaxNameLen {
		return s
	}
	return strings.TrimSpace(string([]rune(s)[:MaxNameLen]))
}
