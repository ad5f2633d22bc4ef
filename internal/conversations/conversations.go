// Package conversations holds the use cases of conversations: the threads
// attached to a gathering, a practice, a city or a theme of a campaign.
// Reading a thread, writing, editing and deleting one's posts, moderating
// (hide, lock), following, and the notification settings each take the
// viewer and do the whole job — check the domain rule, one transaction,
// audit where an organizer acts, schedule the notifications, record the
// event — for the pages, the API and replies by email alike. Errors are
// *kindred.Error for the person, wrapped causes otherwise.
package conversations

import (
	"context"
	"fmt"
	"strconv"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Service runs the conversation use cases.
type Service struct {
	Store *store.Store
	Queue *jobs.Queue
}

// PageSize is how many posts a page of a conversation shows; MaxPageSize
// is the most the API gives at once.
const (
	PageSize    = 50
	MaxPageSize = 200
)

// Thread is a conversation as one viewer sees it: a page of its posts and
// what the viewer may do there.
type Thread struct {
	*kindred.Conversation
	Posts          []PostView
	Earlier, Later bool  // there are posts before and after this page
	PostRefusal    error // why the viewer may not write here; nil when they may
	Moderator      bool
	Following      bool
}

// PostView is a post as one viewer sees it. Body is empty when the viewer
// may not read it (deleted, or hidden from them); Author is the author's
// profile as the viewer may see it (nil for an account with no profile).
type PostView struct {
	kindred.Post
	Author     *kindred.Member
	AuthorName string
	Mine       bool
	ShowsBody  bool
}

// Read returns a page of a place's conversation (PageSize posts when the
// page names no limit, MaxPageSize at most). ENOTFOUND when the place
// does not exist or the viewer may not read its conversation.
func (s *Service) Read(ctx context.Context, v *kindred.Viewer, p kindred.Place, pg store.PostPage) (*Thread, error) {
	c, err := s.visible(ctx, v, p)
	if err != nil {
		return nil, err
	}
	t := &Thread{Conversation: c, PostRefusal: c.MayPost(v), Moderator: c.MayModerate(v)}
	if c.Thread == nil {
		return t, nil
	}
	if pg.Limit <= 0 {
		pg.Limit = PageSize
	}
	pg.Limit = min(pg.Limit, MaxPageSize)
	posts, earlier, later, err := s.Store.Posts(ctx, c.Thread.ID, pg)
	if err != nil {
		return nil, err
	}
	t.Earlier, t.Later = earlier, later
	if t.Posts, err = s.views(ctx, v, t.Moderator, posts); err != nil {
		return nil, err
	}
	if v.AccountID() != 0 {
		t.Following, err = s.Store.Follows(ctx, c.Thread.ID, v.AccountID())
	}
	return t, err
}

// visible reads the place's conversation if v may read it; ENOTFOUND
// otherwise, alike for what does not exist and what v may not see.
func (s *Service) visible(ctx context.Context, v *kindred.Viewer, p kindred.Place) (*kindred.Conversation, error) {
	c, err := s.Store.ConversationAt(ctx, p)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND || (err == nil && !c.VisibleTo(v)) {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "There is no such conversation, or you are not among the people it is for.")
	}
	return c, err
}

// views shows posts to v: authors through Member.VisibleTo, bodies only
// where Post.ShowsBody allows.
func (s *Service) views(ctx context.Context, v *kindred.Viewer, moderator bool, posts []kindred.Post) ([]PostView, error) {
	authors, err := s.Store.PostAuthors(ctx, posts)
	if err != nil {
		return nil, err
	}
	out := make([]PostView, len(posts))
	for i, p := range posts {
		pv := PostView{Post: p, Mine: p.WrittenBy(v), ShowsBody: p.ShowsBody(v, moderator)}
		if !pv.ShowsBody {
			pv.Body = ""
		}
		if m := authors[p.AuthorMemberID]; m != nil {
			pv.Author = m.VisibleTo(v.Account)
			pv.AuthorName = pv.Author.Name
		} else if pv.AuthorName, err = s.accountName(ctx, p.AuthorAccountID); err != nil {
			return nil, err
		}
		out[i] = pv
	}
	return out, nil
}

