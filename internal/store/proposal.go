package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// CreateProposal records that member proposed the gathering id, its review
// standing at review. A gathering already proposed is ECONFLICT.
func (tx *Tx) CreateProposal(ctx context.Context, gatheringID, memberID int64, review kindred.ProposalReview) error {
	_, err := tx.exec(ctx, `INSERT INTO gathering_proposals (gathering_id, member_id, review, message, created_at, updated_at)
		VALUES (?, ?, ?, '', ?, ?)`, gatheringID, memberID, string(review), tx.now, tx.now)
	if err != nil {
		return fmt.Errorf("create proposal: %w", err)
	}
	return nil
}

// ReviewProposal sets the review of the proposal of gathering id, with the
// organizer's message and account (by). ENOTFOUND when there is none.
func (tx *Tx) ReviewProposal(ctx context.Context, gatheringID int64, review kindred.ProposalReview, message string, by int64) error {
	return tx.execOne(ctx, "review proposal", `UPDATE gathering_proposals SET review = ?, message = ?, reviewed_by = ?, reviewed_at = ?,
		updated_at = ? WHERE gathering_id = ?`, string(review), message, nullInt(by), tx.now, tx.now, gatheringID)
}

// ResubmitProposal puts the proposal of gathering id back in the queue
// (pending), keeping the organizer's last message. ENOTFOUND when there
// is none.
func (tx *Tx) ResubmitProposal(ctx context.Context, gatheringID int64) error {
	return tx.execOne(ctx, "resubmit proposal", `UPDATE gathering_proposals SET review = ?, updated_at = ? WHERE gathering_id = ?`,
		string(kindred.ProposalPending), tx.now, gatheringID)
}

const proposalColumns = `p.gathering_id, p.member_id, m.name, p.review, p.message, COALESCE(p.reviewed_by, 0), p.reviewed_at,
	p.created_at, p.updated_at`

const proposalFrom = ` FROM gathering_proposals p JOIN members m ON m.id = p.member_id JOIN gatherings g ON g.id = p.gathering_id`

