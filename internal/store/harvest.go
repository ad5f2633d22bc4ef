package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// AddHarvestNote validates and stores a note, records its author as one of
// the table's people (and when the people seated there by the table plan
// were first seen at it: see TablePeople), remembers whether its gathering
// is open to the network as it is written (kindred.HarvestNote.Audience),
// and indexes it for search (in the scope kindred.HarvestNote.SearchScope
// gives it). A note resent with the same client key is stored once: the
// second call returns the first note's id and created false.
func (tx *Tx) AddHarvestNote(ctx context.Context, n *kindred.HarvestNote) (created bool, err error) {
	if err := n.Validate(); err != nil {
		return false, err
	}
	g, err := tx.Gathering(ctx, n.GatheringID)
	if err != nil {
		return false, err
	}
	n.GatheringTitle, n.GatheringOpen, n.WrittenOpen = g.Title, g.OpenToNetwork(), g.OpenToNetwork()
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
	// A resend racing this one (both found no note above) waits for it on
	// the unique key and then inserts nothing; it answers with that note.
	n.ID, err = tx.insertID(ctx, `INSERT INTO harvest_notes (gathering_id, table_no, author_id, prompt, body, consent, client_key,
		written_open, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (gathering_id, author_id, client_key) DO NOTHING`, n.GatheringID, n.Table, n.AuthorID, n.Prompt, n.Text,
		string(n.Consent), nullString(n.ClientKey), n.WrittenOpen, tx.now, tx.now)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND && n.ClientKey != "" {
		err = tx.queryRow(ctx, `SELECT id FROM harvest_notes WHERE gathering_id = ? AND author_id = ? AND client_key = ?`,
			n.GatheringID, n.AuthorID, n.ClientKey).Scan(&n.ID)
		if err != nil {
			return false, fmt.Errorf("add note: the same note sent at once: %w", err)
		}
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("add note: %w", err)
	}
	n.CreatedAt = tx.now
	if err := tx.seeSeats(ctx, n.ID); err != nil {
		return false, err
	}
	return true, tx.indexNote(ctx, n)
}

// seeSeats records that the people the table plan seats at the note's table
// were there when it was written, for those not seen there before: they
// read its off-the-record notes from then on (see TablePeople).
func (tx *Tx) seeSeats(ctx context.Context, noteID int64) error {
	_, err := tx.exec(ctx, `INSERT INTO harvest_table_seen (gathering_id, table_no, member_id, seen_at)
		SELECT DISTINCT s.gathering_id, s.table_no, s.member_id, n.created_at FROM harvest_notes n
		JOIN table_seats s ON s.gathering_id = n.gathering_id AND s.table_no = n.table_no WHERE n.id = ?
		ON CONFLICT (gathering_id, table_no, member_id) DO NOTHING`, noteID)
	if err != nil {
		return fmt.Errorf("see seats: %w", err)
	}
	return nil
}

// indexNote puts the note in the search index without any name: the title
// names the gathering and the table, the body holds the prompt and text.
func (tx *Tx) indexNote(ctx context.Context, n *kindred.HarvestNote) error {
	return tx.IndexDocument(ctx, kindred.SearchDoc{Kind: "note", RefID: n.ID, Scope: n.SearchScope(),
		Title: noteTitle(n), Body: strings.TrimSpace(n.Prompt + "\n" + n.Text)})
}

// noteTitle is the note's title in the search index.
func noteTitle(n *kindred.HarvestNote) string {
	return fmt.Sprintf("%s · table %d", n.GatheringTitle, n.Table)
}

