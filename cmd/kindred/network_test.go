package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/network"
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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
		{"edges and graph", nil, []string{"--edges", "e.txt", "--graph", "g.gexf"}, 2, "--edges and --graph cannot both be given"},
		{"nodes with graph", nil, []string{"--graph", "g.gexf", "--nodes", "n.txt"}, 2, "--nodes goes with --edges"},
		{"format without export", nil, []string{"--edges", "e.txt", "--format", "gexf"}, 2, "--format is the format of --export"},
		{"export to stdout without format", nil, []string{"--edges", "e.txt", "--export", "-"}, 2, "--export - needs --format"},
		{"unknown export extension", nil, []string{"--edges", "e.txt", "--export", "out.dot"}, 2, `extension ".dot"`},
		{"unknown format", nil, []string{"--edges", "e.txt", "--export", "-", "--format", "dot"}, 2, `format "dot"`},
		{"two outputs on stdout", nil, []string{"--edges", "e.txt", "--export", "-", "--format", "gexf", "--metrics", "-"}, 2, "only one of"},
		{"graph file missing", nil, []string{"--graph", "$D/none.gexf"}, 2, "no such file"},
		{"graph file empty", map[string]string{"g.gexf": ""}, []string{"--graph", "$D/g.gexf"}, 2, "the file is empty"},
		{"graph file malformed", map[string]string{"g.gexf": "<gexf>\n<graph>\n<nodes><node id=\"a\">\n</gexf>"},
			[]string{"--graph", "$D/g.gexf"}, 2, "gexf line 4"},
		{"graph without members", map[string]string{"g.json": `{"elements":[],"connections":[]}`}, []string{"--graph", "$D/g.json"}, 2, "has no members"},
		{"id not exportable", map[string]string{"e.txt": "a\x01 b\n"}, []string{"--edges", "$D/e.txt", "--export", "$D/out.gexf"}, 2, "control characters"},
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
	t.Parallel()
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

// TestNetworkCommandExportRoundTrip exports an edge list with groups in each
// format, reads the file back with --graph, and finds the same communities;
// the file carries the groups, communities and metrics as attributes.
func TestNetworkCommandExportRoundTrip(t *testing.T) {
	t.Parallel()
	files := map[string]string{"e.txt": twoTeams, "n.txt": "ana Org A\nben Org A\ncal Org A\ndee Org B\neve Org B\nfay Org B\n"}
	for _, out := range []string{"ties.gexf", "ties.graphml", "ties.json"} {
		t.Run(out, func(t *testing.T) {
			code, stdout, errs, dir := runNetworkCLI(t, files, "--edges", "$D/e.txt", "--nodes", "$D/n.txt", "--export", "$D/"+out, "--communities", "$D/c1.csv")
			if code != 0 || !strings.Contains(stdout, "Network: 6 members, 7 ties") {
				t.Fatalf("export: exit %d, stderr %q, stdout %q", code, errs, stdout)
			}
			x := importFile(t, filepath.Join(dir, out))
			ana := x.Nodes[0]
			if ana.ID != "ana" || ana.Attrs["group"] != "Org A" || ana.Attrs["community"] != "0" || ana.Attrs["degree"] != "3" || ana.Attrs["inCore"] != "true" {
				t.Errorf("ana = %+v, want group Org A, community 0, degree 3, in the core", ana)
			}
			if len(x.Nodes) != 6 || len(x.Edges) != 7 || x.Edges[0].Weight != 1 {
				t.Errorf("%d members %d ties (first weight %v), want 6, 7, weight 1", len(x.Nodes), len(x.Edges), x.Edges[0].Weight)
			}
			code, stdout, errs, _ = runNetworkCLI(t, map[string]string{out: mustRead(t, filepath.Join(dir, out))}, "--graph", "$D/"+out, "--communities", "-")
			if code != 0 {
				t.Fatalf("--graph: exit %d, stderr %q", code, errs)
			}
			if want := mustRead(t, filepath.Join(dir, "c1.csv")); stdout != want {
				t.Errorf("communities from --graph = %q, want %q as from --edges", stdout, want)
			}
			if !strings.Contains(errs, "Across groups: E–I index -0.714") {
				t.Errorf("summary (on stderr) lacks the E–I index by group:\n%s", errs)
			}
		})
	}
}

// kindredGEXF is shaped like an export of Kindred's network page: labels,
// organization and city, typed tie attributes; plus a repeated tie and a
// self-loop that the analysis skips.
const kindredGEXF = `<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
 <graph defaultedgetype="undirected">
  <attributes class="node">
   <attribute id="0" title="organization" type="string"/>
   <attribute id="1" title="city" type="string"/>
  </attributes>
  <attributes class="edge"><attribute id="0" title="kind" type="string"/></attributes>
  <nodes>
   <node id="m1" label="Ana López"><attvalues><attvalue for="0" value="Sunrise"/><attvalue for="1" value="Oakland"/></attvalues></node>
   <node id="m2" label="Ben"><attvalues><attvalue for="0" value="Sunrise"/><attvalue for="1" value="Oakland"/></attvalues></node>
   <node id="m3" label="Cal"><attvalues><attvalue for="0" value="350"/><attvalue for="1" value="Fresno"/></attvalues></node>
  </nodes>
  <edges>
   <edge source="m1" target="m2" weight="2"><attvalues><attvalue for="0" value="met"/></attvalues></edge>
   <edge source="m2" target="m3"/>
   <edge source="m2" target="m1"/>
   <edge source="m3" target="m3"/>
  </edges>
 </graph>
</gexf>`

func TestNetworkCommandGraphFile(t *testing.T) {
	t.Parallel()
	code, stdout, errs, _ := runNetworkCLI(t, map[string]string{"k.gexf": kindredGEXF}, "--graph", "$D/k.gexf", "--export", "-", "--format", "kumu")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{"tie 3: m2–m1 repeats tie 1; skipped", "tie 4: self-loop m3–m3 skipped", "Network: 3 members, 2 ties", "Across organizations", "Across cities"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	x, f, err := network.Import(strings.NewReader(stdout))
	if err != nil || f != network.FormatKumu {
		t.Fatalf("stdout is not a Kumu blueprint (%q, %v):\n%s", f, err, stdout)
	}
	if n := x.Nodes[0]; n.Label != "Ana López" || n.Attrs["organization"] != "Sunrise" || n.Attrs["degree"] != "1" {
		t.Errorf("m1 = %+v, want its label, organization and degree 1", n)
	}
	// The file's ties are written as they were read, kinds included.
	if len(x.Edges) != 4 || x.Edges[0].Attrs["kind"] != "met" || x.Edges[0].Weight != 2 {
		t.Errorf("ties = %+v, want the 4 ties of the file, the first met with weight 2", x.Edges)
	}
}

func TestNetworkCommandHelp(t *testing.T) {
	t.Parallel()
	code, _, errs, _ := runNetworkCLI(t, nil, "--help")
	for _, want := range []string{"--graph IN.gexf|IN.graphml|IN.json", "-export file", "-format format", "Kumu"} {
		if !strings.Contains(errs, want) {
			t.Errorf("help lacks %q:\n%s", want, errs)
		}
	}
	if code != 2 {
		t.Errorf("exit %d, want 2 as for every --help", code)
	}
}

func importFile(t *testing.T, path string) *network.ExportGraph {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	x, _, err := network.Import(f)
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	return x
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