func scanProposal(r rowScanner) (*kindred.Proposal, int64, error) {
	var p kindred.Proposal
	var id int64
	var reviewed sql.NullTime
	if err := r.Scan(&id, &p.MemberID, &p.MemberName, &p.Review, &p.Message, &p.ReviewedBy, &reviewed, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return nil, 0, err
	}
	if t := nullTime(reviewed); t != nil {
		p.ReviewedAt = *t
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, id, nil
}

// Proposal reads the proposal of gathering id with its gathering.
// ENOTFOUND when the gathering was not proposed by a member.
func (s *Store) Proposal(ctx context.Context, gatheringID int64) (*kindred.Proposal, error) {
	return readProposal(ctx, s, s.d, gatheringID)
}

// Proposal reads the proposal of gathering id inside the transaction.
// ENOTFOUND when there is none.
func (tx *Tx) Proposal(ctx context.Context, gatheringID int64) (*kindred.Proposal, error) {
	return readProposal(ctx, tx, tx.d, gatheringID)
}

func readProposal(ctx context.Context, r reader, d dialect, gatheringID int64) (*kindred.Proposal, error) {
	p, _, err := scanProposal(r.queryRow(ctx, `SELECT `+proposalColumns+proposalFrom+` WHERE p.gathering_id = ?`, gatheringID))
	if err != nil {
		return nil, fmt.Errorf("proposal %d: %w", gatheringID, d.translate(err))
	}
	if p.Gathering, err = readGathering(ctx, r, d, gatheringID); err != nil {
		return nil, err
	}
	return p, nil
}

// ProposalFilter narrows Proposals: by proposer, or by the cities whose
// organizers review them (Scope), and by review.
type ProposalFilter struct {
	MemberID int64     // only this member's proposals (0: anyone's, within Scope)
	Scope    CityScope // with MemberID 0, only proposals in these cities
	Reviews  []kindred.ProposalReview
	Limit    int // <= 0 means 100
}

// Proposals lists the proposals matching f, the latest changed first, with
// their gatherings.
func (s *Store) Proposals(ctx context.Context, f ProposalFilter) ([]*kindred.Proposal, error) {
	conds, args := []string{"1 = 1"}, []any{}
	if f.MemberID != 0 {
		conds, args = append(conds, "p.member_id = ?"), append(args, f.MemberID)
	} else {
		cond, a := f.Scope.where("g.city_id")
		conds, args = append(conds, cond), append(args, a...)
	}
	if len(f.Reviews) > 0 {
		conds = append(conds, "p.review IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(f.Reviews)), ", ")+")")
		for _, r := range f.Reviews {
			args = append(args, string(r))
		}
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	rows, err := s.query(ctx, `SELECT `+proposalColumns+proposalFrom+` WHERE `+strings.Join(conds, " AND ")+
		` ORDER BY p.updated_at DESC, p.gathering_id DESC LIMIT ?`, append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("proposals: %w", err)
	}
	var out []*kindred.Proposal
	var ids []int64
	err = func() error {
		defer rows.Close()
		for rows.Next() {
			p, id, err := scanProposal(rows)
			if err != nil {
				return err
			}
			out, ids = append(out, p), append(ids, id)
		}
		return rows.Err()
	}()
	if err != nil {
		return nil, fmt.Errorf("proposals: %w", err)
	}
	for i, p := range out {
		if p.Gathering, err = s.Gathering(ctx, ids[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CountProposals counts the proposals in scope's cities with the review r.
func (s *Store) CountProposals(ctx context.Context, scope CityScope, r kindred.ProposalReview) (int, error) {
	cond, args := scope.where("g.city_id")
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM gathering_proposals p JOIN gatherings g ON g.id = p.gathering_id
		WHERE p.review = ? AND `+cond, append([]any{string(r)}, args...)...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count proposals: %w", err)
	}
	return n, nil
}

// SetTrustedHost marks member a trusted host in city (trusted), by the
// organizer's account by, or takes the mark away. Marking twice keeps the
// first mark. It reports whether anything changed.
func (tx *Tx) SetTrustedHost(ctx context.Context, cityID, memberID, by int64, trusted bool) (bool, error) {
	var res sql.Result
	var err error
	if trusted {
		res, err = tx.exec(ctx, `INSERT INTO trusted_hosts (city_id, member_id, trusted_by, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (city_id, member_id) DO NOTHING`, cityID, memberID, nullInt(by), tx.now)
	} else {
		res, err = tx.exec(ctx, `DELETE FROM trusted_hosts WHERE city_id = ? AND member_id = ?`, cityID, memberID)
	}
	if err != nil {
		return false, fmt.Errorf("trusted host: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// TrustedHost reports whether member is a trusted host in city, read
// inside the transaction.
func (tx *Tx) TrustedHost(ctx context.Context, cityID, memberID int64) (bool, error) {
	return trustedHost(ctx, tx, cityID, memberID)
}

// TrustedHost reports whether member is a trusted host in city.
func (s *Store) TrustedHost(ctx context.Context, cityID, memberID int64) (bool, error) {
	return trustedHost(ctx, s, cityID, memberID)
}

func trustedHost(ctx context.Context, r reader, cityID, memberID int64) (bool, error) {
	var n int
	if err := r.queryRow(ctx, `SELECT COUNT(*) FROM trusted_hosts WHERE city_id = ? AND member_id = ?`, cityID, memberID).Scan(&n); err != nil {
		return false, fmt.Errorf("trusted host: %w", err)
	}
	return n > 0, nil
}

// ProposalReviewers lists the accounts that review proposals in city: its
// organizers, or, when it has none, the administrators.
func (tx *Tx) ProposalReviewers(ctx context.Context, cityID int64) ([]*kindred.Account, error) {
	rows, err := tx.query(ctx, `SELECT `+accountColumns+` FROM accounts a JOIN organizer_cities oc ON oc.account_id = a.id
		WHERE oc.city_id = ? AND a.role = 'organizer' ORDER BY a.id`, cityID)
	out, err := scanAccounts(rows, err)
	if err != nil || len(out) > 0 {
		return out, err
	}
	return scanAccounts(tx.query(ctx, `SELECT `+accountColumns+` FROM accounts a WHERE a.role = 'admin' ORDER BY a.id`))
}

func scanAccounts(rows *sql.Rows, err error) ([]*kindred.Account, error) {
	if err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
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
