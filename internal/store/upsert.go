package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// MemberIDsByEmail maps members' emails to their ids.
func (s *Store) MemberIDsByEmail(ctx context.Context) (map[string]int64, error) {
	rows, err := s.query(ctx, `SELECT email, id FROM members WHERE email IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("member emails: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var e string
		var id int64
		if err := rows.Scan(&e, &id); err != nil {
			return nil, err
		}
		out[e] = id
	}
	return out, rows.Err()
}

// OrganizationDecision gets the stored organization (nil when o would be
// new) and returns an error to leave it as it is, or nil to write.
type OrganizationDecision func(stored *kindred.Organization) error

// UpsertOrganization creates o, or updates the organization with the same
// name (ignoring case), once decide allows it (its error is returned as is).
// It reports whether it created one.
func (tx *Tx) UpsertOrganization(ctx context.Context, o kindred.Organization, decide OrganizationDecision) (bool, error) {
	var id int64
	err := tx.queryRow(ctx, `SELECT id FROM organizations WHERE lower(name) = lower(?)`, strings.TrimSpace(o.Name)).Scan(&id)
	if err == sql.ErrNoRows {
		if err := decide(nil); err != nil {
			return false, err
		}
		_, err = tx.CreateOrganization(ctx, o)
		return true, err
	}
	if err != nil {
		return false, fmt.Errorf("find organization: %w", err)
	}
	stored, err := tx.Organization(ctx, id)
	if err != nil {
		return false, err
	}
	if err := decide(stored); err != nil {
		return false, err
	}
	o.ID = id
	return false, tx.UpdateOrganization(ctx, o)
}

// Organization reads an organization with its cities inside the
// transaction. ENOTFOUND if missing.
func (tx *Tx) Organization(ctx context.Context, id int64) (*kindred.Organization, error) {
	o, err := scanOrg(tx.queryRow(ctx, `SELECT `+orgColumns+` FROM organizations o WHERE o.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("organization %d: %w", id, tx.d.translate(err))
	}
	o.CityIDs, err = collectIDs(tx.query(ctx, `SELECT city_id FROM organization_cities WHERE organization_id = ? ORDER BY city_id`, id))
	return o, err
}

// MemberCitiesByEmail maps every member email to the member's city id (0
// for none), so an import can tell whose records a row would change.
func (s *Store) MemberCitiesByEmail(ctx context.Context) (map[string]int64, error) {
	rows, err := s.query(ctx, `SELECT email, COALESCE(city_id, 0) FROM members WHERE email IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("member cities: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var e string
		var city int64
		if err := rows.Scan(&e, &city); err != nil {
			return nil, fmt.Errorf("member cities: %w", err)
		}
		out[e] = city
	}
	return out, rows.Err()
}

// MemberDecision gets the stored member (nil for a new one) and the member
// a write describes, merged over it; it returns what to store, or an error
// to leave the member as it is.
type MemberDecision func(stored, merged *kindred.Member) (*kindred.Member, error)

// UpsertMemberByEmail creates m, or updates the member with m's email: the
// profile fields are replaced, m's affiliations are added to or update the
// member's own (others stay), and the visibility is kept unless m sets one;
// decide has the last word (its error is returned as is). It reports
// whether it created the member.
func (tx *Tx) UpsertMemberByEmail(ctx context.Context, m *kindred.Member, decide MemberDecision) (bool, error) {
	existing, err := tx.memberByEmail(ctx, m.Email)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		made, err := decide(nil, m)
		if err != nil {
			return false, err
		}
		_, err = tx.CreateMember(ctx, made)
		m.ID = made.ID
		return true, err
	}
	if err != nil {
		return false, err
	}
	merged := *m
	merged.ID, merged.AccountID = existing.ID, existing.AccountID
	if len(m.Visibility) == 0 {
		merged.Visibility = existing.Visibility
	}
	merged.Affiliations = existing.Affiliations
	for _, a := range m.Affiliations {
		merged.Affiliations = mergeAffiliation(merged.Affiliations, a)
	}
	next, err := decide(existing, &merged)
	if err != nil {
		return false, err
	}
	return false, tx.UpdateMember(ctx, next)
}

// UpsertAffiliation adds a to the member, or updates their affiliation with
// the same organization (and start, when given), once decide allows it (its
// error is returned as is). It reports whether it added one.
func (tx *Tx) UpsertAffiliation(ctx context.Context, memberID int64, a kindred.Affiliation, decide MemberDecision) (bool, error) {
	m, err := tx.Member(ctx, memberID)
	if err != nil {
		return false, err
	}
	merged := *m
	merged.Affiliations = mergeAffiliation(m.Affiliations, a)
	next, err := decide(m, &merged)
	if err != nil {
		return false, err
	}
	return len(next.Affiliations) > len(m.Affiliations), tx.UpdateMember(ctx, next)
}

// mergeAffiliation puts a into affs, replacing the one at the same
// organization with the same start (or no start). A primary a makes the
// others not primary.
func mergeAffiliation(affs []kindred.Affiliation, a kindred.Affiliation) []kindred.Affiliation {
	out := append([]kindred.Affiliation{}, affs...)
	if a.Primary {
		for i := range out {
			out[i].Primary = false
		}
	}
	for i, old := range out {
		if old.OrganizationID == a.OrganizationID && (old.Since == a.Since || old.Since == "" || a.Since == "") {
			if a.Since == "" {
				a.Since = old.Since
			}
			out[i] = a
			return out
		}
	}
	return append(out, a)
}

// memberByEmail reads a member inside the transaction, so an import sees
// its own earlier rows.
func (tx *Tx) memberByEmail(ctx context.Context, email string) (*kindred.Member, error) {
	var id int64
	err := tx.queryRow(ctx, `SELECT id FROM members WHERE email = ?`, email).Scan(&id)
	if err != nil {
		return nil, fmt.Errorf("member %s: %w", email, tx.d.translate(err))
	}
	return tx.Member(ctx, id)
}

// Member reads a member with their lists and affiliations inside the
// transaction, so a use case decides on what it is about to change.
// ENOTFOUND if missing.
func (tx *Tx) Member(ctx context.Context, id int64) (*kindred.Member, error) {
	m, err := scanMember(tx.queryRow(ctx, `SELECT `+memberColumns+memberFrom+` WHERE m.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("member %d: %w", id, tx.d.translate(err))
	}
	rows, err := tx.query(ctx, `SELECT kind, value FROM member_values WHERE member_id = ? ORDER BY kind, position`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var kind, v string
		if err := rows.Scan(&kind, &v); err != nil {
			rows.Close()
			return nil, err
		}
		appendValue(m, kind, v)
	}
	rows.Close()
	rows, err = tx.query(ctx, `SELECT id, organization_id, role, since, until, is_primary FROM affiliations WHERE member_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		a := kindred.Affiliation{MemberID: id}
		if err := rows.Scan(&a.ID, &a.OrganizationID, &a.Role, &a.Since, &a.Until, &a.Primary); err != nil {
			return nil, err
		}
		m.Affiliations = append(m.Affiliations, a)
	}
	return m, rows.Err()
}

// appendValue adds a list value of the given kind to m.
func appendValue(m *kindred.Member, kind, v string) {
	switch kind {
	case "language":
		m.Languages = append(m.Languages, v)
	case "tag":
		m.Tags = append(m.Tags, v)
	case "ask":
		m.Asks = append(m.Asks, v)
	case "offer":
		m.Offers = append(m.Offers, v)
	}
}
