package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// AddHarvestNote validates and stores a note, records its author as one of
// the table's people and indexes it for search (off-the-record notes in
// their table's own scope). A note resent with the same client key is stored
// once: the second call returns the first note's id and created false.
func (tx *Tx) AddHarvestNote(ctx context.Context, n *kindred.HarvestNote) (created bool, err error) {
	if err := n.Validate(); err != nil {
		return false, err
	}
	g, err := tx.Gathering(ctx, n.GatheringID)
	if err != nil {
		return false, err
	}
	n.GatheringTitle = g.Title
	if n.ClientKey != "" {
		err := tx.queryRow(ctx, `SELECT id FROM harvest_notes WHERE gathering_id = ? AND author_id = ? AND client_key = ?`,
			n.GatheringID, n.AuthorID, n.ClientKey).Scan(&n.ID)
		if err == nil {
			return false, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, fmt.Errorf("add note: %w", err)
		}
	}
	n.ID, err = tx.insertID(ctx, `INSERT INTO harvest_notes (gathering_id, table_no, author_id, prompt, body, consent, client_key,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, n.GatheringID, n.Table, n.AuthorID, n.Prompt, n.Text,
		string(n.Consent), nullString(n.ClientKey), tx.now, tx.now)
	if err != nil {
		return false, fmt.Errorf("add note: %w", err)
	}
	n.CreatedAt = tx.now
	return true, tx.indexNote(ctx, n)
}

// indexNote puts the note in the search index without any name: the title
// names the gathering and the table, the body holds the prompt and text.
func (tx *Tx) indexNote(ctx context.Context, n *kindred.HarvestNote) error {
	return tx.IndexDocument(ctx, kindred.SearchDoc{Kind: "note", RefID: n.ID, Scope: n.SearchScope(),
		Title: fmt.Sprintf("%s · table %d", n.GatheringTitle, n.Table), Body: strings.TrimSpace(n.Prompt + "\n" + n.Text)})
}

// SetListedPeople replaces the members a note-taker listed as at a table
// (they count as the table's people only when the gathering has no table
// plan). Only guests coming or who came can be listed; others are left out.
func (tx *Tx) SetListedPeople(ctx context.Context, gatheringID int64, table int, memberIDs []int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM harvest_table_people WHERE gathering_id = ? AND table_no = ?`,
		gatheringID, table); err != nil {
		return fmt.Errorf("list table people: %w", err)
	}
	for _, id := range memberIDs {
		_, err := tx.exec(ctx, `INSERT INTO harvest_table_people (gathering_id, table_no, member_id)
			SELECT gathering_id, ?, member_id FROM rsvps WHERE gathering_id = ? AND member_id = ? AND status IN ('going', 'attended')
			ON CONFLICT (gathering_id, table_no, member_id) DO NOTHING`, table, gatheringID, id)
		if err != nil {
			return fmt.Errorf("list table people: %w", err)
		}
	}
	return nil
}

// SetNoteTaker assigns (or with memberID 0 clears) a table's note-taker: a
// guest coming or who came, seated at that table when there is a table plan
// (the note-taker is one of the table's people, so no one else may be made
// one to read its off-the-record notes).
func (tx *Tx) SetNoteTaker(ctx context.Context, gatheringID int64, table int, memberID int64) error {
	if table < 1 || table > kindred.MaxTables {
		return &kindred.Error{Code: kindred.EINVALID, Message: "Please correct the table number.",
			Fields: map[string]string{"table": fmt.Sprintf("must be between 1 and %d", kindred.MaxTables)}}
	}
	if memberID != 0 {
		if err := tx.checkNoteTaker(ctx, gatheringID, table, memberID); err != nil {
			return err
		}
	}
	_, err := tx.exec(ctx, `INSERT INTO harvest_tables (gathering_id, table_no, note_taker_id) VALUES (?, ?, ?)
		ON CONFLICT (gathering_id, table_no) DO UPDATE SET note_taker_id = excluded.note_taker_id`,
		gatheringID, table, nullInt(memberID))
	if err != nil {
		return fmt.Errorf("set note-taker: %w", err)
	}
	return nil
}

