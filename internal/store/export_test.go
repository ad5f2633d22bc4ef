package store

import (
	"context"
	"time"
)

// FakeFutureSchema records a migration version this binary does not know, as
// a newer Kindred would have.
func (tx *Tx) FakeFutureSchema(ctx context.Context) error {
	_, err := tx.exec(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)`, 99999, true)
	return err
}

// MigrateTo moves the schema to version, down or up, so a test can store
// rows as an older Kindred did and watch a migration change them.
func (s *Store) MigrateTo(ctx context.Context, version int64) error {
	p, err := s.goose()
	if err != nil {
		return err
	}
	cur, err := p.GetDBVersion(ctx)
	if err != nil {
		return err
	}
	if version < cur {
		_, err = p.DownTo(ctx, version)
	} else {
		_, err = p.UpTo(ctx, version)
	}
	return err
}

// InsertStoryAt stores a story as Kindred did before stories kept only
// their day: told at the instant at, changed at changed.
func (tx *Tx) InsertStoryAt(ctx context.Context, campaignID int64, at, changed time.Time) (int64, error) {
	return tx.insertID(ctx, `INSERT INTO stories (campaign_id, text, lang, consent, anonymous, signifiers, context, state, source,
		created_at, updated_at) VALUES (?, 'Told long ago', 'en', 'public', TRUE, '{}', '{}', 'pending', 'form', ?, ?)`, campaignID, at, changed)
}
