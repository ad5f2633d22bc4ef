package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// CreatePractice validates and stores p with its tags, contacts and sources,
// choosing a unique slug. It returns the stored practice's id.
func (tx *Tx) CreatePractice(ctx context.Context, p *kindred.Practice, by int64) (int64, error) {
	if err := p.Validate(); err != nil {
		return 0, err
	}
	slug, err := tx.freeSlug(ctx, "practices", kindred.Slugify(p.Title))
	if err != nil {
		return 0, err
	}
	p.Slug = slug
	p.ID, err = tx.insertID(ctx, `INSERT INTO practices (slug, title, summary, body, theme_area, stage, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.Slug, p.Title, p.Summary, p.Body, p.ThemeArea, string(p.Stage), nullInt(by), tx.now, tx.now)
	if err != nil {
		return 0, fmt.Errorf("create practice: %w", err)
	}
	return p.ID, tx.writePracticeParts(ctx, p)
}

// UpdatePractice replaces p's text, tags, contacts and sources.
func (tx *Tx) UpdatePractice(ctx context.Context, p *kindred.Practice) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := tx.execOne(ctx, "update practice", `UPDATE practices SET title = ?, summary = ?, body = ?, theme_area = ?, stage = ?,
		updated_at = ? WHERE id = ?`, p.Title, p.Summary, p.Body, p.ThemeArea, string(p.Stage), tx.now, p.ID); err != nil {
		return err
	}
	for _, t := range []string{"practice_tags", "practice_contacts", "practice_sources"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE practice_id = ?`, p.ID); err != nil {
			return fmt.Errorf("update practice: %w", err)
		}
	}
	return tx.writePracticeParts(ctx, p)
}

func (tx *Tx) writePracticeParts(ctx context.Context, p *kindred.Practice) error {
	for _, t := range p.Tags {
		if _, err := tx.exec(ctx, `INSERT INTO practice_tags (practice_id, tag) VALUES (?, ?)`, p.ID, t); err != nil {
			return fmt.Errorf("practice tags: %w", err)
		}
	}
	seen := map[int64]bool{}
	for _, c := range p.Contacts {
		if seen[c.MemberID] {
			continue
		}
		seen[c.MemberID] = true
		if _, err := tx.exec(ctx, `INSERT INTO practice_contacts (practice_id, member_id) VALUES (?, ?)`, p.ID, c.MemberID); err != nil {
			return fmt.Errorf("practice contacts: %w", err)
		}
	}
	for _, s := range p.Sources {
		if _, err := tx.exec(ctx, `INSERT INTO practice_sources (practice_id, kind, ref_id, label, created_at) VALUES (?, ?, ?, ?, ?)`,
			p.ID, s.Kind, nullInt(s.RefID), s.Label, tx.now); err != nil {
			return fmt.Errorf("practice sources: %w", err)
		}
	}
	return tx.IndexDocument(ctx, kindred.SearchDoc{Kind: "practice", RefID: p.ID, Title: p.Title,
		Body: strings.Join([]string{p.Summary, p.ThemeArea, strings.Join(p.Tags, " "), p.Body}, "\n")})
}

