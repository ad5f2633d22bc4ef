package config

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestFromEnvDefaults(t *testing.T) {
	t.Parallel()
	c, err := FromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Addr, "127.0.0.1:8080"; got != want {
		t.Errorf("Addr = %q, want %q", got, want)
	}
	if got, want := c.DB, "kindred.db"; got != want {
		t.Errorf("DB = %q, want %q", got, want)
	}
	if got, want := c.BaseURL, "http://127.0.0.1:8080"; got != want {
		t.Errorf("BaseURL = %q, want %q", got, want)
	}
	if c.SessionIdle != 7*24*time.Hour || c.SessionLifetime != 30*24*time.Hour {
		t.Errorf("sessions: idle %v, lifetime %v; want 7 days and 30 days", c.SessionIdle, c.SessionLifetime)
	}
	c, err = FromEnv(env(map[string]string{"KINDRED_SESSION_IDLE": "2h", "KINDRED_SESSION_LIFETIME": "24h"}))
	if err != nil || c.SessionIdle != 2*time.Hour || c.SessionLifetime != 24*time.Hour {
		t.Errorf("KINDRED_SESSION_IDLE=2h, KINDRED_SESSION_LIFETIME=24h: %v, %v, %v", c.SessionIdle, c.SessionLifetime, err)
	}
}

func TestFromEnvErrorsNameTheVariable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"bad scheme", map[string]string{"KINDRED_DB": "mysql://x/y"}, "KINDRED_DB"},
		{"postgres without db", map[string]string{"KINDRED_DB": "postgres://localhost"}, "KINDRED_DB"},
		{"postgres broken", map[string]string{"KINDRED_DB": "postgres://u:secretpw@[::1/db"}, "KINDRED_DB"},
		{"bad addr", map[string]string{"KINDRED_ADDR": "8080"}, "KINDRED_ADDR"},
		{"bad smtp", map[string]string{"KINDRED_SMTP_URL": "http://x"}, "KINDRED_SMTP_URL"},
		{"bad smtp port", map[string]string{"KINDRED_SMTP_URL": "smtp://x:99999"}, "KINDRED_SMTP_URL"},
		{"bad log level", map[string]string{"KINDRED_LOG_LEVEL": "loud"}, "KINDRED_LOG_LEVEL"},
		{"bad reminders", map[string]string{"KINDRED_REMINDERS": "24h,soon"}, "KINDRED_REMINDERS"},
		{"short metrics token", map[string]string{"KINDRED_METRICS_TOKEN": "secretpw"}, "KINDRED_METRICS_TOKEN"},
		{"metrics token with a space", map[string]string{"KINDRED_METRICS_TOKEN": "secretpw and more words"}, "KINDRED_METRICS_TOKEN"},
		{"replicas beside SQLite", map[string]string{"KINDRED_DB_REPLICAS": "postgres://u:secretpw@r1/kindred"}, "KINDRED_DB_REPLICAS"},
		{"replica not postgres", map[string]string{"KINDRED_DB": "postgres://p/kindred", "KINDRED_DB_REPLICAS": "replica.db"}, "KINDRED_DB_REPLICAS"},
		{"replica without database", map[string]string{"KINDRED_DB": "postgres://p/kindred", "KINDRED_DB_REPLICAS": "postgres://u:secretpw@r1"}, "KINDRED_DB_REPLICAS"},
		{"replica broken", map[string]string{"KINDRED_DB": "postgres://p/kindred", "KINDRED_DB_REPLICAS": "postgres://u:secretpw@[::1/db"}, "KINDRED_DB_REPLICAS"},
		{"empty replica entry", map[string]string{"KINDRED_DB": "postgres://p/kindred", "KINDRED_DB_REPLICAS": "postgres://r1/kindred,,postgres://r2/kindred"}, "entry 2 is empty"},
		{"replica is the primary", map[string]string{"KINDRED_DB": "postgres://p/kindred", "KINDRED_DB_REPLICAS": "postgres://p/kindred"}, "KINDRED_DB_REPLICAS"},
		{"replica twice", map[string]string{"KINDRED_DB": "postgres://p/kindred", "KINDRED_DB_REPLICAS": "postgres://r/kindred, postgres://r/kindred"}, "entry 2 is listed twice"},
		{"bad replica lag", map[string]string{"KINDRED_DB_REPLICA_MAX_LAG": "soon"}, "KINDRED_DB_REPLICA_MAX_LAG"},
		{"replica lag too long", map[string]string{"KINDRED_DB_REPLICA_MAX_LAG": "2h"}, "KINDRED_DB_REPLICA_MAX_LAG"},
		{"smtp listen without a port", map[string]string{"KINDRED_SMTP_LISTEN": "0.0.0.0"}, "KINDRED_SMTP_LISTEN"},
		{"mail domain with a space", map[string]string{"KINDRED_SMTP_LISTEN": ":2525", "KINDRED_MAIL_DOMAIN": "reply example"}, "KINDRED_MAIL_DOMAIN"},
		{"no reply domain", map[string]string{"KINDRED_SMTP_LISTEN": ":2525", "KINDRED_MAIL_FROM": "Kindred"}, "KINDRED_MAIL_DOMAIN"},
		{"translate url not http", map[string]string{"KINDRED_TRANSLATE_URL": "ftp://u:secretpw@translate"}, "KINDRED_TRANSLATE_URL"},
		{"translate url without host", map[string]string{"KINDRED_TRANSLATE_URL": "http://"}, "KINDRED_TRANSLATE_URL"},
		{"translate key without url", map[string]string{"KINDRED_TRANSLATE_KEY": "secretpw"}, "KINDRED_TRANSLATE_URL"},
		{"session idle not a duration", map[string]string{"KINDRED_SESSION_IDLE": "a week"}, "KINDRED_SESSION_IDLE"},
		{"session idle too short", map[string]string{"KINDRED_SESSION_IDLE": "1m"}, "KINDRED_SESSION_IDLE"},
		{"session idle past the lifetime", map[string]string{"KINDRED_SESSION_IDLE": "720h", "KINDRED_SESSION_LIFETIME": "168h"}, "KINDRED_SESSION_IDLE"},
		{"session lifetime too long", map[string]string{"KINDRED_SESSION_LIFETIME": "9000h"}, "KINDRED_SESSION_LIFETIME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromEnv(env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to name %s", err, tt.want)
			}
			if strings.Contains(err.Error(), "secretpw") {
				t.Errorf("error leaks the password: %v", err)
			}
		})
	}
}

