package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// MachineTranslation returns the kept translation with key (a
// translate.Key hash), and false when there is none.
func (s *Store) MachineTranslation(ctx context.Context, key string) (string, bool, error) {
	var text string
	err := s.queryRow(ctx, `SELECT text FROM machine_translations WHERE key_hash = ?`, key).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("machine translation: %w", err)
	}
	return text, true, nil
}

// KeepMachineTranslation stores a translation under key (a translate.Key
// hash); a translation already kept under it is replaced.
func (tx *Tx) KeepMachineTranslation(ctx context.Context, key, source, target, text string) error {
	_, err := tx.exec(ctx, `INSERT INTO machine_translations (key_hash, source, target, text, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (key_hash) DO UPDATE SET text = excluded.text`, key, source, target, text, tx.now)
	if err != nil {
		return fmt.Errorf("keep machine translation: %w", tx.d.translate(err))
	}
	return nil
}

// StoryPractice returns the slug of the practice a story seeded, or ""
// when it seeded none.
func (s *Store) StoryPractice(ctx context.Context, storyID int64) (string, error) {
	var slug string
	err := s.queryRow(ctx, `SELECT p.slug FROM practice_sources ps JOIN practices p ON p.id = ps.practice_id
		WHERE ps.kind = 'story' AND ps.ref_id = ?`, storyID).Scan(&slug)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("story practice: %w", err)
	}
	return slug, nil
}
