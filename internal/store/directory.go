package store

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// MemberFilter narrows ListMembers. Zero fields do not filter.
type MemberFilter struct {
	Query          string // full text over network-visible profile text
	CityID         int64
	OrganizationID int64 // current affiliations only
	Tag            string
	Language       string
	After          string // cursor from the previous page
	Limit          int
}

// ListMembers returns a page of members in name order, and the cursor of the
// next page ("" when this is the last). Callers must still pass each member
// through VisibleTo, and drop members whose matching field the viewer cannot
// see (the directory use cases do both). Each caller gets its own copies.
func (s *Store) ListMembers(ctx context.Context, f MemberFilter) ([]*kindred.Member, string, error) {
	ms, next, err := s.ListMembersShared(ctx, f)
	for i, m := range ms {
		ms[i] = cloneMember(m)
	}
	return ms, next, err
}

// ListMembersShared is ListMembers without the copies, for lists that only
// read their members: the members come from a cache kept until a member, their
// lists or affiliations, an organization, a city or an account changes (see
// memberCache), so a page costs its ids query plus reading the members not
// read since. The members are shared with every caller, who must not change
// them (VisibleTo makes a copy that still shares the lists). A member
// returned again by a later call is the same pointer until it is read again,
// so callers may keep what they derive from it by pointer.
func (s *Store) ListMembersShared(ctx context.Context, f MemberFilter) ([]*kindred.Member, string, error) {
	limit := limitOr(f.Limit, 50)
	conds, args := []string{"1 = 1"}, []any{}
	if f.Query != "" {
		cond, condArgs, ok := s.memberSearch(f.Query)
		if !ok {
			return nil, "", nil
		}
		conds, args = append(conds, cond), append(args, condArgs...)
	}
	if f.CityID != 0 {
		conds, args = append(conds, "m.city_id = ?"), append(args, f.CityID)
	}
	if f.OrganizationID != 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM affiliations a WHERE a.member_id = m.id AND a.organization_id = ? AND a.until = '')")
		args = append(args, f.OrganizationID)
	}
	for kind, v := range map[string]string{"tag": f.Tag, "language": f.Language} {
		if v != "" {
			conds = append(conds, "EXISTS (SELECT 1 FROM member_values v WHERE v.member_id = m.id AND v.kind = ? AND lower(v.value) = lower(?))")
			args = append(args, kind, v)
		}
	}
	if name, id, ok := decodeCursor(f.After); ok {
		// The same as name > ? OR (name = ? AND id > ?), in a form both
		// engines start an index range on, rather than scanning the
		// members before the page.
		conds = append(conds, "m.name >= ? AND (m.name > ? OR m.id > ?)")
		args = append(args, name, name, id)
	}
	rows, err := s.query(ctx, `SELECT m.id FROM members m WHERE `+strings.Join(conds, " AND ")+` ORDER BY m.name, m.id LIMIT ?`,
		append(args, limit+1)...)
	ids, err := collectIDs(rows, err)
	if err != nil {
		return nil, "", fmt.Errorf("list members: %w", err)
	}
	more := len(ids) > limit
	if more {
		ids = ids[:limit]
	}
	ms, err := s.sharedMembers(ctx, ids)
	if err != nil || !more || len(ms) == 0 {
		return ms, "", err
	}
	last := ms[len(ms)-1]
	return ms, encodeCursor(last.Name, last.ID), nil
}

// MemberTables are the tables a listed member is read from, for caches of
// member lists (see Version).
var MemberTables = []string{"members", "member_values", "affiliations", "organizations", "cities", "search_docs"}

// memberPage is one cached page of ListMembers.
type memberPage struct {
	members []*kindred.Member
	next    string
}

// DirectoryMembers is ListMembers for the directory's pages, which everyone
// opens at the same few pages: the page is cached until a member, their lists
// or affiliations, an organization, a city or the search index changes (see
// Cached). The members are shared between callers, who must not change them
// (VisibleTo makes a copy).
func (s *Store) DirectoryMembers(ctx context.Context, f MemberFilter) ([]*kindred.Member, string, error) {
	key := fmt.Sprintf("%q %d %d %q %q %q %d", strings.Join(searchWords(f.Query), " "), f.CityID, f.OrganizationID,
		f.Tag, f.Language, f.After, f.Limit)
	p, err := s.caches.memberPages.Get(s, key, MemberTables, func() (memberPage, error) {
		ms, next, err := s.ListMembersShared(ctx, f)
		return memberPage{ms, next}, err
	})
	return p.members, p.next, err
}