// reindexNotes brings the search entries of a gathering's notes in line with
// the gathering after it changed: a new title, or a visibility or status
// that moves its shared notes into or out of the network's scope. Only the
// entries that differ are written, so an unrelated change writes nothing.
func (tx *Tx) reindexNotes(ctx context.Context, gatheringID int64) error {
	notes, err := readNotes(ctx, tx, ` WHERE n.gathering_id = ? ORDER BY n.id`, gatheringID)
	if err != nil {
		return err
	}
	indexed := map[int64][2]string{}
	rows, err := tx.query(ctx, `SELECT d.ref_id, d.scope, d.title FROM search_docs d JOIN harvest_notes n ON n.id = d.ref_id
		WHERE d.kind = 'note' AND n.gathering_id = ?`, gatheringID)
	if err != nil {
		return fmt.Errorf("reindex notes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var scope, title string
		if err := rows.Scan(&id, &scope, &title); err != nil {
			return fmt.Errorf("reindex notes: %w", err)
		}
		indexed[id] = [2]string{scope, title}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reindex notes: %w", err)
	}
	for _, sn := range notes {
		n := &sn.HarvestNote
		if indexed[n.ID] != [2]string{n.SearchScope(), noteTitle(n)} {
			if err := tx.indexNote(ctx, n); err != nil {
				return err
			}
		}
	}
	return nil
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
// one to read its off-the-record notes). A new note-taker is one of the
// table's people from now on; naming the same one again changes nothing.
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
	var named any
	if memberID != 0 {
		named = tx.now
	}
	_, err := tx.exec(ctx, `INSERT INTO harvest_tables (gathering_id, table_no, note_taker_id, named_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (gathering_id, table_no) DO UPDATE SET note_taker_id = excluded.note_taker_id,
			named_at = CASE WHEN harvest_tables.note_taker_id = excluded.note_taker_id THEN harvest_tables.named_at ELSE excluded.named_at END`,
		gatheringID, table, nullInt(memberID), named)
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

// TablePeople lists the people of a table of a gathering now, each with
// since when they belong to it (kindred.TablePerson), in member order. With
// a table plan, everyone seated at that table in any round, from the first
// note written there once they were seated (a seat no note has followed
// yet counts from now); without one, the guests the note-taker listed, from
// their answer to the invitation. The table's note-taker (from being named)
// and the authors of its notes (from their first note there) always belong.
// kindred.HarvestNote.VisibleTo gives each the off-the-record notes written
// since.
func (s *Store) TablePeople(ctx context.Context, gatheringID int64, table int) ([]kindred.TablePerson, error) {
	rows, err := s.query(ctx, `SELECT s.member_id, seen.seen_at FROM table_seats s
			LEFT JOIN harvest_table_seen seen ON seen.gathering_id = s.gathering_id AND seen.table_no = s.table_no AND seen.member_id = s.member_id
			WHERE s.gathering_id = ? AND s.table_no = ?
		UNION ALL SELECT p.member_id, r.created_at FROM harvest_table_people p
			JOIN rsvps r ON r.gathering_id = p.gathering_id AND r.member_id = p.member_id
			WHERE p.gathering_id = ? AND p.table_no = ? AND NOT EXISTS (SELECT 1 FROM table_plans tp WHERE tp.gathering_id = p.gathering_id)
		UNION ALL SELECT author_id, created_at FROM harvest_notes WHERE gathering_id = ? AND table_no = ? AND author_id IS NOT NULL
		UNION ALL SELECT note_taker_id, named_at FROM harvest_tables WHERE gathering_id = ? AND table_no = ? AND note_taker_id IS NOT NULL`,
		gatheringID, table, gatheringID, table, gatheringID, table, gatheringID, table)
	if err != nil {
		return nil, fmt.Errorf("table people: %w", err)
	}
	defer rows.Close()
	since := map[int64]time.Time{}
	for rows.Next() {
		var id int64
		var at sql.NullTime
		if err := rows.Scan(&id, &at); err != nil {
			return nil, fmt.Errorf("table people: %w", err)
		}
		t := s.Now()
		if at.Valid {
			t = at.Time.UTC()
		}
		if old, ok := since[id]; !ok || t.Before(old) {
			since[id] = t
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("table people: %w", err)
	}
	out := make([]kindred.TablePerson, 0, len(since))
	for _, id := range slices.Sorted(maps.Keys(since)) {
		out = append(out, kindred.TablePerson{MemberID: id, Since: since[id]})
	}
	return out, nil
}

// HarvestTable returns a table of the gathering's harvest as the rules of
// who takes its notes see it: whether there is a table plan, its
// note-taker and its people (TablePeople).
func (s *Store) HarvestTable(ctx context.Context, gatheringID int64, table int) (*kindred.HarvestTable, error) {
	t := &kindred.HarvestTable{Number: table}
	var err error
	if t.HasPlan, err = s.HasTablePlan(ctx, gatheringID); err != nil {
		return nil, err
	}
	if t.NoteTaker, err = s.NoteTaker(ctx, gatheringID, table); err != nil {
		return nil, err
	}
	if t.People, err = s.TablePeople(ctx, gatheringID, table); err != nil {
		return nil, err
	}
	return t, nil
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
	n.consent, COALESCE(n.client_key, ''), n.written_open, n.created_at, g.city_id, g.visibility, g.status`

const noteFrom = ` FROM harvest_notes n JOIN gatherings g ON g.id = n.gathering_id LEFT JOIN members m ON m.id = n.author_id`

// storedNote is a note as stored, names included, with what decides who may
// see its gathering.
type storedNote struct {
	kindred.HarvestNote
	gathering kindred.Gathering // ID, CityID, Visibility and Status only
}

// notes reads notes as stored: every caller outside this package receives
// them only through visible.
func (s *Store) notes(ctx context.Context, where string, args ...any) ([]storedNote, error) {
	return readNotes(ctx, s, where, args...)
}

func readNotes(ctx context.Context, r reader, where string, args ...any) ([]storedNote, error) {
	rows, err := r.query(ctx, `SELECT `+noteColumns+noteFrom+where, args...)
	if err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	defer rows.Close()
	var out []storedNote
	for rows.Next() {
		var sn storedNote
		n, g := &sn.HarvestNote, &sn.gathering
		if err := rows.Scan(&n.ID, &n.GatheringID, &n.GatheringTitle, &n.Table, &n.AuthorID, &n.AuthorName, &n.Prompt,
			&n.Text, &n.Consent, &n.ClientKey, &n.WrittenOpen, &n.CreatedAt, &g.CityID, &g.Visibility, &g.Status); err != nil {
			return nil, fmt.Errorf("notes: %w", err)
		}
		n.CreatedAt = n.CreatedAt.UTC()
		g.ID, g.Title = n.GatheringID, n.GatheringTitle
		audience := n.Audience(*g)
		n.GatheringOpen = audience.OpenToNetwork()
		out = append(out, sn)
	}
	return out, rows.Err()
}

// visible keeps the notes r may read, as they may read them, by
// kindred.HarvestNote.ForViewer: who may see each gathering (as the note's
// audience: kindred.HarvestNote.Audience) is decided once per gathering and
// audience, by kindred.Gathering.VisibleTo.
func (s *Store) visible(ctx context.Context, r kindred.NoteReader, notes []storedNote) ([]kindred.HarvestNote, error) {
	people, sees := map[string][]kindred.TablePerson{}, map[string]bool{}
	out := make([]kindred.HarvestNote, 0, len(notes))
	for _, sn := range notes {
		n := sn.HarvestNote
		g := n.Audience(sn.gathering)
		audience := g.Visibility + ":" + strconv.FormatInt(g.ID, 10)
		seen, ok := sees[audience]
		if !ok {
			var err error
			if seen, err = s.seesGathering(ctx, r, &g); err != nil {
				return nil, err
			}
			sees[audience] = seen
		}
		scope := kindred.TableScope(n.GatheringID, n.Table)
		if _, ok := people[scope]; !ok && seen && n.Consent == kindred.ConsentOffRecord {
			ids, err := s.TablePeople(ctx, n.GatheringID, n.Table)
			if err != nil {
				return nil, err
			}
			people[scope] = ids
		}
		if v, ok := n.ForViewer(r.MemberID, seen, people[scope]); ok {
			out = append(out, v)
		}
	}
	return out, nil
}

// seesGathering applies kindred.Gathering.VisibleTo for r, asking whether r
// is on the gathering's list only when that decides.
func (s *Store) seesGathering(ctx context.Context, r kindred.NoteReader, g *kindred.Gathering) (bool, error) {
	return s.SeesGathering(ctx, readerViewer(r), g)
}

// OnGuestList reports whether the member is on the gathering's list, which
// lets them see it when it is invite-only (kindred.Gathering.VisibleTo):
// invited (an RSVP of any status) or one of its hosts. Member 0 (an account
// without a profile) is on no list.
func (s *Store) OnGuestList(ctx context.Context, gatheringID, memberID int64) (bool, error) {
	if memberID == 0 {
		return false, nil
	}
	var listed bool
	err := s.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM rsvps WHERE gathering_id = ? AND member_id = ?)
		OR EXISTS (SELECT 1 FROM gathering_hosts WHERE gathering_id = ? AND member_id = ?)`,
		gatheringID, memberID, gatheringID, memberID).Scan(&listed)
	if err != nil {
		return false, fmt.Errorf("guest list: %w", err)
	}
	return listed, nil
}

// NotesFor lists a gathering's notes (one table's when table > 0) that r
// may read, oldest first, by table.
func (s *Store) NotesFor(ctx context.Context, r kindred.NoteReader, gatheringID int64, table int) ([]kindred.HarvestNote, error) {
	where, args := ` WHERE n.gathering_id = ?`, []any{gatheringID}
	if table > 0 {
		where, args = where+` AND n.table_no = ?`, append(args, table)
	}
	notes, err := s.notes(ctx, where+` ORDER BY n.table_no, n.created_at, n.id`, args...)
	if err != nil {
		return nil, err
	}
	return s.visible(ctx, r, notes)
}

// NoteFor returns one note as r may read it; ENOTFOUND when it does not
// exist or r may not read it (the two are not told apart).
func (s *Store) NoteFor(ctx context.Context, r kindred.NoteReader, noteID int64) (*kindred.HarvestNote, error) {
	stored, err := s.notes(ctx, ` WHERE n.id = ?`, noteID)
	var notes []kindred.HarvestNote
	if err == nil {
		notes, err = s.visible(ctx, r, stored)
	}
	if err != nil {
		return nil, err
	}
	if len(notes) == 0 {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "There is no such note, or it is not for you to read.")
	}
	return &notes[0], nil
}

// NotesByAuthor lists the notes a member wrote (for their data export).
func (s *Store) NotesByAuthor(ctx context.Context, memberID int64) ([]kindred.HarvestNote, error) {
	notes, err := s.notes(ctx, ` WHERE n.author_id = ? ORDER BY n.created_at, n.id`, memberID)
	if err != nil {
		return nil, err
	}
	return s.visible(ctx, kindred.NoteReader{MemberID: memberID}, notes)
}

// NoteHit is a note found by search, with highlight markers.
type NoteHit struct {
	Note    kindred.HarvestNote
	Title   string
	Snippet string
}

// SearchNotes finds the notes r may read that match text, best first. The
// index is asked only for the scopes of those notes (the network's; the
// gatherings not open to the network that r may see; r's own tables' for
// off-the-record ones); every hit is checked again by the visibility rule
// before it is returned.
func (s *Store) SearchNotes(ctx context.Context, r kindred.NoteReader, text string, limit int) ([]NoteHit, error) {
	scopes, err := s.noteScopes(ctx, r)
	if err != nil {
		return nil, err
	}
	found, err := s.Search(ctx, kindred.SearchQuery{Text: text, Kinds: []string{"note"}, Scopes: scopes, Limit: limit})
	if err != nil || len(found) == 0 {
		return nil, err
	}
	ids, byID := make([]any, len(found)), map[int64]kindred.SearchHit{}
	for i, h := range found {
		ids[i], byID[h.RefID] = h.RefID, h
	}
	stored, err := s.notes(ctx, ` WHERE n.id IN (`+placeholders(len(ids))+`)`, ids...)
	var notes []kindred.HarvestNote
	if err == nil {
		notes, err = s.visible(ctx, r, stored)
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

// noteScopes lists the search scopes of the notes r may read: the network's,
// r's own tables', and those of the gatherings with notes that are not open
// to the network (the gathering is not, or was not when they were written)
// and that r may see as such notes' audience by kindred.Gathering.VisibleTo
// (the query only narrows the gatherings to ask the rule about: those r is
// on the list of, or all of them for an account that may organize
// somewhere).
func (s *Store) noteScopes(ctx context.Context, r kindred.NoteReader) ([]string, error) {
	scopes := []string{"network"}
	if r.MemberID != 0 {
		mine, err := s.TablesOf(ctx, r.MemberID)
		if err != nil {
			return nil, err
		}
		scopes = append(scopes, mine...)
	}
	// Only gatherings with notes (driven from harvest_notes, not from every
	// gathering): not open to the network, or with notes written before
	// they were.
	const listed = `SELECT gathering_id FROM rsvps WHERE member_id = ? UNION SELECT gathering_id FROM gathering_hosts WHERE member_id = ?`
	q := `SELECT g.id, g.city_id, g.visibility, g.status, g.id IN (` + listed + `) FROM gatherings g
		WHERE g.id IN (SELECT n.gathering_id FROM harvest_notes n)
			AND (NOT (g.visibility = ? AND g.status <> ?) OR EXISTS (SELECT 1 FROM harvest_notes n WHERE n.gathering_id = g.id AND n.written_open = ?))`
	args := []any{r.MemberID, r.MemberID, kindred.VisibilityNetwork, string(kindred.GatheringDraft), false}
	if a := r.Account; a == nil || (a.Role != kindred.RoleAdmin && a.Role != kindred.RoleOrganizer) {
		q, args = q+` AND g.id IN (`+listed+`)`, append(args, r.MemberID, r.MemberID)
	}
	rows, err := s.query(ctx, q+` ORDER BY g.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("note scopes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var g kindred.Gathering
		var onList bool
		if err := rows.Scan(&g.ID, &g.CityID, &g.Visibility, &g.Status, &onList); err != nil {
			return nil, fmt.Errorf("note scopes: %w", err)
		}
		g = (&kindred.HarvestNote{}).Audience(g) // the audience of the notes not open to the network
		if g.VisibleTo(readerViewer(r), func() bool { return onList }) {
			scopes = append(scopes, kindred.GatheringScope(g.ID))
		}
	}
	return scopes, rows.Err()
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
	notes, err := readNotes(ctx, tx, ` WHERE n.id = ?`, noteID)
	if err == nil && len(notes) == 0 {
		err = sql.ErrNoRows
	}
	if err != nil {
		return fmt.Errorf("note consent: %w", err)
	}
	return tx.indexNote(ctx, &notes[0].HarvestNote)
}

// DeleteHarvestNote removes a note, on behalf of its author, from the notes
// and the search index. ENOTFOUND when the note is not theirs.
func (tx *Tx) DeleteHarvestNote(ctx context.Context, noteID, authorID int64) error {
	if err := tx.execOne(ctx, "delete note", `DELETE FROM harvest_notes WHERE id = ? AND author_id = ?`, noteID, authorID); err != nil {
		return err
	}
	return tx.RemoveDocument(ctx, "note", noteID)
}
