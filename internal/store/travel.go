package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// PathKinds are the ties along which a practice can travel from one
// organization to another: people sat together at a gathering, chose to
// follow up with each other after one, or were introduced.
var PathKinds = []kindred.TieKind{kindred.TieSatTogether, kindred.TieFollowUp, kindred.TieIntroduced}

// GatheringKinds are the ties made at a gathering.
var GatheringKinds = []kindred.TieKind{kindred.TieSatTogether, kindred.TieFollowUp}

// AdoptionLedger is what the paths to a practice's adoptions are found in.
type AdoptionLedger struct {
	// Members are everyone who ever worked at an organization that adopted
	// the practice, whole: show them through Member.VisibleTo.
	Members []*kindred.Member
	// Ties are the shared ties (neither member hid them, both confirmed
	// them, not faded) of the PathKinds between those members.
	Ties []kindred.Tie
	// Gatherings are the gatherings ties were made at, by tie id, where the
	// ledger knows it: a follow-up by its gathering, a "sat together" by
	// the gathering of its title and day both members were going to or
	// came to. Ask SeesGathering before showing one.
	Gatherings map[int64]*kindred.Gathering
}

// adopterMembers selects the members with an affiliation, past or current,
// to an organization that adopted the practice (one argument: its id).
const adopterMembers = `SELECT af.member_id FROM affiliations af JOIN adoptions ad ON ad.organization_id = af.organization_id
	WHERE ad.practice_id = ?`

// AdoptionLedger reads the members, ties and gatherings among the
// organizations that adopted the practice (see AdoptionLedger). It wraps
// the database's errors.
func (s *Store) AdoptionLedger(ctx context.Context, practiceID int64) (*AdoptionLedger, error) {
	l := &AdoptionLedger{Gatherings: map[int64]*kindred.Gathering{}}
	var err error
	if l.Members, err = s.membersWhere(ctx, `m.id IN (`+adopterMembers+`)`, practiceID); err != nil {
		return nil, fmt.Errorf("adoption ledger: %w", err)
	}
	cond, args := LedgerFilter{SharedOnly: true, Kinds: PathKinds}.where()
	cond += ` AND t.member_a IN (` + adopterMembers + `) AND t.member_b IN (` + adopterMembers + `)`
	args = append(args, practiceID, practiceID)
	if l.Ties, err = s.ties(ctx, cond+` ORDER BY t.happened_on, t.id`, args...); err != nil {
		return nil, fmt.Errorf("adoption ledger: %w", err)
	}
	if err := s.tieGatherings(ctx, l, cond, args); err != nil {
		return nil, fmt.Errorf("adoption ledger: %w", err)
	}
	return l, nil
}

// tieGatherings finds the gatherings the ledger's ties (chosen by cond on
// ties t) were made at.
func (s *Store) tieGatherings(ctx context.Context, l *AdoptionLedger, cond string, args []any) error {
	q := `SELECT t.id, f.gathering_id FROM ties t JOIN follow_ups f ON f.tie_id = t.id` + cond + `
		UNION ALL
		SELECT t.id, g.id FROM ties t JOIN gatherings g ON g.title = t.source_ref` + cond + ` AND t.kind = ? AND t.source = ?
		AND EXISTS (SELECT 1 FROM rsvps r WHERE r.gathering_id = g.id AND r.member_id = t.member_a AND r.status IN ('going', 'attended'))
		AND EXISTS (SELECT 1 FROM rsvps r WHERE r.gathering_id = g.id AND r.member_id = t.member_b AND r.status IN ('going', 'attended'))`
	all := append(append(append([]any{}, args...), args...), string(kindred.TieSatTogether), string(kindred.SourceGathering))
	rows, err := s.query(ctx, q, all...)
	if err != nil {
		return err
	}
	var links [][2]int64
	for rows.Next() {
		var tie, g int64
		if err := rows.Scan(&tie, &g); err != nil {
			rows.Close()
			return err
		}
		links = append(links, [2]int64{tie, g})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	days := map[int64]time.Time{}
	for _, t := range l.Ties {
		days[t.ID] = t.HappenedOn
	}
	read := map[int64]*kindred.Gathering{}
	for _, link := range links {
		g, ok := read[link[1]]
		if !ok {
			if g, err = s.Gathering(ctx, link[1]); err != nil {
				return err
			}
			read[link[1]] = g
		}
		// A dinner's table ties are dated its local day, its follow-ups
		// its day in UTC: either names it.
		if d := days[link[0]]; d.Equal(g.LocalDay()) || d.Equal(g.StartsAt.UTC().Truncate(24*time.Hour)) {
			l.Gatherings[link[0]] = g
		}
	}
	return nil
}

// AdoptionDays lists every adoption of every practice with only its id,
// practice, organization and day set, oldest first: what the network's
// measure of how practices travel needs.
func (s *Store) AdoptionDays(ctx context.Context) ([]kindred.Adoption, error) {
	rows, err := s.query(ctx, `SELECT id, practice_id, organization_id, adopted_on FROM adoptions ORDER BY adopted_on, id`)
	if err != nil {
		return nil, fmt.Errorf("adoption days: %w", err)
	}
	defer rows.Close()
	var out []kindred.Adoption
	for rows.Next() {
		var a kindred.Adoption
		var day string
		if err := rows.Scan(&a.ID, &a.PracticeID, &a.OrganizationID, &day); err != nil {
			return nil, fmt.Errorf("adoption days: %w", err)
		}
		if a.AdoptedOn, err = time.Parse(time.DateOnly, day); err != nil {
			return nil, fmt.Errorf("adoption %d day %q: %w", a.ID, day, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
