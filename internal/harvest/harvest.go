// Package harvest holds the use cases of a gathering's harvest: prompt
// cards, note-takers, table notes with their consent, who sat at a table,
// nominations and follow-ups. Each method takes the viewer and does the
// whole job — checks the domain rule, runs one transaction, audits,
// schedules the mail — so pages, the API and the CLI behave alike. Errors
// are *kindred.Error for the person, wrapped causes otherwise.
//
// What is said at a table is not audited: the audit log names who acted,
// and a note shared without names, or off the record, must not be traced
// to its author by anyone, administrators included; nor is who sat at a
// table, which only its own people see. Setting up a harvest is audited.
// No harvest flow emits an event: events are for the whole network.
package harvest

import (
	"context"
	"fmt"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Service runs the harvest use cases.
type Service struct {
	Store *store.Store
	Queue *jobs.Queue
}

// gathering returns the gathering v may see (kindred.Gathering.VisibleTo);
// ENOTFOUND when there is none or it is not for v to see.
func (s *Service) gathering(ctx context.Context, v *kindred.Viewer, id int64) (*kindred.Gathering, error) {
	g, err := s.Store.Gathering(ctx, id)
	if err != nil {
		return nil, err
	}
	var lerr error
	seen := g.VisibleTo(v, func() bool {
		var listed bool
		listed, lerr = s.Store.OnGuestList(ctx, g.ID, v.MemberID())
		return listed
	})
	if lerr != nil {
		return nil, lerr
	}
	if !seen {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "There is no such gathering, or it is not for you to see.")
	}
	return g, nil
}

// harvestOf is gathering for the harvest's tables: ENOTFOUND until notes
// can be taken there (kindred.HarvestOpen).
func (s *Service) harvestOf(ctx context.Context, v *kindred.Viewer, id int64) (*kindred.Gathering, error) {
	g, err := s.gathering(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if !kindred.HarvestOpen(g, s.Store.Now()) {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "Notes can be taken once the gathering has started.")
	}
	return g, nil
}

// Table is one table of a harvest as its viewer finds it.
type Table struct {
	Gathering *kindred.Gathering
	kindred.HarvestTable
	// Refusal says why the viewer may not write the table's notes
	// (EFORBIDDEN); nil when they may.
	Refusal error
	// Guest reports whether the viewer is coming to the gathering or came.
	Guest bool
}

// Table returns table of the gathering's harvest and whether v writes its
// notes. ENOTFOUND when the gathering is not for v to see, its harvest has
// not opened, or there is no such table.
func (s *Service) Table(ctx context.Context, v *kindred.Viewer, gatheringID int64, table int) (*Table, error) {
	g, err := s.harvestOf(ctx, v, gatheringID)
	if err != nil {
		return nil, err
	}
	if table < 1 || table > kindred.MaxTables {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "There is no table %d.", table)
	}
	ht, err := s.Store.HarvestTable(ctx, g.ID, table)
	if err != nil {
		return nil, err
	}
	t := &Table{Gathering: g, HarvestTable: *ht}
	if t.Guest, err = s.comes(ctx, g.ID, v.MemberID()); err != nil {
		return nil, err
	}
	t.Refusal = t.MayWrite(v, g, t.Guest)
	return t, nil
}

// comes reports whether the member is coming to the gathering or came.
func (s *Service) comes(ctx context.Context, gatheringID, memberID int64) (bool, error) {
	if memberID == 0 {
		return false, nil
	}
	rsvp, err := s.Store.RSVPOf(ctx, gatheringID, memberID)
	switch kindred.ErrorCode(err) {
	case "":
		return rsvp.Status == kindred.RSVPGoing || rsvp.Status == kindred.RSVPAttended, nil
	case kindred.ENOTFOUND:
		return false, nil
	}
	return false, fmt.Errorf("guest of gathering %d: %w", gatheringID, err)
}

// VisibleGathering returns the gathering v may see
// (kindred.Gathering.VisibleTo); ENOTFOUND when there is none or it is not
// for v to see.
func (s *Service) VisibleGathering(ctx context.Context, v *kindred.Viewer, id int64) (*kindred.Gathering, error) {
	return s.gathering(ctx, v, id)
}

// OpenHarvest returns the gathering whose harvest v may read: one they may
// see, once notes can be taken there (kindred.HarvestOpen); ENOTFOUND
// otherwise.
func (s *Service) OpenHarvest(ctx context.Context, v *kindred.Viewer, id int64) (*kindred.Gathering, error) {
	return s.harvestOf(ctx, v, id)
}
