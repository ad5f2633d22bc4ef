package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

const orgColumns = `o.id, o.name, o.slug, o.kind, o.size_band, o.website, o.description, o.created_at`

func scanOrg(r rowScanner, extra ...any) (*kindred.Organization, error) {
	var o kindred.Organization
	dest := append([]any{&o.ID, &o.Name, &o.Slug, &o.Kind, &o.SizeBand, &o.Website, &o.Description, &o.CreatedAt}, extra...)
	if err := r.Scan(dest...); err != nil {
		return nil, err
	}
	o.CreatedAt = o.CreatedAt.UTC()
	return &o, nil
}

// CreateOrganization validates and stores o (with its cities), choosing a
// unique slug. A name already taken (ignoring case) is an ECONFLICT on "name".
func (tx *Tx) CreateOrganization(ctx context.Context, o kindred.Organization) (*kindred.Organization, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if err := tx.nameFree(ctx, o.Name, 0); err != nil {
		return nil, err
	}
	slug, err := tx.freeSlug(ctx, "organizations", o.Slug)
	if err != nil {
		return nil, err
	}
	o.Slug = slug
	o.ID, err = tx.insertID(ctx, `INSERT INTO organizations (name, slug, kind, size_band, website, description, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, o.Name, o.Slug, o.Kind, o.SizeBand, o.Website, o.Description, tx.now, tx.now)
	if err != nil {
		return nil, fmt.Errorf("create organization: %w", err)
	}
	if err := tx.setOrgCities(ctx, o.ID, o.CityIDs); err != nil {
		return nil, err
	}
	o.CreatedAt = tx.now
	return &o, tx.indexOrg(ctx, &o)
}

// UpdateOrganization changes o's details and cities; the slug stays.
func (tx *Tx) UpdateOrganization(ctx context.Context, o kindred.Organization) error {
	if err := o.Validate(); err != nil {
		return err
	}
	if err := tx.nameFree(ctx, o.Name, o.ID); err != nil {
		return err
	}
	err := tx.execOne(ctx, "update organization", `UPDATE organizations SET name = ?, kind = ?, size_band = ?, website = ?,
		description = ?, updated_at = ? WHERE id = ?`, o.Name, o.Kind, o.SizeBand, o.Website, o.Description, tx.now, o.ID)
	if err != nil {
		return err
	}
	if err := tx.setOrgCities(ctx, o.ID, o.CityIDs); err != nil {
		return err
	}
	delete(tx.orgNames, o.ID)
	return tx.indexOrg(ctx, &o)
}

func (tx *Tx) nameFree(ctx context.Context, name string, self int64) error {
	var id int64
	err := tx.queryRow(ctx, `SELECT id FROM organizations WHERE lower(name) = lower(?) AND id <> ?`, name, self).Scan(&id)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check organization name: %w", err)
	}
	return &kindred.Error{Code: kindred.ECONFLICT, Message: "An organization with that name already exists.",
		Fields: map[string]string{"name": "is already used by another organization"}}
}

// freeSlug returns slug, or slug-2, slug-3… if taken in table.
func (tx *Tx) freeSlug(ctx context.Context, table, slug string) (string, error) {
	candidate := slug
	for n := 2; ; n++ {
		var one int
		err := tx.queryRow(ctx, `SELECT 1 FROM `+table+` WHERE slug = ?`, candidate).Scan(&one)
		if err == sql.ErrNoRows {
			return candidate, nil
		}
		if err != nil {
			return "", fmt.Errorf("choose slug: %w", err)
		}
		candidate = fmt.Sprintf("%s-%d", slug, n)
	}
}

func (tx *Tx) setOrgCities(ctx context.Context, orgID int64, cityIDs []int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM organization_cities WHERE organization_id = ?`, orgID); err != nil {
		return fmt.Errorf("organization cities: %w", err)
	}
	for _, c := range uniqueIDs(cityIDs) {
		if _, err := tx.exec(ctx, `INSERT INTO organization_cities (organization_id, city_id) VALUES (?, ?)`, orgID, c); err != nil {
			return fmt.Errorf("organization cities: %w", err)
		}
	}
	return nil
}