// AddAdoption records that an organization tried a practice.
func (tx *Tx) AddAdoption(ctx context.Context, a *kindred.Adoption, by int64) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if _, err := tx.organizationName(ctx, a.OrganizationID); err != nil {
		return &kindred.Error{Code: kindred.EINVALID, Message: "Choose an organization from the list.", Fields: map[string]string{"organization": "does not exist"}}
	}
	id, err := tx.insertID(ctx, `INSERT INTO adoptions (practice_id, organization_id, outcome, note, adopted_on, recorded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, a.PracticeID, a.OrganizationID, string(a.Outcome), a.Note, a.AdoptedOn.Format(time.DateOnly), nullInt(by), tx.now)
	if err != nil {
		return fmt.Errorf("add adoption: %w", err)
	}
	a.ID = id
	if a.Outcome == kindred.OutcomeWorked {
		_, err = tx.exec(ctx, `UPDATE practices SET stage = 'tried', updated_at = ? WHERE id = ? AND stage = 'emerging'`, tx.now, a.PracticeID)
	}
	return err
}

const practiceColumns = `p.id, p.slug, p.title, p.summary, p.body, p.theme_area, p.stage, p.created_at, p.updated_at`

func scanPractice(r rowScanner) (*kindred.Practice, error) {
	var p kindred.Practice
	if err := r.Scan(&p.ID, &p.Slug, &p.Title, &p.Summary, &p.Body, &p.ThemeArea, &p.Stage, &p.CreatedAt, &p.UpdatedAt); err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

// PracticeBySlug returns a practice with its tags, contacts, sources and
// adoptions. ENOTFOUND if none.
func (s *Store) PracticeBySlug(ctx context.Context, slug string) (*kindred.Practice, error) {
	p, err := scanPractice(s.queryRow(ctx, `SELECT `+practiceColumns+` FROM practices p WHERE p.slug = ?`, slug))
	if err != nil {
		return nil, fmt.Errorf("practice %q: %w", slug, s.d.translate(err))
	}
	return p, s.loadPracticeParts(ctx, p)
}

// Practice returns a practice by id. ENOTFOUND if none.
func (s *Store) Practice(ctx context.Context, id int64) (*kindred.Practice, error) {
	p, err := scanPractice(s.queryRow(ctx, `SELECT `+practiceColumns+` FROM practices p WHERE p.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("practice %d: %w", id, s.d.translate(err))
	}
	return p, s.loadPracticeParts(ctx, p)
}

func (s *Store) loadPracticeParts(ctx context.Context, p *kindred.Practice) error {
	rows, err := s.query(ctx, `SELECT tag FROM practice_tags WHERE practice_id = ? ORDER BY tag`, p.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		p.Tags = append(p.Tags, t)
	}
	rows.Close()
	if err := s.loadContactsAndSources(ctx, p); err != nil {
		return err
	}
	p.Adoptions, err = s.adoptions(ctx, p.ID)
	return err
}

func (s *Store) loadContactsAndSources(ctx context.Context, p *kindred.Practice) error {
	rows, err := s.query(ctx, `SELECT m.id, m.name FROM practice_contacts c JOIN members m ON m.id = c.member_id WHERE c.practice_id = ? ORDER BY m.name`, p.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var c kindred.Contact
		if err := rows.Scan(&c.MemberID, &c.Name); err != nil {
			rows.Close()
			return err
		}
		p.Contacts = append(p.Contacts, c)
	}
	rows.Close()
	rows, err = s.query(ctx, `SELECT kind, COALESCE(ref_id, 0), label FROM practice_sources WHERE practice_id = ? ORDER BY id`, p.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var src kindred.PracticeSource
		if err := rows.Scan(&src.Kind, &src.RefID, &src.Label); err != nil {
			return err
		}
		p.Sources = append(p.Sources, src)
	}
	return rows.Err()
}

// adoptions lists a practice's adoptions, oldest first, with each
// organization's cities.
func (s *Store) adoptions(ctx context.Context, practiceID int64) ([]kindred.Adoption, error) {
	rows, err := s.query(ctx, `SELECT a.id, a.organization_id, o.name, o.slug, a.outcome, a.note, a.adopted_on
		FROM adoptions a JOIN organizations o ON o.id = a.organization_id WHERE a.practice_id = ? ORDER BY a.adopted_on, a.id`, practiceID)
	if err != nil {
		return nil, fmt.Errorf("adoptions: %w", err)
	}
	var out []kindred.Adoption
	for rows.Next() {
		a := kindred.Adoption{PracticeID: practiceID}
		var day string
		if err := rows.Scan(&a.ID, &a.OrganizationID, &a.OrganizationName, &a.OrganizationSlug, &a.Outcome, &a.Note, &day); err != nil {
			rows.Close()
			return nil, err
		}
		a.AdoptedOn, _ = time.Parse(time.DateOnly, day)
		out = append(out, a)
	}
	rows.Close()
	for i := range out {
		names, err := s.orgCityNames(ctx, out[i].OrganizationID)
		if err != nil {
			return nil, err
		}
		out[i].CityNames = names
	}
	return out, nil
}

