package demo

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestNetworkDeterministic(t *testing.T) {
	t.Parallel()
	a, b := Network(Small, 7), Network(Small, 7)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed gave different networks")
	}
	c := Network(Small, 8)
	if reflect.DeepEqual(a.Members[0], c.Members[0]) && reflect.DeepEqual(a.Organizations[0], c.Organizations[0]) {
		t.Error("different seeds gave the same network")
	}
}

func TestNetworkShape(t *testing.T) {
	t.Parallel()
	sizes := []struct {
		size          Size
		members, orgs int
	}{{Small, 300, 25}, {Medium, 3000, 150}, {Large, 30000, 1000}}
	for _, s := range sizes {
		for _, seed := range []uint64{1, 2, 3} {
			if testing.Short() && s.size == Large {
				continue
			}
			net := Network(s.size, seed)
			t.Run(fmt.Sprintf("%s/seed%d", s.size, seed), func(t *testing.T) {
				checkCount(t, "members", len(net.Members), s.members)
				checkCount(t, "organizations", len(net.Organizations), s.orgs)
				checkValid(t, net)
				checkAffiliations(t, net)
				checkHeavyTail(t, net)
				checkLanguages(t, net)
				checkGroups(t, net)
			})
		}
	}
}

func checkCount(t *testing.T, what string, got, want int) {
	t.Helper()
	if got < want*9/10 || got > want*11/10 {
		t.Errorf("%s got %d, want %d ± 10%%", what, got, want)
	}
}

func checkValid(t *testing.T, net DemoNetwork) {
	t.Helper()
	ids := make([]int64, len(net.Organizations))
	names := map[string]bool{}
	for i, o := range net.Organizations {
		ids[i] = int64(i + 1)
		c := o.Organization
		if err := c.Validate(); err != nil || !reflect.DeepEqual(c, o.Organization) {
			t.Fatalf("organization %d %q: %v", i, o.Organization.Name, err)
		}
		if names[strings.ToLower(c.Name)] || len(o.Cities) == 0 || !knownCity(o.Cities[0]) {
			t.Fatalf("organization %q repeated or without a known city (%v)", c.Name, o.Cities)
		}
		names[strings.ToLower(c.Name)] = true
	}
	emails := map[string]bool{}
	for _, m := range net.Members {
		full := m.WithOrganizationIDs(ids)
		if err := full.Validate(); err != nil {
			t.Fatalf("member %s: %v", m.Member.Email, err)
		}
		if emails[m.Member.Email] || !strings.HasSuffix(m.Member.Email, "@demo.kindred.example") {
			t.Fatalf("email %q repeated or outside the demo domain", m.Member.Email)
		}
		emails[m.Member.Email] = true
		if !knownCity(m.Member.CityName) {
			t.Fatalf("member %s: city %q is not in Cities", m.Member.Email, m.Member.CityName)
		}
	}
}

func knownCity(name string) bool {
	for _, c := range Cities {
		if c.Name == name {
			return true
		}
	}
	return false
}

func checkAffiliations(t *testing.T, net DemoNetwork) {
	t.Helper()
	total := 0
	for _, m := range net.Members {
		total += len(m.Affiliations)
		current, primaries := 0, 0
		for _, a := range m.Affiliations {
			if a.Affiliation.Current() {
				current++
			}
			if a.Affiliation.Primary {
				primaries++
			}
			if a.Organization < 0 || a.Organization >= len(net.Organizations) ||
				net.Organizations[a.Organization].Organization.Name != a.Affiliation.OrganizationName {
				t.Fatalf("member %s: affiliation %+v does not match its organization", m.Member.Email, a)
			}
		}
		if current > 0 && primaries != 1 {
			t.Fatalf("member %s: %d current affiliations, %d primary; want exactly 1 primary", m.Member.Email, current, primaries)
		}
	}
	avg := float64(total) / float64(len(net.Members))
	if avg < 1.3 || avg > 1.7 {
		t.Errorf("affiliations per member got %.2f, want 1.3–1.7", avg)
	}
}

func checkHeavyTail(t *testing.T, net DemoNetwork) {
	t.Helper()
	people := make([]int, len(net.Organizations))
	for _, m := range net.Members {
		for _, a := range m.Affiliations {
			people[a.Organization]++
		}
	}
	sort.Ints(people)
	median, largest := people[len(people)/2], people[len(people)-1]
	if largest < 10*median {
		t.Errorf("largest organization has %d people, median %d; want at least 10×", largest, median)
	}
}

func checkLanguages(t *testing.T, net DemoNetwork) {
	t.Helper()
	first := map[string]int{}
	multi := 0
	for _, m := range net.Members {
		if len(m.Member.Languages) == 0 {
			t.Fatalf("member %s speaks no language", m.Member.Email)
		}
		first[m.Member.Languages[0]]++
		if len(m.Member.Languages) > 1 {
			multi++
		}
	}
	for _, l := range []string{"en", "es", "pt", "sw"} {
		if first[l] == 0 {
			t.Errorf("no member speaks %s first (%v)", l, first)
		}
	}
	if multi < len(net.Members)/3 {
		t.Errorf("%d of %d members speak several languages; want at least a third", multi, len(net.Members))
	}
}

func checkGroups(t *testing.T, net DemoNetwork) {
	t.Helper()
	if len(net.Networks) < 2 || len(net.Networks) > 4 {
		t.Errorf("got %d networks of organizations, want 2–4", len(net.Networks))
	}
	for _, g := range net.Networks {
		if len(g.Organizations) < 2 {
			t.Errorf("network %q has %d organizations", g.Network.Name, len(g.Organizations))
		}
	}
}

// BenchmarkNetwork times the generator; the large network should take well
// under two seconds.
func BenchmarkNetwork(b *testing.B) {
	for _, s := range []Size{Small, Medium, Large} {
		b.Run(string(s), func(b *testing.B) {
			for b.Loop() {
				Network(s, 1)
			}
		})
	}
}
