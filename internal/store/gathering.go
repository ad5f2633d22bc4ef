package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// reader is what Store and Tx share for reads, so a gathering can be read
// inside a write transaction (to compose its emails) or outside one.
type reader interface {
	query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	queryRow(ctx context.Context, q string, args ...any) *sql.Row
}

const gatheringBaseColumns = `g.id, g.city_id, c.name, g.time_zone, COALESCE(g.series_id, 0), COALESCE(s.name, ''), g.title, g.theme,
	g.questions, g.venue_name, g.address, g.accessibility_notes, g.diets_served, g.starts_at, g.ends_at, g.capacity,
	g.table_size, g.visibility, g.status, g.approval_required, g.join_url, g.public, COALESCE(g.created_by, 0), g.created_at, g.updated_at,
	COALESCE(gp.member_id, 0)`

const gatheringColumns = gatheringBaseColumns + `,
	(SELECT COUNT(*) FROM rsvps r WHERE r.gathering_id = g.id AND r.status IN ('going', 'attended')),
	(SELECT COUNT(*) FROM rsvps r WHERE r.gathering_id = g.id AND r.status = 'waitlist')`

// gatheringListColumns leave the RSVP counts at zero: a list reads them
// for all its gatherings at once (fillRSVPCounts).
const gatheringListColumns = gatheringBaseColumns + `, 0, 0`

// gatheringFrom joins a gathering's city, series and proposer (a join, not a
// subquery per row: PostgreSQL ran the subquery for every upcoming gathering
// before taking a page of them).
const gatheringFrom = ` FROM gatherings g JOIN cities c ON c.id = g.city_id LEFT JOIN gathering_series s ON s.id = g.series_id
	LEFT JOIN gathering_proposals gp ON gp.gathering_id = g.id`

func scanGathering(r rowScanner) (*kindred.Gathering, error) {
	var g kindred.Gathering
	var questions, diets string
	if err := r.Scan(&g.ID, &g.CityID, &g.CityName, &g.TimeZone, &g.SeriesID, &g.SeriesName, &g.Title, &g.Theme,
		&questions, &g.VenueName, &g.Address, &g.AccessibilityNotes, &diets, &g.StartsAt, &g.EndsAt, &g.Capacity,
		&g.TableSize, &g.Visibility, &g.Status, &g.ApprovalRequired, &g.JoinURL, &g.Public, &g.CreatedBy, &g.CreatedAt, &g.UpdatedAt,
		&g.ProposedBy, &g.Going, &g.Waitlisted); err != nil {
		return nil, err
	}
	g.StartsAt, g.EndsAt, g.CreatedAt, g.UpdatedAt = g.StartsAt.UTC(), g.EndsAt.UTC(), g.CreatedAt.UTC(), g.UpdatedAt.UTC()
	if err := json.Unmarshal([]byte(questions), &g.Questions); err != nil {
		return nil, fmt.Errorf("questions of gathering %d: %w", g.ID, err)
	}
	if err := json.Unmarshal([]byte(diets), &g.DietsServed); err != nil {
		return nil, fmt.Errorf("diets of gathering %d: %w", g.ID, err)
	}
	return &g, nil
}

func jsonText(v any) string {
	b, _ := json.Marshal(v) // lists and maps of strings always marshal
	if string(b) == "null" {
		return "[]"
	}
	return string(b)
}

