package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/store"
)

func TestBackupAndRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	t.Setenv("KINDRED_DB", db)
	if code, _, stderr := runCmd(t, "", "user", "create", "--role", "admin", "keep@example.org"); code != 0 {
		t.Fatalf("user create: %s", stderr)
	}
	backup := filepath.Join(dir, "copy.db")
	code, out, stderr := runCmd(t, "", "backup", backup)
	if code != 0 || !strings.Contains(out, "to restore") {
		t.Fatalf("backup: %d %q %q", code, out, stderr)
	}
	if code, _, stderr := runCmd(t, "", "backup", backup); code == 0 || !strings.Contains(stderr, "already exists") {
		t.Errorf("backup over an existing file: %d %q", code, stderr)
	}
	// Restore: point Kindred at the copy; the account is there.
	st, err := store.Open(context.Background(), backup)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if a, err := st.AccountByEmail(context.Background(), "keep@example.org"); err != nil || a.Role != "admin" {
		t.Errorf("restored account = %+v, %v", a, err)
	}
	t.Setenv("KINDRED_DB", "postgres://localhost/kindred")
	if code, _, stderr := runCmd(t, "", "backup"); code != 2 || !strings.Contains(stderr, "pg_dump") {
		t.Errorf("backup on PostgreSQL: %d %q", code, stderr)
	}
}
