package directory

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// CreateOrganization adds o for a viewer who organizes somewhere
// (kindred.Organization.MayCreate), audited as organization.create. It
// answers EINVALID naming the bad fields, EFORBIDDEN, ECONFLICT (name).
func (s *Service) CreateOrganization(ctx context.Context, v *kindred.Viewer, o kindred.Organization) (*kindred.Organization, error) {
	if err := o.MayCreate(v); err != nil {
		return nil, err
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	var made *kindred.Organization
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if made, err = tx.CreateOrganization(ctx, o); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "organization.create", made.Slug, made.Name)
	})
	if err != nil {
		return nil, fmt.Errorf("create organization: %w", err)
	}
	return made, nil
}

// UpdateOrganization saves typed over organization id (its slug stays)
// for a viewer who may edit it as stored (kindred.Organization.CanEdit),
// audited as organization.update. It answers ENOTFOUND, EFORBIDDEN,
// EINVALID naming the bad fields, ECONFLICT (name).
func (s *Service) UpdateOrganization(ctx context.Context, v *kindred.Viewer, id int64, typed kindred.Organization) (*kindred.Organization, error) {
	var saved kindred.Organization
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		stored, err := tx.Organization(ctx, id)
		if err != nil {
			return err
		}
		if err := stored.MayEdit(v); err != nil {
			return err
		}
		saved = typed
		saved.ID, saved.Slug, saved.CreatedAt = stored.ID, stored.Slug, stored.CreatedAt
		if err := tx.UpdateOrganization(ctx, saved); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "organization.update", stored.Slug, saved.Name)
	})
	if err != nil {
		return nil, fmt.Errorf("update organization: %w", err)
	}
	return &saved, nil
}

// CreateCity adds a city (administrators: kindred.City.MayChange), audited
// as city.create. It answers EINVALID naming the bad fields (a time zone
// Kindred does not know), EFORBIDDEN, ECONFLICT.
func (s *Service) CreateCity(ctx context.Context, v *kindred.Viewer, c kindred.City) (kindred.City, error) {
	c.Name, c.TimeZone = strings.TrimSpace(c.Name), strings.TrimSpace(c.TimeZone)
	c.Slug = kindred.Slugify(c.Name)
	if err := c.MayChange(v); err != nil {
		return c, err
	}
	var made kindred.City
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if made, err = tx.CreateCity(ctx, c); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "city.create", made.Slug, made.Name+" "+made.TimeZone)
	})
	if err != nil {
		return c, fmt.Errorf("create city: %w", err)
	}
	return made, nil
}

// UpdateCity renames city id or changes its time zone (administrators),
// audited as city.update. It answers ENOTFOUND, EFORBIDDEN, EINVALID.
func (s *Service) UpdateCity(ctx context.Context, v *kindred.Viewer, id int64, name, timeZone string) (kindred.City, error) {
	c, err := s.Store.City(ctx, id)
	if err != nil {
		return c, err
	}
	if err := c.MayChange(v); err != nil {
		return c, err
	}
	c.Name, c.TimeZone = strings.TrimSpace(name), strings.TrimSpace(timeZone)
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.UpdateCity(ctx, c); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "city.update", c.Slug, c.Name+" "+c.TimeZone)
	})
	if err != nil {
		return c, fmt.Errorf("update city: %w", err)
	}
	return c, nil
}

// CreateNetwork forms a network of organizations (administrators:
// kindred.Network.MayCreate), audited as network.create. It answers
// EINVALID naming the bad fields, EFORBIDDEN.
func (s *Service) CreateNetwork(ctx context.Context, v *kindred.Viewer, n kindred.Network) (*kindred.Network, error) {
	n.Name, n.Description = strings.TrimSpace(n.Name), strings.TrimSpace(n.Description)
	if err := n.MayCreate(v); err != nil {
		return nil, err
	}
	var made *kindred.Network
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if made, err = tx.CreateNetwork(ctx, n); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "network.create", made.Slug, strconv.Itoa(len(n.OrganizationIDs))+" organizations")
	})
	if err != nil {
		return nil, fmt.Errorf("create network: %w", err)
	}
	return made, nil
}