// CreateGathering validates and stores g with its hosts and co-hosts, in its
// city's time zone. Returns the stored gathering. EINVALID names bad fields;
// an unknown city is EINVALID on "city_id".
func (tx *Tx) CreateGathering(ctx context.Context, g kindred.Gathering) (*kindred.Gathering, error) {
	if err := tx.prepareGathering(ctx, &g); err != nil {
		return nil, err
	}
	id, err := tx.insertID(ctx, `INSERT INTO gatherings (city_id, series_id, title, theme, questions, venue_name, address,
		accessibility_notes, diets_served, starts_at, ends_at, time_zone, capacity, table_size, visibility, status,
		approval_required, join_url, public, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		g.CityID, nullInt(g.SeriesID), g.Title, g.Theme, jsonText(g.Questions), g.VenueName, g.Address,
		g.AccessibilityNotes, jsonText(g.DietsServed), g.StartsAt, g.EndsAt, g.TimeZone, g.Capacity, g.TableSize,
		g.Visibility, string(g.Status), g.ApprovalRequired, g.JoinURL, g.Public, nullInt(g.CreatedBy), tx.now, tx.now)
	if err != nil {
		return nil, fmt.Errorf("create gathering: %w", err)
	}
	if err := tx.setGatheringParts(ctx, id, &g); err != nil {
		return nil, err
	}
	if err := tx.seatHosts(ctx, id, g.HostIDs); err != nil {
		return nil, err
	}
	return tx.Gathering(ctx, id)
}

// seatHosts gives each host a seat: a host who has not answered, was only
// invited, awaits approval or waits in line is going, so the table composer
// seats them (one per table), the door checks them in and the ledger counts
// them. A host who declined stays declined. Hosts take their seats even
// when the guests have filled the others.
func (tx *Tx) seatHosts(ctx context.Context, gatheringID int64, hostIDs []int64) error {
	for _, id := range uniqueIDs(hostIDs) {
		prev, err := tx.currentRSVP(ctx, gatheringID, id)
		if err != nil {
			return fmt.Errorf("seat host: %w", err)
		}
		switch prev {
		case "", kindred.RSVPInvited, kindred.RSVPPending, kindred.RSVPWaitlist:
			req := kindred.RSVPRequest{GatheringID: gatheringID, MemberID: id, Status: kindred.RSVPGoing, ByOrganizer: true}
			if err := tx.writeRSVP(ctx, req, prev, kindred.RSVPGoing); err != nil {
				return fmt.Errorf("seat host: %w", err)
			}
		}
	}
	return nil
}

// prepareGathering validates g and fills its time zone from its city.
func (tx *Tx) prepareGathering(ctx context.Context, g *kindred.Gathering) error {
	if err := g.Validate(); err != nil {
		return err
	}
	err := tx.queryRow(ctx, `SELECT time_zone FROM cities WHERE id = ?`, g.CityID).Scan(&g.TimeZone)
	if err == sql.ErrNoRows {
		return &kindred.Error{Code: kindred.EINVALID, Message: "Please choose a city.",
			Fields: map[string]string{"city_id": "is not a known city"}}
	}
	if err != nil {
		return fmt.Errorf("gathering city: %w", err)
	}
	if g.SeriesID != 0 {
		var one int
		if err := tx.queryRow(ctx, `SELECT 1 FROM gathering_series WHERE id = ?`, g.SeriesID).Scan(&one); err != nil {
			return &kindred.Error{Code: kindred.EINVALID, Message: "Please choose a series.",
				Fields: map[string]string{"series_id": "is not a known series"}}
		}
	}
	return nil
}

func (tx *Tx) setGatheringParts(ctx context.Context, id int64, g *kindred.Gathering) error {
	parts := []struct {
		table, column string
		ids           []int64
	}{
		{"gathering_hosts", "member_id", g.HostIDs},
		{"gathering_organizations", "organization_id", g.OrganizationIDs},
		{"gathering_networks", "network_id", g.NetworkIDs},
	}
	for _, p := range parts {
		if _, err := tx.exec(ctx, `DELETE FROM `+p.table+` WHERE gathering_id = ?`, id); err != nil {
			return fmt.Errorf("gathering %s: %w", p.table, err)
		}
		for _, ref := range uniqueIDs(p.ids) {
			if _, err := tx.exec(ctx, `INSERT INTO `+p.table+` (gathering_id, `+p.column+`) VALUES (?, ?)`, id, ref); err != nil {
				return fmt.Errorf("gathering %s: %w", p.table, err)
			}
		}
	}
	return nil
}

// UpdateGathering changes g's details. Lowering the capacity below the number
// going is an EINVALID on "capacity" unless demote is set, in which case the
// latest to say yes move to the front of the waitlist; raising it promotes
// from the waitlist. It returns who was promoted and who was demoted.
func (tx *Tx) UpdateGathering(ctx context.Context, g kindred.Gathering, demote bool) (promoted, demoted []*kindred.RSVP, err error) {
	if err := tx.prepareGathering(ctx, &g); err != nil {
		return nil, nil, err
	}
	if err := tx.d.lockGathering(ctx, tx, g.ID); err != nil {
		return nil, nil, fmt.Errorf("update gathering: %w", err)
	}
	if demoted, err = tx.fitCapacity(ctx, g.ID, g.Capacity, demote); err != nil {
		return nil, nil, err
	}
	err = tx.execOne(ctx, "update gathering", `UPDATE gatherings SET city_id = ?, series_id = ?, title = ?, theme = ?,
		questions = ?, venue_name = ?, address = ?, accessibility_notes = ?, diets_served = ?, starts_at = ?, ends_at = ?,
		time_zone = ?, capacity = ?, table_size = ?, visibility = ?, status = ?, approval_required = ?, join_url = ?, public = ?,
		updated_at = ? WHERE id = ?`, g.CityID, nullInt(g.SeriesID), g.Title, g.Theme, jsonText(g.Questions), g.VenueName, g.Address,
		g.AccessibilityNotes, jsonText(g.DietsServed), g.StartsAt, g.EndsAt, g.TimeZone, g.Capacity, g.TableSize,
		g.Visibility, string(g.Status), g.ApprovalRequired, g.JoinURL, g.Public, tx.now, g.ID)
	if err != nil {
		return nil, nil, err
	}
	if err := tx.setGatheringParts(ctx, g.ID, &g); err != nil {
		return nil, nil, err
	}
	if err := tx.seatHosts(ctx, g.ID, g.HostIDs); err != nil {
		return nil, nil, err
	}
	if err := tx.reindexNotes(ctx, g.ID); err != nil { // a new title, visibility or status re-scopes its notes
		return nil, nil, err
	}
	promoted, err = tx.promote(ctx, g.ID)
	return promoted, demoted, err
}

// fitCapacity refuses (or, with demote, makes room for) a capacity below the
// number going.
func (tx *Tx) fitCapacity(ctx context.Context, gatheringID int64, capacity int, demote bool) ([]*kindred.RSVP, error) {
	going, err := tx.countStatus(ctx, gatheringID, kindred.RSVPGoing)
	if err != nil || going <= capacity {
		return nil, err
	}
	if !demote {
		return nil, &kindred.Error{Code: kindred.EINVALID,
			Message: fmt.Sprintf("%d people are going, more than %d seats. Raise the capacity, or choose to move the latest %d to the front of the waitlist.", going, capacity, going-capacity),
			Fields:  map[string]string{"capacity": fmt.Sprintf("is below the %d people going", going)}}
	}
	return tx.demoteLatest(ctx, gatheringID, going-capacity)
}

// SetGatheringStatus changes only the status (open, cancel, mark held), and
// re-scopes the gathering's notes when it goes to or from draft.
func (tx *Tx) SetGatheringStatus(ctx context.Context, id int64, st kindred.GatheringStatus) error {
	if _, err := kindred.ParseGatheringStatus(string(st)); err != nil {
		return err
	}
	if err := tx.execOne(ctx, "gathering status", `UPDATE gatherings SET status = ?, updated_at = ? WHERE id = ?`, string(st), tx.now, id); err != nil {
		return err
	}
	return tx.reindexNotes(ctx, id)
}

// Gathering reads a gathering inside the transaction. ENOTFOUND if missing.
func (tx *Tx) Gathering(ctx context.Context, id int64) (*kindred.Gathering, error) {
	return readGathering(ctx, tx, tx.d, id)
}

// Gathering returns one gathering with its hosts, co-hosts and counts.
// ENOTFOUND if missing.
func (s *Store) Gathering(ctx context.Context, id int64) (*kindred.Gathering, error) {
	return readGathering(ctx, s, s.d, id)
}

func readGathering(ctx context.Context, r reader, d dialect, id int64) (*kindred.Gathering, error) {
	g, err := scanGathering(r.queryRow(ctx, `SELECT `+gatheringColumns+gatheringFrom+` WHERE g.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("gathering %d: %w", id, d.translate(err))
	}
	if g.HostIDs, err = collectIDs(r.query(ctx, `SELECT member_id FROM gathering_hosts WHERE gathering_id = ? ORDER BY member_id`, id)); err != nil {
		return nil, fmt.Errorf("gathering hosts: %w", err)
	}
	if g.OrganizationIDs, err = collectIDs(r.query(ctx, `SELECT organization_id FROM gathering_organizations WHERE gathering_id = ? ORDER BY organization_id`, id)); err != nil {
		return nil, fmt.Errorf("gathering organizations: %w", err)
	}
	if g.NetworkIDs, err = collectIDs(r.query(ctx, `SELECT network_id FROM gathering_networks WHERE gathering_id = ? ORDER BY network_id`, id)); err != nil {
		return nil, fmt.Errorf("gathering networks: %w", err)
	}
	return g, nil
}

