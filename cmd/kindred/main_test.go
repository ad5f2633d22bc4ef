package main

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// runCmd runs the kindred command in-process and returns its exit status and output.
func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, stdio{in: strings.NewReader(stdin), out: &out, err: &errb})
	return code, out.String(), errb.String()
}

func TestMalformedDatabaseSettingStopsStartUp(t *testing.T) {
	for _, dsn := range []string{"mysql://x/y", "postgres://localhost", "postgres://u:pw@[::1/db"} {
		t.Setenv("KINDRED_DB", dsn)
		code, _, stderr := runCmd(t, "", "serve")
		if code != 2 || !strings.Contains(stderr, "KINDRED_DB") {
			t.Errorf("KINDRED_DB=%q: exit %d, stderr %q; want 2 naming KINDRED_DB", dsn, code, stderr)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	t.Parallel()
	code, _, stderr := runCmd(t, "", "frobnicate")
	if code != 2 || !strings.Contains(stderr, "unknown command") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}

func TestUserAndTokenCommands(t *testing.T) {
	t.Setenv("KINDRED_DB", t.TempDir()+"/k.db")
	code, out, stderr := runCmd(t, "", "user", "create", "--role", "admin", "--name", "Ops", "Ops@Example.org")
	if code != 0 || !strings.Contains(out, "created admin account") {
		t.Fatalf("user create: %d %q %q", code, out, stderr)
	}
	code, _, stderr = runCmd(t, "", "user", "create", "ops@example.org")
	if code != 2 || !strings.Contains(stderr, "already exists") {
		t.Errorf("duplicate user create: %d %q", code, stderr)
	}
	code, _, stderr = runCmd(t, "", "user", "create", "--role", "king", "x@example.org")
	if code != 2 || !strings.Contains(stderr, "role") {
		t.Errorf("bad role: %d %q", code, stderr)
	}
	code, out, _ = runCmd(t, "", "token", "create", "ops@example.org")
	token := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(token, store.APITokenPrefix) {
		t.Fatalf("token create: %d %q", code, out)
	}
	code, _, stderr = runCmd(t, "", "token", "create", "nobody@example.org")
	if code != 2 || !strings.Contains(stderr, "no account") {
		t.Errorf("token for unknown email: %d %q", code, stderr)
	}
}

// TestUserAccessCommands: the command line gives and changes access with
// the accounts page's rules (an organizer needs a city or the network-wide
// grant; the last administrator stays one), and prints sign-in links for
// installs without a mail server.
func TestUserAccessCommands(t *testing.T) {
	path := t.TempDir() + "/k.db"
	t.Setenv("KINDRED_DB", path)
	t.Setenv("KINDRED_BASE_URL", "https://kindred.example.org")
	if code, _, stderr := runCmd(t, "", "user", "create", "ops@example.org"); code != 0 {
		t.Fatalf("first user: %d %q", code, stderr)
	}
	st := testutil.OpenStore(t, path)
	err := st.WithTx(context.Background(), func(tx *store.Tx) error {
		_, err := tx.CreateCity(context.Background(), kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd(t, "", "user", "create", "--role", "organizer", "nowhere@example.org")
	if code != 2 || !strings.Contains(stderr, "cities") {
		t.Errorf("an organizer of nothing: %d %q", code, stderr)
	}
	code, out, stderr := runCmd(t, "", "user", "create", "--role", "organizer", "--city", "chicago", "org@example.org")
	if code != 0 || !strings.Contains(out, "created organizer account") {
		t.Fatalf("an organizer of Chicago: %d %q %q", code, out, stderr)
	}
	code, out, stderr = runCmd(t, "", "user", "role", "--role", "organizer", "--city", "Chicago", "--network-wide", "org@example.org")
	if code != 0 || !strings.Contains(out, "network-wide") {
		t.Fatalf("the network-wide grant: %d %q %q", code, out, stderr)
	}
	a, err := st.AccountByEmail(context.Background(), "org@example.org")
	if err != nil || !a.NetworkWide || len(a.CityIDs) != 1 {
		t.Errorf("after the grant: %+v, %v", a, err)
	}
	if code, _, stderr := runCmd(t, "", "user", "role", "--role", "member", "ops@example.org"); code != 2 || !strings.Contains(stderr, "administrator") {
		t.Errorf("demoting the last administrator: %d %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, "", "user", "create", "--role", "organizer", "--city", "atlantis", "x@example.org"); code != 2 || !strings.Contains(stderr, "atlantis") {
		t.Errorf("an unknown city: %d %q", code, stderr)
	}
	code, out, _ = runCmd(t, "", "user", "link", "org@example.org")
	if code != 0 || !strings.HasPrefix(out, "https://kindred.example.org/signin/link?token=") {
		t.Errorf("user link: %d %q", code, out)
	}
	if code, _, stderr := runCmd(t, "", "user", "link", "nobody@example.org"); code != 2 || !strings.Contains(stderr, "no account") {
		t.Errorf("user link for an unknown address: %d %q", code, stderr)
	}
}

func TestNewerDatabaseRefused(t *testing.T) {
	path := t.TempDir() + "/k.db"
	testutil.OpenStore(t, path).Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	// A newer Kindred would have recorded a migration this binary lacks.
	if _, err := db.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, 1)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	t.Setenv("KINDRED_DB", path)
	code, _, stderr := runCmd(t, "", "migrate")
	if code == 0 || !strings.Contains(stderr, "newer version of Kindred") {
		t.Errorf("migrate on a newer database: exit %d, %q", code, stderr)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	code, out, _ := runCmd(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "kindred ") {
		t.Errorf("version: %d %q", code, out)
	}
}
