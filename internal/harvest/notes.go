package harvest

import (
	"context"
	"fmt"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// NewNote is a note as its note-taker typed it at a table.
type NewNote struct {
	GatheringID int64
	Table       int
	Prompt      string
	Text        string
	Consent     kindred.NoteConsent
	// ClientKey is chosen by the form, so a resent post is stored once.
	ClientKey string
}

// WriteNote stores a note v took at a table whose notes they write
// (kindred.HarvestTable.MayWrite): v is its author. A note resent with the
// same client key is stored once and answered with the first. It answers
// ENOTFOUND for a gathering or table that is not for v, EFORBIDDEN (saying
// why) when v does not write this table's notes, EINVALID naming the
// fields.
func (s *Service) WriteNote(ctx context.Context, v *kindred.Viewer, in NewNote) (*kindred.HarvestNote, error) {
	t, err := s.Table(ctx, v, in.GatheringID, in.Table)
	if err != nil {
		return nil, err
	}
	if t.Refusal != nil {
		return nil, t.Refusal
	}
	n := &kindred.HarvestNote{GatheringID: t.Gathering.ID, Table: t.Number, AuthorID: v.MemberID(), Prompt: in.Prompt,
		Text: in.Text, Consent: in.Consent, ClientKey: in.ClientKey}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		_, err := tx.AddHarvestNote(ctx, n)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("write note: %w", err)
	}
	return n, nil
}

// NoteChange is what the author of a note changes: its consent, or
// Delete to remove it. GatheringID and Table are where the author found it.
type NoteChange struct {
	GatheringID int64
	Table       int
	NoteID      int64
	Consent     kindred.NoteConsent
	Delete      bool
}

// ChangeNote lets the author of a note change who may read it (when the
// table asks to take it off the record, say) or delete it, at any time.
// It answers ENOTFOUND when the note is not v's (kindred.HarvestNote.MayChange)
// or not at that table, EINVALID for an unknown consent.
func (s *Service) ChangeNote(ctx context.Context, v *kindred.Viewer, in NoteChange) error {
	n, err := s.Store.NoteFor(ctx, kindred.ReaderOf(v), in.NoteID)
	if err != nil {
		return err
	}
	if err := n.MayChange(v); err != nil {
		return err
	}
	if n.GatheringID != in.GatheringID || n.Table != in.Table {
		return kindred.Errorf(kindred.ENOTFOUND, "There is no such note at table %d.", in.Table)
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if in.Delete {
			return tx.DeleteHarvestNote(ctx, n.ID, n.AuthorID)
		}
		return tx.SetNoteConsent(ctx, n.ID, n.AuthorID, in.Consent)
	})
	if err != nil {
		return fmt.Errorf("change note: %w", err)
	}
	return nil
}

// TablePeopleList is who sat at a table, as its note-taker ticks them.
type TablePeopleList struct {
	GatheringID int64
	Table       int
	MemberIDs   []int64
}

// ListTablePeople records who sat at a table of a gathering without a
// table plan, on behalf of whoever writes its notes
// (kindred.HarvestTable.MayListPeople); guests not coming or who did not
// come are left out. A guest listed reads the table's off-the-record notes
// written since they answered the invitation (kindred.TablePerson), never
// one written before. ENOTFOUND for a gathering or table that is not for
// v, EFORBIDDEN otherwise.
func (s *Service) ListTablePeople(ctx context.Context, v *kindred.Viewer, in TablePeopleList) error {
	t, err := s.Table(ctx, v, in.GatheringID, in.Table)
	if err != nil {
		return err
	}
	if err := t.MayListPeople(v, t.Gathering, t.Guest); err != nil {
		return err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		return tx.SetListedPeople(ctx, t.Gathering.ID, t.Number, in.MemberIDs)
	})
	if err != nil {
		return fmt.Errorf("list table people: %w", err)
	}
	return nil
}
