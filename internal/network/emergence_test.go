package network

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestMatchCommunities(t *testing.T) {
	t.Parallel()
	prev := []Community{
		{ID: 7, Members: []string{"a", "b", "c", "d"}},
		{ID: 9, Members: []string{"e", "f", "g"}},
		{ID: 4, Members: []string{"p", "q"}},
	}
	next := []Community{
		{Members: []string{"h", "g", "f", "e"}},
		{Members: []string{"c", "b", "a"}},
		{Members: []string{"x", "y"}},
		{Members: []string{"p", "z", "w"}}, // Jaccard 0.25: a new community
	}
	got := MatchCommunities(prev, next, 0, 0)
	wantIDs := []int{9, 7, 10, 11}
	wantJ := []float64{0.75, 0.75, 0, 0}
	for k, c := range got {
		if c.ID != wantIDs[k] || !near(c.Jaccard, wantJ[k]) {
			t.Errorf("community %d = id %d jaccard %v, want %d, %v", k, c.ID, c.Jaccard, wantIDs[k], wantJ[k])
		}
	}
	if !slices.IsSorted(got[0].Members) || next[0].Members[0] != "h" {
		t.Errorf("members not sorted in result, or input modified")
	}
	// Two new communities overlapping the same old one: only the best keeps its id.
	split := MatchCommunities(prev[:1], []Community{{Members: []string{"a", "b"}}, {Members: []string{"a", "b", "c"}}}, 0.4, 20)
	if split[0].ID != 20 || split[1].ID != 7 {
		t.Errorf("split ids = %d, %d; want 20, 7", split[0].ID, split[1].ID)
	}
}

