package network_test

import (
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/network"
)

func ExampleAnalyze() {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	weights := network.DefaultTieWeights()
	b := network.NewBuilder()
	for _, m := range [][2]string{{"ana", "Sunrise"}, {"ben", "Sunrise"}, {"cal", "Sunrise"}, {"dee", "350"}, {"eve", "350"}} {
		b.AddNode(m[0], map[string]string{"organization": m[1]})
	}
	ties := []struct {
		a, b, kind string
		at         time.Time
	}{
		{"ana", "ben", "collaborated", now.AddDate(0, -1, 0)},
		{"ben", "cal", "met", now.AddDate(-1, 0, 0)},
		{"cal", "ana", "met", now},
		{"dee", "eve", "nominated", now},
		{"cal", "dee", "met", now},
	}
	for _, t := range ties {
		w, err := weights.Weight(t.kind, t.at, now)
		if err != nil {
			panic(err)
		}
		if err := b.AddTie(t.a, t.b, w); err != nil {
			panic(err)
		}
	}
	g := b.Build()
	a, err := network.Analyze(g, network.Options{Seed: 1})
	if err != nil {
		panic(err)
	}
	fmt.Printf("communities %d, E–I by organization %.2f\n", a.CommunityCount, a.Bridging[0].EI)
	fmt.Printf("cut points: %s breaks off %d\n", a.CutPoints[0].ID, a.CutPoints[0].BreaksOff)
	stage, _ := network.AssessStage([]network.Snapshot{network.SnapshotOf(g, a, now)})
	fmt.Println("stage:", stage.Stage)
	// Output:
	// communities 2, E–I by organization -0.60
	// cut points: cal breaks off 2
	// stage: multi-hub
}
