package inbound_test

import (
	"context"
	"fmt"
	"net/smtp"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/conversations"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// Load of BenchmarkInboundReplies: senders members each replying perMember
// times at once.
const (
	senders   = 20
	perSender = 10
)

// BenchmarkInboundReplies sends senders×perSender replies at once over
// SMTP to a real server's listener (SQLite, or PostgreSQL with
// KINDRED_BENCH_POSTGRES=1) and counts the posts: every mail must be
// accepted and posted. It reports mails/min, to compare with the target of
// 200 a minute.
//
//	go test -run '^$' -bench InboundReplies -benchtime 3x ./internal/inbound
func BenchmarkInboundReplies(b *testing.B) {
	opts := testutil.ServerOptions{ReplyByMail: true}
	if os.Getenv("KINDRED_BENCH_POSTGRES") != "" && testutil.PostgresDSN(b) != "" {
		opts.DSN = testutil.FreshPostgres(b)
	}
	srv := testutil.StartServer(b, opts)
	place, addrs, emails := replyFixture(b, srv)
	var total time.Duration
	sent := 0
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		var wg sync.WaitGroup
		errs := make(chan error, senders*perSender)
		for s := range senders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range perSender {
					msg := fmt.Sprintf("From: <%s>\r\nTo: <%s>\r\nSubject: Re: SMS reminders\r\nMessage-ID: <r%d.%d.%d@example.org>\r\n"+
						"Content-Type: text/plain; charset=utf-8\r\n\r\nReply %d from sender %d, round %d.\r\n\r\nOn Mon, Kindred wrote:\r\n> Hello\r\n",
						emails[s], addrs[s], i, s, k, k, s, i)
					if err := smtp.SendMail(srv.SMTPAddr, nil, emails[s], []string{addrs[s]}, []byte(msg)); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		total += time.Since(start)
		sent += senders * perSender
		close(errs)
		for err := range errs {
			b.Fatalf("a reply was refused: %v", err)
		}
	}
	if got := countPosts(b, srv, place); got != sent+1 {
		b.Fatalf("%d mails sent, %d posts in the thread (one written first): some were lost", sent, got-1)
	}
	b.ReportMetric(float64(sent)/total.Minutes(), "mails/min")
	b.ReportMetric(float64(total.Milliseconds())/float64(sent), "ms/mail")
}

// replyFixture stores a practice with a first post and senders members,
// and returns the practice's place with each member's reply address and
// email.
func replyFixture(b *testing.B, srv *testutil.Server) (kindred.Place, []string, []string) {
	ctx := context.Background()
	var place kindred.Place
	var accts []*kindred.Account
	testutil.CreateAccount(b, srv.Store, "admin@example.org", kindred.RoleAdmin)
	for i := range senders {
		accts = append(accts, testutil.CreateAccount(b, srv.Store, fmt.Sprintf("sender%d@example.org", i), kindred.RoleMember))
	}
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		for i, a := range accts {
			if _, err := tx.CreateMember(ctx, &kindred.Member{Name: fmt.Sprintf("Sender %d", i), Email: a.Email, AccountID: a.ID}); err != nil {
				return err
			}
		}
		p := &kindred.Practice{Title: "SMS reminders", Summary: "Text the day before."}
		if _, err := tx.CreatePractice(ctx, p, 0); err != nil {
			return err
		}
		place = kindred.Place{Kind: kindred.PlacePractice, RefID: p.ID}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	v, err := srv.Store.Viewer(ctx, accts[0])
	if err != nil {
		b.Fatal(err)
	}
	first, err := srv.UseCases.Conversations.Post(ctx, v, conversations.NewPost{Place: place, Body: "Who tried SMS reminders?"})
	if err != nil {
		b.Fatal(err)
	}
	key, err := srv.Store.LinkKey(ctx, "reply")
	if err != nil {
		b.Fatal(err)
	}
	addrs, emails := make([]string, senders), make([]string, senders)
	for i, a := range accts {
		addrs[i] = kindred.ReplyAddress{ThreadID: first.ThreadID, AccountID: a.ID}.Local(key) + "@" + testutil.ReplyDomain
		emails[i] = a.Email
	}
	return place, addrs, emails
}

// countPosts reads the whole thread, page by page.
func countPosts(b *testing.B, srv *testutil.Server, place kindred.Place) int {
	ctx := context.Background()
	admin, err := srv.Store.AccountByEmail(ctx, "admin@example.org")
	if err != nil {
		b.Fatal(err)
	}
	v, err := srv.Store.Viewer(ctx, admin)
	if err != nil {
		b.Fatal(err)
	}
	n, pg := 0, store.PostPage{From: 1, Limit: conversations.MaxPageSize}
	for {
		th, err := srv.UseCases.Conversations.Read(ctx, v, place, pg)
		if err != nil {
			b.Fatal(err)
		}
		n += len(th.Posts)
		if !th.Later {
			return n
		}
		pg.From = th.Posts[len(th.Posts)-1].ID + 1
	}
}
