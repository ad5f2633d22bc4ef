package harvest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Setup is what the hosts set up for a gathering's harvest: its prompt
// cards (none means the defaults) and, per table sent, its note-taker (0
// for none).
type Setup struct {
	GatheringID int64
	Prompts     []string
	Takers      map[int]int64
}

// SetUp saves the prompt cards and note-takers of a gathering's harvest,
// for its hosts and organizers (kindred.Gathering.MaySetUpHarvest). A
// note-taker is a guest coming or who came, seated at the table when there
// is a table plan, and is named before the gathering starts
// (kindred.HarvestTable.MayName): afterwards the hosts may keep or clear
// one, never name another. Each note-taker newly named is mailed a sign-in
// link to their table's page (jobs.MailNoteTaker: one without an account
// gets one). It answers ENOTFOUND for a gathering that is not
// for v, EFORBIDDEN for anyone else, EINVALID naming the prompts or a
// table's taker_N field.
func (s *Service) SetUp(ctx context.Context, v *kindred.Viewer, in Setup) error {
	g, err := s.gathering(ctx, v, in.GatheringID)
	if err != nil {
		return err
	}
	if err := g.MaySetUpHarvest(v); err != nil {
		return err
	}
	prompts, err := kindred.CleanPrompts(in.Prompts)
	problems := fieldProblems(err)
	changed, err := s.changedTakers(ctx, g, in.Takers, problems)
	if err != nil {
		return err
	}
	if err := problems.Err(); err != nil {
		return err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetHarvestPrompts(ctx, g.ID, prompts); err != nil {
			return err
		}
		for _, table := range slices.Sorted(maps.Keys(changed)) {
			if err := tx.SetNoteTaker(ctx, g.ID, table, changed[table]); err != nil {
				return err
			}
			if changed[table] == 0 {
				continue
			}
			if err := s.Queue.MailNoteTaker(ctx, tx, g.ID, table, changed[table], v.AccountID()); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, v.AccountID(), "harvest.setup", strconv.FormatInt(g.ID, 10), g.Title)
	})
	if err != nil {
		return fmt.Errorf("set up harvest: %w", err)
	}
	return nil
}

// changedTakers returns the note-takers in takers that differ from those
// named, adding to problems each the hosts may not name now.
func (s *Service) changedTakers(ctx context.Context, g *kindred.Gathering, takers map[int]int64, problems kindred.Problems) (map[int]int64, error) {
	named, err := s.Store.HarvestTables(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	current := map[int]int64{}
	for _, t := range named {
		current[t.Table] = t.NoteTakerID
	}
	now, changed := s.Store.Now(), map[int]int64{}
	for table, member := range takers {
		if member == current[table] {
			continue
		}
		t := kindred.HarvestTable{Number: table, NoteTaker: current[table]}
		if err := t.MayName(g, member, now); err != nil {
			for f, msg := range kindred.ErrorFields(err) {
				problems.Add(f, msg)
			}
			continue
		}
		changed[table] = member
	}
	return changed, nil
}

// fieldProblems returns the field problems of an EINVALID error (never
// nil, so more can be added); other errors are not field problems.
func fieldProblems(err error) kindred.Problems {
	p := kindred.Problems{}
	var e *kindred.Error
	if errors.As(err, &e) {
		for f, msg := range e.Fields {
			p.Add(f, msg)
		}
	}
	return p
}
