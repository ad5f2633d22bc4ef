package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

const memberColumns = `m.id, m.account_id, m.email, m.name, m.pronouns, m.bio, m.city_id, COALESCE(c.name, ''),
	m.diet, m.accessibility, m.preferred_language, m.visibility, m.has_photo, m.created_at, m.updated_at`

const memberFrom = ` FROM members m LEFT JOIN cities c ON c.id = m.city_id`

func scanMember(r rowScanner) (*kindred.Member, error) {
	var m kindred.Member
	var account, city sql.NullInt64
	var email sql.NullString
	var vis string
	if err := r.Scan(&m.ID, &account, &email, &m.Name, &m.Pronouns, &m.Bio, &city, &m.CityName,
		&m.Needs.Diet, &m.Needs.Accessibility, &m.Needs.PreferredLanguage, &vis, &m.HasPhoto, &m.CreatedAt, &m.UpdatedAt); err != nil {
		return nil, err
	}
	m.AccountID, m.CityID, m.Email = account.Int64, city.Int64, email.String
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	if err := json.Unmarshal([]byte(vis), &m.Visibility); err != nil {
		return nil, fmt.Errorf("visibility of member %d: %w", m.ID, err)
	}
	return &m, nil
}

// memberArgs are the columns CreateMember and UpdateMember write.
func memberArgs(m *kindred.Member) ([]any, error) {
	vis, err := json.Marshal(m.Visibility)
	if err != nil {
		return nil, err
	}
	if m.Visibility == nil {
		vis = []byte("{}")
	}
	return []any{nullInt(m.AccountID), nullString(m.Email), m.Name, m.Pronouns, m.Bio, nullInt(m.CityID),
		m.Needs.Diet, m.Needs.Accessibility, m.Needs.PreferredLanguage, string(vis)}, nil
}

// CreateMember validates and stores m with its lists and affiliations, and
// returns its id. A taken email is an ECONFLICT on "email".
func (tx *Tx) CreateMember(ctx context.Context, m *kindred.Member) (int64, error) {
	if err := m.Validate(); err != nil {
		return 0, err
	}
	args, err := memberArgs(m)
	if err != nil {
		return 0, fmt.Errorf("create member: %w", err)
	}
	id, err := tx.insertID(ctx, `INSERT INTO members (account_id, email, name, pronouns, bio, city_id, diet, accessibility,
		preferred_language, visibility, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append(args, tx.now, tx.now)...)
	if err != nil {
		return 0, fmt.Errorf("create member: %w", memberConflict(err))
	}
	m.ID = id
	return id, tx.writeMemberParts(ctx, m)
}

// UpdateMember validates and replaces m's profile, lists and affiliations.
func (tx *Tx) UpdateMember(ctx context.Context, m *kindred.Member) error {
	if err := m.Validate(); err != nil {
		return err
	}
	args, err := memberArgs(m)
	if err != nil {
		return fmt.Errorf("update member: %w", err)
	}
	err = tx.execOne(ctx, "update member", `UPDATE members SET account_id = ?, email = ?, name = ?, pronouns = ?, bio = ?,
		city_id = ?, diet = ?, accessibility = ?, preferred_language = ?, visibility = ?, updated_at = ? WHERE id = ?`,
		append(args, tx.now, m.ID)...)
	if err != nil {
		return memberConflict(err)
	}
	for _, table := range []string{"member_values", "affiliations"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE member_id = ?`, m.ID); err != nil {
			return fmt.Errorf("update member: %w", err)
		}
	}
	return tx.writeMemberParts(ctx, m)
}

// memberConflict names the email field in a unique violation on members.
func memberConflict(err error) error {
	if kindred.ErrorCode(err) == kindred.ECONFLICT {
		return &kindred.Error{Code: kindred.ECONFLICT, Message: "Another member already has that email address.",
			Fields: map[string]string{"email": "is already used by another member"}}
	}
	return err
}

