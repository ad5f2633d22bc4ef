package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// CreateCity stores a city. The time zone must be an IANA name (e.g.
// America/Chicago); the slug must be unique (ECONFLICT).
func (tx *Tx) CreateCity(ctx context.Context, c kindred.City) (kindred.City, error) {
	var p kindred.Problems
	if c.Name == "" {
		p.Add("name", "is required")
	}
	if c.Slug == "" {
		p.Add("slug", "is required")
	}
	if _, err := time.LoadLocation(c.TimeZone); err != nil || c.TimeZone == "" {
		p.Add("time_zone", "is not a known time zone (like America/Chicago)")
	}
	if err := p.Err(); err != nil {
		return c, err
	}
	id, err := tx.insertID(ctx, `INSERT INTO cities (name, slug, time_zone, created_at) VALUES (?, ?, ?, ?)`,
		c.Name, c.Slug, c.TimeZone, tx.now)
	if err != nil {
		return c, fmt.Errorf("create city: %w", err)
	}
	c.ID = id
	return c, nil
}

// Cities lists all cities by name.
func (s *Store) Cities(ctx context.Context) ([]kindred.City, error) {
	rows, err := s.query(ctx, `SELECT id, name, slug, time_zone FROM cities ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list cities: %w", err)
	}
	defer rows.Close()
	var out []kindred.City
	for rows.Next() {
		var c kindred.City
		if err := rows.Scan(&c.ID, &c.Name, &c.Slug, &c.TimeZone); err != nil {
			return nil, fmt.Errorf("list cities: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
