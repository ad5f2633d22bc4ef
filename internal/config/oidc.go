package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode/utf8"
)

// OIDC are the settings of single sign-on with an OpenID Connect provider
// (the organization's Keycloak, Authentik, Entra ID, Google Workspace…).
// Kindred is a confidential client of the provider using the authorization
// code flow; the provider must allow the redirect address CallbackPath
// under KINDRED_BASE_URL.
type OIDC struct {
	// Issuer (KINDRED_OIDC_ISSUER) is the provider's issuer URL, exactly as
	// its discovery document names it; empty turns single sign-on off.
	Issuer string
	// ClientID and ClientSecret (KINDRED_OIDC_CLIENT_ID,
	// KINDRED_OIDC_CLIENT_SECRET) are Kindred's credentials at the provider.
	ClientID     string
	ClientSecret string
	// Name (KINDRED_OIDC_NAME) is what the sign-in button calls the
	// provider: "Sign in with <Name>".
	Name string
	// CreateProfiles (KINDRED_OIDC_CREATE_PROFILES=true) gives an account
	// made by a first single sign-on its member profile in the directory.
	CreateProfiles bool
}

// CallbackPath is where the provider sends people back to Kindred; the
// provider must allow KINDRED_BASE_URL + CallbackPath as a redirect URI.
const CallbackPath = "/signin/oidc/callback"

// DefaultOIDCName is the button's name for the provider when
// KINDRED_OIDC_NAME is unset.
const DefaultOIDCName = "your organization's account"

// MaxOIDCName is the longest KINDRED_OIDC_NAME, so the button fits a phone.
const MaxOIDCName = 40

// Enabled reports whether single sign-on is configured.
func (o OIDC) Enabled() bool { return o.Issuer != "" }

// fromEnv reads the KINDRED_OIDC_* variables. The error names the variable.
func (o *OIDC) fromEnv(getenv func(string) string) error {
	o.Issuer = strings.TrimSpace(getenv("KINDRED_OIDC_ISSUER"))
	o.ClientID = strings.TrimSpace(getenv("KINDRED_OIDC_CLIENT_ID"))
	o.ClientSecret = getenv("KINDRED_OIDC_CLIENT_SECRET")
	o.Name = strings.TrimSpace(getenv("KINDRED_OIDC_NAME"))
	switch v := strings.ToLower(strings.TrimSpace(getenv("KINDRED_OIDC_CREATE_PROFILES"))); v {
	case "", "false", "no", "0":
	case "true", "yes", "1":
		o.CreateProfiles = true
	default:
		return fmt.Errorf("KINDRED_OIDC_CREATE_PROFILES: %q is not true or false", v)
	}
	if o.Issuer != "" && o.Name == "" {
		o.Name = DefaultOIDCName
	}
	return nil
}

// validate returns one error per bad KINDRED_OIDC_* setting, each naming
// its variable and never the secret.
func (o OIDC) validate() []error {
	if o.Issuer == "" {
		if o.ClientID != "" || o.ClientSecret != "" || o.Name != "" {
			return []error{errors.New("KINDRED_OIDC_ISSUER: is empty but other KINDRED_OIDC_ settings are set; set the provider's issuer URL too, or unset them all")}
		}
		return nil
	}
	var errs []error
	if err := checkIssuer(o.Issuer); err != nil {
		errs = append(errs, err)
	}
	if o.ClientID == "" {
		errs = append(errs, errors.New("KINDRED_OIDC_CLIENT_ID: is empty; set the client id the provider gave Kindred"))
	}
	if o.ClientSecret == "" {
		errs = append(errs, errors.New("KINDRED_OIDC_CLIENT_SECRET: is empty; set the client secret the provider gave Kindred"))
	}
	if n := utf8.RuneCountInString(o.Name); n > MaxOIDCName {
		errs = append(errs, fmt.Errorf("KINDRED_OIDC_NAME: is %d characters; use at most %d, such as the organization's short name", n, MaxOIDCName))
	}
	return errs
}

// checkIssuer accepts an https URL, or an http one on this machine (a
// provider for tests), without query or fragment.
func checkIssuer(issuer string) error {
	u, err := url.Parse(issuer)
	if err != nil {
		return fmt.Errorf("KINDRED_OIDC_ISSUER: not a URL: %v", redactErr(err))
	}
	if u.User != nil {
		return errors.New("KINDRED_OIDC_ISSUER: holds a user name or password; the issuer URL never does (the secret goes in KINDRED_OIDC_CLIENT_SECRET)")
	}
	if u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("KINDRED_OIDC_ISSUER: %q is not an issuer URL such as https://login.example.org/realms/network", issuer)
	}
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return nil
	}
	return fmt.Errorf("KINDRED_OIDC_ISSUER: %q must be an https URL (http only for a provider on this machine)", issuer)
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
