package jobs

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// ConversationDigestEvery is how often, at most, an account gets the daily
// digest of conversation posts.
const ConversationDigestEvery = 24 * time.Hour

// postNotifyArgs asks for the news of one post to be sent: to the members
// it newly mentions (Mentions, member ids) and, for a new post (Replies), to
// the thread's followers.
type postNotifyArgs struct {
	PostID   int64   `json:"post_id"`
	Mentions []int64 `json:"mentions,omitempty"`
	Replies  bool    `json:"replies"`
}

func (postNotifyArgs) Kind() string { return "conversation_notify" }

// NotifyPost schedules the news of a post, inside tx: for a new post
// (replies) its followers hear of it, and the members in mentions (ids of
// members it names for the first time) are told they were mentioned.
func (q *Queue) NotifyPost(ctx context.Context, tx *store.Tx, postID int64, mentions []int64, replies bool) error {
	if !replies && len(mentions) == 0 {
		return nil
	}
	_, err := q.client.InsertTx(ctx, tx.SQL(), postNotifyArgs{PostID: postID, Mentions: mentions, Replies: replies}, nil)
	if err != nil {
		return fmt.Errorf("schedule post notification: %w", err)
	}
	return nil
}

type postNotifyWorker struct {
	river.WorkerDefaults[postNotifyArgs]
	q *Queue
}

// Work tells each recipient who may still read the conversation, as they
// chose: an email now, the post kept for their daily digest, or nothing. A
// post deleted or hidden meanwhile is news to nobody. Every mail and
// digest item is written in one transaction, so a retry sends no mail
// twice.
func (w *postNotifyWorker) Work(ctx context.Context, job *river.Job[postNotifyArgs]) error {
	st := w.q.store
	post, err := st.Post(ctx, job.Args.PostID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND || (err == nil && (post.DeletedAt != nil || post.HiddenAt != nil)) {
		return nil
	}
	if err != nil {
		return err
	}
	n, err := w.q.newsOf(ctx, post)
	if err != nil {
		return err
	}
	recipients, err := w.recipients(ctx, post, job.Args)
	if err != nil {
		return err
	}
	// Everything is read first, and the transaction only writes: a read
	// through the store's pool while the transaction holds a connection
	// could wait forever for one under load (SQLite has one writer,
	// PostgreSQL's pool is small).
	var news []delivery
	for _, r := range recipients {
		d, err := w.q.deliveryFor(ctx, n, r.account, r.reason)
		if err != nil {
			return err
		}
		if d != nil {
			news = append(news, *d)
		}
	}
	return st.WithTx(ctx, func(tx *store.Tx) error {
		for _, d := range news {
			if err := w.q.deliver(ctx, tx, n, d); err != nil {
				return err
			}
		}
		return nil
	})
}

// recipient is an account to tell of a post, and why.
type recipient struct {
	account int64
	reason  kindred.NotifyKind
}

// recipients lists who hears of a post: the newly mentioned first, then
// (for a new post) the followers not mentioned; never its author.
func (w *postNotifyWorker) recipients(ctx context.Context, p kindred.Post, a postNotifyArgs) ([]recipient, error) {
	var out []recipient
	seen := map[int64]bool{p.AuthorAccountID: true, 0: true}
	add := func(ids []int64, reason kindred.NotifyKind) {
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				out = append(out, recipient{id, reason})
			}
		}
	}
	if len(a.Mentions) > 0 {
		ids, err := w.q.store.MentionedAccounts(ctx, p.ID, a.Mentions)
		if err != nil {
			return nil, err
		}
		add(ids, kindred.NotifyMentions)
	}
	if a.Replies {
		ids, err := w.q.store.Followers(ctx, p.ThreadID)
		if err != nil {
			return nil, err
		}
		add(ids, kindred.NotifyReplies)
	}
	return out, nil
}

// postNews is a post with what a notification about it says.
type postNews struct {
	post   kindred.Post
	conv   *kindred.Conversation
	author string
	url    string
}

// newsOf reads the post's conversation and author.
func (q *Queue) newsOf(ctx context.Context, p kindred.Post) (*postNews, error) {
	th, err := q.store.Thread(ctx, p.ThreadID)
	if err != nil {
		return nil, err
	}
	c, err := q.store.ConversationAt(ctx, th.Place)
	if err != nil {
		return nil, err
	}
	author, err := q.authorName(ctx, p)
	if err != nil {
		return nil, err
	}
	url := fmt.Sprintf("%s%s?from=%d#post-%d", q.baseURL, th.Place.Path(), p.ID, p.ID)
	return &postNews{post: p, conv: c, author: author, url: url}, nil
}

