package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/csvx"
	"github.com/kindredhq/kindred/internal/network"
)

// groupAttr is the member attribute the --nodes file fills in.
const groupAttr = "group"

// maxWarnings is how many skipped lines are listed on stderr before a count.
const maxWarnings = 10

// matrixAttr is the attribute of the tie matrix for a --graph file: the
// organization, or the group when no member has an organization.
func matrixAttr(g *network.Graph) string {
	for i := range g.Len() {
		if g.Attr(i, "organization") != "" {
			return "organization"
		}
	}
	return groupAttr
}

type networkFlags struct {
	edges, nodes, graph          string
	communities, metrics, export string
	format                       network.Format // of --export
	seed                         uint64
	resolution                   float64
}

// runNetwork analyses a relationship network from an edge list or a graph
// file, and writes what it found:
//
//	kindred network --edges E.txt [--nodes N.txt] | --graph IN.gexf|IN.graphml|IN.json
//	    [--communities OUT.csv] [--metrics OUT.json] [--export OUT.gexf|OUT.graphml|OUT.json [--format F]]
//
// Bad input (unreadable or malformed files, no ties) exits with status 2.
func runNetwork(ctx context.Context, args []string, sio stdio) error {
	f, err := parseNetworkFlags(args, sio.err)
	if err != nil {
		return err
	}
	g, x, opt, err := loadForAnalysis(f, sio)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("network: %w", err)
	}
	a, err := network.Analyze(g, opt)
	if err != nil {
		return usageError("%w", err)
	}
	if err := writeNetworkOutputs(f, sio, g, x, a); err != nil {
		return err
	}
	if f.metrics != "" {
		return nil
	}
	summary := sio.out
	if f.communities == "-" || f.export == "-" { // keep the file on stdout clean
		summary = sio.err
	}
	return writeSummary(summary, g, a)
}

// loadForAnalysis reads the edge list or the graph file (x is the file as
// read, nil for an edge list) and chooses the attributes whose bridging is
// reported.
func loadForAnalysis(f networkFlags, sio stdio) (g *network.Graph, x *network.ExportGraph, opt network.Options, err error) {
	opt = network.Options{Seed: f.seed, Resolution: f.resolution}
	if f.graph == "" {
		g, err = loadNetwork(f, sio)
		opt.Attributes, opt.MatrixAttribute = []string{groupAttr}, groupAttr
		return g, nil, opt, err
	}
	if x, g, err = loadGraphFile(f.graph, sio); err != nil {
		return nil, nil, opt, err
	}
	// Kindred's member attributes, and the group of a file written from --nodes.
	opt.Attributes, opt.MatrixAttribute = []string{"organization", "city", "role", groupAttr}, matrixAttr(g)
	return g, x, opt, nil
}

// writeNetworkOutputs writes the communities, metrics and export files
// that were asked for. x is the graph as read, or nil for an edge list.
func writeNetworkOutputs(f networkFlags, sio stdio, g *network.Graph, x *network.ExportGraph, a *network.Analysis) error {
	if f.communities != "" {
		if err := writeOutput(f.communities, sio.out, func(w io.Writer) error { return writeCommunities(w, a) }); err != nil {
			return fmt.Errorf("write communities: %w", err)
		}
	}
	if f.metrics != "" {
		if err := writeOutput(f.metrics, sio.out, func(w io.Writer) error { return writeMetrics(w, a) }); err != nil {
			return fmt.Errorf("write metrics: %w", err)
		}
	}
	if f.export == "" {
		return nil
	}
	if x == nil {
		x = network.ExportGraphOf(g)
	}
	if err := x.AddMetrics(a); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := writeOutput(f.export, sio.out, func(w io.Writer) error { return network.Export(w, f.format, x) }); err != nil {
		if errors.Is(err, network.ErrInvalidGraph) {
			return usageError("--export: %w", err)
		}
		return fmt.Errorf("write export: %w", err)
	}
	return nil
}