// SeesGathering reports whether v may see g, by the one rule
// kindred.Gathering.VisibleTo, asking whether v is on the gathering's list
// (OnGuestList) only when that decides. Pages, the API and the reads of
// harvest notes all ask here. Only a failing database is an error.
func (s *Store) SeesGathering(ctx context.Context, v *kindred.Viewer, g *kindred.Gathering) (bool, error) {
	var err error
	seen := g.VisibleTo(v, func() bool {
		var listed bool
		listed, err = s.OnGuestList(ctx, g.ID, v.MemberID())
		return listed
	})
	if err != nil {
		return false, err
	}
	return seen, nil
}

// readerViewer is a reader of harvest notes as the viewer the gathering
// rule takes: the account, and a member carrying only the reader's id.
func readerViewer(r kindred.NoteReader) *kindred.Viewer {
	v := &kindred.Viewer{Account: r.Account}
	if r.MemberID != 0 {
		v.Member = &kindred.Member{ID: r.MemberID}
	}
	return v
}

// GatheringFilter narrows ListGatherings.
type GatheringFilter struct {
	CityID   int64
	SeriesID int64
	MemberID int64     // only gatherings this member has an RSVP for…
	Coming   bool      // …and is coming to (going, checked in, waitlisted or awaiting approval)
	Past     bool      // ended before Now, newest first; otherwise upcoming, soonest first
	Now      time.Time // the moment that separates upcoming from past; zero means all
	Statuses []kindred.GatheringStatus
	// Seen, when set, keeps only the gatherings a viewer may see
	// (kindred.Viewer.GatheringsSeen); nil lists every gathering.
	Seen    *kindred.GatheringsSeen
	AfterID int64 // cursor for the API: gatherings with a larger id
	// After, with Now set, starts the list right after this gathering in
	// the list's order (upcoming or past): the cursor of a page of lists
	// by time. A gathering that no longer exists ends the list.
	After int64
	Limit int
}