// authorName is how a notification names a post's author: their name,
// which the whole network may see.
func (q *Queue) authorName(ctx context.Context, p kindred.Post) (string, error) {
	if p.AuthorMemberID != 0 {
		m, err := q.store.Member(ctx, p.AuthorMemberID)
		if err == nil {
			return m.Name, nil
		}
		if kindred.ErrorCode(err) != kindred.ENOTFOUND {
			return "", err
		}
	}
	if p.AuthorAccountID != 0 {
		a, err := q.store.Account(ctx, p.AuthorAccountID)
		if err == nil {
			return a.DisplayName(), nil
		}
		if kindred.ErrorCode(err) != kindred.ENOTFOUND {
			return "", err
		}
	}
	return "Someone", nil
}

// delivery is how one account hears of a post: a mail now, or an item
// of its daily digest.
type delivery struct {
	account int64
	reason  kindred.NotifyKind
	mail    *kindred.Mail // nil: the digest
}

// deliveryFor decides how one account hears of the post: nil when it may
// not read the conversation or chose not to hear of this kind.
func (q *Queue) deliveryFor(ctx context.Context, n *postNews, accountID int64, reason kindred.NotifyKind) (*delivery, error) {
	acct, err := q.store.Account(ctx, accountID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v, err := q.store.Viewer(ctx, acct)
	if err != nil {
		return nil, err
	}
	if !n.conv.VisibleTo(v) {
		return nil, nil
	}
	settings, err := q.store.NotifySettings(ctx, accountID)
	if err != nil {
		return nil, err
	}
	switch settings.Of(reason) {
	case kindred.NotifyDigest:
		return &delivery{account: accountID, reason: reason}, nil
	case kindred.NotifyEach:
		m, err := q.composePostMail(ctx, n, acct, reason)
		if err != nil {
			return nil, err
		}
		return &delivery{account: accountID, reason: reason, mail: &m}, nil
	}
	return nil, nil
}

// deliver schedules the mail or keeps the digest item, in tx.
func (q *Queue) deliver(ctx context.Context, tx *store.Tx, n *postNews, d delivery) error {
	if d.mail == nil {
		return tx.AddDigestItem(ctx, d.account, n.post.ID, d.reason)
	}
	_, err := q.SendMail(ctx, tx, *d.mail)
	return err
}

// PostMailData is what the conversation_post template sees.
type PostMailData struct {
	Name, Author, Title, Body, URL string
	Mentioned                      bool
	// ReplyLine, when set, is the line replies are written above: the
	// mail's Reply-To posts in the conversation.
	ReplyLine   string
	SettingsURL string
}

func (q *Queue) composePostMail(ctx context.Context, n *postNews, acct *kindred.Account, reason kindred.NotifyKind) (kindred.Mail, error) {
	d := PostMailData{Name: acct.DisplayName(), Author: n.author, Title: oneLine(n.conv.Title), Body: n.post.Body, URL: n.url,
		Mentioned: reason == kindred.NotifyMentions, SettingsURL: q.baseURL + "/me/notifications"}
	reply, err := q.replyAddress(ctx, n.post.ThreadID, acct.ID)
	if err != nil {
		return kindred.Mail{}, err
	}
	if reply != "" {
		d.ReplyLine = kindred.ReplyAboveLine
	}
	m, err := q.composer.Compose("conversation_post", acct.Email, d)
	if err != nil {
		return m, err
	}
	m.ReplyTo = reply
	m.ListUnsubscribe, err = q.UnsubscribeURL(ctx, acct.ID, string(reason))
	return m, err
}

// replyAddress is the signed address replies to a thread's notification
// go to, "" when Kindred takes no mail.
func (q *Queue) replyAddress(ctx context.Context, threadID, accountID int64) (string, error) {
	if q.replyDomain == "" {
		return "", nil
	}
	key, err := q.store.LinkKey(ctx, "reply")
	if err != nil {
		return "", err
	}
	return kindred.ReplyAddress{ThreadID: threadID, AccountID: accountID}.Local(key) + "@" + q.replyDomain, nil
}

// UnsubscribeURL returns the one-click link that stops list for an
// account, for List-Unsubscribe and the mail's own footer.
func (q *Queue) UnsubscribeURL(ctx context.Context, accountID int64, list string) (string, error) {
	key, err := q.store.LinkKey(ctx, "unsubscribe")
	if err != nil {
		return "", err
	}
	return q.baseURL + "/unsubscribe/" + kindred.UnsubscribeToken{AccountID: accountID, List: list}.Sign(key), nil
}

// oneLine keeps a title fit for a subject line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// conversationDigestArgs asks for the daily digests that are due.
type conversationDigestArgs struct{}

func (conversationDigestArgs) Kind() string { return "conversation_digest" }

type conversationDigestWorker struct {
	river.WorkerDefaults[conversationDigestArgs]
	q *Queue
}

// Work sends each account whose digest is due one mail with the posts
// kept for it, grouped by conversation; posts since deleted or hidden, and
// conversations the account may no longer read, are left out.
func (w *conversationDigestWorker) Work(ctx context.Context, _ *river.Job[conversationDigestArgs]) error {
	due, err := w.q.store.ConversationDigestsDue(ctx, w.q.now(), ConversationDigestEvery)
	if err != nil {
		return err
	}
	for _, id := range due {
		if err := w.send(ctx, id); err != nil {
			return fmt.Errorf("conversation digest for account %d: %w", id, err)
		}
	}
	return nil
}

// DigestThread is one conversation in a digest, with its posts.
type DigestThread struct {
	Title, URL string
	Posts      []DigestPost
}

// DigestPost is one post in a digest.
type DigestPost struct {
	Author, Excerpt, URL string
	Mentioned            bool
}

func (w *conversationDigestWorker) send(ctx context.Context, accountID int64) error {
	acct, err := w.q.store.Account(ctx, accountID)
	if err != nil {
		return err
	}
	v, err := w.q.store.Viewer(ctx, acct)
	if err != nil {
		return err
	}
	// Read and compose first; the transaction only writes (see Work of
	// postNotifyWorker).
	items, err := w.q.store.DigestItems(ctx, accountID)
	if err != nil || len(items) == 0 {
		return err
	}
	threads, err := w.q.digestThreads(ctx, v, items)
	if err != nil {
		return err
	}
	var m kindred.Mail
	if len(threads) > 0 {
		unsub, err := w.q.UnsubscribeURL(ctx, accountID, kindred.UnsubscribeDigest)
		if err != nil {
			return err
		}
		m, err = w.q.composer.Compose("conversation_digest", acct.Email, map[string]any{"Name": acct.DisplayName(),
			"Threads": threads, "SettingsURL": w.q.baseURL + "/me/notifications", "UnsubscribeURL": unsub})
		if err != nil {
			return err
		}
		m.ListUnsubscribe = unsub
	}
	return w.q.store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.ClearDigestItems(ctx, accountID, items[len(items)-1].ID); err != nil || len(threads) == 0 {
			return err
		}
		_, err := w.q.SendMail(ctx, tx, m)
		return err
	})
}

