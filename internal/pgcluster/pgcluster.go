// Package pgcluster runs PostgreSQL servers of its own from the server's
// programs (initdb, pg_ctl, pg_basebackup): a primary and streaming replicas
// of it, in one directory, for the replica tests and the scale benchmark.
// When run as root the servers run as the postgres user (PostgreSQL refuses
// to run as root).
package pgcluster

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ErrNoServerPrograms is New's answer when initdb, pg_ctl, pg_basebackup or
// postgres is not installed.
var ErrNoServerPrograms = errors.New("the PostgreSQL server programs (initdb, pg_ctl, pg_basebackup) are not installed")

// Cluster is a directory holding PostgreSQL data directories, one per
// server, each named (e.g. "primary", "replica").
type Cluster struct {
	// Root is the directory; server name's data is in Root/name and its
	// log in Root/name.log.
	Root string
	bin  string
	run  []string // prefix that runs a command as the postgres user
}

// New uses root (created if missing) for servers. It returns
// ErrNoServerPrograms when the programs are missing.
func New(root string) (*Cluster, error) {
	bin := serverBin()
	if bin == "" {
		return nil, ErrNoServerPrograms
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	c := &Cluster{Root: root, bin: bin}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root needs a postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(root, uid, gid); err != nil {
			return nil, err
		}
		c.run = []string{"runuser", "-u", "postgres", "--"}
	}
	return c, nil
}

// serverBin returns the directory of the newest installed server programs,
// or "".
func serverBin() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgVersion(dirs[i]) < pgVersion(dirs[j]) })
	for i := len(dirs) - 1; i >= 0; i-- {
		if hasServerPrograms(dirs[i]) {
			return dirs[i]
		}
	}
	if path, err := exec.LookPath("pg_ctl"); err == nil && hasServerPrograms(filepath.Dir(path)) {
		return filepath.Dir(path)
	}
	return ""
}

// pgVersion reads the major version from /usr/lib/postgresql/N/bin.
func pgVersion(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

func hasServerPrograms(dir string) bool {
	for _, p := range []string{"initdb", "pg_ctl", "pg_basebackup", "postgres"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			return false
		}
	}
	return true
}

// Dir is the data directory of server name.
func (c *Cluster) Dir(name string) string { return filepath.Join(c.Root, name) }

// Exists reports whether server name has a data directory.
func (c *Cluster) Exists(name string) bool {
	_, err := os.Stat(filepath.Join(c.Dir(name), "PG_VERSION"))
	return err == nil
}

// Running reports whether server name is running (has a postmaster.pid).
func (c *Cluster) Running(name string) bool {
	_, err := os.Stat(filepath.Join(c.Dir(name), "postmaster.pid"))
	return err == nil
}

// InitPrimary makes a primary's data directory: trust authentication on
// loopback, replication allowed, WAL for streaming replicas, and conf
// appended to postgresql.conf (settings such as shared_buffers).
func (c *Cluster) InitPrimary(name, conf string) error {
	if err := c.Cmd("initdb", "-N", "-D", c.Dir(name), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"); err != nil {
		return err
	}
	base := "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '" + c.Root + "'\n" +
		"wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n" + conf + "\n"
	if err := appendFile(filepath.Join(c.Dir(name), "postgresql.conf"), base); err != nil {
		return err
	}
	return appendFile(filepath.Join(c.Dir(name), "pg_hba.conf"), "\nhost replication postgres 127.0.0.1/32 trust\n")
}

// BaseBackup makes server name a streaming replica of the primary on
// primaryPort (pg_basebackup -R).
func (c *Cluster) BaseBackup(name string, primaryPort int) error {
	return c.Cmd("pg_basebackup", "-D", c.Dir(name), "-h", "127.0.0.1", "-p", strconv.Itoa(primaryPort),
		"-U", "postgres", "-X", "stream", "-R", "-c", "fast")
}

// FollowPrimary points replica name at the primary on primaryPort (the
// primary's port may differ from the one it had at BaseBackup); it applies
// at the next Start.
func (c *Cluster) FollowPrimary(name string, primaryPort int) error {
	return appendFile(filepath.Join(c.Dir(name), "postgresql.auto.conf"),
		fmt.Sprintf("primary_conninfo = 'host=127.0.0.1 port=%d user=postgres'\n", primaryPort))
}

// Start starts server name on port and waits until it accepts connections.
func (c *Cluster) Start(name string, port int) error {
	return c.Cmd("pg_ctl", "-D", c.Dir(name), "-l", c.Dir(name)+".log", "-w", "-t", "600",
		"-o", fmt.Sprintf("-p %d", port), "start")
}

// Stop stops server name with mode "fast" (open connections are cut) or
// "immediate" (no clean shutdown).
func (c *Cluster) Stop(name, mode string) error {
	return c.Cmd("pg_ctl", "-D", c.Dir(name), "-m", mode, "-w", "stop")
}

// StopAll stops every running server immediately.
func (c *Cluster) StopAll() {
	entries, _ := os.ReadDir(c.Root)
	for _, e := range entries {
		if e.IsDir() && c.Running(e.Name()) {
			_ = c.Stop(e.Name(), "immediate")
		}
	}
}

// DSN is the URL of database db on the server listening on port.
func DSN(port int, db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", port, db)
}

// Cmd runs one of the server programs, as the postgres user when root.
func (c *Cluster) Cmd(prog string, args ...string) error {
	argv := append(append(append([]string{}, c.run...), filepath.Join(c.bin, prog)), args...)
	out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w: %s", prog, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// FreePort returns a loopback port that was free a moment ago.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// appendFile appends text to a file.
func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
