package network

import (
	"testing"
	"time"
)

func TestScratchBig(t *testing.T) {
	t0 := time.Now()
	g, err := Generate(LedgerShape{Members: 30000, Ties: 300000, Organizations: 600, Cities: 8, WithinOrg: 0.6, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("gen %v", time.Since(t0))
	maxd := 0
	for i := range g.Len() {
		maxd = max(maxd, g.Degree(i))
	}
	t.Logf("maxdeg %d", maxd)
	step := func(name string, f func()) { t1 := time.Now(); f(); t.Logf("%s %v", name, time.Since(t1)) }
	step("components", func() { Components(g) })
	step("paths", func() { ps := ShortestPaths(g, DefaultExactLimit, DefaultPivots, 1); _ = ps })
	step("reach", func() { TwoStepReach(g) })
	step("constraint", func() { Constraint(g) })
	step("effsize", func() { EffectiveSize(g) })
	step("core", func() {
		cp := FindCorePeriphery(g)
		t.Logf("coreK %d size %d fit %.3f dens %.3f cfit %.3f", cp.CoreK, cp.CoreSize, cp.Fit, cp.CoreDensity, cp.CorenessFit)
	})
	step("leiden", func() { c := Communities(g, 1, 1); t.Logf("Q %.4f", Modularity(g, c, 1)) })
	step("frag", func() { Fragility(g) })
	step("ei", func() { EIIndex(g, "organization"); TieMatrix(g, "organization") })
	step("analyze", func() { Analyze(g, Options{Seed: 1}) })
}
