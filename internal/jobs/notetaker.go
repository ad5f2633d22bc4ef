package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// NoteTakerLinkTTL is how long the sign-in link mailed to a new note-taker
// works: as long as a welcome email's (three days); later they ask for a
// new link at /signin.
const NoteTakerLinkTTL = 72 * time.Hour

// noteTakerArgs tells a member they take a table's notes at a gathering.
type noteTakerArgs struct {
	GatheringID int64 `json:"gathering_id"`
	Table       int   `json:"table"`
	MemberID    int64 `json:"member_id"`
	By          int64 `json:"by"` // the host's account
}

func (noteTakerArgs) Kind() string { return "notetaker_mail" }

// MailNoteTaker schedules, inside tx, the mail telling member that they
// take the notes of table at gathering, with a sign-in link that leads to
// the table's page. A member without an account gets one (a member's,
// signing in by link only), as an administrator's welcome email would make:
// without it they could not write the notes they were asked to take.
func (q *Queue) MailNoteTaker(ctx context.Context, tx *store.Tx, gatheringID int64, table int, memberID, by int64) error {
	_, err := q.client.InsertTx(ctx, tx.SQL(), noteTakerArgs{GatheringID: gatheringID, Table: table, MemberID: memberID, By: by}, nil)
	if err != nil {
		return fmt.Errorf("schedule note-taker mail: %w", err)
	}
	return nil
}

type noteTakerWorker struct {
	river.WorkerDefaults[noteTakerArgs]
	q *Queue
}

// Work mails the note-taker, unless they were replaced since, or have no
// address to write to.
func (w *noteTakerWorker) Work(ctx context.Context, job *river.Job[noteTakerArgs]) error {
	st, a := w.q.store, job.Args
	tables, err := st.HarvestTables(ctx, a.GatheringID)
	if err != nil {
		return err
	}
	still := false
	for _, t := range tables {
		still = still || (t.Table == a.Table && t.NoteTakerID == a.MemberID)
	}
	g, err := st.Gathering(ctx, a.GatheringID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND || !still {
		return nil
	}
	if err != nil {
		return err
	}
	m, err := st.Member(ctx, a.MemberID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	if m.Email == "" && m.AccountID == 0 {
		return nil
	}
	host := "The hosts"
	if by, err := st.Account(ctx, a.By); err == nil {
		host = by.DisplayName()
	}
	return st.WithTx(ctx, func(tx *store.Tx) error {
		acct, err := w.noteTakerAccount(ctx, tx, m, a.By)
		if err != nil {
			return err
		}
		link := SignInLink{Redirect: fmt.Sprintf("/gatherings/%d/harvest/%d", g.ID, a.Table), TTL: NoteTakerLinkTTL}
		return w.q.MailSignInLink(ctx, tx, acct, "harvest_notetaker", link, map[string]any{
			"Gathering": g.Title, "Table": a.Table, "When": WhenText(g), "Host": host,
			"Hours": int(NoteTakerLinkTTL.Hours()),
		})
	})
}

// noteTakerAccount returns m's account, making one linked to m when there
// is none (audited as made by the host who named them, by).
func (w *noteTakerWorker) noteTakerAccount(ctx context.Context, tx *store.Tx, m *kindred.Member, by int64) (*kindred.Account, error) {
	if m.AccountID != 0 {
		return w.q.store.Account(ctx, m.AccountID)
	}
	if acct, err := w.q.store.AccountByEmail(ctx, m.Email); err == nil {
		return acct, nil
	} else if kindred.ErrorCode(err) != kindred.ENOTFOUND {
		return nil, err
	}
	acct, err := tx.CreateAccount(ctx, kindred.NewAccount{Email: m.Email, Name: m.Name, Role: kindred.RoleMember}, "")
	if err != nil {
		return nil, err
	}
	if _, err := tx.LinkOrCreateMember(ctx, acct); err != nil {
		return nil, err
	}
	return acct, tx.Audit(ctx, by, "account.create", acct.Email, "member (note-taker)")
}
