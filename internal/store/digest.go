package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// SetDigest turns the weekly digest on or off for an account.
func (tx *Tx) SetDigest(ctx context.Context, accountID int64, on bool) error {
	return tx.execOne(ctx, "set digest", `UPDATE accounts SET digest_opt_in = ? WHERE id = ?`, on, accountID)
}

// DigestOptIn reports whether the account gets the weekly digest.
func (s *Store) DigestOptIn(ctx context.Context, accountID int64) (bool, error) {
	var on bool
	if err := s.queryRow(ctx, `SELECT digest_opt_in FROM accounts WHERE id = ?`, accountID).Scan(&on); err != nil {
		return false, fmt.Errorf("digest setting: %w", s.d.translate(err))
	}
	return on, nil
}

// DigestDue lists accounts that asked for the digest and have not had one
// since `since`.
func (s *Store) DigestDue(ctx context.Context, since time.Time) ([]*kindred.Account, error) {
	rows, err := s.query(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE a.digest_opt_in = ?
		AND (a.digest_sent_at IS NULL OR a.digest_sent_at < ?) ORDER BY a.id`, true, since)
	if err != nil {
		return nil, fmt.Errorf("digest due: %w", err)
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

// ClaimDigest records that an account's digest goes out now, unless one went
// out since `since`, and reports whether this transaction claimed it. Two
// digest runs at once (a periodic run and one asked for, or two instances)
// send each digest once: the second waits on the row and finds it claimed.
func (tx *Tx) ClaimDigest(ctx context.Context, accountID int64, since time.Time) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE accounts SET digest_sent_at = ?
		WHERE id = ? AND (digest_sent_at IS NULL OR digest_sent_at < ?)`, tx.now, accountID, since)
	if err != nil {
		return false, fmt.Errorf("claim digest: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DigestItem is a practice with what happened to it lately.
type DigestItem struct {
	Practice  *kindred.Practice
	New       bool     // shared in the period
	Adoptions []string // "Teachers Union (worked)", in the period
}

// DigestFor returns practices shared or adopted since `since` that concern
// the member: adopted by organizations in their city, or tagged with one of
// their tags, asks or offers. Nil means nothing to send.
func (s *Store) DigestFor(ctx context.Context, m *kindred.Member, since time.Time) ([]DigestItem, error) {
	interests := map[string]bool{}
	for _, l := range [][]string{m.Tags, m.Asks, m.Offers} {
		for _, t := range l {
			interests[strings.ToLower(t)] = true
		}
	}
	hits, err := s.ListPractices(ctx, PracticeFilter{Limit: 200})
	if err != nil {
		return nil, err
	}
	var out []DigestItem
	for _, h := range hits {
		p, err := s.Practice(ctx, h.Practice.ID)
		if err != nil {
			return nil, err
		}
		item := DigestItem{Practice: p, New: !p.CreatedAt.Before(since)}
		local := false
		for _, a := range p.Adoptions {
			if a.AdoptedOn.Before(since.Truncate(24 * time.Hour)) {
				continue
			}
			item.Adoptions = append(item.Adoptions, fmt.Sprintf("%s (%s)", a.OrganizationName, strings.ReplaceAll(string(a.Outcome), "_", " ")))
			local = local || containsFold(a.CityNames, m.CityName)
		}
		if !item.New && len(item.Adoptions) == 0 {
			continue
		}
		if local || matchesAny(p.Tags, interests) || (item.New && m.CityName == "") {
			out = append(out, item)
		}
	}
	return out, nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if s != "" && strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func matchesAny(tags []string, interests map[string]bool) bool {
	for _, t := range tags {
		if interests[strings.ToLower(t)] {
			return true
		}
	}
	return false
}
