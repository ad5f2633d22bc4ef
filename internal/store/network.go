package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// CreateNetwork stores a network of organizations.
func (tx *Tx) CreateNetwork(ctx context.Context, n kindred.Network) (*kindred.Network, error) {
	n.Name = strings.TrimSpace(n.Name)
	var p kindred.Problems
	if n.Name == "" {
		p.Add("name", "is required")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	slug, err := tx.freeSlug(ctx, "networks", kindred.Slugify(n.Name))
	if err != nil {
		return nil, err
	}
	n.Slug = slug
	if n.ID, err = tx.insertID(ctx, `INSERT INTO networks (name, slug, description, created_at) VALUES (?, ?, ?, ?)`,
		n.Name, n.Slug, n.Description, tx.now); err != nil {
		return nil, fmt.Errorf("create network: %w", err)
	}
	for _, o := range uniqueIDs(n.OrganizationIDs) {
		if _, err := tx.exec(ctx, `INSERT INTO network_organizations (network_id, organization_id) VALUES (?, ?)`, n.ID, o); err != nil {
			return nil, fmt.Errorf("create network: %w", err)
		}
	}
	return &n, nil
}

// Networks lists networks with their organizations.
func (s *Store) Networks(ctx context.Context) ([]*kindred.Network, error) {
	rows, err := s.query(ctx, `SELECT id, name, slug, description FROM networks ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list networks: %w", err)
	}
	var out []*kindred.Network
	for rows.Next() {
		var n kindred.Network
		if err := rows.Scan(&n.ID, &n.Name, &n.Slug, &n.Description); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, &n)
	}
	rows.Close()
	for _, n := range out {
		if n.OrganizationIDs, err = collectIDs(s.query(ctx,
			`SELECT organization_id FROM network_organizations WHERE network_id = ? ORDER BY organization_id`, n.ID)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// NetworksOf lists the networks an organization belongs to, by name.
func (s *Store) NetworksOf(ctx context.Context, orgID int64) ([]kindred.Network, error) {
	rows, err := s.query(ctx, `SELECT n.id, n.name, n.slug, n.description FROM networks n
		JOIN network_organizations no ON no.network_id = n.id WHERE no.organization_id = ? ORDER BY n.name`, orgID)
	if err != nil {
		return nil, fmt.Errorf("networks of organization: %w", err)
	}
	defer rows.Close()
	var out []kindred.Network
	for rows.Next() {
		var n kindred.Network
		if err := rows.Scan(&n.ID, &n.Name, &n.Slug, &n.Description); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
