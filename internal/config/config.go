// Package config reads Kindred's settings from the environment into one
// Config value, fills defaults and validates them before anything starts.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/translate"
)

// Config holds every setting. Zero values are replaced by Defaults.
type Config struct {
	Addr     string // KINDRED_ADDR, host:port to listen on
	DB       string // KINDRED_DB, a SQLite file path or a postgres:// URL
	BaseURL  string // KINDRED_BASE_URL, the public URL used in emails and links
	SMTPURL  string // KINDRED_SMTP_URL, smtp://user:pass@host:port; empty means the outbox
	MailFrom string // KINDRED_MAIL_FROM, the From address of outgoing mail
	LogLevel slog.Level
	// MetricsToken (KINDRED_METRICS_TOKEN), when set, is the bearer token
	// /metrics requires; unset, /metrics answers only signed-in
	// administrators and scrapers on the same machine.
	MetricsToken string
	// TranslateURL (KINDRED_TRANSLATE_URL), when set, is a
	// LibreTranslate-compatible server stories may be sent to for a
	// translation shown beside the original; unset, no story leaves the
	// server. TranslateKey (KINDRED_TRANSLATE_KEY) is its optional API key.
	TranslateURL string
	TranslateKey string
	// OIDC is single sign-on with the organization's OpenID Connect
	// provider (KINDRED_OIDC_*); off while OIDC.Issuer is empty.
	OIDC OIDC

	// MagicLinkTTL is how long a sign-in link stays valid.
	MagicLinkTTL time.Duration
	// SessionLifetime (KINDRED_SESSION_LIFETIME) is how long a signed-in
	// session lasts however busy.
	SessionLifetime time.Duration
	// SessionIdle (KINDRED_SESSION_IDLE) is how long a signed-in session
	// lasts unused.
	SessionIdle time.Duration
	// Reminders are how long before a gathering its guests get a reminder
	// (KINDRED_REMINDERS, e.g. "24h,2h"; empty: 1 day and 2 hours).
	Reminders []time.Duration
	// DBReplicas (KINDRED_DB_REPLICAS, comma-separated postgres:// URLs)
	// are streaming replicas of KINDRED_DB that answer the reads marked as
	// tolerating a few seconds of lag.
	DBReplicas []string
	// ReplicaMaxLag (KINDRED_DB_REPLICA_MAX_LAG, default 5s) is how far
	// behind the primary a replica may be and still answer reads.
	ReplicaMaxLag time.Duration

	// SMTPListen (KINDRED_SMTP_LISTEN), host:port, is where Kindred takes
	// replies to its notification mail over SMTP; empty: it takes none, and
	// notifications carry no reply address.
	SMTPListen string
	// MailDomain (KINDRED_MAIL_DOMAIN) is the domain of reply addresses,
	// whose MX must lead to SMTPListen; empty: the domain of MailFrom.
	MailDomain string
}

// Engine names the database engine a DSN selects.
type Engine string

// Engines Kindred can store its data in.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// FromEnv reads the KINDRED_* variables through getenv (os.Getenv in
// production), applies defaults and validates. The error names the variable.
func FromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Addr:     getenv("KINDRED_ADDR"),
		DB:       getenv("KINDRED_DB"),
		BaseURL:  getenv("KINDRED_BASE_URL"),
		SMTPURL:  getenv("KINDRED_SMTP_URL"),
		MailFrom: getenv("KINDRED_MAIL_FROM"),

		MetricsToken: getenv("KINDRED_METRICS_TOKEN"),
		SMTPListen:   getenv("KINDRED_SMTP_LISTEN"),
		MailDomain:   getenv("KINDRED_MAIL_DOMAIN"),
		TranslateURL: strings.TrimSpace(getenv("KINDRED_TRANSLATE_URL")),
		TranslateKey: getenv("KINDRED_TRANSLATE_KEY"),
	}
	if err := c.OIDC.fromEnv(getenv); err != nil {
		return c, err
	}
	if r := getenv("KINDRED_REMINDERS"); r != "" {
		var err error
		if c.Reminders, err = parseReminders(r); err != nil {
			return c, err
		}
	}
	if r := getenv("KINDRED_DB_REPLICAS"); strings.TrimSpace(r) != "" {
		c.DBReplicas = splitList(r)
	}
	if lag := getenv("KINDRED_DB_REPLICA_MAX_LAG"); lag != "" {
		d, err := time.ParseDuration(strings.TrimSpace(lag))
		if err != nil || d <= 0 {
			return c, fmt.Errorf("KINDRED_DB_REPLICA_MAX_LAG: %q is not a duration like 5s or 500ms", lag)
		}
		c.ReplicaMaxLag = d
	}
	if err := sessionDurations(&c, getenv); err != nil {
		return c, err
	}
	if lvl := getenv("KINDRED_LOG_LEVEL"); lvl != "" {
		if err := c.LogLevel.UnmarshalText([]byte(lvl)); err != nil {
			return c, fmt.Errorf("KINDRED_LOG_LEVEL: %q is not one of debug, info, warn, error", lvl)
		}
	}
	c.Defaults()
	return c, c.Validate()
}