func TestTranslateSetting(t *testing.T) {
	t.Parallel()
	c, err := FromEnv(env(map[string]string{"KINDRED_TRANSLATE_URL": " http://127.0.0.1:5000 ", "KINDRED_TRANSLATE_KEY": "k"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.TranslateURL != "http://127.0.0.1:5000" || c.TranslateKey != "k" {
		t.Errorf("TranslateURL, TranslateKey = %q, %q; want the URL trimmed and the key", c.TranslateURL, c.TranslateKey)
	}
	unset, err := FromEnv(env(nil))
	if err != nil || unset.TranslateURL != "" {
		t.Errorf("unset: TranslateURL = %q, %v; want empty (translation off)", unset.TranslateURL, err)
	}
}

func TestParseDB(t *testing.T) {
	t.Parallel()
	tests := []struct {
		dsn  string
		want Engine
	}{
		{"kindred.db", SQLite},
		{"/var/lib/kindred/data.db", SQLite},
		{":memory:", SQLite},
		{"postgres://u:p@localhost:5432/kindred?sslmode=disable", Postgres},
		{"postgresql://localhost/kindred", Postgres},
	}
	for _, tt := range tests {
		got, err := ParseDB(tt.dsn)
		if err != nil || got != tt.want {
			t.Errorf("ParseDB(%q) = %q, %v; want %q", tt.dsn, got, err, tt.want)
		}
	}
}

func TestReplicas(t *testing.T) {
	c, err := FromEnv(env(map[string]string{"KINDRED_DB": "postgres://u:p@primary/kindred",
		"KINDRED_DB_REPLICAS": " postgres://u:p@r1/kindred ,postgres://u:p@r2:5433/kindred", "KINDRED_DB_REPLICA_MAX_LAG": "2s"}))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"postgres://u:p@r1/kindred", "postgres://u:p@r2:5433/kindred"}
	if len(c.DBReplicas) != 2 || c.DBReplicas[0] != want[0] || c.DBReplicas[1] != want[1] {
		t.Errorf("DBReplicas = %q, want %q", c.DBReplicas, want)
	}
	if c.ReplicaMaxLag != 2*time.Second {
		t.Errorf("ReplicaMaxLag = %s, want 2s", c.ReplicaMaxLag)
	}
	if d, _ := FromEnv(env(nil)); d.DBReplicas != nil || d.ReplicaMaxLag != DefaultReplicaMaxLag {
		t.Errorf("defaults: DBReplicas = %q, ReplicaMaxLag = %s", d.DBReplicas, d.ReplicaMaxLag)
	}
	if r := c.Redacted(); strings.Contains(strings.Join(r.DBReplicas, " "), ":p@") || c.DBReplicas[0] != want[0] {
		t.Errorf("Redacted replicas = %q (original now %q)", r.DBReplicas, c.DBReplicas)
	}
}

func TestParseSMTP(t *testing.T) {
	t.Parallel()
	s, err := ParseSMTP("smtp://me:pw@127.0.0.1:1025?tls=none")
	if err != nil {
		t.Fatal(err)
	}
	if s.Host != "127.0.0.1" || s.Port != 1025 || s.TLS != "none" || s.Username != "me" || s.Password != "pw" {
		t.Errorf("ParseSMTP = %+v", s)
	}
}

func TestRedacted(t *testing.T) {
	t.Parallel()
	c := Config{DB: "postgres://u:hunter2@h/db", SMTPURL: "smtp://u:hunter2@h:25", MetricsToken: "hunter2hunter2hunter2",
		TranslateURL: "http://u:hunter2@translate:5000", TranslateKey: "hunter2"}
	r := c.Redacted()
	if strings.Contains(r.DB+r.SMTPURL+r.MetricsToken+r.TranslateURL+r.TranslateKey, "hunter2") {
		t.Errorf("Redacted leaks: %+v", r)
	}
}

func TestReplyDomain(t *testing.T) {
	t.Parallel()
	c, err := FromEnv(env(map[string]string{"KINDRED_SMTP_LISTEN": ":2525", "KINDRED_MAIL_FROM": "Kindred <hello@Network.example.org>"}))
	if err != nil || c.ReplyDomain() != "network.example.org" {
		t.Errorf("ReplyDomain = %q (%v), want the From address's domain", c.ReplyDomain(), err)
	}
	c, err = FromEnv(env(map[string]string{"KINDRED_SMTP_LISTEN": ":2525", "KINDRED_MAIL_DOMAIN": "reply.example.org"}))
	if err != nil || c.ReplyDomain() != "reply.example.org" {
		t.Errorf("ReplyDomain = %q (%v), want KINDRED_MAIL_DOMAIN", c.ReplyDomain(), err)
	}
}

func TestMetricsToken(t *testing.T) {
	t.Parallel()
	c, err := FromEnv(env(map[string]string{"KINDRED_METRICS_TOKEN": "3f9a1c0e5b7d2468ace0"}))
	if err != nil || c.MetricsToken != "3f9a1c0e5b7d2468ace0" {
		t.Errorf("MetricsToken = %q, %v", c.MetricsToken, err)
	}
}

func TestReminders(t *testing.T) {
	t.Parallel()
	c, err := FromEnv(env(map[string]string{"KINDRED_REMINDERS": "72h, 90m"}))
	if err != nil || len(c.Reminders) != 2 || c.Reminders[0] != 72*time.Hour || c.Reminders[1] != 90*time.Minute {
		t.Errorf("Reminders = %v, %v", c.Reminders, err)
	}
}

func TestOIDCSettings(t *testing.T) {
	t.Parallel()
	c, err := FromEnv(env(map[string]string{"KINDRED_OIDC_ISSUER": " https://login.example.org/realms/network ",
		"KINDRED_OIDC_CLIENT_ID": "kindred", "KINDRED_OIDC_CLIENT_SECRET": "secretpw-at-the-provider",
		"KINDRED_OIDC_CREATE_PROFILES": "true"}))
	if err != nil {
		t.Fatal(err)
	}
	want := OIDC{Issuer: "https://login.example.org/realms/network", ClientID: "kindred",
		ClientSecret: "secretpw-at-the-provider", Name: DefaultOIDCName, CreateProfiles: true}
	if c.OIDC != want || !c.OIDC.Enabled() {
		t.Errorf("OIDC = %+v, want %+v (enabled)", c.OIDC, want)
	}
	if got := fmt.Sprintf("%+v", c.Redacted()); strings.Contains(got, "secretpw") {
		t.Errorf("Redacted() shows the client secret: %s", got)
	}
	if c.OIDC.ClientSecret != want.ClientSecret {
		t.Errorf("Redacted changed the config itself")
	}
	for _, issuer := range []string{"http://127.0.0.1:9998/", "http://localhost:9998", "http://[::1]:9998/"} {
		c, err := FromEnv(env(map[string]string{"KINDRED_OIDC_ISSUER": issuer, "KINDRED_OIDC_CLIENT_ID": "k", "KINDRED_OIDC_CLIENT_SECRET": "s"}))
		if err != nil || c.OIDC.Issuer != issuer {
			t.Errorf("issuer %q on this machine: %v, %q; want it accepted as is", issuer, err, c.OIDC.Issuer)
		}
	}
	off, err := FromEnv(env(nil))
	if err != nil || off.OIDC.Enabled() || off.OIDC.Name != "" {
		t.Errorf("unset: %+v, %v; want single sign-on off", off.OIDC, err)
	}
}

func TestOIDCErrorsNameTheVariable(t *testing.T) {
	t.Parallel()
	full := func(k, v string) map[string]string {
		m := map[string]string{"KINDRED_OIDC_ISSUER": "https://login.example.org", "KINDRED_OIDC_CLIENT_ID": "kindred",
			"KINDRED_OIDC_CLIENT_SECRET": "secretpw"}
		if v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"http issuer elsewhere", full("KINDRED_OIDC_ISSUER", "http://login.example.org"), "KINDRED_OIDC_ISSUER"},
		{"issuer not a URL", full("KINDRED_OIDC_ISSUER", "login.example.org"), "KINDRED_OIDC_ISSUER"},
		{"issuer with a password", full("KINDRED_OIDC_ISSUER", "https://u:secretpw@login.example.org"), "KINDRED_OIDC_ISSUER"},
		{"issuer with a query", full("KINDRED_OIDC_ISSUER", "https://login.example.org/?x=1"), "KINDRED_OIDC_ISSUER"},
		{"broken issuer", full("KINDRED_OIDC_ISSUER", "https://u:secretpw@[::1/x"), "KINDRED_OIDC_ISSUER"},
		{"no client id", full("KINDRED_OIDC_CLIENT_ID", ""), "KINDRED_OIDC_CLIENT_ID"},
		{"no client secret", full("KINDRED_OIDC_CLIENT_SECRET", ""), "KINDRED_OIDC_CLIENT_SECRET"},
		{"long name", full("KINDRED_OIDC_NAME", strings.Repeat("Network ", 6)), "KINDRED_OIDC_NAME"},
		{"profiles not a boolean", full("KINDRED_OIDC_CREATE_PROFILES", "sometimes"), "KINDRED_OIDC_CREATE_PROFILES"},
		{"secret without issuer", map[string]string{"KINDRED_OIDC_CLIENT_SECRET": "secretpw"}, "KINDRED_OIDC_ISSUER"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromEnv(env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to name %s", err, tt.want)
			}
			if strings.Contains(err.Error(), "secretpw") {
				t.Errorf("error leaks the secret: %v", err)
			}
		})
	}
}
