package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

const accountColumns = `a.id, a.email, a.name, a.role, a.password_hash IS NOT NULL, a.network_wide, a.session_epoch, a.created_at, a.last_seen_at`

type rowScanner interface{ Scan(dest ...any) error }

func scanAccount(r rowScanner) (*kindred.Account, error) {
	var a kindred.Account
	var seen sql.NullTime
	if err := r.Scan(&a.ID, &a.Email, &a.Name, &a.Role, &a.HasPassword, &a.NetworkWide, &a.SessionEpoch, &a.CreatedAt, &seen); err != nil {
		return nil, err
	}
	a.CreatedAt = a.CreatedAt.UTC()
	a.LastSeenAt = nullTime(seen)
	return &a, nil
}

// CreateAccount validates n and stores a new account. The first account on an
// empty install becomes an admin whatever role was asked for. passwordHash may
// be empty (magic-link sign-in only). A taken email is an ECONFLICT naming the
// field "email".
func (tx *Tx) CreateAccount(ctx context.Context, n kindred.NewAccount, passwordHash string) (*kindred.Account, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	if err := tx.d.lockAccounts(ctx, tx); err != nil {
		return nil, fmt.Errorf("create account: %w", err)
	}
	var count int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM accounts`).Scan(&count); err != nil {
		return nil, fmt.Errorf("create account: %w", err)
	}
	if count == 0 {
		n.Role = kindred.RoleAdmin
	}
	var hash any
	if passwordHash != "" {
		hash = passwordHash
	}
	id, err := tx.insertID(ctx, `INSERT INTO accounts (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
		n.Email, n.Name, string(n.Role), hash, tx.now)
	if err != nil {
		return nil, fmt.Errorf("create account: %w", err)
	}
	if err := tx.indexAccount(ctx, id, n.Name, n.Email); err != nil {
		return nil, err
	}
	return tx.Account(ctx, id)
}

// Account reads an account inside the transaction. ENOTFOUND if missing.
func (tx *Tx) Account(ctx context.Context, id int64) (*kindred.Account, error) {
	a, err := scanAccount(tx.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE a.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("account %d: %w", id, tx.d.translate(err))
	}
	a.CityIDs, err = collectIDs(tx.query(ctx, `SELECT city_id FROM organizer_cities WHERE account_id = ? ORDER BY city_id`, id))
	return a, err
}

// Account returns the account with id, with its organizer cities. ENOTFOUND
// if missing. Every signed-in request reads its account, so accounts are
// cached until an account or organizer city changes (see Cached); each caller
// gets its own copy.
func (s *Store) Account(ctx context.Context, id int64) (*kindred.Account, error) {
	a, err := s.caches.accounts.Get(s, strconv.FormatInt(id, 10), []string{"accounts", "organizer_cities"},
		func() (*kindred.Account, error) { return s.loadAccount(ctx, id) })
	if err != nil {
		return nil, err
	}
	c := *a
	c.CityIDs = slices.Clone(a.CityIDs)
	return &c, nil
}

func (s *Store) loadAccount(ctx context.Context, id int64) (*kindred.Account, error) {
	a, err := scanAccount(s.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE a.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("account %d: %w", id, s.d.translate(err))
	}
	a.CityIDs, err = collectIDs(s.query(ctx, `SELECT city_id FROM organizer_cities WHERE account_id = ? ORDER BY city_id`, id))
	return a, err
}

// AccountByEmail returns the account with that (normalized) address. ENOTFOUND if none.
func (s *Store) AccountByEmail(ctx context.Context, email string) (*kindred.Account, error) {
	var id int64
	err := s.queryRow(ctx, `SELECT id FROM accounts WHERE email = ?`, strings.ToLower(strings.TrimSpace(email))).Scan(&id)
	if err != nil {
		return nil, fmt.Errorf("account by email: %w", s.d.translate(err))
	}
	return s.Account(ctx, id)
}

// PasswordHash returns the account id and password hash for an email; hash is
// "" when the account has no password. ENOTFOUND if there is no such account.
func (s *Store) PasswordHash(ctx context.Context, email string) (int64, string, error) {
	var id int64
	var hash sql.NullString
	err := s.queryRow(ctx, `SELECT id, password_hash FROM accounts WHERE email = ?`, strings.ToLower(strings.TrimSpace(email))).Scan(&id, &hash)
	if err != nil {
		return 0, "", fmt.Errorf("password hash: %w", s.d.translate(err))
	}
	return id, hash.String, nil
}