// Defaults fills unset fields.
func (c *Config) Defaults() {
	if c.Addr == "" {
		c.Addr = "127.0.0.1:8080"
	}
	if c.DB == "" {
		c.DB = "kindred.db"
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.MailFrom == "" {
		c.MailFrom = "Kindred <kindred@localhost>"
	}
	if c.MagicLinkTTL == 0 {
		c.MagicLinkTTL = 20 * time.Minute
	}
	if c.SessionLifetime == 0 {
		c.SessionLifetime = 30 * 24 * time.Hour
	}
	if c.ReplicaMaxLag == 0 {
		c.ReplicaMaxLag = DefaultReplicaMaxLag
	}
	if c.SessionIdle == 0 {
		c.SessionIdle = 7 * 24 * time.Hour
	}
}

// Validate checks every setting and returns an error naming the variable.
func (c *Config) Validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("KINDRED_ADDR: %q is not host:port (for example 127.0.0.1:8080)", c.Addr))
	}
	if _, err := ParseDB(c.DB); err != nil {
		errs = append(errs, err)
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("KINDRED_BASE_URL: %q is not an http(s) URL", c.BaseURL))
	}
	if c.SMTPURL != "" {
		if _, err := ParseSMTP(c.SMTPURL); err != nil {
			errs = append(errs, err)
		}
	}
	if err := checkMetricsToken(c.MetricsToken); err != nil {
		errs = append(errs, err)
	}
	if err := checkReplicas(c.DB, c.DBReplicas, c.ReplicaMaxLag); err != nil {
		errs = append(errs, err)
	}
	if c.TranslateURL != "" {
		if err := translate.CheckURL(c.TranslateURL); err != nil {
			errs = append(errs, err)
		}
	} else if c.TranslateKey != "" {
		errs = append(errs, errors.New("KINDRED_TRANSLATE_KEY: is set but KINDRED_TRANSLATE_URL is not; set the translation server's URL too"))
	}
	if c.SessionIdle > c.SessionLifetime {
		errs = append(errs, fmt.Errorf("KINDRED_SESSION_IDLE: %s is longer than the session lifetime (KINDRED_SESSION_LIFETIME, %s)", c.SessionIdle, c.SessionLifetime))
	}
	errs = append(errs, c.OIDC.validate()...)
	return errors.Join(append(errs, c.checkInbound()...)...)
}

// checkInbound checks the settings of the SMTP listener for replies.
func (c *Config) checkInbound() []error {
	var errs []error
	if c.SMTPListen != "" {
		if _, _, err := net.SplitHostPort(c.SMTPListen); err != nil {
			errs = append(errs, fmt.Errorf("KINDRED_SMTP_LISTEN: %q is not host:port (for example 0.0.0.0:2525)", c.SMTPListen))
		}
	}
	if c.MailDomain != "" && !mailDomain.MatchString(c.MailDomain) {
		errs = append(errs, fmt.Errorf("KINDRED_MAIL_DOMAIN: %q is not a domain name (like reply.example.org)", c.MailDomain))
	}
	if c.SMTPListen != "" && c.MailDomain == "" && c.ReplyDomain() == "" {
		errs = append(errs, fmt.Errorf("KINDRED_MAIL_DOMAIN: is needed with KINDRED_SMTP_LISTEN, because KINDRED_MAIL_FROM (%q) names no domain", c.MailFrom))
	}
	return errs
}

// mailDomain is the shape of a domain name: labels of letters, digits and
// dashes, separated by dots.
var mailDomain = regexp.MustCompile(`^(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$`)