func (s *Store) orgCityNames(ctx context.Context, orgID int64) ([]string, error) {
	rows, err := s.query(ctx, `SELECT c.name FROM organization_cities oc JOIN cities c ON c.id = oc.city_id WHERE oc.organization_id = ? ORDER BY c.name`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// PracticeFilter narrows ListPractices.
type PracticeFilter struct {
	Query          string
	ThemeArea      string
	Stage          kindred.Stage
	OrganizationID int64 // adopted by
	CityID         int64 // adopted by an organization in the city
	Limit          int
	Offset         int // practices to skip, for the later pages of a list
}

// PracticeHit is a practice in a list, with search highlights when searched.
type PracticeHit struct {
	Practice  *kindred.Practice
	Adoptions int
	Worked    int
	Title     string // with highlight markers when searched
	Snippet   string
}

// PracticeTables are the tables ListPractices reads, for caches of its
// answers (see Cached).
var PracticeTables = []string{"practices", "adoptions", "practice_tags", "practice_contacts", "practice_sources",
	"organizations", "organization_cities", "members", "search_docs"}

// PracticeSearchDepth is how many of the best matches of a search
// ListPractices and CountPractices page through.
const PracticeSearchDepth = 200

// ListPractices lists a page of practices (f.Offset, f.Limit), newest
// first, or by relevance when searched (among the PracticeSearchDepth best
// matches), with their adoption counts.
func (s *Store) ListPractices(ctx context.Context, f PracticeFilter) ([]PracticeHit, error) {
	where, args, order, hits, err := s.practiceWhere(ctx, f)
	if err != nil || where == "" {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT `+practiceColumns+` FROM practices p WHERE `+where+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
		append(args, limitOr(f.Limit, 50), max(f.Offset, 0))...)
	if err != nil {
		return nil, fmt.Errorf("list practices: %w", err)
	}
	defer rows.Close()
	var out []PracticeHit
	for rows.Next() {
		p, err := scanPractice(rows)
		if err != nil {
			return nil, fmt.Errorf("list practices: %w", err)
		}
		h := PracticeHit{Practice: p, Title: p.Title, Snippet: p.Summary}
		if sh, ok := hits[p.ID]; ok {
			h.Title, h.Snippet = sh.Title, sh.Snippet
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list practices: %w", err)
	}
	return out, s.fillAdoptionCounts(ctx, out)
}

// CountPractices counts the practices ListPractices pages through for f
// (its Limit and Offset aside): when searched, among the
// PracticeSearchDepth best matches.
func (s *Store) CountPractices(ctx context.Context, f PracticeFilter) (int, error) {
	where, args, _, _, err := s.practiceWhere(ctx, f)
	if err != nil || where == "" {
		return 0, err
	}
	var n int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM practices p WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count practices: %w", err)
	}
	return n, nil
}

// practiceWhere is the condition and order of the practices f lists, and
// the search hits by practice when searched; "" when a search found none.
func (s *Store) practiceWhere(ctx context.Context, f PracticeFilter) (string, []any, string, map[int64]kindred.SearchHit, error) {
	conds, args := []string{"1 = 1"}, []any{}
	hits := map[int64]kindred.SearchHit{}
	order := "p.updated_at DESC, p.id DESC"
	if f.Query != "" {
		found, err := s.Search(ctx, kindred.SearchQuery{Text: f.Query, Kinds: []string{"practice"}, Limit: PracticeSearchDepth})
		if err != nil || len(found) == 0 {
			return "", nil, "", nil, err
		}
		ids := make([]string, len(found))
		var rank strings.Builder
		rank.WriteString("CASE p.id")
		for i, h := range found {
			hits[h.RefID] = h
			ids[i] = strconv.FormatInt(h.RefID, 10)
			fmt.Fprintf(&rank, " WHEN %d THEN %d", h.RefID, i)
		}
		rank.WriteString(" END, p.id")
		conds = append(conds, "p.id IN ("+strings.Join(ids, ", ")+")")
		order = rank.String()
	}
	if f.ThemeArea != "" {
		conds, args = append(conds, "p.theme_area = ?"), append(args, f.ThemeArea)
	}
	if f.Stage != "" {
		conds, args = append(conds, "p.stage = ?"), append(args, string(f.Stage))
	}
	if f.OrganizationID != 0 {
		conds, args = append(conds, "EXISTS (SELECT 1 FROM adoptions a WHERE a.practice_id = p.id AND a.organization_id = ?)"), append(args, f.OrganizationID)
	}
	if f.CityID != 0 {
		conds = append(conds, `EXISTS (SELECT 1 FROM adoptions a JOIN organization_cities oc ON oc.organization_id = a.organization_id
			WHERE a.practice_id = p.id AND oc.city_id = ?)`)
		args = append(args, f.CityID)
	}
	return strings.Join(conds, " AND "), args, order, hits, nil
}

// fillAdoptionCounts sets how many organizations tried each listed
// practice and how many it worked for, in one grouped query.
func (s *Store) fillAdoptionCounts(ctx context.Context, hs []PracticeHit) error {
	if len(hs) == 0 {
		return nil
	}
	byID := make(map[int64]*PracticeHit, len(hs))
	ids := make([]string, len(hs))
	for i := range hs {
		byID[hs[i].Practice.ID] = &hs[i]
		ids[i] = strconv.FormatInt(hs[i].Practice.ID, 10)
	}
	rows, err := s.query(ctx, `SELECT practice_id, COUNT(*), SUM(CASE WHEN outcome = 'worked' THEN 1 ELSE 0 END)
		FROM adoptions WHERE practice_id IN (`+strings.Join(ids, ", ")+`) GROUP BY practice_id`)
	if err != nil {
		return fmt.Errorf("adoption counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var tried, worked int
		if err := rows.Scan(&id, &tried, &worked); err != nil {
			return fmt.Errorf("adoption counts: %w", err)
		}
		if h := byID[id]; h != nil {
			h.Adoptions, h.Worked = tried, worked
		}
	}
	return rows.Err()
}

// ThemeAreasInUse returns the theme areas practices use, with the defaults first.
func (s *Store) ThemeAreasInUse(ctx context.Context) ([]string, error) {
	out := append([]string{}, kindred.ThemeAreas...)
	seen := map[string]bool{}
	for _, a := range out {
		seen[a] = true
	}
	rows, err := s.query(ctx, `SELECT DISTINCT theme_area FROM practices WHERE theme_area <> '' ORDER BY theme_area`)
	if err != nil {
		return nil, fmt.Errorf("theme areas: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		if !seen[a] {
			out = append(out, a)
		}
	}
	return out, rows.Err()
}

// AdoptingOrganizations lists every organization by name with the cities it
// works in: those whose adoptions someone may record are chosen from it
// (kindred.Adoption.MayRecord).
func (s *Store) AdoptingOrganizations(ctx context.Context) ([]*kindred.Organization, error) {
	rows, err := s.query(ctx, `SELECT o.id, o.name, o.slug, COALESCE(oc.city_id, 0) FROM organizations o
		LEFT JOIN organization_cities oc ON oc.organization_id = o.id ORDER BY lower(o.name), o.id, oc.city_id`)
	if err != nil {
		return nil, fmt.Errorf("adopting organizations: %w", err)
	}
	defer rows.Close()
	var out []*kindred.Organization
	for rows.Next() {
		var o kindred.Organization
		var city int64
		if err := rows.Scan(&o.ID, &o.Name, &o.Slug, &city); err != nil {
			return nil, fmt.Errorf("adopting organizations: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].ID != o.ID {
			out = append(out, &o)
		}
		if city != 0 {
			last := out[len(out)-1]
			last.CityIDs = append(last.CityIDs, city)
		}
	}
	return out, rows.Err()
}
