package conversations

import (
	"context"
	"fmt"
	"strconv"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// postIn reads a post of the place's conversation that v may read, with
// the conversation. ENOTFOUND for a post of another conversation, or a
// conversation v may not read.
func (s *Service) postIn(ctx context.Context, v *kindred.Viewer, p kindred.Place, postID int64) (*kindred.Conversation, kindred.Post, error) {
	c, err := s.visible(ctx, v, p)
	if err != nil {
		return nil, kindred.Post{}, err
	}
	post, err := s.Store.Post(ctx, postID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND || (err == nil && (c.Thread == nil || post.ThreadID != c.Thread.ID)) {
		return nil, post, kindred.Errorf(kindred.ENOTFOUND, "There is no such post in this conversation.")
	}
	return c, post, err
}

// Edit replaces the text of the viewer's own post, keeping the earlier text
// in its history, and tells the members it now mentions for the first
// time. EINVALID names body; EFORBIDDEN for someone else's post or a locked
// conversation; ENOTFOUND for a deleted post.
func (s *Service) Edit(ctx context.Context, v *kindred.Viewer, p kindred.Place, postID int64, body string) (*PostView, error) {
	c, post, err := s.postIn(ctx, v, p, postID)
	if err != nil {
		return nil, err
	}
	if err := post.MayEdit(v, c); err != nil {
		return nil, err
	}
	if body, err = kindred.CleanPostBody(body); err != nil {
		return nil, err
	}
	mentions, err := s.mentions(ctx, body)
	if err != nil {
		return nil, err
	}
	if body != post.Body {
		err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
			if err := tx.EditPost(ctx, postID, body); err != nil {
				return err
			}
			added, err := tx.SetMentions(ctx, postID, mentions)
			if err != nil {
				return err
			}
			return s.Queue.NotifyPost(ctx, tx, postID, added, false)
		})
		if err != nil {
			return nil, fmt.Errorf("edit post %d: %w", postID, err)
		}
	}
	return s.viewOf(ctx, v, c, postID)
}

// viewOf reads one post as v sees it.
func (s *Service) viewOf(ctx context.Context, v *kindred.Viewer, c *kindred.Conversation, postID int64) (*PostView, error) {
	post, err := s.Store.Post(ctx, postID)
	if err != nil {
		return nil, err
	}
	views, err := s.views(ctx, v, c.MayModerate(v), []kindred.Post{post})
	if err != nil {
		return nil, err
	}
	return &views[0], nil
}

// Delete removes the viewer's own post: its text and history go, its place
// in the conversation stays, marked deleted. EFORBIDDEN for someone else's
// post or a locked conversation; ENOTFOUND for a deleted post.
func (s *Service) Delete(ctx context.Context, v *kindred.Viewer, p kindred.Place, postID int64) error {
	c, post, err := s.postIn(ctx, v, p, postID)
	if err != nil {
		return err
	}
	if err := post.MayEdit(v, c); err != nil {
		return err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeletePost(ctx, postID); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "conversation.delete", p.String(), "post "+strconv.FormatInt(postID, 10))
	})
	if err != nil {
		return fmt.Errorf("delete post %d: %w", postID, err)
	}
	return nil
}

// Hide hides a post from everyone but its author and the moderators
// (hidden), or shows it again. EFORBIDDEN unless the viewer moderates the
// conversation (kindred.Conversation.MayModerate).
func (s *Service) Hide(ctx context.Context, v *kindred.Viewer, p kindred.Place, postID int64, hidden bool) error {
	c, post, err := s.postIn(ctx, v, p, postID)
	if err != nil {
		return err
	}
	if err := mayModerate(v, c); err != nil {
		return err
	}
	if post.DeletedAt != nil {
		return kindred.Errorf(kindred.ENOTFOUND, "This post was deleted.")
	}
	action := map[bool]string{true: "conversation.hide", false: "conversation.unhide"}[hidden]
	return s.moderate(ctx, v, action, p, "post "+strconv.FormatInt(postID, 10), func(tx *store.Tx) error {
		return tx.HidePost(ctx, postID, v.AccountID(), hidden)
	})
}

