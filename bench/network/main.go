// Command network benchmarks internal/network against python-igraph and
// networkx on the shared development graphs, run side by side in one go:
//
//	go run ./bench/network [--data ../shared/data] [--seeds 5]
//
// It checks centralities against networkx (1e-9), modularity of given
// partitions (1e-6), community quality against igraph's multilevel (Louvain)
// and times every metric on a generated 30,000-member ledger with 300,000
// ties. The reference libraries run through /usr/bin/python3 (Debian's
// python3-igraph and python3-networkx).
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/network"
)

//go:embed reference.py
var referenceScript []byte

var graphs = []string{"karate", "dolphins", "polbooks", "football", "ca-grqc"}

type config struct {
	data, python string
	seeds        int
	nxLimit      int
	accuracy     bool
	accuracyOnly bool
}

func main() {
	var c config
	flag.StringVar(&c.data, "data", "../shared/data", "directory of the development graphs (relative to the repository root)")
	flag.StringVar(&c.python, "python", "/usr/bin/python3", "python with igraph and networkx")
	flag.IntVar(&c.seeds, "seeds", 5, "seeds for community detection (medians are reported)")
	flag.IntVar(&c.nxLimit, "nx-limit", 1000, "graphs with more members take betweenness/closeness references from igraph instead of networkx (slow)")
	flag.BoolVar(&c.accuracy, "accuracy", false, "also compare sampled with exact betweenness on the 30,000-member ledger (minutes)")
	flag.BoolVar(&c.accuracyOnly, "accuracy-only", false, "only compare sampled with exact betweenness (no references, no timings)")
	flag.Parse()
	if err := run(context.Background(), c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench/network:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c config, w io.Writer) error {
	if c.accuracyOnly {
		g, err := network.Generate(ledgerShape())
		if err != nil {
			return err
		}
		printAccuracy(w, g)
		return nil
	}
	script, err := writeScript()
	if err != nil {
		return err
	}
	defer os.Remove(script)
	var rows []row
	for _, name := range graphs {
		fmt.Fprintf(os.Stderr, "bench/network: %s…\n", name)
		r, err := benchGraph(ctx, c, script, name)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		rows = append(rows, r)
	}
	printQuality(w, rows)
	printTimes(w, rows)
	printCaGrQc(w, rows[len(rows)-1])
	return printLedger(w, c.accuracy)
}

func writeScript() (string, error) {
	f, err := os.CreateTemp("", "kindred-network-ref-*.py")
	if err != nil {
		return "", fmt.Errorf("write reference script: %w", err)
	}
	defer f.Close()
	if _, err := f.Write(referenceScript); err != nil {
		return "", fmt.Errorf("write reference script: %w", err)
	}
	return f.Name(), nil
}

// dataset is one development graph with its ground truth, if any.
type dataset struct {
	name, edges string
	g           *network.Graph
	truth       []int // -1 where unknown; nil without ground truth
}

func loadDataset(dir, name string) (dataset, error) {
	d := dataset{name: name, edges: filepath.Join(dir, name, "edges.txt")}
	f, err := os.Open(d.edges)
	if err != nil {
		return d, fmt.Errorf("load graph (is --data right?): %w", err)
	}
	defer f.Close()
	el, err := network.ParseEdges(f)
	if err != nil {
		return d, err
	}
	b := network.NewBuilder()
	for _, e := range el.Edges {
		if err := b.AddTie(e.Src, e.Dst, e.Weight); err != nil {
			return d, err
		}
	}
	d.g = b.Build()
	d.truth, err = loadTruth(filepath.Join(dir, name, "nodes.txt"), d.g)
	return d, err
}

func loadTruth(path string, g *network.Graph) ([]int, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	nodes, _, err := network.ParseNodes(f)
	if err != nil {
		return nil, err
	}
	truth := make([]int, g.Len())
	for i := range truth {
		truth[i] = -1
	}
	ids := map[string]int{}
	for _, nl := range nodes {
		if i, ok := g.Index(nl.ID); ok {
			if _, seen := ids[nl.Group]; !seen {
				ids[nl.Group] = len(ids)
			}
			truth[i] = ids[nl.Group]
		}
	}
	return truth, nil
}

// reference is what reference.py prints.
type reference struct {
	Degree      map[string]float64 `json:"degree"`
	Betweenness map[string]float64 `json:"betweenness"`
	Closeness   map[string]float64 `json:"closeness"`
	CentralRef  string             `json:"centrality_reference"`
	Times       map[string]float64 `json:"times"`
	NxTimes     map[string]float64 `json:"nx_times"`
	NxQ         map[string]float64 `json:"nx_modularity"`
	Multilevel  []refRun           `json:"multilevel"`
	NxLouvain   []refRun           `json:"nx_louvain"`
}

// refRun is one community detection run of a reference library.
type refRun struct {
	Modularity float64        `json:"modularity"`
	Seconds    float64        `json:"seconds"`
	Membership map[string]int `json:"membership"`
}

func runReference(ctx context.Context, c config, script string, d dataset, partitions string) (*reference, error) {
	exact := "1"
	if d.g.Len() > c.nxLimit {
		exact = "0"
	}
	cmd := exec.CommandContext(ctx, c.python, script, d.edges, partitions, fmt.Sprint(c.seeds), exact)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("run %s (apt-get install python3-igraph python3-networkx): %w", c.python, err)
	}
	var ref reference
	if err := json.Unmarshal(out, &ref); err != nil {
		return nil, fmt.Errorf("read reference output: %w", err)
	}
	return &ref, nil
}

// writePartitions writes the partitions whose modularity networkx recomputes:
// the ground truth (members without a label alone) and ours.
func writePartitions(d dataset, ours []int) (string, error) {
	f, err := os.CreateTemp("", "kindred-network-partitions-*.txt")
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	for i := range d.g.Len() {
		fmt.Fprintf(&b, "ours %s %d\n", d.g.ID(i), ours[i])
		if d.truth != nil {
			label := fmt.Sprint(d.truth[i])
			if d.truth[i] < 0 {
				label = "u" + d.g.ID(i)
			}
			fmt.Fprintf(&b, "truth %s %s\n", d.g.ID(i), label)
		}
	}
	_, err = f.WriteString(b.String())
	return f.Name(), err
}

func median(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	s := slices.Clone(x)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func seconds(d time.Duration) float64 { return d.Seconds() }
