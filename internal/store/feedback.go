package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// SaveFeedback stores a guest's answer to the after-dinner question,
// replacing the one they gave before (one answer per guest and gathering).
func (tx *Tx) SaveFeedback(ctx context.Context, f kindred.Feedback) error {
	_, err := tx.exec(ctx, `INSERT INTO gathering_feedback (gathering_id, member_id, value, will_try, meet_again_id, answered_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (gathering_id, member_id) DO UPDATE SET value = excluded.value, will_try = excluded.will_try,
			meet_again_id = excluded.meet_again_id, answered_at = excluded.answered_at, updated_at = excluded.updated_at`,
		f.GatheringID, f.MemberID, nullInt(int64(f.Value)), f.WillTry, nullID(f.MeetAgainID), tx.now, tx.now)
	if err != nil {
		return fmt.Errorf("save feedback: %w", err)
	}
	return nil
}

// MarkFeedbackAsked records that the mail asking memberID the after-dinner
// question of the gathering is going out; false when it already went (so
// it goes once, however often the job runs).
func (tx *Tx) MarkFeedbackAsked(ctx context.Context, gatheringID, memberID int64) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO gathering_feedback (gathering_id, member_id, asked_at, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (gathering_id, member_id) DO UPDATE SET asked_at = excluded.asked_at
		WHERE gathering_feedback.asked_at IS NULL`, gatheringID, memberID, tx.now, tx.now)
	if err != nil {
		return false, fmt.Errorf("feedback asked: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Feedback reads memberID's answer to the gathering's after-dinner
// question: ENOTFOUND when they have not answered.
func (s *Store) Feedback(ctx context.Context, gatheringID, memberID int64) (*kindred.Feedback, error) {
	f := &kindred.Feedback{GatheringID: gatheringID, MemberID: memberID}
	var value, meet sql.NullInt64
	var answered sql.NullTime
	err := s.queryRow(ctx, `SELECT value, will_try, meet_again_id, answered_at FROM gathering_feedback
		WHERE gathering_id = ? AND member_id = ? AND answered_at IS NOT NULL`, gatheringID, memberID).Scan(&value, &f.WillTry, &meet, &answered)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "No answer yet.")
	}
	if err != nil {
		return nil, fmt.Errorf("feedback: %w", err)
	}
	f.Value, f.MeetAgainID, f.AnsweredAt = int(value.Int64), meet.Int64, nullTime(answered)
	return f, nil
}

// FeedbackScope says whose answers FeedbackSummary counts: one gathering's
// (GatheringID), or those of a city's gatherings (CityID; 0 for every
// city) held since Since.
type FeedbackScope struct {
	GatheringID int64
	CityID      int64
	Since       time.Time
}

// where is the scope as a condition on the gatherings g.
func (f FeedbackScope) where() (string, []any) {
	if f.GatheringID != 0 {
		return `g.id = ?`, []any{f.GatheringID}
	}
	q, args := `g.status = 'held' AND g.starts_at >= ?`, []any{f.Since}
	if f.CityID != 0 {
		q, args = q+` AND g.city_id = ?`, append(args, f.CityID)
	}
	return q, args
}

// maxWillTry is how many "things I will try" a summary lists.
const maxWillTry = 100

// FeedbackTables are the tables FeedbackSummary reads, for caches of it.
var FeedbackTables = []string{"gathering_feedback", "rsvps", "gatherings"}

// FeedbackSummary counts what the guests of the gatherings in scope said
// after dinner, with no names (see kindred.FeedbackSummary; its caller
// withholds the breakdown of small counts). Only guests who came count:
// an answer left by someone later marked as not having come is not.
func (s *Store) FeedbackSummary(ctx context.Context, scope FeedbackScope) (*kindred.FeedbackSummary, error) {
	cond, args := scope.where()
	out := &kindred.FeedbackSummary{Values: make([]int, len(kindred.FeedbackValues))}
	err := s.queryRow(ctx, `SELECT COUNT(DISTINCT g.id), COUNT(r.member_id) FROM gatherings g
		LEFT JOIN rsvps r ON r.gathering_id = g.id AND r.status = 'attended' WHERE `+cond, args...).Scan(&out.Gatherings, &out.Came)
	if err != nil {
		return nil, fmt.Errorf("feedback summary: %w", err)
	}
	answers := `gathering_feedback f JOIN gatherings g ON g.id = f.gathering_id
		JOIN rsvps r ON r.gathering_id = f.gathering_id AND r.member_id = f.member_id AND r.status = 'attended'
		WHERE f.answered_at IS NOT NULL AND ` + cond
	rows, err := s.query(ctx, `SELECT COALESCE(f.value, 0), f.will_try, COALESCE(f.meet_again_id, 0) FROM `+answers+` ORDER BY f.will_try`, args...)
	if err != nil {
		return nil, fmt.Errorf("feedback summary: %w", err)
	}
	defer rows.Close()
	sum := 0
	for rows.Next() {
		var value int
		var try string
		var meet int64
		if err := rows.Scan(&value, &try, &meet); err != nil {
			return nil, fmt.Errorf("feedback summary: %w", err)
		}
		out.Answered++
		if value >= 1 && value <= len(out.Values) {
			out.Values[value-1]++
			out.Valued++
			sum += value
		}
		if try != "" && len(out.WillTry) < maxWillTry {
			out.WillTry = append(out.WillTry, try)
		}
		if meet != 0 {
			out.MeetAgain++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("feedback summary: %w", err)
	}
	if out.Valued > 0 {
		out.Average = float64(sum) / float64(out.Valued)
	}
	err = s.queryRow(ctx, `SELECT COUNT(*) FROM `+answers+` AND f.meet_again_id IS NOT NULL AND f.member_id < f.meet_again_id
		AND EXISTS (SELECT 1 FROM gathering_feedback o JOIN rsvps ro ON ro.gathering_id = o.gathering_id AND ro.member_id = o.member_id
			AND ro.status = 'attended'
			WHERE o.gathering_id = f.gathering_id AND o.member_id = f.meet_again_id AND o.meet_again_id = f.member_id AND o.answered_at IS NOT NULL)`,
		args...).Scan(&out.Mutual)
	if err != nil {
		return nil, fmt.Errorf("feedback summary: %w", err)
	}
	return out, nil
}