// ReplyDomain is the domain of reply addresses: MailDomain, else the domain
// of MailFrom; "" when Kindred takes no replies (SMTPListen unset).
func (c *Config) ReplyDomain() string {
	if c.SMTPListen == "" {
		return ""
	}
	if c.MailDomain != "" {
		return strings.ToLower(c.MailDomain)
	}
	addr, err := mail.ParseAddress(c.MailFrom)
	if err != nil {
		return ""
	}
	_, domain, _ := strings.Cut(addr.Address, "@")
	if !mailDomain.MatchString(domain) {
		return ""
	}
	return strings.ToLower(domain)
}

// DefaultReplicaMaxLag is how far behind a replica may be, by default, and
// still answer reads.
const DefaultReplicaMaxLag = 5 * time.Second

// MaxReplicaMaxLag bounds KINDRED_DB_REPLICA_MAX_LAG: pages that tolerate
// lag tolerate seconds, not minutes.
const MaxReplicaMaxLag = time.Minute

// checkReplicas accepts replicas only beside a PostgreSQL primary, each a
// PostgreSQL URL of its own, named once.
func checkReplicas(primary string, replicas []string, maxLag time.Duration) error {
	if maxLag < 0 || maxLag > MaxReplicaMaxLag {
		return fmt.Errorf("KINDRED_DB_REPLICA_MAX_LAG: %s is not between 0 and %s", maxLag, MaxReplicaMaxLag)
	}
	if len(replicas) == 0 {
		return nil
	}
	if e, err := ParseDB(primary); err == nil && e != Postgres {
		return errors.New("KINDRED_DB_REPLICAS: replicas need KINDRED_DB on PostgreSQL (a postgres:// URL); SQLite has none")
	}
	seen := map[string]bool{}
	for i, r := range replicas {
		if r == "" {
			return fmt.Errorf("KINDRED_DB_REPLICAS: entry %d is empty; separate PostgreSQL URLs with single commas", i+1)
		}
		e, err := ParseDB(r)
		if err != nil {
			return fmt.Errorf("KINDRED_DB_REPLICAS: entry %d: %s", i+1, strings.TrimPrefix(err.Error(), "KINDRED_DB: "))
		}
		if e != Postgres {
			return fmt.Errorf("KINDRED_DB_REPLICAS: entry %d is not a postgres:// URL", i+1)
		}
		if r == primary {
			return fmt.Errorf("KINDRED_DB_REPLICAS: entry %d is KINDRED_DB itself; list the replicas only", i+1)
		}
		if seen[r] {
			return fmt.Errorf("KINDRED_DB_REPLICAS: entry %d is listed twice", i+1)
		}
		seen[r] = true
	}
	return nil
}

// splitList splits a comma-separated setting, trimming spaces.
func splitList(s string) []string {
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// MinMetricsToken is the shortest KINDRED_METRICS_TOKEN accepted: the token
// guards /metrics against guessing, and nothing limits the guesses.
const MinMetricsToken = 16

// checkMetricsToken refuses a token too short to resist guessing, or one
// that cannot travel in an Authorization header as typed.
func checkMetricsToken(token string) error {
	if token == "" {
		return nil
	}
	if n := len(token); n < MinMetricsToken {
		return fmt.Errorf("KINDRED_METRICS_TOKEN: is %d characters; use at least %d, such as the output of `openssl rand -hex 32`", n, MinMetricsToken)
	}
	for _, r := range token {
		if r <= ' ' || r > '~' {
			return errors.New("KINDRED_METRICS_TOKEN: use only visible ASCII characters (no spaces), such as the output of `openssl rand -hex 32`")
		}
	}
	return nil
}

// SecureCookies reports whether cookies must carry the Secure flag.
func (c *Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// ParseDB tells which engine dsn selects and checks its shape. A postgres://
// or postgresql:// URL selects PostgreSQL; anything else that is not a URL is
// a SQLite file path (":memory:" for a throwaway in-memory database).
func ParseDB(dsn string) (Engine, error) {
	if dsn == "" {
		return "", errors.New("KINDRED_DB: is empty; use a file path such as kindred.db or a postgres:// URL")
	}
	scheme, _, hasScheme := strings.Cut(dsn, "://")
	if !hasScheme {
		if strings.ContainsAny(dsn, "?\x00") && !strings.HasPrefix(dsn, "file:") {
			return "", fmt.Errorf("KINDRED_DB: %q is not a usable file path", dsn)
		}
		return SQLite, nil
	}
	switch scheme {
	case "postgres", "postgresql":
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("KINDRED_DB: not a valid PostgreSQL URL: %v", redactErr(err))
		}
		if u.Host == "" || strings.Trim(u.Path, "/") == "" {
			return "", errors.New("KINDRED_DB: a PostgreSQL URL needs a host and a database name, like postgres://user:pass@localhost:5432/kindred")
		}
		return Postgres, nil
	}
	return "", fmt.Errorf("KINDRED_DB: unsupported scheme %q; use a SQLite file path or a postgres:// URL", scheme)
}

// SMTP is a parsed KINDRED_SMTP_URL.
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	// TLS is "starttls" (the default for smtp://), "tls" (smtps://) or "none".
	TLS string
}