// checkNoteTaker refuses a note-taker who is not a guest of the gathering,
// or not seated at the table when it has a table plan.
func (tx *Tx) checkNoteTaker(ctx context.Context, gatheringID int64, table int, memberID int64) error {
	var guest, planned, seated bool
	err := tx.queryRow(ctx, `SELECT
		EXISTS (SELECT 1 FROM rsvps WHERE gathering_id = ? AND member_id = ? AND status IN ('going', 'attended')),
		EXISTS (SELECT 1 FROM table_plans WHERE gathering_id = ?),
		EXISTS (SELECT 1 FROM table_seats WHERE gathering_id = ? AND table_no = ? AND member_id = ?)`,
		gatheringID, memberID, gatheringID, gatheringID, table, memberID).Scan(&guest, &planned, &seated)
	if err != nil {
		return fmt.Errorf("check note-taker: %w", tx.d.translate(err))
	}
	field := fmt.Sprintf("taker_%d", table)
	switch {
	case !guest:
		return &kindred.Error{Code: kindred.EINVALID, Message: "Please choose a note-taker from the guests.",
			Fields: map[string]string{field: "must be a guest who is coming or came"}}
	case planned && !seated:
		return &kindred.Error{Code: kindred.EINVALID, Message: "Please choose a note-taker seated at that table.",
			Fields: map[string]string{field: fmt.Sprintf("must be seated at table %d in the table plan", table)}}
	}
	return nil
}

// SetHarvestPrompts stores the gathering's prompt cards (cleaned; none means
// the defaults).
func (tx *Tx) SetHarvestPrompts(ctx context.Context, gatheringID int64, prompts []string) error {
	clean, err := kindred.CleanPrompts(prompts)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO harvest_prompts (gathering_id, prompts, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (gathering_id) DO UPDATE SET prompts = excluded.prompts, updated_at = excluded.updated_at`,
		gatheringID, jsonText(clean), tx.now)
	if err != nil {
		return fmt.Errorf("set prompts: %w", err)
	}
	return nil
}

// HarvestPrompts returns the gathering's prompt cards, the defaults when the
// hosts set none.
func (s *Store) HarvestPrompts(ctx context.Context, gatheringID int64) ([]string, error) {
	var raw string
	err := s.queryRow(ctx, `SELECT prompts FROM harvest_prompts WHERE gathering_id = ?`, gatheringID).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return slices.Clone(kindred.DefaultHarvestPrompts), nil
	}
	var out []string
	if err == nil {
		err = json.Unmarshal([]byte(raw), &out)
	}
	if err != nil {
		return nil, fmt.Errorf("prompts: %w", err)
	}
	return out, nil
}

// HarvestTable is one table of a gathering's harvest.
type HarvestTable struct {
	Table         int
	NoteTakerID   int64
	NoteTakerName string
}

// HarvestTables lists the tables that have a note-taker or notes, by number.
func (s *Store) HarvestTables(ctx context.Context, gatheringID int64) ([]HarvestTable, error) {
	rows, err := s.query(ctx, `SELECT t.table_no, COALESCE(h.note_taker_id, 0), COALESCE(m.name, '')
		FROM (SELECT table_no FROM harvest_tables WHERE gathering_id = ?
			UNION SELECT table_no FROM harvest_notes WHERE gathering_id = ?) t
		LEFT JOIN harvest_tables h ON h.gathering_id = ? AND h.table_no = t.table_no
		LEFT JOIN members m ON m.id = h.note_taker_id
		ORDER BY t.table_no`, gatheringID, gatheringID, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("harvest tables: %w", err)
	}
	defer rows.Close()
	var out []HarvestTable
	for rows.Next() {
		var t HarvestTable
		if err := rows.Scan(&t.Table, &t.NoteTakerID, &t.NoteTakerName); err != nil {
			return nil, fmt.Errorf("harvest tables: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// NoteTaker returns the member assigned to take notes at a table (0 when none).
func (s *Store) NoteTaker(ctx context.Context, gatheringID int64, table int) (int64, error) {
	var id int64
	err := s.queryRow(ctx, `SELECT COALESCE(note_taker_id, 0) FROM harvest_tables WHERE gathering_id = ? AND table_no = ?`,
		gatheringID, table).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("note-taker: %w", err)
	}
	return id, nil
}

// HasTablePlan reports whether the gathering has a seating plan.
func (s *Store) HasTablePlan(ctx context.Context, gatheringID int64) (bool, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM table_plans WHERE gathering_id = ?`, gatheringID).Scan(&n); err != nil {
		return false, fmt.Errorf("table plan: %w", err)
	}
	return n > 0, nil
}

