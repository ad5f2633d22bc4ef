package store

import "context"

// FakeFutureSchema records a migration version this binary does not know, as
// a newer Kindred would have.
func (tx *Tx) FakeFutureSchema(ctx context.Context) error {
	_, err := tx.exec(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)`, 99999, true)
	return err
}
