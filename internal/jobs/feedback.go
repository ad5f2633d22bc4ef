package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// FeedbackLinkTTL is how long the sign-in link of the after-dinner question
// works: as long as a welcome email's (three days); later the guest signs
// in and finds the question on the gathering's page.
const FeedbackLinkTTL = 72 * time.Hour

// feedbackArgs asks one guest who came the after-dinner question.
type feedbackArgs struct {
	GatheringID int64 `json:"gathering_id"`
	MemberID    int64 `json:"member_id"`
}

func (feedbackArgs) Kind() string { return "feedback_mail" }

// AskFeedback schedules, inside tx, the mail asking each member the
// after-dinner question of the gathering (call it when the gathering is
// marked held, for those who came, and for those counted as having come
// when it is corrected). Each guest is mailed once, however often it is
// called.
func (q *Queue) AskFeedback(ctx context.Context, tx *store.Tx, gatheringID int64, memberIDs ...int64) error {
	for _, id := range memberIDs {
		if _, err := q.client.InsertTx(ctx, tx.SQL(), feedbackArgs{GatheringID: gatheringID, MemberID: id}, nil); err != nil {
			return fmt.Errorf("schedule feedback mail: %w", err)
		}
	}
	return nil
}

type feedbackWorker struct {
	river.WorkerDefaults[feedbackArgs]
	q *Queue
}

// Work asks the guest the question, once, while the gathering is held
// and they are still counted as having come: a guest with an account gets
// a sign-in link leading to the question; a guest without one but with an
// email gets their personal link (FeedbackLink), which works without
// signing in. Anyone else gets no mail.
func (w *feedbackWorker) Work(ctx context.Context, job *river.Job[feedbackArgs]) error {
	st, a := w.q.store, job.Args
	g, err := st.Gathering(ctx, a.GatheringID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	r, err := st.RSVPOf(ctx, a.GatheringID, a.MemberID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND || (err == nil && r.Status != kindred.RSVPAttended) || g.Status != kindred.GatheringHeld {
		return nil
	}
	if err != nil {
		return err
	}
	m, err := st.Member(ctx, a.MemberID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND || (err == nil && m.AccountID == 0 && m.Email == "") {
		return nil
	}
	if err != nil {
		return err
	}
	data := map[string]any{"Name": m.Name, "Gathering": g.Title, "When": WhenText(g)}
	if m.AccountID == 0 {
		if data["URL"], err = w.q.FeedbackLink(ctx, g, m.ID); err != nil {
			return err
		}
		data["Until"] = g.EndsAt.Add(kindred.FeedbackLinkFor).Format("2 January 2006")
		return st.WithTx(ctx, func(tx *store.Tx) error {
			first, err := tx.MarkFeedbackAsked(ctx, g.ID, m.ID)
			if err != nil || !first {
				return err
			}
			msg, err := w.q.composer.Compose("gathering_feedback_link", m.Email, data)
			if err != nil {
				return err
			}
			_, err = w.q.SendMail(ctx, tx, msg)
			return err
		})
	}
	acct, err := st.Account(ctx, m.AccountID)
	if err != nil {
		return err
	}
	data["Hours"] = int(FeedbackLinkTTL.Hours())
	return st.WithTx(ctx, func(tx *store.Tx) error {
		first, err := tx.MarkFeedbackAsked(ctx, g.ID, m.ID)
		if err != nil || !first {
			return err
		}
		link := SignInLink{Redirect: fmt.Sprintf("/gatherings/%d/feedback", g.ID), TTL: FeedbackLinkTTL}
		return w.q.MailSignInLink(ctx, tx, acct, "gathering_feedback", link, data)
	})
}

// FeedbackLink returns a guest's personal link to the after-dinner question
// of a gathering, for a guest without an account: it works without signing
// in until kindred.FeedbackLinkFor after the gathering ends.
func (q *Queue) FeedbackLink(ctx context.Context, g *kindred.Gathering, memberID int64) (string, error) {
	key, err := q.store.LinkKey(ctx, kindred.FeedbackLinkKey)
	if err != nil {
		return "", err
	}
	return q.baseURL + "/feedback/" + kindred.FeedbackToken(g, memberID).Sign(key), nil
}
