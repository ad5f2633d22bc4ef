package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
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

// CityTables are the tables Cities reads, for caches of its answers.
var CityTables = []string{"cities"}

// Cities lists all cities by name. The list is cached until a city changes
// (see Version); callers get their own copy.
func (s *Store) Cities(ctx context.Context) ([]kindred.City, error) {
	cities, err := s.caches.cities.Get(s, []string{"cities"}, func() ([]kindred.City, error) { return s.loadCities(ctx) })
	return slices.Clone(cities), err
}

func (s *Store) loadCities(ctx context.Context) ([]kindred.City, error) {
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

// City returns one city. ENOTFOUND if missing.
func (s *Store) City(ctx context.Context, id int64) (kindred.City, error) {
	var c kindred.City
	err := s.queryRow(ctx, `SELECT id, name, slug, time_zone FROM cities WHERE id = ?`, id).Scan(&c.ID, &c.Name, &c.Slug, &c.TimeZone)
	if err != nil {
		return c, fmt.Errorf("city %d: %w", id, s.d.translate(err))
	}
	return c, nil
}

// CityBySlug returns the city with that slug. ENOTFOUND if none.
func (s *Store) CityBySlug(ctx context.Context, slug string) (kindred.City, error) {
	var id int64
	if err := s.queryRow(ctx, `SELECT id FROM cities WHERE slug = ?`, slug).Scan(&id); err != nil {
		return kindred.City{}, fmt.Errorf("city %q: %w", slug, s.d.translate(err))
	}
	return s.City(ctx, id)
}

// UpdateCity changes a city's name and time zone.
func (tx *Tx) UpdateCity(ctx context.Context, c kindred.City) error {
	var p kindred.Problems
	if c.Name == "" {
		p.Add("name", "is required")
	}
	if _, err := time.LoadLocation(c.TimeZone); err != nil || c.TimeZone == "" {
		p.Add("time_zone", "is not a known time zone (like America/Chicago)")
	}
	if err := p.Err(); err != nil {
		return err
	}
	return tx.execOne(ctx, "update city", `UPDATE cities SET name = ?, time_zone = ? WHERE id = ?`, c.Name, c.TimeZone, c.ID)
}

// CityOrganizers lists the organizer accounts of a city.
func (s *Store) CityOrganizers(ctx context.Context, cityID int64) ([]*kindred.Account, error) {
	rows, err := s.query(ctx, `SELECT `+accountColumns+` FROM accounts a JOIN organizer_cities oc ON oc.account_id = a.id
		WHERE oc.city_id = ? AND a.role = 'organizer' ORDER BY a.name, a.email`, cityID)
	if err != nil {
		return nil, fmt.Errorf("city organizers: %w", err)
	}
	defer rows.Close()
	var out []*kindred.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CityIDsByName maps lower-cased city names (and slugs) to ids.
func (s *Store) CityIDsByName(ctx context.Context) (map[string]int64, error) {
	cities, err := s.Cities(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, c := range cities {
		out[strings.ToLower(c.Name)] = c.ID
		out[c.Slug] = c.ID
	}
	return out, nil
}