// CountAccounts returns how many accounts exist (0 means a fresh install).
func (s *Store) CountAccounts(ctx context.Context) (int, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM accounts`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count accounts: %w", err)
	}
	return n, nil
}

// ListAccounts returns accounts ordered by email, after the email in after.
func (s *Store) ListAccounts(ctx context.Context, after string, limit int) ([]*kindred.Account, error) {
	rows, err := s.query(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE a.email > ? ORDER BY a.email LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	defer rows.Close()
	var out []*kindred.Account
	byID := map[int64]*kindred.Account{}
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("list accounts: %w", err)
		}
		out = append(out, a)
		byID[a.ID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return out, s.fillOrganizerCities(ctx, byID)
}

// fillOrganizerCities sets CityIDs on the listed accounts that organize.
func (s *Store) fillOrganizerCities(ctx context.Context, byID map[int64]*kindred.Account) error {
	rows, err := s.query(ctx, `SELECT account_id, city_id FROM organizer_cities ORDER BY account_id, city_id`)
	if err != nil {
		return fmt.Errorf("organizer cities: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var acct, city int64
		if err := rows.Scan(&acct, &city); err != nil {
			return err
		}
		if a := byID[acct]; a != nil {
			a.CityIDs = append(a.CityIDs, city)
		}
	}
	return rows.Err()
}

// UpdateAccountName changes an account's display name.
func (tx *Tx) UpdateAccountName(ctx context.Context, id int64, name string) error {
	var p kindred.Problems
	name = kindred.ValidateName(name, "name", &p)
	if err := p.Err(); err != nil {
		return err
	}
	var email string
	if err := tx.queryRow(ctx, `UPDATE accounts SET name = ? WHERE id = ? RETURNING email`, name, id).Scan(&email); err != nil {
		return fmt.Errorf("update account: %w", tx.d.translate(err))
	}
	return tx.indexAccount(ctx, id, name, email)
}

// SetPasswordHash stores a new password hash ("" removes the password).
func (tx *Tx) SetPasswordHash(ctx context.Context, id int64, hash string) error {
	var v any
	if hash != "" {
		v = hash
	}
	return tx.execOne(ctx, "set password", `UPDATE accounts SET password_hash = ? WHERE id = ?`, v, id)
}

// SetRole changes an account's role and, for organizers, their cities,
// withdrawing any network-wide grant (SetAccess sets all three).
func (tx *Tx) SetRole(ctx context.Context, id int64, role kindred.Role, cityIDs []int64) error {
	return tx.SetAccess(ctx, id, kindred.Access{Role: role, CityIDs: cityIDs})
}

// SetAccess stores what an account may do: its role, an organizer's cities
// and network-wide grant. It stores x as given (the use case validates it
// with Access.Validate first); an unknown role is EINVALID, a missing
// account ENOTFOUND.
func (tx *Tx) SetAccess(ctx context.Context, id int64, x kindred.Access) error {
	if _, err := kindred.ParseRole(string(x.Role)); err != nil {
		return err
	}
	wide := x.Role == kindred.RoleOrganizer && x.NetworkWide
	if err := tx.execOne(ctx, "set role", `UPDATE accounts SET role = ?, network_wide = ? WHERE id = ?`, string(x.Role), wide, id); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM organizer_cities WHERE account_id = ?`, id); err != nil {
		return fmt.Errorf("set role: %w", err)
	}
	if x.Role != kindred.RoleOrganizer {
		return nil
	}
	for _, c := range x.CityIDs {
		if _, err := tx.exec(ctx, `INSERT INTO organizer_cities (account_id, city_id) VALUES (?, ?)`, id, c); err != nil {
			return fmt.Errorf("set role: %w", tx.d.translate(err))
		}
	}
	return nil
}

// CountAdmins returns how many administrators there are, holding the
// accounts lock until the transaction ends so that two changes cannot both
// count the same last administrator.
func (tx *Tx) CountAdmins(ctx context.Context) (int, error) {
	if err := tx.d.lockAccounts(ctx, tx); err != nil {
		return 0, fmt.Errorf("count admins: %w", err)
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM accounts WHERE role = 'admin'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count admins: %w", err)
	}
	return n, nil
}

// NextSessionEpoch moves the account's session epoch on, ending every
// session signed in under the old one (kindred.Session.Live), and returns
// the new epoch. ENOTFOUND if the account is missing.
func (tx *Tx) NextSessionEpoch(ctx context.Context, id int64) (int64, error) {
	var epoch int64
	err := tx.queryRow(ctx, `UPDATE accounts SET session_epoch = session_epoch + 1 WHERE id = ? RETURNING session_epoch`, id).Scan(&epoch)
	if err != nil {
		return 0, fmt.Errorf("end sessions: %w", tx.d.translate(err))
	}
	return epoch, nil
}

// TouchAccount records that the account was just seen. No cached read
// depends on the time (only the administrators' account list shows it, read
// afresh), so it leaves Version("accounts") alone: a sign-in does not empty
// the caches of everything read with accounts.
func (tx *Tx) TouchAccount(ctx context.Context, id int64) error {
	res, err := tx.tx.ExecContext(ctx, tx.d.rebind(`UPDATE accounts SET last_seen_at = ? WHERE id = ?`), tx.now, id)
	return oneRow("touch account", res, tx.d.translate(err))
}

func (tx *Tx) indexAccount(ctx context.Context, id int64, name, email string) error {
	return tx.IndexDocument(ctx, kindred.SearchDoc{Kind: "account", RefID: id, Scope: "admins", Title: name, Body: email})
}

// execOne runs a statement that must change exactly one row; none is ENOTFOUND.
func (tx *Tx) execOne(ctx context.Context, what, q string, args ...any) error {
	res, err := tx.exec(ctx, q, args...)
	return oneRow(what, res, err)
}

// oneRow is nil when the statement changed a row, ENOTFOUND when it changed
// none, and its error otherwise, each wrapped with what.
func oneRow(what string, res sql.Result, err error) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s: %w", what, kindred.Errorf(kindred.ENOTFOUND, "Not found."))
	}
	return nil
}

// collectIDs reads one int64 column from rows (and closes them).
func collectIDs(rows *sql.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