// writeMemberParts writes lists and affiliations of a stored member and reindexes it.
func (tx *Tx) writeMemberParts(ctx context.Context, m *kindred.Member) error {
	if err := tx.writeValues(ctx, m); err != nil {
		return err
	}
	for i := range m.Affiliations {
		a := &m.Affiliations[i]
		name, err := tx.organizationName(ctx, a.OrganizationID)
		if err != nil {
			return err
		}
		a.OrganizationName = name
		id, err := tx.insertID(ctx, `INSERT INTO affiliations (member_id, organization_id, role, since, until, is_primary, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, m.ID, a.OrganizationID, a.Role, a.Since, a.Until, a.Primary, tx.now)
		if err != nil {
			return fmt.Errorf("affiliation: %w", err)
		}
		a.ID, a.MemberID = id, m.ID
	}
	return tx.indexMember(ctx, m)
}

// writeValues inserts a member's lists in one statement.
func (tx *Tx) writeValues(ctx context.Context, m *kindred.Member) error {
	var q strings.Builder
	var args []any
	for _, v := range memberValues(m) {
		if len(args) > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?, ?, ?)")
		args = append(args, m.ID, v.kind, v.position, v.value)
	}
	if len(args) == 0 {
		return nil
	}
	if _, err := tx.exec(ctx, `INSERT INTO member_values (member_id, kind, position, value) VALUES `+q.String(), args...); err != nil {
		return fmt.Errorf("member lists: %w", err)
	}
	return nil
}

// memberValue is one entry of a member's lists.
type memberValue struct {
	kind     string
	position int
	value    string
}

// memberValues are the rows of a member's lists.
func memberValues(m *kindred.Member) []memberValue {
	var out []memberValue
	for _, l := range []struct {
		kind   string
		values []string
	}{{"language", m.Languages}, {"tag", m.Tags}, {"ask", m.Asks}, {"offer", m.Offers}} {
		for i, v := range l.values {
			out = append(out, memberValue{l.kind, i, v})
		}
	}
	return out
}

// indexMember puts the network-visible parts of a profile in the search
// index, so a search never reveals what the member restricted.
func (tx *Tx) indexMember(ctx context.Context, m *kindred.Member) error {
	return tx.IndexDocument(ctx, memberDoc(m))
}

// memberDoc is a member's search entry: the name, and the parts of the
// profile visible to the whole network.
func memberDoc(m *kindred.Member) kindred.SearchDoc {
	var body []string
	add := func(f kindred.Field, parts ...string) {
		if m.Visibility.Of(f) == kindred.LevelNetwork {
			body = append(body, parts...)
		}
	}
	add(kindred.FieldBio, m.Bio)
	add(kindred.FieldTags, m.Tags...)
	add(kindred.FieldAsks, m.Asks...)
	add(kindred.FieldOffers, m.Offers...)
	add(kindred.FieldLanguages, m.Languages...)
	if m.Visibility.Of(kindred.FieldAffiliations) == kindred.LevelNetwork {
		for _, a := range m.Affiliations {
			body = append(body, a.OrganizationName, a.Role)
		}
	}
	return kindred.SearchDoc{Kind: "member", RefID: m.ID, Title: m.Name, Body: strings.Join(body, " · ")}
}

// Member returns a member with city, lists and affiliations. ENOTFOUND if missing.
func (s *Store) Member(ctx context.Context, id int64) (*kindred.Member, error) {
	ms, err := s.membersWhere(ctx, `m.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("member %d: %w", id, kindred.Errorf(kindred.ENOTFOUND, "No such member."))
	}
	return ms[0], nil
}

// accountMemberTables are MemberTables and accounts (deleting an account
// unlinks its member).
var accountMemberTables = append(slices.Clone(MemberTables), "accounts")

// ViewerMember returns the member profile of a signed-in account: the one
// linked to it, or else the unlinked profile with the account's email (a
// member added by an organizer before they first signed in). The pages and
// the API resolve the viewer alike through it. ENOTFOUND if none.
func (s *Store) ViewerMember(ctx context.Context, a *kindred.Account) (*kindred.Member, error) {
	m, err := s.MemberByAccount(ctx, a.ID)
	if kindred.ErrorCode(err) != kindred.ENOTFOUND {
		return m, err
	}
	m, err = s.MemberByEmail(ctx, a.Email)
	if err == nil && m.AccountID != 0 && m.AccountID != a.ID {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "You have no profile in the directory yet.")
	}
	return m, err
}

// MemberByAccount returns the member linked to an account. ENOTFOUND if none.
// Many pages look up the viewer's own profile, so it is cached until a member
// changes (see Cached); each caller gets its own copy.
func (s *Store) MemberByAccount(ctx context.Context, accountID int64) (*kindred.Member, error) {
	m, err := s.caches.accountMembers.Get(s, strconv.FormatInt(accountID, 10), accountMemberTables, func() (*kindred.Member, error) {
		ms, err := s.membersWhere(ctx, `m.account_id = ?`, accountID)
		if err != nil || len(ms) == 0 {
			return nil, err
		}
		return ms[0], nil
	})
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "You have no profile in the directory yet.")
	}
	return cloneMember(m), nil
}

// cloneMember copies m and its lists, so a caller may change the copy.
func cloneMember(m *kindred.Member) *kindred.Member {
	c := *m
	c.Languages, c.Tags = slices.Clone(m.Languages), slices.Clone(m.Tags)
	c.Asks, c.Offers = slices.Clone(m.Asks), slices.Clone(m.Offers)
	c.Affiliations = slices.Clone(m.Affiliations)
	c.Visibility = maps.Clone(m.Visibility)
	return &c
}

// MemberByEmail returns the member with that email. ENOTFOUND if none.
func (s *Store) MemberByEmail(ctx context.Context, email string) (*kindred.Member, error) {
	ms, err := s.membersWhere(ctx, `m.email = ?`, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "No member has that email address.")
	}
	return ms[0], nil
}