// digestThreads groups the waiting posts v may still read by conversation,
// in the order they were written.
func (q *Queue) digestThreads(ctx context.Context, v *kindred.Viewer, items []store.WaitingPost) ([]DigestThread, error) {
	var out []DigestThread
	at := map[int64]int{}
	for _, it := range items {
		p, err := q.store.Post(ctx, it.PostID)
		if kindred.ErrorCode(err) == kindred.ENOTFOUND || (err == nil && (p.DeletedAt != nil || p.HiddenAt != nil)) {
			continue
		}
		if err != nil {
			return nil, err
		}
		n, err := q.newsOf(ctx, p)
		if err != nil {
			return nil, err
		}
		if !n.conv.VisibleTo(v) {
			continue
		}
		i, ok := at[p.ThreadID]
		if !ok {
			i, at[p.ThreadID] = len(out), len(out)
			out = append(out, DigestThread{Title: n.conv.Title, URL: q.baseURL + n.conv.Place.Path()})
		}
		out[i].Posts = append(out[i].Posts, DigestPost{Author: n.author, Excerpt: excerpt(p.Body, 400), URL: n.url,
			Mentioned: it.Reason == kindred.NotifyMentions})
	}
	return out, nil
}

// excerpt cuts s to about n characters, at a space.
func excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := string([]rune(s)[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + " …"
}

// SendConversationDigests runs the daily digest now (for tests and
// operators).
func (q *Queue) SendConversationDigests(ctx context.Context, tx *store.Tx) error {
	_, err := q.client.InsertTx(ctx, tx.SQL(), conversationDigestArgs{}, nil)
	return err
}