// memberSearch returns the condition on m.id, and its arguments, of every
// member matching text: all of them, unranked, since a listing orders them
// by name and pages through them (a cap here would end a search silently).
func (s *Store) memberSearch(text string) (string, []any, bool) {
	from, args, ok := s.searchMatch(kindred.SearchQuery{Text: text, Kinds: []string{"member"}})
	return "m.id IN (SELECT d.ref_id" + from + ")", args, ok
}

// membersByIDs loads members (in name order) by id.
func (s *Store) membersByIDs(ctx context.Context, ids []int64) ([]*kindred.Member, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return s.membersWhere(ctx, "m.id IN ("+strings.Join(parts, ", ")+")")
}

// MemberCursor is the cursor (MemberFilter.After) of the page that starts
// right after m.
func MemberCursor(m *kindred.Member) string { return encodeCursor(m.Name, m.ID) }

// MembersByID returns the members with the given ids (unknown ids are left
// out), shared like ListMembersShared's: callers must not change them.
func (s *Store) MembersByID(ctx context.Context, ids []int64) (map[int64]*kindred.Member, error) {
	ms, err := s.sharedMembers(ctx, uniqueIDs(ids))
	if err != nil {
		return nil, fmt.Errorf("members by id: %w", err)
	}
	out := make(map[int64]*kindred.Member, len(ms))
	for _, m := range ms {
		out[m.ID] = m
	}
	return out, nil
}

func encodeCursor(name string, id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(name + "\x00" + strconv.FormatInt(id, 10)))
}

func decodeCursor(c string) (string, int64, bool) {
	if c == "" {
		return "", 0, false
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", 0, false
	}
	name, idText, ok := strings.Cut(string(b), "\x00")
	id, err := strconv.ParseInt(idText, 10, 64)
	return name, id, ok && err == nil
}

// DirectoryFacets are the values the directory's filters offer.
type DirectoryFacets struct {
	Tags      []string
	Languages []string
}

// facetLimit is how many values each filter menu offers.
const facetLimit = 60

// Facets returns the most common tags and languages that their members show
// the whole network, for filter menus: a value only some organizers or no
// one else may see is never offered (a menu is read by everyone).
func (s *Store) Facets(ctx context.Context) (DirectoryFacets, error) {
	var f DirectoryFacets
	for kind, field := range map[string]kindred.Field{"tag": kindred.FieldTags, "language": kindred.FieldLanguages} {
		values, err := s.facetValues(ctx, kind, field)
		if err != nil {
			return f, fmt.Errorf("facets: %w", err)
		}
		if kind == "tag" {
			f.Tags = values
		} else {
			f.Languages = values
		}
	}
	return f, nil
}