// membersWhere loads members matching a condition, in name order, with their parts.
func (s *Store) membersWhere(ctx context.Context, cond string, args ...any) ([]*kindred.Member, error) {
	rows, err := s.query(ctx, `SELECT `+memberColumns+memberFrom+` WHERE `+cond+` ORDER BY m.name, m.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("members: %w", err)
	}
	var out []*kindred.Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("members: %w", err)
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.loadMemberParts(ctx, out)
}

// loadMemberParts fills lists and affiliations for members, in two queries per
// chunk of 500 ids.
func (s *Store) loadMemberParts(ctx context.Context, ms []*kindred.Member) error {
	byID := make(map[int64]*kindred.Member, len(ms))
	for _, m := range ms {
		byID[m.ID] = m
	}
	for start := 0; start < len(ms); start += 500 {
		chunk := ms[start:min(start+500, len(ms))]
		in, args := idList(chunk)
		if err := s.loadValues(ctx, byID, in, args); err != nil {
			return err
		}
		if err := s.loadAffiliations(ctx, byID, in, args); err != nil {
			return err
		}
	}
	return nil
}

func idList(ms []*kindred.Member) (string, []any) {
	args := make([]any, len(ms))
	for i, m := range ms {
		args[i] = m.ID
	}
	return "(" + strings.TrimSuffix(strings.Repeat("?, ", len(ms)), ", ") + ")", args
}

func (s *Store) loadValues(ctx context.Context, byID map[int64]*kindred.Member, in string, args []any) error {
	rows, err := s.query(ctx, `SELECT member_id, kind, value FROM member_values WHERE member_id IN `+in+` ORDER BY member_id, kind, position`, args...)
	if err != nil {
		return fmt.Errorf("member lists: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind, v string
		if err := rows.Scan(&id, &kind, &v); err != nil {
			return err
		}
		appendValue(byID[id], kind, v)
	}
	return rows.Err()
}

func (s *Store) loadAffiliations(ctx context.Context, byID map[int64]*kindred.Member, in string, args []any) error {
	rows, err := s.query(ctx, `SELECT a.id, a.member_id, a.organization_id, o.name, o.slug, a.role, a.since, a.until, a.is_primary
		FROM affiliations a JOIN organizations o ON o.id = a.organization_id WHERE a.member_id IN `+in+`
		ORDER BY a.member_id, a.is_primary DESC, a.until = '' DESC, a.since DESC, a.id`, args...)
	if err != nil {
		return fmt.Errorf("affiliations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a kindred.Affiliation
		if err := rows.Scan(&a.ID, &a.MemberID, &a.OrganizationID, &a.OrganizationName, &a.OrganizationSlug,
			&a.Role, &a.Since, &a.Until, &a.Primary); err != nil {
			return err
		}
		m := byID[a.MemberID]
		m.Affiliations = append(m.Affiliations, a)
	}
	return rows.Err()
}

func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func nullString(v string) any {
	if v == "" {
		return nil
	}
	return v
}

// LinkOrCreateMember gives an account its directory profile: the member with
// the account's email if one exists without an account, or a new member.
// It returns the member's id.
func (tx *Tx) LinkOrCreateMember(ctx context.Context, a *kindred.Account) (int64, error) {
	var id int64
	var account sql.NullInt64
	err := tx.queryRow(ctx, `SELECT id, account_id FROM members WHERE email = ?`, a.Email).Scan(&id, &account)
	switch {
	case err == nil && (!account.Valid || account.Int64 == a.ID):
		if _, err := tx.exec(ctx, `UPDATE members SET account_id = ?, updated_at = ? WHERE id = ?`, a.ID, tx.now, id); err != nil {
			return 0, fmt.Errorf("link member: %w", err)
		}
		return id, nil
	case err != nil && err != sql.ErrNoRows:
		return 0, fmt.Errorf("link member: %w", err)
	}
	m := &kindred.Member{AccountID: a.ID, Name: a.DisplayName()}
	if err == sql.ErrNoRows {
		m.Email = a.Email
	}
	return tx.CreateMember(ctx, m)
}

// organizationName returns the name of organization id, remembering names
// for the rest of the transaction (imports name the same few organizations
// thousands of times). No such organization is an EINVALID error naming
// "affiliations".
func (tx *Tx) organizationName(ctx context.Context, id int64) (string, error) {
	if name, ok := tx.orgNames[id]; ok {
		return name, nil
	}
	var name string
	err := tx.queryRow(ctx, `SELECT name FROM organizations WHERE id = ?`, id).Scan(&name)
	if err == sql.ErrNoRows {
		return "", &kindred.Error{Code: kindred.EINVALID, Message: "An affiliation names an organization that does not exist.",
			Fields: map[string]string{"affiliations": fmt.Sprintf("organization %d does not exist", id)}}
	}
	if err != nil {
		return "", fmt.Errorf("organization %d: %w", id, err)
	}
	if tx.orgNames == nil {
		tx.orgNames = map[int64]string{}
	}
	tx.orgNames[id] = name
	return name, nil
}