// accountName names an author who has no profile by their account.
func (s *Service) accountName(ctx context.Context, id int64) (string, error) {
	if id == 0 {
		return "Former member", nil
	}
	a, err := s.Store.Account(ctx, id)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return "Former member", nil
	}
	if err != nil {
		return "", err
	}
	return a.DisplayName(), nil
}

// NewPost is what writing in a conversation takes. Via says where it was
// written (kindred.ViaWeb when empty); MessageID is the email's, for replies
// by mail: the same email twice is posted once.
type NewPost struct {
	Place     kindred.Place
	Body      string
	Via       string
	MessageID string
}

// Post writes in a place's conversation, storing the thread with its first
// post, following it for the writer, and scheduling the news for its
// followers and the members it mentions. EINVALID names body; ENOTFOUND
// when the viewer may not read the conversation, EFORBIDDEN when they may
// not write in it.
func (s *Service) Post(ctx context.Context, v *kindred.Viewer, in NewPost) (*PostView, error) {
	c, err := s.visible(ctx, v, in.Place)
	if err != nil {
		return nil, err
	}
	if err := c.MayPost(v); err != nil {
		return nil, err
	}
	body, err := kindred.CleanPostBody(in.Body)
	if err != nil {
		return nil, err
	}
	mentions, err := s.mentions(ctx, body)
	if err != nil {
		return nil, err
	}
	if in.Via == "" {
		in.Via = kindred.ViaWeb
	}
	post := kindred.Post{AuthorAccountID: v.AccountID(), AuthorMemberID: v.MemberID(), Body: body, Via: in.Via, MessageID: in.MessageID}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		th, err := tx.EnsureThread(ctx, in.Place, c.Title)
		if err != nil {
			return err
		}
		post.ThreadID = th.ID
		if in.MessageID != "" {
			if post.ID, err = tx.PostByMessageID(ctx, th.ID, in.MessageID); err != nil || post.ID != 0 {
				return err
			}
		}
		return s.write(ctx, tx, v, c, &post, mentions)
	})
	if err != nil {
		return nil, fmt.Errorf("post in %s: %w", in.Place, err)
	}
	stored, err := s.Store.Post(ctx, post.ID)
	if err != nil {
		return nil, err
	}
	views, err := s.views(ctx, v, c.MayModerate(v), []kindred.Post{stored})
	if err != nil {
		return nil, err
	}
	return &views[0], nil
}

// write stores a new post with its mentions, follows the thread for its
// writer, and schedules the news and the event.
func (s *Service) write(ctx context.Context, tx *store.Tx, v *kindred.Viewer, c *kindred.Conversation, post *kindred.Post, mentions []int64) error {
	id, err := tx.AddPost(ctx, *post)
	if err != nil {
		return err
	}
	post.ID = id
	added, err := tx.SetMentions(ctx, id, mentions)
	if err != nil {
		return err
	}
	if v.AccountID() != 0 {
		if err := tx.SetFollow(ctx, post.ThreadID, v.AccountID(), true); err != nil {
			return err
		}
	}
	if err := s.Queue.NotifyPost(ctx, tx, id, added, true); err != nil {
		return err
	}
	return s.Queue.Emit(ctx, tx, v.AccountID(), postEvent(c, post))
}

// postEvent tells outside systems a post was written: which post in which
// conversation, and where the conversation is open to the whole network,
// what it is attached to. The text stays in Kindred.
func postEvent(c *kindred.Conversation, p *kindred.Post) kindred.Event {
	data := map[string]any{"post_id": p.ID, "thread_id": p.ThreadID, "kind": string(c.Place.Kind), "via": p.Via}
	if c.OpenToNetwork() {
		data["place"] = c.Place.String()
	}
	return kindred.Event{Type: kindred.EventPostCreated, Subject: "post:" + strconv.FormatInt(p.ID, 10), Data: data}
}

// mentions resolves the members a text mentions (see kindred.MentionPhrases).
func (s *Service) mentions(ctx context.Context, body string) ([]int64, error) {
	phrases := kindred.MentionPhrases(body)
	if len(phrases) == 0 {
		return nil, nil
	}
	named, err := s.Store.MembersNamed(ctx, phrases)
	if err != nil {
		return nil, err
	}
	return kindred.ResolveMentions(body, named), nil
}