func TestJaccard(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b []string
		want float64
	}{
		{[]string{"a", "b"}, []string{"b", "c"}, 1.0 / 3},
		{[]string{"a"}, []string{"a", "a"}, 1},
		{nil, nil, 0},
	}
	for _, tt := range tests {
		if got := Jaccard(tt.a, tt.b); !near(got, tt.want) {
			t.Errorf("Jaccard(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func comm(id, internal, external int, members ...string) Community {
	return Community{ID: id, Members: members, Internal: internal, External: external}
}

func TestAssessStage(t *testing.T) {
	t.Parallel()
	cop1 := comm(0, 20, 4, "a", "b", "c", "d", "e", "f")
	cop2 := comm(1, 18, 4, "g", "h", "i", "j", "k")
	mature := Snapshot{LargestShare: 0.95, DegreeCentralization: 0.2, Hubs: 3, CoreFit: 0.6, CoreDensity: 0.7,
		Communities: []Community{cop1, cop2}}
	withCross := func(s Snapshot, x float64) Snapshot { s.CrossCommunityShare = x; return s }
	tests := []struct {
		name    string
		history []Snapshot
		want    Stage
		reason  string
	}{
		{"fragments", []Snapshot{{LargestShare: 0.3}}, StageFragments, "30%"},
		{"single hub", []Snapshot{{LargestShare: 1, DegreeCentralization: 0.9, Hubs: 1}}, StageSingleHub, "one hub"},
		{"multi-hub", []Snapshot{{LargestShare: 1, DegreeCentralization: 0.6}, {LargestShare: 1, DegreeCentralization: 0.3, Hubs: 3}},
			StageMultiHub, "falling"},
		{"core-periphery", []Snapshot{mature}, StageCorePeriphery, "fit is 0.60"},
		{"communities of practice", []Snapshot{mature, mature, mature}, StagePractice, "2 communities"},
		{"system of influence", []Snapshot{withCross(mature, 0.1), withCross(mature, 0.15), withCross(mature, 0.2)},
			StageInfluence, "rising"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AssessStage(tt.history)
			if err != nil {
				t.Fatal(err)
			}
			if got.Stage != tt.want {
				t.Errorf("stage = %s, want %s (reasons %q)", got.Stage, tt.want, got.Reasons)
			}
			if all := strings.Join(got.Reasons, " "); !strings.Contains(all, tt.reason) || got.Next == "" {
				t.Errorf("reasons %q, next %q; want mention of %q and a next step", all, got.Next, tt.reason)
			}
		})
	}
	if _, err := AssessStage(nil); !errors.Is(err, ErrNoSnapshots) {
		t.Errorf("empty history: err = %v, want ErrNoSnapshots", err)
	}
}

func TestAssessStageFromAnalysis(t *testing.T) {
	t.Parallel()
	g := star5(t)
	a, err := Analyze(g, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	got, err := AssessStage([]Snapshot{SnapshotOf(g, a, mustTime(t))})
	if err != nil || got.Stage != StageSingleHub {
		t.Errorf("star stage = %s, %v; want %s", got.Stage, err, StageSingleHub)
	}
}

func TestSnapshotOf(t *testing.T) {
	t.Parallel()
	g := cliques(t)
	a, err := Analyze(g, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	s := SnapshotOf(g, a, mustTime(t))
	if len(s.Communities) != 2 || s.Communities[0].Internal != 6 || s.Communities[0].External != 1 {
		t.Errorf("communities = %+v, want two with 6 ties inside and 1 across", s.Communities)
	}
}

func TestSuggestIntroductions(t *testing.T) {
	t.Parallel()
	b := NewBuilder()
	for _, m := range [][2]string{{"ana", "A"}, {"ben", "B"}, {"mia", "C"}, {"ann", "A"}, {"zoe", "D"}} {
		b.AddNode(m[0], map[string]string{"organization": m[1]})
	}
	for _, p := range [][2]string{{"ana", "mia"}, {"mia", "ben"}, {"mia", "ann"}, {"ben", "zoe"}, {"ana", "zoe"}} {
		if err := b.AddTie(p[0], p[1], 1); err != nil {
			t.Fatal(err)
		}
	}
	g := b.Build()
	profiles := map[string]Profile{
		"ana": {Asks: []string{"Grant writing"}, Interests: []string{"tenant organizing"}},
		"ben": {Offers: []string{"grant writing "}, Interests: []string{"Tenant Organizing"}},
		"ann": {Offers: []string{"grant writing"}}, // same organization as ana
		"zoe": {Offers: []string{"grant writing"}}, // already tied to ana
	}
	got := SuggestIntroductions(g, profiles, "organization", 10)
	if len(got) != 1 || got[0].A != "ana" || got[0].B != "ben" || !slices.Equal(got[0].Via, []string{"mia", "zoe"}) {
		t.Fatalf("introductions = %+v, want ana–ben via mia, zoe", got)
	}
	if got[0].Score != 3.2 {
		t.Errorf("score = %v, want 3.2 (ask/offer 2 + interest 1 + 2 mutual contacts)", got[0].Score)
	}
	if all := strings.Join(got[0].Reasons, " "); !strings.Contains(all, "2 members know both") || strings.Contains(all, "(s)") {
		t.Errorf("reasons %q, want \"2 members know both\" in plain words", got[0].Reasons)
	}
	if len(SuggestIntroductions(g, profiles, "organization", 0)) != 0 {
		t.Errorf("limit 0 should return nothing")
	}
}

func TestSuggestCoreLinksAndFragileBrokers(t *testing.T) {
	t.Parallel()
	pairs := []string{"c0 c1", "c0 c2", "c0 c3", "c1 c2", "c1 c3", "c2 c3", "c0 p1", "p1 p2"}
	g := build(t, pairs...)
	cp := FindCorePeriphery(g)
	profiles := map[string]Profile{"p2": {Asks: []string{"data"}}, "c3": {Offers: []string{"data"}}}
	links := SuggestCoreLinks(g, cp, profiles, "", 10)
	if len(links) == 0 || links[0].Member != "p2" || links[0].Core != "c3" {
		t.Fatalf("core links = %+v, want p2 → c3 first", links)
	}
	fb := FragileBrokers(g, 5)
	if len(fb) != 2 || fb[0].ID != "c0" || fb[0].BreaksOff != 2 || fb[1].ID != "p1" {
		t.Errorf("fragile brokers = %+v, want c0 (2 cut off) then p1", fb)
	}
}

func mustTime(t *testing.T) time.Time {
	t.Helper()
	return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
}

func TestSuggestWeaving(t *testing.T) {
	t.Parallel()
	g := build(t, "c0 c1", "c0 c2", "c0 c3", "c1 c2", "c1 c3", "c2 c3", "c0 p1", "p1 p2")
	w := SuggestWeaving(g, map[string]Profile{"p2": {Asks: []string{"data"}}, "c3": {Offers: []string{"data"}}}, "", 3)
	if len(w.CoreLinks) == 0 || len(w.Fragile) != 2 || len(w.Introductions) != 0 {
		t.Errorf("weaving = %+v, want core links, 2 fragile brokers, no introductions", w)
	}
}

// TestSuggestIntroductionsKeepsTheBest: keeping only the best few while
// scanning gives the first few of the whole ranking, on a generated ledger
// with many candidates of equal score.
func TestSuggestIntroductionsKeepsTheBest(t *testing.T) {
	t.Parallel()
	g, err := Generate(LedgerShape{Members: 600, Ties: 3000, Organizations: 30, Cities: 3, WithinOrg: 0.5, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	tags := []string{"grants", "data", "housing", "youth", "press"}
	profiles := map[string]Profile{}
	for i := range g.Len() {
		profiles[g.ID(i)] = Profile{Asks: []string{tags[i%5]}, Offers: []string{tags[(i/5)%5]}, Interests: []string{tags[(i/25)%5]}}
	}
	all := SuggestIntroductions(g, profiles, "organization", 1<<30)
	if len(all) < 100 {
		t.Fatalf("only %d candidates: the check needs many", len(all))
	}
	if !slices.IsSortedFunc(all, func(a, b Introduction) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), strings.Compare(a.A, b.A), strings.Compare(a.B, b.B))
	}) {
		t.Fatal("introductions are not best first, then by ids")
	}
	for _, limit := range []int{1, 7, 50} {
		got := SuggestIntroductions(g, profiles, "organization", limit)
		if len(got) != limit {
			t.Fatalf("limit %d: %d introductions", limit, len(got))
		}
		for i := range got {
			if got[i].A != all[i].A || got[i].B != all[i].B || got[i].Score != all[i].Score || !slices.Equal(got[i].Reasons, all[i].Reasons) {
				t.Fatalf("limit %d, #%d: %+v, want %+v", limit, i, got[i], all[i])
			}
		}
	}
}