func parseNetworkFlags(args []string, stderr io.Writer) (networkFlags, error) {
	var f networkFlags
	fs := flag.NewFlagSet("network", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var format string
	fs.StringVar(&f.edges, "edges", "", "edge list `file`: \"src dst [weight]\" per line; - reads stdin (this or --graph is required)")
	fs.StringVar(&f.nodes, "nodes", "", "nodes `file` for --edges: \"node group\" per line, e.g. the member's organization")
	fs.StringVar(&f.graph, "graph", "", "read the network from a GEXF, GraphML or Kumu JSON `file` instead (the format is told from its content; - reads stdin)")
	fs.StringVar(&f.communities, "communities", "", "write node,community CSV to `file` (- for stdout)")
	fs.StringVar(&f.metrics, "metrics", "", "write every metric as JSON to `file` (- for stdout); without it a summary is printed")
	fs.StringVar(&f.export, "export", "", "write the network with each member's community and metrics as attributes to `file`: .gexf (Gephi), .graphml or .json (Kumu); - for stdout")
	fs.StringVar(&format, "format", "", "`format` of --export: gexf, graphml or kumu (default: from the file's extension)")
	fs.Uint64Var(&f.seed, "seed", 1, "random seed for communities and sampled betweenness")
	fs.Float64Var(&f.resolution, "resolution", 1, "community resolution: higher finds smaller communities")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: kindred network --edges E.txt [--nodes N.txt] [--communities OUT.csv] [--metrics OUT.json] [--seed S] [--resolution R]")
		fmt.Fprintln(stderr, "       kindred network --graph IN.gexf|IN.graphml|IN.json [--export OUT.gexf|OUT.graphml|OUT.json [--format F]] [...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return f, err
		}
		return f, usageError("%w", err)
	}
	if err := checkNetworkFlags(&f, fs, format); err != nil {
		return f, err
	}
	return f, nil
}

func checkNetworkFlags(f *networkFlags, fs *flag.FlagSet, format string) error {
	switch {
	case fs.NArg() > 0:
		return usageError("unexpected argument %q (files are given with --edges, --nodes and --graph)", fs.Arg(0))
	case f.edges != "" && f.graph != "":
		return usageError("--edges and --graph cannot both be given: read one network")
	case f.edges == "" && f.graph == "":
		return usageError("--edges is required (or --graph for a GEXF, GraphML or Kumu JSON file)")
	case f.graph != "" && f.nodes != "":
		return usageError("--nodes goes with --edges: a --graph file carries its members' attributes")
	case !(f.resolution > 0) || math.IsInf(f.resolution, 1):
		return usageError("--resolution must be a positive number, got %v", f.resolution)
	case f.edges == "-" && f.nodes == "-":
		return usageError("--edges and --nodes cannot both read stdin")
	case countStdout(f.communities, f.metrics, f.export) > 1:
		return usageError("only one of --communities, --metrics and --export can write to stdout")
	}
	return exportFormat(f, format)
}

// exportFormat sets f.format from --format, or else from the --export file's extension.
func exportFormat(f *networkFlags, format string) error {
	var err error
	switch {
	case format != "" && f.export == "":
		return usageError("--format is the format of --export, which is not given")
	case format != "":
		if f.format, err = network.ParseFormat(format); err != nil {
			return usageError("--format: %w", err)
		}
	case f.export == "-":
		return usageError("--export - needs --format gexf, graphml or kumu")
	case f.export != "":
		if f.format, err = network.FormatOf(f.export); err != nil {
			return usageError("--export: %w; name the file .gexf, .graphml or .json, or add --format", err)
		}
	}
	return nil
}

func countStdout(paths ...string) int {
	n := 0
	for _, p := range paths {
		if p == "-" {
			n++
		}
	}
	return n
}

// loadGraphFile reads a GEXF, GraphML or Kumu file ("-" is stdin), reports
// the ties skipped on stderr and builds the graph to analyse. Every input
// problem is a usage error.
func loadGraphFile(path string, sio stdio) (*network.ExportGraph, *network.Graph, error) {
	x, err := readInput(path, sio.in, func(r io.Reader) (*network.ExportGraph, error) {
		x, _, err := network.Import(r)
		return x, err
	})
	if err != nil {
		return nil, nil, usageError("%s: %w", path, err)
	}
	if len(x.Nodes) == 0 {
		return nil, nil, usageError("%s has no members", path)
	}
	g, skipped, err := x.Graph()
	if err != nil {
		return nil, nil, usageError("%s: %w", path, err)
	}
	for i, s := range skipped {
		if i == maxWarnings {
			fmt.Fprintf(sio.err, "kindred network: %s: %d more tie(s) skipped\n", path, len(skipped)-maxWarnings)
			break
		}
		fmt.Fprintf(sio.err, "kindred network: %s %s\n", path, s)
	}
	return x, g, nil
}