func (tx *Tx) indexOrg(ctx context.Context, o *kindred.Organization) error {
	return tx.IndexDocument(ctx, kindred.SearchDoc{Kind: "organization", RefID: o.ID, Title: o.Name,
		Body: strings.Join([]string{o.Kind, o.Description}, " ")})
}

// Organization returns one organization with its cities. ENOTFOUND if missing.
func (s *Store) Organization(ctx context.Context, id int64) (*kindred.Organization, error) {
	o, err := scanOrg(s.queryRow(ctx, `SELECT `+orgColumns+` FROM organizations o WHERE o.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("organization %d: %w", id, s.d.translate(err))
	}
	o.CityIDs, err = collectIDs(s.query(ctx, `SELECT city_id FROM organization_cities WHERE organization_id = ? ORDER BY city_id`, id))
	return o, err
}

// OrganizationBySlug returns the organization with that slug. ENOTFOUND if none.
func (s *Store) OrganizationBySlug(ctx context.Context, slug string) (*kindred.Organization, error) {
	var id int64
	if err := s.queryRow(ctx, `SELECT id FROM organizations WHERE slug = ?`, slug).Scan(&id); err != nil {
		return nil, fmt.Errorf("organization %q: %w", slug, s.d.translate(err))
	}
	return s.Organization(ctx, id)
}

// OrganizationFilter narrows ListOrganizations.
type OrganizationFilter struct {
	CityID int64
	After  string // cursor: list organizations whose name sorts after this
	Limit  int
}

// OrganizationTables are the tables a listed organization is read from, for
// caches of organization lists (see Version).
var OrganizationTables = []string{"organizations", "organization_cities", "affiliations", "members"}

// ListOrganizations lists organizations by name with their number of
// current members who show the whole network their affiliation (a count
// anyone reads must not tell what some keep to themselves).
// Pages are cached until an organization or affiliation changes (see Cached);
// each caller gets its own copies.
func (s *Store) ListOrganizations(ctx context.Context, f OrganizationFilter) ([]*kindred.Organization, error) {
	key := fmt.Sprintf("%q %d %d", f.After, f.CityID, f.Limit)
	orgs, err := s.caches.orgPages.Get(s, key, OrganizationTables,
		func() ([]*kindred.Organization, error) { return s.loadOrganizations(ctx, f) })
	out := make([]*kindred.Organization, len(orgs))
	for i, o := range orgs {
		c := *o
		c.CityIDs = slices.Clone(o.CityIDs)
		out[i] = &c
	}
	return out, err
}

// CountOrganizations returns how many organizations there are (in
// cityID, when not 0), for lists that show only some of them.
func (s *Store) CountOrganizations(ctx context.Context, cityID int64) (int, error) {
	q, args := `SELECT count(*) FROM organizations o`, []any{}
	if cityID != 0 {
		q += ` WHERE EXISTS (SELECT 1 FROM organization_cities oc WHERE oc.organization_id = o.id AND oc.city_id = ?)`
		args = append(args, cityID)
	}
	var n int
	if err := s.queryRow(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count organizations: %w", err)
	}
	return n, nil
}

func (s *Store) loadOrganizations(ctx context.Context, f OrganizationFilter) ([]*kindred.Organization, error) {
	q := `SELECT ` + orgColumns + ` FROM organizations o WHERE lower(o.name) > lower(?)`
	args := []any{f.After}
	if f.CityID != 0 {
		q += ` AND EXISTS (SELECT 1 FROM organization_cities oc WHERE oc.organization_id = o.id AND oc.city_id = ?)`
		args = append(args, f.CityID)
	}
	rows, err := s.query(ctx, q+` ORDER BY lower(o.name) LIMIT ?`, append(args, limitOr(f.Limit, 100))...)
	if err != nil {
		return nil, fmt.Errorf("list organizations: %w", err)
	}
	defer rows.Close()
	var out []*kindred.Organization
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, fmt.Errorf("list organizations: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list organizations: %w", err)
	}
	return out, s.countPeople(ctx, out)
}

// countPeople sets each organization's People: its current members who
// show their affiliations to the whole network. Members are counted per
// visibility setting (few distinct ones), which the field's level decides.
func (s *Store) countPeople(ctx context.Context, orgs []*kindred.Organization) error {
	if len(orgs) == 0 {
		return nil
	}
	byID, ids := map[int64]*kindred.Organization{}, make([]string, len(orgs))
	for i, o := range orgs {
		byID[o.ID], ids[i] = o, strconv.FormatInt(o.ID, 10)
	}
	rows, err := s.query(ctx, `SELECT a.organization_id, m.visibility, COUNT(DISTINCT a.member_id)
		FROM affiliations a JOIN members m ON m.id = a.member_id
		WHERE a.until = '' AND a.organization_id IN (`+strings.Join(ids, ", ")+`) GROUP BY a.organization_id, m.visibility`)
	if err != nil {
		return fmt.Errorf("count people: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var vis string
		var n int
		if err := rows.Scan(&id, &vis, &n); err != nil {
			return fmt.Errorf("count people: %w", err)
		}
		var v kindred.Visibility
		if err := json.Unmarshal([]byte(vis), &v); err != nil {
			return fmt.Errorf("count people: visibility %q: %w", vis, err)
		}
		if v.Of(kindred.FieldAffiliations) == kindred.LevelNetwork {
			byID[id].People += n
		}
	}
	return rows.Err()
}

// OrganizationIDsByName maps lower-cased organization names to ids.
func (s *Store) OrganizationIDsByName(ctx context.Context) (map[string]int64, error) {
	rows, err := s.query(ctx, `SELECT lower(name), id FROM organizations`)
	if err != nil {
		return nil, fmt.Errorf("organization names: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var name string
		var id int64
		if err := rows.Scan(&name, &id); err != nil {
			return nil, err
		}
		out[name] = id
	}
	return out, rows.Err()
}

// OrganizationCitiesByName maps each organization's lower-cased name to the
// cities it works in (an empty list for none), so an import can tell whose
// profiles a row would change.
func (s *Store) OrganizationCitiesByName(ctx context.Context) (map[string][]int64, error) {
	rows, err := s.query(ctx, `SELECT lower(o.name), oc.city_id FROM organizations o
		LEFT JOIN organization_cities oc ON oc.organization_id = o.id ORDER BY o.id, oc.city_id`)
	if err != nil {
		return nil, fmt.Errorf("organization cities: %w", err)
	}
	defer rows.Close()
	out := map[string][]int64{}
	for rows.Next() {
		var name string
		var city sql.NullInt64
		if err := rows.Scan(&name, &city); err != nil {
			return nil, fmt.Errorf("organization cities: %w", err)
		}
		if city.Valid {
			out[name] = append(out[name], city.Int64)
		} else {
			out[name] = out[name][:0:0]
		}
	}
	return out, rows.Err()
}

// limitOr returns n clamped to 1..1000, or def when n is not positive.
func limitOr(n, def int) int {
	switch {
	case n <= 0:
		return def
	case n > 1000:
		return 1000
	}
	return n
}

// uniqueIDs drops zeros and repeats, keeping order.
func uniqueIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	out := ids[:0:0]
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// OrganizationChoices lists every organization's id, name and slug by name,
// without counts: what choice menus need, cheaply. The list is cached until an
// organization changes (see Version) and shared: callers must not change it.
func (s *Store) OrganizationChoices(ctx context.Context) ([]*kindred.Organization, error) {
	return s.caches.orgChoices.Get(s, []string{"organizations"}, func() ([]*kindred.Organization, error) {
		return s.loadOrganizationChoices(ctx)
	})
}

func (s *Store) loadOrganizationChoices(ctx context.Context) ([]*kindred.Organization, error) {
	rows, err := s.query(ctx, `SELECT id, name, slug FROM organizations ORDER BY lower(name)`)
	if err != nil {
		return nil, fmt.Errorf("organization choices: %w", err)
	}
	defer rows.Close()
	var out []*kindred.Organization
	for rows.Next() {
		var o kindred.Organization
		if err := rows.Scan(&o.ID, &o.Name, &o.Slug); err != nil {
			return nil, err
		}
		out = append(out, &o)
	}
	return out, rows.Err()
}
