package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/testutil"
)

// buildKindred returns the real binary, built once per test binary (the
// kill and instance tests share it).
func buildKindred(t *testing.T) string { return testutil.KindredBinary(t) }

// TestMain removes the binary the tests built once they have run.
func TestMain(m *testing.M) {
	code := m.Run()
	testutil.RemoveBuilt()
	os.Exit(code)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startInstance runs `kindred serve` as its own process until the test ends.
func startInstance(t *testing.T, bin string, env []string) string {
	t.Helper()
	addr := freeAddr(t)
	base := "http://" + addr
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), append(env, "KINDRED_ADDR="+addr, "KINDRED_BASE_URL="+base)...)
	logf, err := os.Create(filepath.Join(t.TempDir(), "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(logf.Name())
			t.Logf("%s log:\n%s", addr, b)
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return base
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("kindred serve on %s did not become ready", addr)
	return ""
}

// TestTwoInstancesShareSessionsAndJobs runs two kindred serve processes on one
// PostgreSQL: a sign-in link requested on one arrives once (sent by either
// instance's job workers), is used on the other, and the session works on both.
func TestTwoInstancesShareSessionsAndJobs(t *testing.T) {
	t.Parallel()
	mp := testutil.StartedMailpit(t)
	dsn := testutil.FreshPostgres(t)
	bin := buildKindred(t)
	env := []string{"KINDRED_DB=" + dsn, "KINDRED_SMTP_URL=" + mp.SMTPURL}

	// Accounts made with the operator command against the shared database.
	emails := make([]string, 6)
	for i := range emails {
		emails[i] = testutil.UniqueEmail(fmt.Sprintf("twin%d", i))
		cmd := exec.Command(bin, "user", "create", emails[i])
		cmd.Env = append(os.Environ(), env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("user create: %v\n%s", err, out)
		}
	}
	a := startInstance(t, bin, env)
	b := startInstance(t, bin, env)

	// Each instance enqueues mail; every message arrives exactly once.
	for i, email := range emails {
		inst := []string{a, b}[i%2]
		resp, err := http.PostForm(inst+"/signin/link", url.Values{"email": {email}})
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("request link on %s: %v %v", inst, err, resp)
		}
		resp.Body.Close()
	}
	for _, email := range emails {
		if msgs := mp.WaitFor(t, email, 1, 90*time.Second); len(msgs) != 1 {
			t.Fatalf("%s got %d messages, want 1", email, len(msgs))
		}
	}
	assertEachMailSentOnce(t, dsn, len(emails))

	// The link from instance A's mail, used on instance B, signs in on both.
	msgs := mp.Search(t, emails[0])
	link := testutil.LinkIn(t, mp.Message(t, msgs[0].ID).Text)
	token := strings.SplitN(link, "token=", 2)[1]
	client := testutil.Client()
	resp, err := client.PostForm(b+"/signin/link/use", url.Values{"token": {mustUnescape(t, token)}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("use link on B: %v %v", err, resp)
	}
	resp.Body.Close()
	for _, inst := range []string{a, b} {
		resp, err := client.Get(inst + "/me")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), emails[0]) {
			t.Errorf("GET /me on %s with B's session: %d", inst, resp.StatusCode)
		}
	}
}

func mustUnescape(t *testing.T, s string) string {
	u, err := url.QueryUnescape(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// assertEachMailSentOnce checks the outbox: n messages, each sent in one
// attempt. Mail reaches mailpit a moment before the worker records it as
// sent, so it waits (for the other processes) until none is queued.
func assertEachMailSentOnce(t *testing.T, dsn string, n int) {
	t.Helper()
	s := testutil.OpenStore(t, dsn)
	var msgs []*kindred.Mail
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var err error
		if msgs, err = s.ListMail(context.Background(), 0, 100); err != nil {
			t.Fatal(err)
		}
		if !anyQueued(msgs) || time.Now().After(deadline) {
			break
		}
	}
	if len(msgs) != n {
		t.Errorf("%d stored messages, want %d", len(msgs), n)
	}
	for _, m := range msgs {
		if m.Status != kindred.MailSent || m.Attempts != 1 {
			t.Errorf("message to %s: status %s after %d attempts, want sent after 1", m.To, m.Status, m.Attempts)
		}
	}
}

// TestServePrintsSetupLinkOnEmptyInstall checks the first-run experience: an
// empty database makes kindred serve print a setup link that creates the admin.
func TestServePrintsSetupLinkOnEmptyInstall(t *testing.T) {
	t.Parallel()
	bin := buildKindred(t)
	dir := t.TempDir()
	addr := freeAddr(t)
	cmd := exec.Command(bin, "serve")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "KINDRED_ADDR="+addr, "KINDRED_DB=")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }()
	var printed strings.Builder
	buf := make([]byte, 4096)
	for !strings.Contains(printed.String(), "Kindred is running") {
		n, err := out.Read(buf)
		printed.Write(buf[:n])
		if err != nil {
			break
		}
	}
	i := strings.Index(printed.String(), "http://"+addr+"/setup?token=")
	if i < 0 {
		t.Fatalf("no setup link in:\n%s", printed.String())
	}
	link := strings.Fields(printed.String()[i:])[0]
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET setup link: %d", resp.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(dir, "kindred.db")); err != nil {
		t.Errorf("KINDRED_DB unset should mean kindred.db in the working directory: %v", err)
	}
}

func anyQueued(msgs []*kindred.Mail) bool {
	for _, m := range msgs {
		if m.Status == kindred.MailQueued {
			return true
		}
	}
	return false
}
