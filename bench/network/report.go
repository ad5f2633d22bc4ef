package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/kindredhq/kindred/internal/network"
)

func printQuality(w io.Writer, rows []row) {
	fmt.Fprintln(w, "## Quality and correctness (communities: median over seeds; Δ = largest absolute difference)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| graph | members | ties | Q ours (Leiden, best of r) | r | Q igraph (Louvain) | ΔQ vs igraph | Q networkx (Louvain) | NMI ours | NMI igraph | NMI networkx | ours, 1 run: Q / NMI | ARI between seeds ours / igraph |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %d | %d | %.4f | %d | %.4f | %+.4f | %.4f | %s | %s | %s | %.4f / %s | %.3f / %.3f |\n",
			r.name, r.members, r.ties, r.qOurs, r.restarts, r.qIgraph, r.qOurs-r.qIgraph, r.qNx,
			fmtNMI(r.nmiOurs), fmtNMI(r.nmiIgraph), fmtNMI(r.nmiNx), r.qSingle, fmtNMI(r.nmiSingle), r.ariOurs, r.ariIgraph)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| graph | Δ degree | Δ betweenness | Δ closeness | centrality reference | Δ modularity of given partitions (networkx) |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---|---:|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %.1e | %.1e | %.1e | %s | %.1e |\n", r.name, r.dDegree, r.dBetween, r.dClose, r.centralRef, r.dQGiven)
	}
	fmt.Fprintln(w)
	printTargets(w, rows)
}

func fmtNMI(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return fmt.Sprintf("%.3f", x)
}

func printTargets(w io.Writer, rows []row) {
	central, qGiven, quality, nmiOK := true, true, true, true
	for _, r := range rows {
		central = central && r.dDegree <= 1e-9 && r.dBetween <= 1e-9 && r.dClose <= 1e-9
		qGiven = qGiven && r.dQGiven <= 1e-6
		quality = quality && r.qOurs >= r.qIgraph-0.005
		if r.name == "football" || r.name == "polbooks" {
			nmiOK = nmiOK && r.nmiOurs >= r.nmiIgraph
		}
	}
	fmt.Fprintf(w, "- centralities within 1e-9 of the reference: %s\n", verdict(central))
	fmt.Fprintf(w, "- modularity of given partitions within 1e-6 of networkx: %s\n", verdict(qGiven))
	fmt.Fprintf(w, "- modularity within 0.005 of igraph multilevel on every graph: %s\n", verdict(quality))
	fmt.Fprintf(w, "- NMI at least igraph's on football and polbooks: %s\n\n", verdict(nmiOK))
}

func verdict(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}

func printTimes(w io.Writer, rows []row) {
	fmt.Fprintln(w, "## Time (seconds; communities: median of one run per seed)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| graph | communities ours | igraph | networkx | betweenness+closeness ours (exact) | igraph | networkx | all metrics ours |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		nx := "–"
		if !math.IsNaN(r.tPathsNx) {
			nx = fmt.Sprintf("%.4f", r.tPathsNx)
		}
		fmt.Fprintf(w, "| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %s | %.4f |\n",
			r.name, r.tCommOurs, r.tCommIgraph, r.tCommNx, r.tPathsOurs, r.tPathsIgraph, nx, r.tAllOurs)
	}
	fmt.Fprintln(w)
}

func printCaGrQc(w io.Writer, r row) {
	fmt.Fprintf(w, "## %s per metric (seconds)\n\n", r.name)
	fmt.Fprintln(w, "| metric | ours | igraph |")
	fmt.Fprintln(w, "|---|---:|---:|")
	for _, m := range []string{"betweenness", "closeness", "components", "coreness", "constraint", "articulation", "communities"} {
		ours := fmt.Sprintf("%.4f", r.ours[m])
		if m == "closeness" {
			ours = "(with betweenness)"
		}
		fmt.Fprintf(w, "| %s | %s | %.4f |\n", m, ours, r.igraph[m])
	}
	fmt.Fprintln(w)
}

// printLedger times every metric on the generated 30,000-member ledger.
// ledgerShape is the generated ledger: the shape of a tenth of the xlarge
// demo (bench/scale).
func ledgerShape() network.LedgerShape {
	return network.LedgerShape{Members: 30000, Ties: 300000, Organizations: 600, Cities: 8, WithinOrg: 0.6, Seed: 1}
}

func printLedger(w io.Writer, accuracy bool) error {
	shape := ledgerShape()
	g, err := network.Generate(shape)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "## Generated ledger: %d members, %d ties, %d organizations (GOMAXPROCS %d, load average %s)\n\n",
		g.Len(), g.Ties(), shape.Organizations, runtime.GOMAXPROCS(0), loadAverage())
	fmt.Fprintln(w, "| metric | seconds |")
	fmt.Fprintln(w, "|---|---:|")
	step := func(name string, fn func()) {
		start := time.Now()
		fn()
		fmt.Fprintf(w, "| %s | %.3f |\n", name, time.Since(start).Seconds())
	}
	step("components, density, degree centralization, hubs", func() {
		network.Components(g)
		network.Density(g)
		network.DegreeCentralization(g)
		network.Hubs(g)
	})
	step(fmt.Sprintf("betweenness (sampled, %d pivots) + centralization", network.DefaultPivots), func() {
		network.BetweennessCentralization(network.ShortestPaths(g, network.DefaultExactLimit, network.DefaultPivots, 1).Betweenness)
	})
	step("Burt's constraint + effective size", func() { network.Constraint(g); network.EffectiveSize(g) })
	step("two-step reach", func() { network.TwoStepReach(g) })
	step("core–periphery (k-core, Borgatti–Everett)", func() { network.FindCorePeriphery(g) })
	var label []int
	step(fmt.Sprintf("communities (Leiden, %d run) + modularity", network.DefaultRestarts(g.Len())), func() {
		label = network.BestCommunities(g, 1, 1, network.DefaultRestarts(g.Len()))
		network.Modularity(g, label, 1)
	})
	step("E–I index ×3 + organization tie matrix", func() {
		for _, a := range []string{"organization", "city", "role"} {
			network.EIIndex(g, a)
		}
		network.TieMatrix(g, "organization")
	})
	step("articulation points and bridges", func() { network.Fragility(g) })
	cpuStart := cpuSeconds()
	start := time.Now()
	a, err := network.Analyze(g, network.Options{Seed: 1})
	if err != nil {
		return err
	}
	total := time.Since(start).Seconds()
	cpu := cpuSeconds() - cpuStart
	fmt.Fprintf(w, "| **total: Analyze (all of the above in one call)** | **%.3f** |\n\n", total)
	fmt.Fprintf(w, "- all metrics under 5 s: %s (wall %.2f s at this load; CPU %.2f s, so %.2f–%.2f s wall on two idle cores)\n",
		verdict(total < 5), total, cpu, cpu/2, cpu)
	fmt.Fprintf(w, "- result: Q %.3f, %d communities, E–I by organization %.3f\n", a.Modularity, a.CommunityCount, a.Bridging[0].EI)
	if accuracy {
		printAccuracy(w, g)
	}
	return nil
}

// loadAverage reports the machine's one-minute load, since other work on a
// shared machine slows the timings down.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "unknown"
	}
	return f[0]
}

// cpuSeconds is the user and system CPU time this process has used, which
// other work on a shared machine does not inflate the way it inflates wall time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