// facetValues counts the values of one kind per visibility setting (few
// distinct ones), keeps those the field's setting shows the network, and
// returns the most common first.
func (s *Store) facetValues(ctx context.Context, kind string, field kindred.Field) ([]string, error) {
	rows, err := s.query(ctx, `SELECT v.value, m.visibility, COUNT(*) FROM member_values v JOIN members m ON m.id = v.member_id
		WHERE v.kind = ? GROUP BY v.value, m.visibility`, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts, levels := map[string]int{}, map[string]kindred.Level{}
	for rows.Next() {
		var value, vis string
		var n int
		if err := rows.Scan(&value, &vis, &n); err != nil {
			return nil, err
		}
		level, ok := levels[vis]
		if !ok {
			var v kindred.Visibility
			if err := json.Unmarshal([]byte(vis), &v); err != nil {
				return nil, fmt.Errorf("visibility %q: %w", vis, err)
			}
			level, levels[vis] = v.Of(field), v.Of(field)
		}
		if level == kindred.LevelNetwork {
			counts[value] += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	values := slices.Collect(maps.Keys(counts))
	slices.SortFunc(values, func(a, b string) int { return cmp.Or(counts[b]-counts[a], strings.Compare(a, b)) })
	return values[:min(len(values), facetLimit)], nil
}

// SetMemberPhoto stores a member's photo (already checked by the caller).
func (tx *Tx) SetMemberPhoto(ctx context.Context, memberID int64, contentType string, data []byte) error {
	if _, err := tx.exec(ctx, `DELETE FROM member_photos WHERE member_id = ?`, memberID); err != nil {
		return fmt.Errorf("set photo: %w", err)
	}
	if data == nil {
		return tx.execOne(ctx, "remove photo", `UPDATE members SET has_photo = ? WHERE id = ?`, false, memberID)
	}
	if _, err := tx.exec(ctx, `INSERT INTO member_photos (member_id, content_type, data) VALUES (?, ?, ?)`, memberID, contentType, data); err != nil {
		return fmt.Errorf("set photo: %w", err)
	}
	return tx.execOne(ctx, "set photo", `UPDATE members SET has_photo = ? WHERE id = ?`, true, memberID)
}

// MemberPhoto returns a member's photo. ENOTFOUND if there is none.
func (s *Store) MemberPhoto(ctx context.Context, memberID int64) (string, []byte, error) {
	var ct string
	var data []byte
	err := s.queryRow(ctx, `SELECT content_type, data FROM member_photos WHERE member_id = ?`, memberID).Scan(&ct, &data)
	if err != nil {
		return "", nil, fmt.Errorf("photo: %w", s.d.translate(err))
	}
	return ct, data, nil
}

// MergeMembers folds dup into keep: affiliations and list entries keep lacks
// move over, empty profile fields are filled from dup, dup's account moves if
// keep has none, and dup is deleted.
func (tx *Tx) MergeMembers(ctx context.Context, keep, dup *kindred.Member) error {
	if keep.ID == dup.ID {
		return kindred.Errorf(kindred.EINVALID, "Choose two different members to merge.")
	}
	merged := mergeProfiles(keep, dup)
	dupAccount, dupEmail := dup.AccountID, dup.Email
	if !keep.HasPhoto && dup.HasPhoto {
		if err := tx.movePhoto(ctx, dup.ID, keep.ID); err != nil {
			return err
		}
	}
	if _, err := tx.exec(ctx, `DELETE FROM members WHERE id = ?`, dup.ID); err != nil {
		return fmt.Errorf("merge members: %w", err)
	}
	if err := tx.RemoveDocument(ctx, "member", dup.ID); err != nil {
		return err
	}
	if merged.AccountID == 0 {
		merged.AccountID = dupAccount
	}
	if merged.Email == "" {
		merged.Email = dupEmail
	}
	return tx.UpdateMember(ctx, merged)
}

// movePhoto gives member to the photo of member from.
func (tx *Tx) movePhoto(ctx context.Context, from, to int64) error {
	if _, err := tx.exec(ctx, `UPDATE member_photos SET member_id = ? WHERE member_id = ?`, to, from); err != nil {
		return fmt.Errorf("move photo: %w", err)
	}
	return tx.execOne(ctx, "move photo", `UPDATE members SET has_photo = ? WHERE id = ?`, true, to)
}

// mergeProfiles returns keep with gaps filled from dup.
func mergeProfiles(keep, dup *kindred.Member) *kindred.Member {
	m := *keep
	fill := func(dst *string, src string) {
		if *dst == "" {
			*dst = src
		}
	}
	fill(&m.Pronouns, dup.Pronouns)
	fill(&m.Bio, dup.Bio)
	fill(&m.Needs.Diet, dup.Needs.Diet)
	fill(&m.Needs.Accessibility, dup.Needs.Accessibility)
	fill(&m.Needs.PreferredLanguage, dup.Needs.PreferredLanguage)
	if m.CityID == 0 {
		m.CityID = dup.CityID
	}
	m.Languages = append(append([]string{}, m.Languages...), dup.Languages...)
	m.Tags = append(append([]string{}, m.Tags...), dup.Tags...)
	m.Asks = append(append([]string{}, m.Asks...), dup.Asks...)
	m.Offers = append(append([]string{}, m.Offers...), dup.Offers...)
	have := map[int64]bool{}
	for _, a := range m.Affiliations {
		have[a.OrganizationID] = true
	}
	m.Affiliations = append([]kindred.Affiliation{}, m.Affiliations...)
	for _, a := range dup.Affiliations {
		if !have[a.OrganizationID] {
			a.Primary = false
			m.Affiliations = append(m.Affiliations, a)
		}
	}
	if len(m.Languages) > kindred.MaxListItems {
		m.Languages = m.Languages[:kindred.MaxListItems]
	}
	for _, l := range []*[]string{&m.Tags, &m.Asks, &m.Offers} {
		if len(*l) > kindred.MaxListItems {
			*l = (*l)[:kindred.MaxListItems]
		}
	}
	return &m
}

// NetworkCounts are the directory's totals for the home page.
type NetworkCounts struct {
	Members, Organizations, Cities, Practices, Ties int
}

// Counts returns the directory's totals in one query.
func (s *Store) Counts(ctx context.Context) (NetworkCounts, error) {
	var c NetworkCounts
	err := s.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM organizations),
		(SELECT COUNT(*) FROM cities), (SELECT COUNT(*) FROM practices), (SELECT COUNT(*) FROM ties WHERE awaiting IS NULL)`).
		Scan(&c.Members, &c.Organizations, &c.Cities, &c.Practices, &c.Ties)
	if err != nil {
		return c, fmt.Errorf("counts: %w", err)
	}
	return c, nil
}
