package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// demoAdmin is the demo administrator's email (internal/demo.AdminEmail).
const demoAdmin = "robin@demo.kindred.example"

// kindred is the child process serving the demo network.
type kindred struct {
	bin, db, base string
	cmd           *exec.Cmd
	exited        chan struct{} // closed when the process has exited
	link          chan string   // receives the sign-in link printed by the demo
	summary       string        // the "Demo network ready: …" line
	logPath       string
}

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startKindred runs `kindred demo` on a fresh SQLite file in dir and waits
// until it has printed its sign-in link and answers /readyz.
func startKindred(ctx context.Context, bin, dir string, o options) (*kindred, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	k := &kindred{bin: bin, db: filepath.Join(dir, "kindred.db"), base: "http://" + addr,
		exited: make(chan struct{}), link: make(chan string, 1), logPath: filepath.Join(dir, "kindred.log")}
	if err := k.start(addr, o); err != nil {
		return nil, err
	}
	if err := k.waitReady(ctx, o.size, o.readyTimeout); err != nil {
		k.stop()
		k.printLogTail(os.Stderr, true)
		return nil, err
	}
	return k, nil
}

// start launches the child process. Its standard output is echoed to our
// standard error; its log goes to a file so a flood of errors under load
// cannot slow the benchmark down.
func (k *kindred) start(addr string, o options) error {
	logf, err := os.Create(k.logPath)
	if err != nil {
		return fmt.Errorf("kindred log: %w", err)
	}
	k.cmd = exec.Command(k.bin, "demo", "--size", o.size, "--seed", fmt.Sprint(o.seed))
	k.cmd.Env = append(os.Environ(), "KINDRED_DB="+k.db, "KINDRED_ADDR="+addr, "KINDRED_BASE_URL="+k.base)
	k.cmd.Stderr = logf
	k.cmd.SysProcAttr = childAttr()
	out, err := k.cmd.StdoutPipe()
	if err != nil {
		logf.Close()
		return fmt.Errorf("kindred output: %w", err)
	}
	fmt.Fprintf(os.Stderr, "starting kindred demo --size %s on %s (SQLite %s)\n", o.size, addr, k.db)
	if err := k.cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start kindred: %w", err)
	}
	go k.readOutput(out)
	go func() { _ = k.cmd.Wait(); logf.Close(); close(k.exited) }()
	return nil
}

// readOutput echoes the demo's output and picks out the sign-in link, which
// follows the line "Sign in as the demo administrator … with this link:".
func (k *kindred) readOutput(r io.Reader) {
	sc := bufio.NewScanner(r)
	linkNext := false
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(os.Stderr, "  kindred │", line)
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "Demo network ready:"):
			k.summary = strings.TrimPrefix(trimmed, "Demo network ready: ")
		case strings.HasPrefix(trimmed, "Sign in as the demo administrator"):
			linkNext = true
		case linkNext && trimmed != "":
			k.link <- trimmed
			linkNext = false
		}
	}
	_, _ = io.Copy(io.Discard, r)
}

// waitReady waits for the sign-in link and for /readyz to answer 200,
// printing progress while the demo network is generated.
func (k *kindred) waitReady(ctx context.Context, size string, timeout time.Duration) error {
	started := time.Now()
	deadline := time.After(timeout)
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	lastNote := started
	for {
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for kindred: %w", ctx.Err())
		case <-k.exited:
			return fmt.Errorf("kindred demo exited before it was ready (%s)", k.cmd.ProcessState)
		case <-deadline:
			return fmt.Errorf("kindred demo was not ready after %s (raise --ready-timeout)", timeout)
		case <-tick.C:
		}
		if readyz(ctx, k.base) {
			fmt.Fprintf(os.Stderr, "kindred is ready after %s\n", time.Since(started).Round(time.Second))
			return nil
		}
		if time.Since(lastNote) >= 15*time.Second {
			lastNote = time.Now()
			fmt.Fprintf(os.Stderr, "  … still generating the %s demo network (%s)\n", size, time.Since(started).Round(time.Second))
		}
	}
}

// readyz reports whether base/readyz answers 200.
func readyz(ctx context.Context, base string) bool {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
	if err != nil {
		return false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// signIn uses the printed sign-in link and returns the session cookie.
func (k *kindred) signIn(ctx context.Context) (*http.Cookie, error) {
	var link string
	select {
	case link = <-k.link:
	case <-time.After(5 * time.Second):
		return nil, errors.New("sign in: kindred printed no sign-in link")
	}
	u, err := url.Parse(link)
	if err != nil || u.Query().Get("token") == "" {
		return nil, fmt.Errorf("sign in: %q is not a sign-in link", link)
	}
	form := url.Values{"token": {u.Query().Get("token")}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, k.base+"/signin/link/use", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := noRedirects.Do(req)
	if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	defer resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "kindred_session" && c.Value != "" && resp.StatusCode == http.StatusSeeOther {
			return c, nil
		}
	}
	return nil, fmt.Errorf("sign in: POST /signin/link/use answered %s without a session", resp.Status)
}

// noRedirects is a client that returns redirects instead of following them.
var noRedirects = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// createToken runs `kindred token create` for the demo administrator on the
// same database and returns the printed token.
func (k *kindred) createToken(ctx context.Context) (string, error) {
	cmd := exec.CommandContext(ctx, k.bin, "token", "create", "--name", "load benchmark", demoAdmin)
	cmd.Env = append(os.Environ(), "KINDRED_DB="+k.db)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("kindred token create: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	token := strings.TrimSpace(string(out))
	if token == "" || strings.ContainsAny(token, " \n") {
		return "", fmt.Errorf("kindred token create printed %q, not a token", token)
	}
	return token, nil
}

// stop asks the child to shut down (SIGINT, as Ctrl+C would) and kills it
// if it has not exited after ten seconds. It is safe to call more than once.
func (k *kindred) stop() {
	select {
	case <-k.exited:
		return
	default:
	}
	_ = k.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-k.exited:
	case <-time.After(10 * time.Second):
		_ = k.cmd.Process.Kill()
		<-k.exited
	}
}

// printLogTail prints the last lines of the child's log when asked to.
func (k *kindred) printLogTail(w io.Writer, show bool) {
	if !show {
		return
	}
	b, err := os.ReadFile(k.logPath)
	if err != nil || len(b) == 0 {
		return
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	lines = lines[max(0, len(lines)-20):]
	fmt.Fprintf(w, "\nlast lines of the kindred log:\n  %s\n", strings.Join(lines, "\n  "))
}
