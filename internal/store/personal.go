package store

import (
	"context"
	"fmt"

	"github.com/kindredhq/kindred/internal/kindred"
)

// PersonalData is everything Kindred keeps about one person, for the
// "download your data" export.
type PersonalData struct {
	Account  *kindred.Account
	Member   *kindred.Member // nil without a directory profile
	Ties     []kindred.Tie
	Stories  []kindred.Story // stories told with the account's email
	Tokens   []kindred.APIToken
	Contacts []string              // practices they are a contact for, by title
	Notes    []kindred.HarvestNote // harvest notes they wrote
	Digest   bool
}

// PersonalDataOf gathers a person's data.
func (s *Store) PersonalDataOf(ctx context.Context, accountID int64) (*PersonalData, error) {
	a, err := s.Account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	d := &PersonalData{Account: a}
	if d.Member, err = s.MemberByAccount(ctx, accountID); err != nil && kindred.ErrorCode(err) != kindred.ENOTFOUND {
		return nil, err
	}
	if d.Member != nil {
		if d.Ties, err = s.TiesOf(ctx, d.Member.ID); err != nil {
			return nil, err
		}
		if d.Notes, err = s.NotesByAuthor(ctx, d.Member.ID); err != nil {
			return nil, err
		}
		if d.Contacts, err = s.strings(ctx, `SELECT p.title FROM practice_contacts c JOIN practices p ON p.id = c.practice_id
			WHERE c.member_id = ? ORDER BY p.title`, d.Member.ID); err != nil {
			return nil, err
		}
	}
	if d.Stories, err = s.storiesByEmail(ctx, a.Email); err != nil {
		return nil, err
	}
	if d.Tokens, err = s.APITokens(ctx, accountID); err != nil {
		return nil, err
	}
	d.Digest, err = s.DigestOptIn(ctx, accountID)
	return d, err
}

func (s *Store) storiesByEmail(ctx context.Context, email string) ([]kindred.Story, error) {
	rows, err := s.query(ctx, `SELECT `+storyColumns+` FROM stories WHERE teller_email = ? ORDER BY id`, email)
	if err != nil {
		return nil, fmt.Errorf("stories by email: %w", err)
	}
	defer rows.Close()
	var out []kindred.Story
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *st)
	}
	return out, rows.Err()
}

func (s *Store) strings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// DeleteAccount removes a person from Kindred in one transaction:
//   - the account, its sign-in links, sessions' hold on it, API tokens and
//     organizer cities;
//   - their directory profile with its photo, affiliations and lists, and
//     every tie they are part of (the other person loses the tie too, as
//     neither can consent for a person who left) and introductions;
//   - their name and email on the stories they told: the stories stay in their
//     campaigns, as they consented, but no longer point to them (withdraw a
//     story first to remove its text);
//   - practices they shared stay in the library without them as a contact;
//     the audit log keeps the actions, without the account.
//
// Whether the account may go (the last administrator may not) is the use
// case's rule (kindred.Account.MayDelete). ENOTFOUND if it is missing.
func (tx *Tx) DeleteAccount(ctx context.Context, accountID int64) error {
	a, err := tx.Account(ctx, accountID)
	if err != nil {
		return err
	}
	var memberID int64
	if err := tx.queryRow(ctx, `SELECT COALESCE((SELECT id FROM members WHERE account_id = ?), 0)`, accountID).Scan(&memberID); err != nil {
		return fmt.Errorf("delete account: %w", err)
	}
	steps := []struct {
		q    string
		args []any
	}{
		{`UPDATE stories SET teller_name = NULL, teller_email = NULL, edit_token_hash = NULL WHERE teller_email = ?`, []any{a.Email}},
		{`DELETE FROM members WHERE id = ?`, []any{memberID}},
		{`DELETE FROM accounts WHERE id = ?`, []any{accountID}},
	}
	for _, st := range steps {
		if _, err := tx.exec(ctx, st.q, st.args...); err != nil {
			return fmt.Errorf("delete account: %w", err)
		}
	}
	for _, doc := range []struct {
		kind string
		id   int64
	}{{"member", memberID}, {"account", accountID}} {
		if err := tx.RemoveDocument(ctx, doc.kind, doc.id); err != nil {
			return err
		}
	}
	return nil
}