// TablePeople lists the members who belong to a table of a gathering, the
// only people who may read its off-the-record notes: with a table plan,
// everyone seated at that table in any round; without one, the members the
// note-taker listed. The table's note-taker and the authors of its notes
// (while their notes exist) always belong.
func (s *Store) TablePeople(ctx context.Context, gatheringID int64, table int) ([]int64, error) {
	seated, err := s.TableMates(ctx, gatheringID, table)
	if err != nil {
		return nil, err
	}
	harvest, err := collectIDs(s.query(ctx, `SELECT p.member_id FROM harvest_table_people p WHERE p.gathering_id = ? AND p.table_no = ?
			AND NOT EXISTS (SELECT 1 FROM table_plans tp WHERE tp.gathering_id = p.gathering_id)
		UNION SELECT author_id FROM harvest_notes WHERE gathering_id = ? AND table_no = ? AND author_id IS NOT NULL
		UNION SELECT note_taker_id FROM harvest_tables WHERE gathering_id = ? AND table_no = ? AND note_taker_id IS NOT NULL`,
		gatheringID, table, gatheringID, table, gatheringID, table))
	if err != nil {
		return nil, fmt.Errorf("table people: %w", err)
	}
	ids := append(seated, harvest...)
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// TablesOf lists the search scopes of every table the member belongs to (by
// the same rule as TablePeople), across all gatherings.
func (s *Store) TablesOf(ctx context.Context, memberID int64) ([]string, error) {
	rows, err := s.query(ctx, `SELECT gathering_id, table_no FROM table_seats WHERE member_id = ?
		UNION SELECT p.gathering_id, p.table_no FROM harvest_table_people p WHERE p.member_id = ?
			AND NOT EXISTS (SELECT 1 FROM table_plans tp WHERE tp.gathering_id = p.gathering_id)
		UNION SELECT gathering_id, table_no FROM harvest_notes WHERE author_id = ?
		UNION SELECT gathering_id, table_no FROM harvest_tables WHERE note_taker_id = ?`, memberID, memberID, memberID, memberID)
	if err != nil {
		return nil, fmt.Errorf("tables of member: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var gid int64
		var table int
		if err := rows.Scan(&gid, &table); err != nil {
			return nil, fmt.Errorf("tables of member: %w", err)
		}
		out = append(out, kindred.TableScope(gid, table))
	}
	return out, rows.Err()
}

const noteColumns = `n.id, n.gathering_id, g.title, n.table_no, COALESCE(n.author_id, 0), COALESCE(m.name, ''), n.prompt, n.body,
	n.consent, COALESCE(n.client_key, ''), n.created_at`

const noteFrom = ` FROM harvest_notes n JOIN gatherings g ON g.id = n.gathering_id LEFT JOIN members m ON m.id = n.author_id`

// notes reads notes as stored, names included: every caller outside this
// package receives them only through VisibleNotes.
func (s *Store) notes(ctx context.Context, where string, args ...any) ([]kindred.HarvestNote, error) {
	rows, err := s.query(ctx, `SELECT `+noteColumns+noteFrom+where, args...)
	if err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	defer rows.Close()
	var out []kindred.HarvestNote
	for rows.Next() {
		var n kindred.HarvestNote
		if err := rows.Scan(&n.ID, &n.GatheringID, &n.GatheringTitle, &n.Table, &n.AuthorID, &n.AuthorName, &n.Prompt,
			&n.Text, &n.Consent, &n.ClientKey, &n.CreatedAt); err != nil {
			return nil, fmt.Errorf("notes: %w", err)
		}
		n.CreatedAt = n.CreatedAt.UTC()
		out = append(out, n)
	}
	return out, rows.Err()
}

// visible keeps the notes viewer (a member id; 0 for an account without a
// profile) may read, as they may read them, by kindred.HarvestNote.ForViewer.
func (s *Store) visible(ctx context.Context, viewer int64, notes []kindred.HarvestNote) ([]kindred.HarvestNote, error) {
	people := map[string][]int64{}
	out := notes[:0]
	for _, n := range notes {
		scope := kindred.TableScope(n.GatheringID, n.Table)
		if _, ok := people[scope]; !ok && n.Consent == kindred.ConsentOffRecord {
			ids, err := s.TablePeople(ctx, n.GatheringID, n.Table)
			if err != nil {
				return nil, err
			}
			people[scope] = ids
		}
		if v, ok := n.ForViewer(viewer, people[scope]); ok {
			out = append(out, v)
		}
	}
	return out, nil
}

// NotesFor lists a gathering's notes (one table's when table > 0) that viewer
// may read, oldest first, by table.
func (s *Store) NotesFor(ctx context.Context, viewer, gatheringID int64, table int) ([]kindred.HarvestNote, error) {
	where, args := ` WHERE n.gathering_id = ?`, []any{gatheringID}
	if table > 0 {
		where, args = where+` AND n.table_no = ?`, append(args, table)
	}
	notes, err := s.notes(ctx, where+` ORDER BY n.table_no, n.created_at, n.id`, args...)
	if err != nil {
		return nil, err
	}
	return s.visible(ctx, viewer, notes)
}

// NoteFor returns one note as viewer may read it; ENOTFOUND when it does not
// exist or viewer may not read it (the two are not told apart).
func (s *Store) NoteFor(ctx context.Context, viewer, noteID int64) (*kindred.HarvestNote, error) {
	notes, err := s.notes(ctx, ` WHERE n.id = ?`, noteID)
	if err == nil {
		notes, err = s.visible(ctx, viewer, notes)
	}
	if err != nil {
		return nil, err
	}
	if len(notes) == 0 {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "There is no such note, or it was off the record.")
	}
	return &notes[0], nil
}

// NotesByAuthor lists the notes a member wrote (for their data export).
func (s *Store) NotesByAuthor(ctx context.Context, memberID int64) ([]kindred.HarvestNote, error) {
	notes, err := s.notes(ctx, ` WHERE n.author_id = ? ORDER BY n.created_at, n.id`, memberID)
	if err != nil {
		return nil, err
	}
	return s.visible(ctx, memberID, notes)
}

// NoteHit is a note found by search, with highlight markers.
type NoteHit struct {
	Note    kindred.HarvestNote
	Title   string
	Snippet string
}

// SearchNotes finds the notes viewer may read that match text, best first.
// The index is asked only for the network's notes and the viewer's own
// tables' off-the-record ones; every hit is checked again by the visibility
// rule before it is returned.
func (s *Store) SearchNotes(ctx context.Context, viewer int64, text string, limit int) ([]NoteHit, error) {
	scopes := []string{"network"}
	if viewer != 0 {
		mine, err := s.TablesOf(ctx, viewer)
		if err != nil {
			return nil, err
		}
		scopes = append(scopes, mine...)
	}
	found, err := s.Search(ctx, kindred.SearchQuery{Text: text, Kinds: []string{"note"}, Scopes: scopes, Limit: limit})
	if err != nil || len(found) == 0 {
		return nil, err
	}
	ids, byID := make([]any, len(found)), map[int64]kindred.SearchHit{}
	for i, h := range found {
		ids[i], byID[h.RefID] = h.RefID, h
	}
	notes, err := s.notes(ctx, ` WHERE n.id IN (`+placeholders(len(ids))+`)`, ids...)
	if err == nil {
		notes, err = s.visible(ctx, viewer, notes)
	}
	if err != nil {
		return nil, err
	}
	out := make([]NoteHit, 0, len(notes))
	for _, n := range notes {
		h := byID[n.ID]
		out = append(out, NoteHit{Note: n, Title: h.Title, Snippet: h.Snippet})
	}
	slices.SortStableFunc(out, func(a, b NoteHit) int {
		return cmp.Compare(byID[a.Note.ID].Rank, byID[b.Note.ID].Rank)
	})
	return out, nil
}

// SetNoteConsent changes a note's consent flag on behalf of its author and
// moves it to its new search scope. ENOTFOUND when the note is not theirs.
func (tx *Tx) SetNoteConsent(ctx context.Context, noteID, authorID int64, consent kindred.NoteConsent) error {
	if !slices.Contains(kindred.NoteConsents, consent) {
		return &kindred.Error{Code: kindred.EINVALID, Message: "Choose who may read the note.",
			Fields: map[string]string{"consent": "must be attributable, chatham or off_record"}}
	}
	if err := tx.execOne(ctx, "note consent", `UPDATE harvest_notes SET consent = ?, updated_at = ? WHERE id = ? AND author_id = ?`,
		string(consent), tx.now, noteID, authorID); err != nil {
		return err
	}
	var n kindred.HarvestNote
	err := tx.queryRow(ctx, `SELECT n.id, n.gathering_id, g.title, n.table_no, n.prompt, n.body, n.consent
		FROM harvest_notes n JOIN gatherings g ON g.id = n.gathering_id WHERE n.id = ?`, noteID).
		Scan(&n.ID, &n.GatheringID, &n.GatheringTitle, &n.Table, &n.Prompt, &n.Text, &n.Consent)
	if err != nil {
		return fmt.Errorf("note consent: %w", err)
	}
	return tx.indexNote(ctx, &n)
}

// DeleteHarvestNote removes a note, on behalf of its author, from the notes
// and the search index. ENOTFOUND when the note is not theirs.
func (tx *Tx) DeleteHarvestNote(ctx context.Context, noteID, authorID int64) error {
	if err := tx.execOne(ctx, "delete note", `DELETE FROM harvest_notes WHERE id = ? AND author_id = ?`, noteID, authorID); err != nil {
		return err
	}
	return tx.RemoveDocument(ctx, "note", noteID)
}
