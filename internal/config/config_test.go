package config

import (
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestFromEnvDefaults(t *testing.T) {
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
}

func TestFromEnvErrorsNameTheVariable(t *testing.T) {
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

func TestParseDB(t *testing.T) {
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

func TestParseSMTP(t *testing.T) {
	s, err := ParseSMTP("smtp://me:pw@127.0.0.1:1025?tls=none")
	if err != nil {
		t.Fatal(err)
	}
	if s.Host != "127.0.0.1" || s.Port != 1025 || s.TLS != "none" || s.Username != "me" || s.Password != "pw" {
		t.Errorf("ParseSMTP = %+v", s)
	}
}

func TestRedacted(t *testing.T) {
	c := Config{DB: "postgres://u:hunter2@h/db", SMTPURL: "smtp://u:hunter2@h:25", MetricsToken: "hunter2hunter2hunter2"}
	r := c.Redacted()
	if strings.Contains(r.DB+r.SMTPURL+r.MetricsToken, "hunter2") {
		t.Errorf("Redacted leaks: %+v", r)
	}
}

func TestMetricsToken(t *testing.T) {
	c, err := FromEnv(env(map[string]string{"KINDRED_METRICS_TOKEN": "3f9a1c0e5b7d2468ace0"}))
	if err != nil || c.MetricsToken != "3f9a1c0e5b7d2468ace0" {
		t.Errorf("MetricsToken = %q, %v", c.MetricsToken, err)
	}
}

func TestReminders(t *testing.T) {
	c, err := FromEnv(env(map[string]string{"KINDRED_REMINDERS": "72h, 90m"}))
	if err != nil || len(c.Reminders) != 2 || c.Reminders[0] != 72*time.Hour || c.Reminders[1] != 90*time.Minute {
		t.Errorf("Reminders = %v, %v", c.Reminders, err)
	}
}