// ParseSMTP parses smtp://user:pass@host:port?tls=none|starttls or smtps://….
func ParseSMTP(raw string) (SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return SMTP{}, fmt.Errorf("KINDRED_SMTP_URL: %v", redactErr(err))
	}
	s := SMTP{Host: u.Hostname(), TLS: "starttls", Port: 587}
	switch u.Scheme {
	case "smtp":
	case "smtps":
		s.TLS, s.Port = "tls", 465
	default:
		return SMTP{}, fmt.Errorf("KINDRED_SMTP_URL: scheme must be smtp or smtps, not %q", u.Scheme)
	}
	if s.Host == "" {
		return SMTP{}, errors.New("KINDRED_SMTP_URL: needs a host, like smtp://user:pass@mail.example.org:587")
	}
	if p := u.Port(); p != "" {
		if _, err := fmt.Sscanf(p, "%d", &s.Port); err != nil || s.Port <= 0 || s.Port > 65535 {
			return SMTP{}, fmt.Errorf("KINDRED_SMTP_URL: port %q is not a number between 1 and 65535", p)
		}
	}
	if tls := u.Query().Get("tls"); tls != "" {
		if tls != "none" && tls != "starttls" && tls != "tls" {
			return SMTP{}, fmt.Errorf("KINDRED_SMTP_URL: tls=%q must be none, starttls or tls", tls)
		}
		s.TLS = tls
	}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	return s, nil
}

// redactErr keeps the URL, and the password in it, out of a parse error.
func redactErr(err error) string {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err.Error()
	}
	return "cannot parse it"
}

// Redacted returns a copy of c safe to log: passwords in URLs, the metrics
// token, the translation key and the OpenID Connect client secret are
// masked.
func (c Config) Redacted() Config {
	c.DB = redactURL(c.DB)
	c.SMTPURL = redactURL(c.SMTPURL)
	if c.DBReplicas != nil {
		rs := make([]string, len(c.DBReplicas))
		for i, r := range c.DBReplicas {
			rs[i] = redactURL(r)
		}
		c.DBReplicas = rs
	}
	c.TranslateURL = redactURL(c.TranslateURL)
	if c.MetricsToken != "" {
		c.MetricsToken = "xxxxx"
	}
	if c.TranslateKey != "" {
		c.TranslateKey = "xxxxx"
	}
	if c.OIDC.ClientSecret != "" {
		c.OIDC.ClientSecret = "xxxxx"
	}
	return c
}

func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	return u.Redacted()
}

// Getenv is os.Getenv, named so callers read as FromEnv(config.Getenv).
func Getenv(key string) string { return os.Getenv(key) }

// parseReminders reads a comma-separated list of durations before a
// gathering, such as "24h,2h" or "72h, 90m".
func parseReminders(s string) ([]time.Duration, error) {
	var out []time.Duration
	for _, part := range strings.Split(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(part))
		if err != nil || d <= 0 || d > 60*24*time.Hour {
			return nil, fmt.Errorf("KINDRED_REMINDERS: %q is not a time before a gathering like 24h or 90m (up to 60 days)", strings.TrimSpace(part))
		}
		out = append(out, d)
	}
	return out, nil
}

// sessionDurations reads KINDRED_SESSION_IDLE and KINDRED_SESSION_LIFETIME
// (durations such as 168h or 30m, between 5 minutes and a year).
func sessionDurations(c *Config, getenv func(string) string) error {
	for _, d := range []struct {
		name string
		to   *time.Duration
	}{{"KINDRED_SESSION_IDLE", &c.SessionIdle}, {"KINDRED_SESSION_LIFETIME", &c.SessionLifetime}} {
		v := getenv(d.name)
		if v == "" {
			continue
		}
		n, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil || n < 5*time.Minute || n > 366*24*time.Hour {
			return fmt.Errorf("%s: %q is not a duration between 5m and 8784h (a year), like 168h for a week", d.name, v)
		}
		*d.to = n
	}
	return nil
}
