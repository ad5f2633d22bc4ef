package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runNetworkCLI runs `kindred network args…` in-process with files written
// to a temporary directory; "$D" in args stands for that directory.
func runNetworkCLI(t *testing.T, files map[string]string, args ...string) (code int, stdout, stderr string, dir string) {
	t.Helper()
	dir = t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	full := []string{"network"}
	for _, a := range args {
		full = append(full, strings.ReplaceAll(a, "$D", dir))
	}
	var out, errb bytes.Buffer
	code = run(context.Background(), full, stdio{in: strings.NewReader(""), out: &out, err: &errb})
	return code, out.String(), errb.String(), dir
}

const twoTeams = `# two teams joined by one tie
ana ben
ben cal
cal ana
dee eve
eve fay
fay dee
ana dee
`

func TestNetworkCommandGood(t *testing.T) {
	files := map[string]string{"e.txt": twoTeams, "n.txt": "ana Org A\nben Org A\ncal Org A\ndee Org B\neve Org B\nfay Org B\n"}
	code, out, errs, dir := runNetworkCLI(t, files, "--edges", "$D/e.txt", "--nodes", "$D/n.txt",
		"--communities", "$D/c.csv", "--metrics", "$D/m.json", "--seed", "3")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if out != "" {
		t.Errorf("stdout = %q, want nothing with --metrics", out)
	}
	csv, err := os.ReadFile(filepath.Join(dir, "c.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(csv), "node,community\nana,0\nben,0\ncal,0\ndee,1\neve,1\nfay,1\n"; got != want {
		t.Errorf("communities = %q, want %q", got, want)
	}
	var m struct {
		Members    int     `json:"members"`
		Ties       int     `json:"ties"`
		Modularity float64 `json:"modularity"`
		Bridging   []struct {
			EI float64 `json:"ei"`
		} `json:"bridging"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "m.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m.Members != 6 || m.Ties != 7 || len(m.Bridging) != 1 || m.Bridging[0].EI != -5.0/7 {
		t.Errorf("metrics = %+v, want 6 members, 7 ties, E–I -5/7", m)
	}
}

func TestNetworkCommandSummary(t *testing.T) {
	code, out, errs, _ := runNetworkCLI(t, map[string]string{"e.txt": twoTeams + "ana ana\nben ana\n"}, "--edges", "$D/e.txt")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{"6 members, 7 ties", "Communities: 2", "Stage", "ana"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	for _, want := range []string{"line 9: self-loop", "line 10: ben–ana repeats line 2"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q: %q", want, errs)
		}
	}
}

func TestNetworkCommandBadInput(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		args  []string
		code  int
		want  string
	}{
		{"no edges flag", nil, nil, 2, "--edges is required"},
		{"missing file", nil, []string{"--edges", "$D/none.txt"}, 2, "no such file"},
		{"empty graph", map[string]string{"e.txt": "# nothing\n\n"}, []string{"--edges", "$D/e.txt"}, 2, "has no ties"},
		{"only self-loops", map[string]string{"e.txt": "a a\n"}, []string{"--edges", "$D/e.txt"}, 2, "has no ties"},
		{"malformed lines", map[string]string{"e.txt": "a b\nc\nd e f g\n"}, []string{"--edges", "$D/e.txt"}, 2, "line 2: want"},
		{"bad weight", map[string]string{"e.txt": "a b zero\n"}, []string{"--edges", "$D/e.txt"}, 2, `line 1: weight "zero"`},
		{"conflicting groups", map[string]string{"e.txt": "a b\n", "n.txt": "a X\na Y\n"},
			[]string{"--edges", "$D/e.txt", "--nodes", "$D/n.txt"}, 2, "line 2: a is in group"},
		{"bad resolution", map[string]string{"e.txt": "a b\n"}, []string{"--edges", "$D/e.txt", "--resolution", "0"}, 2, "--resolution"},
		{"stray argument", nil, []string{"--edges", "x", "extra"}, 2, "unexpected argument"},
		{"unknown flag", nil, []string{"--bogus"}, 2, "bogus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs, _ := runNetworkCLI(t, tt.files, tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d stderr %q; want %d and %q", code, errs, tt.code, tt.want)
			}
		})
	}
}

func TestNetworkCommandUnknownNodes(t *testing.T) {
	files := map[string]string{"e.txt": "a b\n", "n.txt": "a X\nghost Y\n"}
	code, out, errs, _ := runNetworkCLI(t, files, "--edges", "$D/e.txt", "--nodes", "$D/n.txt", "--communities", "-")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(errs, "line 2: ghost is in no tie") || !strings.Contains(errs, "1 member(s) of the edge list are not in") {
		t.Errorf("stderr = %q, want warnings about ghost and b", errs)
	}
	if !strings.Contains(out, "ghost,") {
		t.Errorf("communities = %q, want ghost listed as an isolate", out)
	}
}
