package seatgen

import (
	"reflect"
	"testing"
)

func TestGenerate(t *testing.T) {
	c := Config{Guests: 200, Orgs: 20, Zipf: 1, HostShare: 0.1, MaxHosts: 15, HistoryPairs: 300, Seed: 4}
	g1, h1 := Generate(c)
	g2, h2 := Generate(c)
	if !reflect.DeepEqual(g1, g2) || !reflect.DeepEqual(h1, h2) {
		t.Fatal("Generate() gave different instances for one config")
	}
	size := map[string]int{}
	hosts := 0
	for _, g := range g1 {
		size[g.Org]++
		if g.Host {
			hosts++
		}
	}
	if got, want := len(g1), 200; got != want {
		t.Errorf("guests = %d, want %d", got, want)
	}
	if got, want := len(size), 20; got != want {
		t.Errorf("organizations = %d, want %d", got, want)
	}
	if got, want := size["org01"], 5*size["org20"]; got < want {
		t.Errorf("largest organization %d, want at least %d (unequal sizes)", got, want)
	}
	if got, want := hosts, 15; got != want {
		t.Errorf("hosts = %d, want %d (capped)", got, want)
	}
	if got, want := len(h1), 300; got != want {
		t.Errorf("history pairs = %d, want %d", got, want)
	}
}