// Lock closes a conversation to new posts and changes (locked), or opens
// it again. Its moderators may still write. EFORBIDDEN unless the viewer
// moderates it.
func (s *Service) Lock(ctx context.Context, v *kindred.Viewer, p kindred.Place, locked bool) error {
	c, err := s.visible(ctx, v, p)
	if err != nil {
		return err
	}
	if err := mayModerate(v, c); err != nil {
		return err
	}
	action := map[bool]string{true: "conversation.lock", false: "conversation.unlock"}[locked]
	return s.moderate(ctx, v, action, p, c.Title, func(tx *store.Tx) error {
		th, err := tx.EnsureThread(ctx, p, c.Title)
		if err != nil {
			return err
		}
		return tx.LockThread(ctx, th.ID, v.AccountID(), locked)
	})
}

// SetMembersJoin lets the members of the network read and join the
// conversations on a campaign's themes (on), or keeps them to its
// organizers. The place is any theme of the campaign. EINVALID for a place
// that is not a theme; EFORBIDDEN unless the viewer organizes the campaign.
func (s *Service) SetMembersJoin(ctx context.Context, v *kindred.Viewer, p kindred.Place, on bool) error {
	if p.Kind != kindred.PlaceTheme {
		return kindred.Errorf(kindred.EINVALID, "Only conversations on a campaign's themes have this choice.")
	}
	c, err := s.visible(ctx, v, p)
	if err != nil {
		return err
	}
	if err := mayModerate(v, c); err != nil {
		return err
	}
	detail := map[bool]string{true: "members join", false: "organizers only"}[on]
	return s.moderate(ctx, v, "conversation.members_join", placeString("campaign:"+strconv.FormatInt(c.Campaign.ID, 10)), detail,
		func(tx *store.Tx) error { return tx.SetMembersJoin(ctx, c.Campaign.ID, on) })
}

// mayModerate refuses a viewer who does not moderate c.
func mayModerate(v *kindred.Viewer, c *kindred.Conversation) error {
	if c.MayModerate(v) {
		return nil
	}
	return kindred.Errorf(kindred.EFORBIDDEN, "Only the organizers of this place moderate its conversation.")
}

// moderate runs a moderator's change in one transaction with its audit
// entry.
func (s *Service) moderate(ctx context.Context, v *kindred.Viewer, action string, p fmt.Stringer, detail string, change func(tx *store.Tx) error) error {
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := change(tx); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), action, p.String(), detail)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	return nil
}

// Follow makes the viewer hear of new posts in a conversation (follow), or
// stop. ENOTFOUND when they may not read it.
func (s *Service) Follow(ctx context.Context, v *kindred.Viewer, p kindred.Place, follow bool) error {
	c, err := s.visible(ctx, v, p)
	if err != nil {
		return err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		th, err := tx.EnsureThread(ctx, p, c.Title)
		if err != nil {
			return err
		}
		return tx.SetFollow(ctx, th.ID, v.AccountID(), follow)
	})
	if err != nil {
		return fmt.Errorf("follow %s: %w", p, err)
	}
	return nil
}

// History returns a post as the viewer sees it with its earlier texts,
// oldest first; the texts only when the viewer may read the post's text.
func (s *Service) History(ctx context.Context, v *kindred.Viewer, p kindred.Place, postID int64) (*PostView, []kindred.PostVersion, error) {
	c, _, err := s.postIn(ctx, v, p, postID)
	if err != nil {
		return nil, nil, err
	}
	pv, err := s.viewOf(ctx, v, c, postID)
	if err != nil || !pv.ShowsBody {
		return pv, nil, err
	}
	versions, err := s.Store.PostVersions(ctx, postID)
	return pv, versions, err
}

// placeString names a place for audit entries (kindred.Place is a
// fmt.Stringer; campaigns are named by string).
type placeString string

func (p placeString) String() string { return string(p) }
