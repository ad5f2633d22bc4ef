// Package testutil holds test helpers: a migrated store on each engine, a
// running server, a browser and a real mail server. Tests use real services,
// never mocks; in CI (CI=true) a missing service fails the test instead of
// skipping it.
package testutil

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for admin statements

	"github.com/kindredhq/kindred/internal/store"
)

// Engine is a database engine the store tests run on.
type Engine struct {
	Name string
	// DSN returns the DSN of a fresh, migrated database for one test.
	DSN func(t testing.TB) string
}

// Engines returns SQLite (a file, see FreshSQLite) always, and PostgreSQL
// when KINDRED_TEST_POSTGRES names a server (required when CI=true).
func Engines(t testing.TB) []Engine {
	engines := []Engine{{Name: "sqlite", DSN: FreshSQLite}}
	if PostgresDSN(t) != "" {
		engines = append(engines, Engine{Name: "postgres", DSN: FreshPostgres})
	}
	return engines
}

// PostgresDSN returns KINDRED_TEST_POSTGRES; in CI its absence fails t.
func PostgresDSN(t testing.TB) string {
	dsn := os.Getenv("KINDRED_TEST_POSTGRES")
	if dsn == "" && os.Getenv("CI") == "true" {
		t.Fatal("KINDRED_TEST_POSTGRES is not set; run the tests with ./test.sh")
	}
	return dsn
}

// ForEachEngine runs fn as a subtest on a fresh migrated store per engine.
func ForEachEngine(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	for _, e := range Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			fn(t, OpenStore(t, e.DSN(t)))
		})
	}
}

// OpenStore opens and migrates the store at dsn, closing it when t ends.
func OpenStore(t testing.TB, dsn string, opts ...store.Option) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dsn, opts...)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// FreshPostgres creates an empty database on the test server for one test
// (copied from a migrated template made once per test binary) and drops it
// when the test ends.
func FreshPostgres(t testing.TB) string {
	t.Helper()
	admin := PostgresDSN(t)
	if admin == "" {
		t.Skip("KINDRED_TEST_POSTGRES is not set")
	}
	templateOnce.Do(func() { templateName, templateErr = makeTemplate(admin) })
	if templateErr != nil {
		t.Fatalf("postgres template: %v", templateErr)
	}
	name := "kt_" + randomHex(6)
	if err := adminExec(admin, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, templateName)); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() { _ = adminExec(admin, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name)) })
	return withDatabase(admin, name)
}

// FreshSQLite returns the path of a new, migrated SQLite file for one test
// (in t.TempDir), copied from a template: migrating costs about two seconds
// under the race detector, copying a millisecond. The template is made once
// per set of migrations and shared by every test binary through the
// system's temporary directory (see sqliteTemplate).
func FreshSQLite(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kindred.db")
	if err := copySQLiteTemplate(path); err != nil {
		t.Fatalf("SQLite template: %v", err)
	}
	return path
}

// copySQLiteTemplate copies the migrated template to path.
func copySQLiteTemplate(path string) error {
	templateSQLite.once.Do(func() { templateSQLite.path, templateSQLite.err = sqliteTemplate() })
	if templateSQLite.err != nil {
		return templateSQLite.err
	}
	return copyFile(templateSQLite.path, path)
}

var templateSQLite struct {
	once sync.Once
	path string
	err  error
}

// sqliteTemplate returns the path of a migrated SQLite file named by the
// digest of the migrations and of the job queue's version, making it
// first if no earlier test binary did (written beside and renamed, so
// binaries running at once never read half a file).
func sqliteTemplate() (string, error) {
	key := store.MigrationsDigest()
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if strings.HasPrefix(d.Path, "github.com/riverqueue/river") {
				key += d.Path + d.Version
			}
		}
	}
	sum := sha256.Sum256([]byte(key))
	dir := filepath.Join(os.TempDir(), "kindred-test-templates")
	path := filepath.Join(dir, "sqlite-"+hex.EncodeToString(sum[:8])+".db")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(dir, "making-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := store.Open(ctx, filepath.Join(tmp, "t.db"))
	if err != nil {
		return "", err
	}
	if _, err := s.Migrate(ctx); err != nil {
		s.Close()
		return "", err
	}
	if err := s.Close(); err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(tmp, "t.db-wal")); err == nil {
		return "", fmt.Errorf("the template's write-ahead log was not checkpointed at close")
	}
	return path, os.Rename(filepath.Join(tmp, "t.db"), path)
}

// EmptyPostgres creates an empty, unmigrated database for one test and drops
// it when the test ends.
func EmptyPostgres(t testing.TB) string {
	t.Helper()
	admin := PostgresDSN(t)
	if admin == "" {
		t.Skip("KINDRED_TEST_POSTGRES is not set")
	}
	name := "ke_" + randomHex(6)
	if err := adminExec(admin, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() { _ = adminExec(admin, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name)) })
	return withDatabase(admin, name)
}

// makeTemplate creates and migrates a template database.
func makeTemplate(admin string) (string, error) {
	name := "ktpl_" + randomHex(6)
	if err := adminExec(admin, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := store.Open(ctx, withDatabase(admin, name))
	if err != nil {
		return "", err
	}
	_, err = s.Migrate(ctx)
	s.Close()
	return name, err
}

func adminExec(admin, stmt string) error {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(stmt)
	return err
}

// withDatabase returns dsn pointing at database name.
func withDatabase(dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	u.Path = "/" + strings.TrimPrefix(name, "/")
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
