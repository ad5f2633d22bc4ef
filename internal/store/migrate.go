package store

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/rivermigrate"
)

//go:embed migrations
var migrations embed.FS

// MigrationsDigest returns a hex SHA-256 over every migration file of both
// engines, names and contents: two binaries with the same digest build the
// same schema (the test helpers key their migrated template databases by
// it).
func MigrationsDigest() string {
	h := sha256.New()
	_ = fs.WalkDir(migrations, "migrations", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := migrations.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", path, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))
}

// ErrNewerSchema is wrapped by Migrate when the database was written by a newer
// Kindred: starting would risk corrupting it.
var ErrNewerSchema = fmt.Errorf("the database was created by a newer version of Kindred")

// MigrationStatus says where the schema stands.
type MigrationStatus struct {
	Current int64 // version applied in the database
	Latest  int64 // newest version this binary knows
}

// Migrate brings the schema up to date: Kindred's own tables (goose) and the
// job queue's (River). It refuses a database newer than this binary. Several
// instances may call it at once: they take turns.
func (s *Store) Migrate(ctx context.Context) (MigrationStatus, error) {
	var st MigrationStatus
	err := s.withMigrationLock(ctx, func() error {
		var err error
		st, err = s.migrate(ctx)
		return err
	})
	return st, err
}

func (s *Store) migrate(ctx context.Context) (MigrationStatus, error) {
	p, err := s.goose()
	if err != nil {
		return MigrationStatus{}, err
	}
	st, err := s.migrationStatus(ctx, p)
	if err != nil {
		return st, err
	}
	if st.Current > st.Latest {
		return st, fmt.Errorf("%w (schema version %d, this binary knows up to %d); upgrade Kindred instead",
			ErrNewerSchema, st.Current, st.Latest)
	}
	if _, err := p.Up(ctx); err != nil {
		return st, fmt.Errorf("migrate: %w", err)
	}
	if err := s.migrateJobs(ctx); err != nil {
		return st, err
	}
	st.Current = st.Latest
	return st, nil
}

func (s *Store) goose() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, s.d.migrationDir())
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	// Migrations written on parallel branches get numbers in the order the
	// work started, not the order it landed; applying a lower-numbered one
	// after a higher one is safe because each touches its own tables.
	p, err := goose.NewProvider(s.d.gooseDialect(), s.write, sub, goose.WithAllowOutofOrder(true))
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

func (s *Store) migrationStatus(ctx context.Context, p *goose.Provider) (MigrationStatus, error) {
	var st MigrationStatus
	sources := p.ListSources()
	if len(sources) > 0 {
		st.Latest = sources[len(sources)-1].Version
	}
	cur, err := p.GetDBVersion(ctx)
	if err != nil {
		return st, fmt.Errorf("read schema version: %w", err)
	}
	st.Current = cur
	return st, nil
}

// migrateJobs applies the job queue's (River's) migrations.
func (s *Store) migrateJobs(ctx context.Context) error {
	m, err := rivermigrate.New(s.JobDriver(), nil)
	if err == nil {
		_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	}
	if err != nil {
		return fmt.Errorf("migrate job queue: %w", err)
	}
	return nil
}