// GatheringTables are the tables ListGatherings reads, for caches of its
// answers (see Cached).
var GatheringTables = []string{"gatherings", "gathering_series", "cities", "rsvps", "members", "gathering_proposals"}

// ListGatherings lists gatherings matching f, with their RSVP counts.
func (s *Store) ListGatherings(ctx context.Context, f GatheringFilter) ([]*kindred.Gathering, error) {
	where, args, order := gatheringWhere(f)
	q := `SELECT ` + gatheringListColumns + gatheringFrom + ` WHERE ` + where + ` ORDER BY ` + order + ` LIMIT ?`
	rows, err := s.query(ctx, q, append(args, limitOr(f.Limit, 200))...)
	if err != nil {
		return nil, fmt.Errorf("list gatherings: %w", err)
	}
	defer rows.Close()
	var out []*kindred.Gathering
	for rows.Next() {
		g, err := scanGathering(rows)
		if err != nil {
			return nil, fmt.Errorf("list gatherings: %w", err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list gatherings: %w", err)
	}
	return out, s.fillRSVPCounts(ctx, out)
}

// CountGatherings counts the gatherings matching f, from its cursor on
// (f.After or f.AfterID) when it has one: with f.Seen set, only those the
// viewer may see, so the number tells nothing of the others.
func (s *Store) CountGatherings(ctx context.Context, f GatheringFilter) (int, error) {
	where, args, _ := gatheringWhere(f)
	var n int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM gatherings g WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count gatherings: %w", err)
	}
	return n, nil
}

// gatheringWhere is the condition (over gatherings g) and order of the
// gatherings f lists.
func gatheringWhere(f GatheringFilter) (string, []any, string) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) { conds = append(conds, cond); args = append(args, a...) }
	if f.AfterID != 0 {
		add("g.id > ?", f.AfterID)
	}
	if f.CityID != 0 {
		add("g.city_id = ?", f.CityID)
	}
	if f.SeriesID != 0 {
		add("g.series_id = ?", f.SeriesID)
	}
	if f.MemberID != 0 {
		cond := "EXISTS (SELECT 1 FROM rsvps r WHERE r.gathering_id = g.id AND r.member_id = ?"
		if f.Coming {
			cond += " AND r.status IN ('going', 'attended', 'waitlist', 'pending')"
		}
		add(cond+")", f.MemberID)
	}
	if len(f.Statuses) > 0 {
		ph := strings.TrimSuffix(strings.Repeat("?, ", len(f.Statuses)), ", ")
		for _, st := range f.Statuses {
			args = append(args, string(st))
		}
		conds = append(conds, "g.status IN ("+ph+")")
	}
	if f.Seen != nil && !f.Seen.Every {
		cond, a := seenCondition(*f.Seen)
		add(cond, a...)
	}
	order := "g.id"
	if !f.Now.IsZero() {
		// The cursor compares with the stored start of the gathering it
		// names, so both sides are in the database's own form.
		start := "(SELECT c.starts_at FROM gatherings c WHERE c.id = ?)"
		if f.Past {
			add("g.ends_at < ?", f.Now)
			order = "g.starts_at DESC, g.id"
			if f.After != 0 {
				add("(g.starts_at < "+start+" OR (g.starts_at = "+start+" AND g.id > ?))", f.After, f.After, f.After)
			}
		} else {
			add("g.ends_at >= ?", f.Now)
			order = "g.starts_at, g.id"
			if f.After != 0 {
				add("(g.starts_at > "+start+" OR (g.starts_at = "+start+" AND g.id > ?))", f.After, f.After, f.After)
			}
		}
	}
	if len(conds) == 0 {
		conds = append(conds, "1 = 1")
	}
	return strings.Join(conds, " AND "), args, order
}