// loadNetwork reads the edge list and the optional nodes file, reports skipped
// lines on stderr and builds the graph. Every input problem is a usage error.
func loadNetwork(f networkFlags, sio stdio) (*network.Graph, error) {
	el, err := readInput(f.edges, sio.in, func(r io.Reader) (*network.EdgeList, error) { return network.ParseEdges(r) })
	if err != nil {
		return nil, usageError("%w", err)
	}
	warnLines(sio.err, f.edges, el.Skipped)
	if len(el.Edges) == 0 {
		return nil, usageError("%s has no ties: it is empty or holds only blank lines, comments, self-loops or repeated pairs", f.edges)
	}
	b := network.NewBuilder()
	for _, e := range el.Edges {
		if err := b.AddTie(e.Src, e.Dst, e.Weight); err != nil {
			return nil, usageError("%s line %d: %w", f.edges, e.Line, err)
		}
	}
	if f.nodes != "" {
		if err := addGroups(b, f.nodes, sio); err != nil {
			return nil, err
		}
	}
	return b.Build(), nil
}

// addGroups reads the nodes file into the builder. Members listed there but in
// no tie are added as isolates, with a warning naming their lines.
func addGroups(b *network.Builder, path string, sio stdio) error {
	type parsed struct {
		nodes   []network.NodeLine
		skipped []network.LineIssue
	}
	p, err := readInput(path, sio.in, func(r io.Reader) (parsed, error) {
		n, s, err := network.ParseNodes(r)
		return parsed{n, s}, err
	})
	if err != nil {
		return usageError("%w", err)
	}
	members, inEdges := b.Len(), 0
	var unknown []network.LineIssue
	for _, nl := range p.nodes {
		if b.Has(nl.ID) {
			inEdges++
		} else {
			unknown = append(unknown, network.LineIssue{Line: nl.Line, Msg: fmt.Sprintf("%s is in no tie; counted as an isolate", nl.ID)})
		}
		b.AddNode(nl.ID, map[string]string{groupAttr: nl.Group})
	}
	warnLines(sio.err, path, append(p.skipped, unknown...))
	if missing := members - inEdges; missing > 0 {
		fmt.Fprintf(sio.err, "kindred network: %d member(s) of the edge list are not in %s; their ties are left out of the E–I index\n", missing, path)
	}
	return nil
}

// readInput opens path ("-" is stdin) and parses it.
func readInput[T any](path string, stdin io.Reader, parse func(io.Reader) (T, error)) (T, error) {
	if path == "-" {
		return parse(stdin)
	}
	file, err := os.Open(path)
	if err != nil {
		var zero T
		return zero, err
	}
	defer file.Close()
	v, err := parse(file)
	var ie *network.InputError
	if errors.As(err, &ie) {
		ie.File = path
	}
	return v, err
}

func warnLines(w io.Writer, file string, issues []network.LineIssue) {
	for i, li := range issues {
		if i == maxWarnings {
			fmt.Fprintf(w, "kindred network: %s: %d more line(s) skipped\n", file, len(issues)-maxWarnings)
			return
		}
		fmt.Fprintf(w, "kindred network: %s %s\n", file, li)
	}
}

// writeOutput writes to stdout for "-", else to a temporary file renamed into
// place, so a failed run never leaves a half-written file.
func writeOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "-" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func writeCommunities(w io.Writer, a *network.Analysis) error {
	cw := csvx.NewWriter(w)
	_ = cw.Write([]string{"node", "community"})
	for _, n := range a.Nodes {
		_ = cw.Write([]string{n.ID, strconv.Itoa(n.Community)})
	}
	cw.Flush()
	return cw.Error()
}

func writeMetrics(w io.Writer, a *network.Analysis) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(a)
}

