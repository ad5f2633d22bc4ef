package testutil

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/store"
)

// demoTemplate is one demo network generated into a SQLite file once per
// test binary; every test that asks for it starts on its own copy.
type demoTemplate struct {
	once sync.Once
	path string
	res  demo.Result
	err  error
}

var (
	demoTemplates sync.Map // demo.Size → *demoTemplate
	demoDirOnce   sync.Once
	demoDir       string
	demoDirErr    error
)

// StartDemoServer starts a server (as StartServer, on SQLite) on a fresh
// copy of the demo network of size with seed 1 — the network
// `kindred demo --size` makes. The network is generated once per test
// binary and copied for each test, so tests that only read it, or change
// their own copy, don't each pay for generating it. o.DSN must be empty.
func StartDemoServer(t testing.TB, size demo.Size, o ServerOptions) (*Server, demo.Result) {
	t.Helper()
	if o.DSN != "" {
		t.Fatal("StartDemoServer runs on a copy of a SQLite file; leave ServerOptions.DSN empty")
	}
	tpl := demoNetwork(size)
	if tpl.err != nil {
		t.Fatalf("generate the %v demo: %v", size, tpl.err)
	}
	o.DSN = filepath.Join(t.TempDir(), "kindred.db")
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(tpl.path+suffix, o.DSN+suffix); err != nil && !(suffix != "" && errors.Is(err, fs.ErrNotExist)) {
			t.Fatalf("copy the %v demo: %v", size, err)
		}
	}
	res := tpl.res
	if res.Admin != nil {
		admin := *res.Admin
		res.Admin = &admin
	}
	return StartServer(t, o), res
}

// demoNetwork returns the template of size, generating it on first use.
func demoNetwork(size demo.Size) *demoTemplate {
	v, _ := demoTemplates.LoadOrStore(size, &demoTemplate{})
	tpl := v.(*demoTemplate)
	tpl.once.Do(func() {
		demoDirOnce.Do(func() { demoDir, demoDirErr = os.MkdirTemp("", "kindred-demo-") })
		if demoDirErr != nil {
			tpl.err = demoDirErr
			return
		}
		tpl.path = filepath.Join(demoDir, fmt.Sprintf("demo-%s.db", size))
		tpl.res, tpl.err = generateDemoFile(tpl.path, size)
	})
	return tpl
}

// generateDemoFile fills a new SQLite file at path with the demo network,
// made by `kindred demo` built without the race detector (generating the
// medium network in the race-instrumented test binary took minutes of the
// suite's two cores; the demo's own tests still run it instrumented). The
// demo serves once the network is ready; it is then stopped with SIGINT,
// which checkpoints the database into the file.
func generateDemoFile(path string, size demo.Size) (demo.Result, error) {
	bin, err := plainKindred()
	if err != nil {
		return demo.Result{}, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return demo.Result{}, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "demo", "--size", string(size), "--seed", "1")
	cmd.Env = append(withoutKindredSettings(os.Environ()), "KINDRED_DB="+path, "KINDRED_ADDR="+addr, "KINDRED_BASE_URL=http://"+addr)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return demo.Result{}, err
	}
	if err := cmd.Start(); err != nil {
		return demo.Result{}, err
	}
	var res demo.Result
	ready := false
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		line := lines.Text()
		if _, err := fmt.Sscanf(line, "Demo network ready: %d people, %d organizations, %d cities.", &res.Members, &res.Organizations, &res.Cities); err == nil {
			continue
		}
		if strings.HasPrefix(line, "Kindred is running at") {
			ready = true
			break
		}
	}
	_ = cmd.Process.Signal(os.Interrupt)
	go func() { _, _ = io.Copy(io.Discard, out) }()
	if err := cmd.Wait(); err != nil || !ready {
		return demo.Result{}, fmt.Errorf("kindred demo --size %s: %v\n%s", size, err, stderr.String())
	}
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		return demo.Result{}, err
	}
	defer st.Close()
	if res.Admin, err = st.AccountByEmail(ctx, demo.AdminEmail); err != nil {
		return demo.Result{}, fmt.Errorf("the demo's administrator: %w", err)
	}
	return res, nil
}

var plain struct {
	once      sync.Once
	dir, path string
	err       error
}

// plainKindred builds cmd/kindred without the race detector, once per test
// binary, into a temporary directory RemoveBuilt removes.
func plainKindred() (string, error) {
	plain.once.Do(func() {
		if plain.dir, plain.err = os.MkdirTemp("", "kindred-plain-"); plain.err != nil {
			return
		}
		plain.path = filepath.Join(plain.dir, "kindred")
		cmd := exec.Command("go", "build", "-o", plain.path, "github.com/kindredhq/kindred/cmd/kindred")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			plain.err = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	return plain.path, plain.err
}

// withoutKindredSettings drops KINDRED_ settings from env, so that the
// demo's child process keeps its mail in the outbox and its logs quiet
// whatever the tests' environment says.
func withoutKindredSettings(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "KINDRED_") {
			out = append(out, kv)
		}
	}
	return out
}

// KindredBinary returns the path of cmd/kindred built without the race
// detector, once per test binary (for tests that run it as a process).
func KindredBinary(t testing.TB) string {
	t.Helper()
	bin, err := plainKindred()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// RemoveBuilt deletes the demo networks and the binary this test binary
// built. Call it from TestMain after m.Run.
func RemoveBuilt() {
	for _, dir := range []string{demoDir, plain.dir} {
		if dir != "" {
			_ = os.RemoveAll(dir)
		}
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
