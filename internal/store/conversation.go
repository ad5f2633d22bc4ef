package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/kindredhq/kindred/internal/kindred"
)

// ConversationAt reads the conversation of a place with what its rules need:
// the stored thread (nil before the first post) and the gathering, city or
// campaign it is attached to. ENOTFOUND when the place does not exist, or
// names a theme that has neither a conversation nor a theme of that label in
// the campaign's latest themes.
func (s *Store) ConversationAt(ctx context.Context, p kindred.Place) (*kindred.Conversation, error) {
	c := &kindred.Conversation{Place: p}
	th, err := s.threadAt(ctx, p)
	if err != nil && kindred.ErrorCode(err) != kindred.ENOTFOUND {
		return nil, err
	}
	c.Thread = th
	if err := s.fillPlace(ctx, c); err != nil {
		return nil, fmt.Errorf("conversation %s: %w", p, err)
	}
	return c, nil
}

// fillPlace reads what the conversation is attached to.
func (s *Store) fillPlace(ctx context.Context, c *kindred.Conversation) error {
	switch c.Place.Kind {
	case kindred.PlaceGathering:
		g, err := s.Gathering(ctx, c.Place.RefID)
		if err != nil {
			return err
		}
		c.Gathering, c.Title, c.CityID = g, g.Title, g.CityID
		c.Parent = "/gatherings/" + strconv.FormatInt(g.ID, 10)
		c.OnList = func(memberID int64) bool {
			listed, err := s.OnGuestList(ctx, g.ID, memberID)
			return err == nil && listed
		}
	case kindred.PlacePractice:
		var slug string
		err := s.queryRow(ctx, `SELECT title, slug FROM practices WHERE id = ?`, c.Place.RefID).Scan(&c.Title, &slug)
		if noRows(err) {
			return notFound()
		}
		c.Parent = "/practices/" + slug
		return err
	case kindred.PlaceCity:
		city, err := s.City(ctx, c.Place.RefID)
		if err != nil {
			return err
		}
		c.Title, c.CityID, c.Parent = city.Name, city.ID, "/network/cities/"+city.Slug
		return nil
	case kindred.PlaceTheme:
		return s.fillTheme(ctx, c)
	}
	return nil
}

// fillTheme reads a theme's campaign and label: the thread's title once it
// exists, else the label of the latest run's theme with that topic.
func (s *Store) fillTheme(ctx context.Context, c *kindred.Conversation) error {
	camp, err := s.CampaignByID(ctx, c.Place.RefID)
	if err != nil {
		return err
	}
	c.Campaign, c.Parent = camp, "/listening/"+camp.Slug+"/themes"
	if c.MembersJoin, err = s.MembersJoin(ctx, camp.ID); err != nil {
		return err
	}
	if c.Thread != nil {
		c.Title = c.Thread.Title
		return nil
	}
	run, err := s.LatestThemeRun(ctx, camp.ID)
	if err != nil {
		return err
	}
	for _, t := range run.Result.Themes {
		if kindred.ThemeTopic(t.Label) == c.Place.Topic {
			c.Title = t.Label
			return nil
		}
	}
	return notFound()
}

// MembersJoin reports whether a campaign's organizers let members read and
// join the conversations on its themes.
func (s *Store) MembersJoin(ctx context.Context, campaignID int64) (bool, error) {
	var on bool
	err := s.queryRow(ctx, `SELECT members_join FROM conversation_campaigns WHERE campaign_id = ?`, campaignID).Scan(&on)
	if noRows(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("campaign conversations: %w", err)
	}
	return on, nil
}

const threadColumns = `id, kind, ref_id, topic, title, locked, locked_at, created_at`

func scanThread(r rowScanner) (*kindred.Thread, error) {
	var t kindred.Thread
	var locked sql.NullTime
	if err := r.Scan(&t.ID, &t.Place.Kind, &t.Place.RefID, &t.Place.Topic, &t.Title, &t.Locked, &locked, &t.CreatedAt); err != nil {
		return nil, err
	}
	t.LockedAt, t.CreatedAt = nullTime(locked), t.CreatedAt.UTC()
	return &t, nil
}