// seenCondition is kindred.Gathering.VisibleTo over gatherings g for a
// viewer's scope (not Every): any gathering in the cities they organize;
// elsewhere those open to the network, drafts they proposed, and others,
// no longer drafts, whose list they are on (store.OnGuestList).
func seenCondition(sc kindred.GatheringsSeen) (string, []any) {
	parts := []string{"(g.visibility = 'network' AND g.status <> 'draft')"}
	var args []any
	if len(sc.CityIDs) > 0 {
		parts = append(parts, "g.city_id IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(sc.CityIDs)), ", ")+")")
		for _, id := range sc.CityIDs {
			args = append(args, id)
		}
	}
	if sc.MemberID != 0 {
		parts = append(parts, `(g.status = 'draft' AND EXISTS (SELECT 1 FROM gathering_proposals p WHERE p.gathering_id = g.id AND p.member_id = ?))`,
			`(g.status <> 'draft' AND (EXISTS (SELECT 1 FROM rsvps r WHERE r.gathering_id = g.id AND r.member_id = ?)
				OR EXISTS (SELECT 1 FROM gathering_hosts h WHERE h.gathering_id = g.id AND h.member_id = ?)))`)
		args = append(args, sc.MemberID, sc.MemberID, sc.MemberID)
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// fillRSVPCounts sets how many are going and waitlisted at each of gs, in
// one grouped query.
func (s *Store) fillRSVPCounts(ctx context.Context, gs []*kindred.Gathering) error {
	if len(gs) == 0 {
		return nil
	}
	byID := make(map[int64]*kindred.Gathering, len(gs))
	ids := make([]string, 0, len(gs))
	for _, g := range gs {
		byID[g.ID] = g
		ids = append(ids, strconv.FormatInt(g.ID, 10))
	}
	rows, err := s.query(ctx, `SELECT gathering_id, SUM(CASE WHEN status = 'waitlist' THEN 0 ELSE 1 END),
		SUM(CASE WHEN status = 'waitlist' THEN 1 ELSE 0 END)
		FROM rsvps WHERE gathering_id IN (`+strings.Join(ids, ", ")+`) AND status IN ('going', 'attended', 'waitlist')
		GROUP BY gathering_id`)
	if err != nil {
		return fmt.Errorf("rsvp counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var going, waiting int
		if err := rows.Scan(&id, &going, &waiting); err != nil {
			return fmt.Errorf("rsvp counts: %w", err)
		}
		if g := byID[id]; g != nil {
			g.Going, g.Waitlisted = going, waiting
		}
	}
	return rows.Err()
}

// CreateSeries stores a series with a unique slug.
func (tx *Tx) CreateSeries(ctx context.Context, sr kindred.Series) (kindred.Series, error) {
	sr.Name = strings.TrimSpace(sr.Name)
	if sr.Name == "" {
		return sr, &kindred.Error{Code: kindred.EINVALID, Message: "Please name the series.", Fields: map[string]string{"name": "is required"}}
	}
	slug, err := tx.freeSlug(ctx, "gathering_series", kindred.Slugify(sr.Name))
	if err != nil {
		return sr, err
	}
	sr.Slug = slug
	sr.ID, err = tx.insertID(ctx, `INSERT INTO gathering_series (name, slug, description, created_at) VALUES (?, ?, ?, ?)`,
		sr.Name, sr.Slug, strings.TrimSpace(sr.Description), tx.now)
	if err != nil {
		return sr, fmt.Errorf("create series: %w", err)
	}
	return sr, nil
}

// SeriesList lists every series by name.
func (s *Store) SeriesList(ctx context.Context) ([]kindred.Series, error) {
	series, err := s.caches.series.Get(s, []string{"gathering_series"}, func() ([]kindred.Series, error) { return s.loadSeries(ctx) })
	return slices.Clone(series), err
}

func (s *Store) loadSeries(ctx context.Context) ([]kindred.Series, error) {
	rows, err := s.query(ctx, `SELECT id, name, slug, description FROM gathering_series ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list series: %w", err)
	}
	defer rows.Close()
	var out []kindred.Series
	for rows.Next() {
		var sr kindred.Series
		if err := rows.Scan(&sr.ID, &sr.Name, &sr.Slug, &sr.Description); err != nil {
			return nil, fmt.Errorf("list series: %w", err)
		}
		out = append(out, sr)
	}
	return out, rows.Err()
}

// Series returns one series. ENOTFOUND if missing.
func (s *Store) Series(ctx context.Context, id int64) (kindred.Series, error) {
	var sr kindred.Series
	err := s.queryRow(ctx, `SELECT id, name, slug, description FROM gathering_series WHERE id = ?`, id).
		Scan(&sr.ID, &sr.Name, &sr.Slug, &sr.Description)
	if err != nil {
		return sr, fmt.Errorf("series %d: %w", id, s.d.translate(err))
	}
	return sr, nil
}

// LinkKey returns the random key named name that signs personal links,
// creating it on first use. Every instance sharing the database reads the
// same key.
func (s *Store) LinkKey(ctx context.Context, name string) ([]byte, error) {
	key, err := s.caches.linkKeys.Get(s, name, []string{"link_keys"}, func() ([]byte, error) { return s.loadLinkKey(ctx, name) })
	return slices.Clone(key), err
}

func (s *Store) loadLinkKey(ctx context.Context, name string) ([]byte, error) {
	var secret string
	err := s.queryRow(ctx, `SELECT secret FROM link_keys WHERE name = ?`, name).Scan(&secret)
	if err == sql.ErrNoRows {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		err = s.WithTx(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, `INSERT INTO link_keys (name, secret, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`,
				name, hex.EncodeToString(b), tx.now)
			return err
		})
		if err == nil {
			err = s.queryRow(ctx, `SELECT secret FROM link_keys WHERE name = ?`, name).Scan(&secret)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("link key: %w", err)
	}
	return hex.DecodeString(secret)
}