// writeSummary prints the analysis in words an organizer can read.
func writeSummary(w io.Writer, g *network.Graph, a *network.Analysis) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Network: %d members, %d ties, density %.4f, %.2f ties per member on average\n", a.Members, a.Ties, a.Density, a.AverageDegree)
	fmt.Fprintf(&b, "Connected: %d component(s); the largest holds %d members (%.0f%%); %d isolate(s)\n", a.Components, a.LargestComponent, 100*a.LargestShare, a.Isolates)
	fmt.Fprintf(&b, "Centralization: degree %.3f, betweenness %.3f%s; hubs: %s\n", a.DegreeCentralization, a.BetweennessCentralization, sampledNote(a), listOrNone(a.Hubs, 5))
	fmt.Fprintf(&b, "Reach: on average %.0f%% of members are within two steps", 100*a.TwoStepReachShare)
	if a.AvgPathLength > 0 {
		fmt.Fprintf(&b, "; average path length %.2f", a.AvgPathLength)
	}
	fmt.Fprintf(&b, "\nCommunities: %d (Leiden, resolution %g, seed %d), modularity %.4f; %.0f%% of ties join different communities\n",
		a.CommunityCount, a.Resolution, a.Seed, a.Modularity, 100*a.CrossCommunityShare)
	fmt.Fprintf(&b, "Core–periphery: %d members in the core (%d-core), fit %.2f, core density %.2f\n", a.Core.CoreSize, a.Core.CoreK, a.Core.Fit, a.Core.CoreDensity)
	writeBrokers(&b, a)
	for _, br := range a.Bridging {
		writeBridging(&b, br)
	}
	writeStage(&b, g, a)
	_, err := io.WriteString(w, b.String())
	return err
}

func sampledNote(a *network.Analysis) string {
	if a.BetweennessSampled {
		return fmt.Sprintf(" (betweenness estimated from %d sampled members)", a.Pivots)
	}
	return ""
}

func listOrNone(ids []string, k int) string {
	if len(ids) == 0 {
		return "none"
	}
	s := strings.Join(ids[:min(k, len(ids))], ", ")
	if len(ids) > k {
		s += fmt.Sprintf(" and %d more", len(ids)-k)
	}
	return s
}

func writeBrokers(b *strings.Builder, a *network.Analysis) {
	fmt.Fprintf(b, "Brokers (betweenness, Burt's constraint):")
	for _, n := range a.TopBrokers(5) {
		c := "-"
		if n.Constraint != nil {
			c = fmt.Sprintf("%.3f", *n.Constraint)
		}
		fmt.Fprintf(b, " %s (%.3f, %s)", n.ID, n.Betweenness, c)
	}
	fmt.Fprintln(b)
	if len(a.CutPoints) == 0 {
		fmt.Fprintln(b, "Fragility: no single member's loss would split the network")
		return
	}
	fmt.Fprintf(b, "Fragility: %d member(s) whose loss would split the network; the largest cut:", len(a.CutPoints))
	for _, c := range a.CutPoints[:min(3, len(a.CutPoints))] {
		fmt.Fprintf(b, " %s (%d cut off)", c.ID, c.BreaksOff)
	}
	fmt.Fprintln(b)
}

func writeBridging(b *strings.Builder, br network.Bridging) {
	fmt.Fprintf(b, "Across %s: E–I index %.3f (-1 all inside, +1 all across); %.0f%% of %d ties join different %s\n",
		plural(br.Attribute), br.EI, 100*br.CrossShare, br.Counted, plural(br.Attribute))
	fmt.Fprintf(b, "  %-20s %8s %8s %8s %7s\n", br.Attribute, "members", "inside", "across", "E–I")
	for _, gb := range br.Groups[:min(15, len(br.Groups))] {
		fmt.Fprintf(b, "  %-20s %8d %8d %8d %7.3f\n", gb.Group, gb.Members, gb.Internal, gb.External, gb.EI)
	}
	if len(br.Groups) > 15 {
		fmt.Fprintf(b, "  … and %d more %s (see --metrics)\n", len(br.Groups)-15, plural(br.Attribute))
	}
}

// plural names the groups of an attribute: groups, organizations, cities.
func plural(attr string) string {
	if stem, ok := strings.CutSuffix(attr, "y"); ok {
		return stem + "ies"
	}
	return attr + "s"
}

func writeStage(b *strings.Builder, g *network.Graph, a *network.Analysis) {
	st, err := network.AssessStage([]network.Snapshot{network.SnapshotOf(g, a, time.Time{})})
	if err != nil {
		return
	}
	fmt.Fprintf(b, "Stage (from this one snapshot): %s\n", st.Stage)
	for _, r := range st.Reasons {
		fmt.Fprintf(b, "  - %s\n", r)
	}
	fmt.Fprintf(b, "  Next: %s\n", st.Next)
}