func (s *Store) threadAt(ctx context.Context, p kindred.Place) (*kindred.Thread, error) {
	t, err := scanThread(s.queryRow(ctx, `SELECT `+threadColumns+` FROM conversation_threads
		WHERE kind = ? AND ref_id = ? AND topic = ?`, string(p.Kind), p.RefID, p.Topic))
	if err != nil {
		return nil, fmt.Errorf("thread %s: %w", p, s.d.translate(err))
	}
	return t, nil
}

// Thread returns a stored thread. ENOTFOUND if missing.
func (s *Store) Thread(ctx context.Context, id int64) (*kindred.Thread, error) {
	t, err := scanThread(s.queryRow(ctx, `SELECT `+threadColumns+` FROM conversation_threads WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("thread %d: %w", id, s.d.translate(err))
	}
	return t, nil
}

// EnsureThread returns the place's thread, storing it (with title) first
// when it has none.
func (tx *Tx) EnsureThread(ctx context.Context, p kindred.Place, title string) (*kindred.Thread, error) {
	if _, err := tx.exec(ctx, `INSERT INTO conversation_threads (kind, ref_id, topic, title, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (kind, ref_id, topic) DO NOTHING`, string(p.Kind), p.RefID, p.Topic, title, tx.now); err != nil {
		return nil, fmt.Errorf("store thread %s: %w", p, err)
	}
	t, err := scanThread(tx.queryRow(ctx, `SELECT `+threadColumns+` FROM conversation_threads
		WHERE kind = ? AND ref_id = ? AND topic = ?`, string(p.Kind), p.RefID, p.Topic))
	if err != nil {
		return nil, fmt.Errorf("thread %s: %w", p, tx.d.translate(err))
	}
	return t, nil
}

// LockThread closes a thread to new posts (locked) or opens it again.
// ENOTFOUND if there is no such thread.
func (tx *Tx) LockThread(ctx context.Context, id, by int64, locked bool) error {
	var at, who any
	if locked {
		at, who = tx.now, nullInt(by)
	}
	return tx.execOne(ctx, "lock thread", `UPDATE conversation_threads SET locked = ?, locked_at = ?, locked_by = ? WHERE id = ?`,
		locked, at, who, id)
}

// SetMembersJoin records whether members may read and join the
// conversations on a campaign's themes.
func (tx *Tx) SetMembersJoin(ctx context.Context, campaignID int64, on bool) error {
	_, err := tx.exec(ctx, `INSERT INTO conversation_campaigns (campaign_id, members_join, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (campaign_id) DO UPDATE SET members_join = excluded.members_join, updated_at = excluded.updated_at`,
		campaignID, on, tx.now)
	if err != nil {
		return fmt.Errorf("campaign conversations: %w", err)
	}
	return nil
}

const postColumns = `id, thread_id, COALESCE(author_account_id, 0), COALESCE(author_member_id, 0), body, via,
	COALESCE(message_id, ''), created_at, edited_at, deleted_at, hidden_at, COALESCE(hidden_by, 0)`

func scanPost(r rowScanner) (kindred.Post, error) {
	var p kindred.Post
	var edited, deleted, hidden sql.NullTime
	if err := r.Scan(&p.ID, &p.ThreadID, &p.AuthorAccountID, &p.AuthorMemberID, &p.Body, &p.Via, &p.MessageID,
		&p.CreatedAt, &edited, &deleted, &hidden, &p.HiddenBy); err != nil {
		return p, err
	}
	p.CreatedAt = p.CreatedAt.UTC()
	p.EditedAt, p.DeletedAt, p.HiddenAt = nullTime(edited), nullTime(deleted), nullTime(hidden)
	return p, nil
}

// AddPost stores a post (its body already checked) and returns its id.
func (tx *Tx) AddPost(ctx context.Context, p kindred.Post) (int64, error) {
	id, err := tx.insertID(ctx, `INSERT INTO conversation_posts (thread_id, author_account_id, author_member_id, body, via, message_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, p.ThreadID, nullInt(p.AuthorAccountID), nullInt(p.AuthorMemberID), p.Body, p.Via,
		nullString(p.MessageID), tx.now)
	if err != nil {
		return 0, fmt.Errorf("add post: %w", err)
	}
	return id, nil
}

// PostByMessageID returns the id of the thread's post sent as the email
// with that Message-ID, 0 when there is none.
func (tx *Tx) PostByMessageID(ctx context.Context, threadID int64, messageID string) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, `SELECT id FROM conversation_posts WHERE thread_id = ? AND message_id = ?`, threadID, messageID).Scan(&id)
	if noRows(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("post by message id: %w", tx.d.translate(err))
	}
	return id, nil
}

// Post returns one post. ENOTFOUND if missing.
func (s *Store) Post(ctx context.Context, id int64) (kindred.Post, error) {
	p, err := scanPost(s.queryRow(ctx, `SELECT `+postColumns+` FROM conversation_posts WHERE id = ?`, id))
	if err != nil {
		return p, fmt.Errorf("post %d: %w", id, s.d.translate(err))
	}
	return p, nil
}

// Post reads one post in the transaction. ENOTFOUND if missing.
func (tx *Tx) Post(ctx context.Context, id int64) (kindred.Post, error) {
	p, err := scanPost(tx.queryRow(ctx, `SELECT `+postColumns+` FROM conversation_posts WHERE id = ?`, id))
	if err != nil {
		return p, fmt.Errorf("post %d: %w", id, tx.d.translate(err))
	}
	return p, nil
}

// EditPost replaces a post's text, keeping the text it had as a version.
// ENOTFOUND if there is no such post.
func (tx *Tx) EditPost(ctx context.Context, id int64, body string) error {
	p, err := tx.Post(ctx, id)
	if err != nil {
		return err
	}
	written := p.CreatedAt
	if p.EditedAt != nil {
		written = *p.EditedAt
	}
	if _, err := tx.exec(ctx, `INSERT INTO conversation_post_versions (post_id, body, written_at) VALUES (?, ?, ?)`,
		id, p.Body, written); err != nil {
		return fmt.Errorf("keep post version: %w", err)
	}
	return tx.execOne(ctx, "edit post", `UPDATE conversation_posts SET body = ?, edited_at = ? WHERE id = ?`, body, tx.now, id)
}

// DeletePost empties a post and forgets its history and mentions; its
// place in the thread stays, marked deleted. ENOTFOUND if missing.
func (tx *Tx) DeletePost(ctx context.Context, id int64) error {
	for _, q := range []string{`DELETE FROM conversation_post_versions WHERE post_id = ?`,
		`DELETE FROM conversation_mentions WHERE post_id = ?`, `DELETE FROM notification_digest_items WHERE post_id = ?`} {
		if _, err := tx.exec(ctx, q, id); err != nil {
			return fmt.Errorf("delete post: %w", err)
		}
	}
	return tx.execOne(ctx, "delete post", `UPDATE conversation_posts SET body = '', deleted_at = ? WHERE id = ?`, tx.now, id)
}

// HidePost hides a post from everyone but its author and the moderators
// (hidden), or shows it again. ENOTFOUND if missing.
func (tx *Tx) HidePost(ctx context.Context, id, by int64, hidden bool) error {
	var at, who any
	if hidden {
		at, who = tx.now, nullInt(by)
	}
	return tx.execOne(ctx, "hide post", `UPDATE conversation_posts SET hidden_at = ?, hidden_by = ? WHERE id = ?`, at, who, id)
}

// PostVersions returns a post's earlier texts, oldest first.
func (s *Store) PostVersions(ctx context.Context, postID int64) ([]kindred.PostVersion, error) {
	rows, err := s.query(ctx, `SELECT body, written_at FROM conversation_post_versions WHERE post_id = ? ORDER BY id`, postID)
	if err != nil {
		return nil, fmt.Errorf("post versions: %w", err)
	}
	defer rows.Close()
	var out []kindred.PostVersion
	for rows.Next() {
		var v kindred.PostVersion
		if err := rows.Scan(&v.Body, &v.WrittenAt); err != nil {
			return nil, fmt.Errorf("post versions: %w", err)
		}
		v.WrittenAt = v.WrittenAt.UTC()
		out = append(out, v)
	}
	return out, rows.Err()
}

// PostPage chooses a page of a thread's posts: the Limit posts from the
// post From on (From > 0), or else the last Limit posts before Before
// (0: the newest). Pages are always in the order posts were written.
type PostPage struct {
	From, Before int64
	Limit        int
}

// Posts returns a page of a thread's posts, and whether there are posts
// before and after it.
func (s *Store) Posts(ctx context.Context, threadID int64, pg PostPage) (posts []kindred.Post, earlier, later bool, err error) {
	if pg.Limit <= 0 {
		pg.Limit = 50
	}
	if pg.From > 0 {
		posts, err = s.postsWhere(ctx, `thread_id = ? AND id >= ? ORDER BY id LIMIT ?`, threadID, pg.From, pg.Limit+1)
		if later = len(posts) > pg.Limit; later {
			posts = posts[:pg.Limit]
		}
		if err == nil && len(posts) > 0 {
			earlier, err = s.postExists(ctx, `thread_id = ? AND id < ?`, threadID, posts[0].ID)
		}
		return posts, earlier, later, err
	}
	where, args := `thread_id = ?`, []any{threadID}
	if pg.Before > 0 {
		where, args = where+` AND id < ?`, append(args, pg.Before)
	}
	posts, err = s.postsWhere(ctx, where+` ORDER BY id DESC LIMIT ?`, append(args, pg.Limit+1)...)
	if earlier = len(posts) > pg.Limit; earlier {
		posts = posts[:pg.Limit]
	}
	for i, j := 0, len(posts)-1; i < j; i, j = i+1, j-1 {
		posts[i], posts[j] = posts[j], posts[i]
	}
	if err == nil && len(posts) > 0 && pg.Before > 0 {
		later, err = s.postExists(ctx, `thread_id = ? AND id > ?`, threadID, posts[len(posts)-1].ID)
	}
	return posts, earlier, later, err
}

func (s *Store) postsWhere(ctx context.Context, where string, args ...any) ([]kindred.Post, error) {
	rows, err := s.query(ctx, `SELECT `+postColumns+` FROM conversation_posts WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("posts: %w", err)
	}
	defer rows.Close()
	var out []kindred.Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, fmt.Errorf("posts: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (s *Store) postExists(ctx context.Context, where string, args ...any) (bool, error) {
	var one int
	err := s.queryRow(ctx, `SELECT 1 FROM conversation_posts WHERE `+where+` LIMIT 1`, args...).Scan(&one)
	if noRows(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("posts: %w", err)
	}
	return true, nil
}

// PostAuthors returns the member profiles of posts' authors by id (members
// since removed are missing). They are the shared cache's: show each only
// through Member.VisibleTo, and never change them.
func (s *Store) PostAuthors(ctx context.Context, posts []kindred.Post) (map[int64]*kindred.Member, error) {
	var ids []int64
	seen := map[int64]bool{}
	for _, p := range posts {
		if p.AuthorMemberID != 0 && !seen[p.AuthorMemberID] {
			seen[p.AuthorMemberID] = true
			ids = append(ids, p.AuthorMemberID)
		}
	}
	ms, err := s.sharedMembers(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("post authors: %w", err)
	}
	out := make(map[int64]*kindred.Member, len(ms))
	for _, m := range ms {
		out[m.ID] = m
	}
	return out, nil
}

// MembersNamed returns, for each of names that is exactly the name of
// members who can sign in, those members' ids: the people a post may
// mention.
func (s *Store) MembersNamed(ctx context.Context, names []string) (map[string][]int64, error) {
	out := map[string][]int64{}
	if len(names) == 0 {
		return out, nil
	}
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = n
	}
	rows, err := s.query(ctx, `SELECT name, id FROM members WHERE account_id IS NOT NULL AND name IN (`+placeholders(len(names))+`)
		ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("members named: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var id int64
		if err := rows.Scan(&name, &id); err != nil {
			return nil, fmt.Errorf("members named: %w", err)
		}
		out[name] = append(out[name], id)
	}
	return out, rows.Err()
}

// SetMentions records the members a post mentions and returns those it did
// not mention before.
func (tx *Tx) SetMentions(ctx context.Context, postID int64, memberIDs []int64) ([]int64, error) {
	had := map[int64]bool{}
	rows, err := tx.query(ctx, `SELECT member_id FROM conversation_mentions WHERE post_id = ?`, postID)
	if err != nil {
		return nil, fmt.Errorf("mentions: %w", err)
	}
	ids, err := collectIDs(rows, nil)
	if err != nil {
		return nil, fmt.Errorf("mentions: %w", err)
	}
	for _, id := range ids {
		had[id] = true
	}
	var added []int64
	for _, id := range memberIDs {
		if had[id] {
			continue
		}
		if _, err := tx.exec(ctx, `INSERT INTO conversation_mentions (post_id, member_id) VALUES (?, ?)`, postID, id); err != nil {
			return nil, fmt.Errorf("add mention: %w", err)
		}
		added = append(added, id)
	}
	return added, nil
}

// SetFollow records that an account follows a thread, or stopped.
func (tx *Tx) SetFollow(ctx context.Context, threadID, accountID int64, following bool) error {
	_, err := tx.exec(ctx, `INSERT INTO conversation_follows (thread_id, account_id, following, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (thread_id, account_id) DO UPDATE SET following = excluded.following, updated_at = excluded.updated_at`,
		threadID, accountID, following, tx.now)
	if err != nil {
		return fmt.Errorf("follow thread: %w", err)
	}
	return nil
}

// followersSQL selects the accounts that follow a thread: those who chose
// to (or posted), and for a gathering's thread its hosts and the guests
// going (or who came), unless they stopped following. Its arguments are
// the thread's id, true, the thread's id twice and false.
const followersSQL = `SELECT f.account_id FROM conversation_follows f WHERE f.thread_id = ? AND f.following = ?
	UNION
	SELECT m.account_id FROM conversation_threads t
	JOIN members m ON m.account_id IS NOT NULL AND (
		EXISTS (SELECT 1 FROM rsvps r WHERE r.gathering_id = t.ref_id AND r.member_id = m.id AND r.status IN ('going', 'attended'))
		OR EXISTS (SELECT 1 FROM gathering_hosts h WHERE h.gathering_id = t.ref_id AND h.member_id = m.id))
	WHERE t.id = ? AND t.kind = 'gathering'
	  AND NOT EXISTS (SELECT 1 FROM conversation_follows x WHERE x.thread_id = ? AND x.account_id = m.account_id AND x.following = ?)`

// Followers returns the ids of the accounts that follow a thread.
func (s *Store) Followers(ctx context.Context, threadID int64) ([]int64, error) {
	ids, err := collectIDs(s.query(ctx, `SELECT account_id FROM (`+followersSQL+`) fl ORDER BY account_id`,
		threadID, true, threadID, threadID, false))
	if err != nil {
		return nil, fmt.Errorf("followers: %w", err)
	}
	return ids, nil
}

// Follows reports whether an account follows a thread (see Followers).
func (s *Store) Follows(ctx context.Context, threadID, accountID int64) (bool, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM (`+followersSQL+`) fl WHERE fl.account_id = ?`,
		threadID, true, threadID, threadID, false, accountID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("follows: %w", err)
	}
	return n > 0, nil
}

// MentionedAccounts returns the accounts of the members a post mentions,
// limited to memberIDs when given.
func (s *Store) MentionedAccounts(ctx context.Context, postID int64, memberIDs []int64) ([]int64, error) {
	q, args := `SELECT m.account_id FROM conversation_mentions c JOIN members m ON m.id = c.member_id
		WHERE c.post_id = ? AND m.account_id IS NOT NULL`, []any{postID}
	if len(memberIDs) > 0 {
		q += ` AND c.member_id IN (` + placeholders(len(memberIDs)) + `)`
		for _, id := range memberIDs {
			args = append(args, id)
		}
	}
	ids, err := collectIDs(s.query(ctx, q+` ORDER BY m.account_id`, args...))
	if err != nil {
		return nil, fmt.Errorf("mentioned accounts: %w", err)
	}
	return ids, nil
}

// ConversationNames returns the names in a thread to offer for @mentions:
// the members who wrote in it, most recent writers first, at most limit.
func (s *Store) ConversationNames(ctx context.Context, threadID int64, limit int) ([]*kindred.Member, error) {
	ids, err := collectIDs(s.query(ctx, `SELECT author_member_id FROM conversation_posts
		WHERE thread_id = ? AND author_member_id IS NOT NULL GROUP BY author_member_id ORDER BY MAX(id) DESC LIMIT ?`,
		threadID, limit))
	if err != nil {
		return nil, fmt.Errorf("conversation names: %w", err)
	}
	return s.sharedMembers(ctx, ids)
}
