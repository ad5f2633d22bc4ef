package store

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// Backup writes a consistent copy of the database to path while Kindred keeps
// running (SQLite's VACUUM INTO). The file must not exist yet. On PostgreSQL
// it returns an error pointing to pg_dump.
func (s *Store) Backup(ctx context.Context, path string) error {
	q, err := s.d.backupSQL()
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file name", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := s.write.ExecContext(ctx, q, path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
