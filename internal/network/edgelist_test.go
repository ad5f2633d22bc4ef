package network

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseEdges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		edges   []Edge
		skipped []int // line numbers
		badLine []int // line numbers of an *InputError
	}{
		{"plain", "1 2\n2 3\n", []Edge{{"1", "2", 1, 1}, {"2", "3", 1, 2}}, nil, nil},
		{"string ids, tabs, weights", "alice\tbob 2.5\nbob carol\n",
			[]Edge{{"alice", "bob", 2.5, 1}, {"bob", "carol", 1, 2}}, nil, nil},
		{"comments and blank lines", "# survey 2026\n\n  \na b # met in Chicago\n",
			[]Edge{{"a", "b", 1, 4}}, nil, nil},
		{"byte order mark", "\ufeffa b\n", []Edge{{"a", "b", 1, 1}}, nil, nil},
		{"self-loop and duplicates skipped", "a a\na b\nb a\na b\n",
			[]Edge{{"a", "b", 1, 2}}, []int{1, 3, 4}, nil},
		{"windows line ends", "a b\r\nc d\r\n", []Edge{{"a", "b", 1, 1}, {"c", "d", 1, 2}}, nil, nil},
		{"empty", "", nil, nil, nil},
		{"bad lines", "a\na b c d\na b x\na b -1\na b NaN\nok fine\n", nil, nil, []int{1, 2, 3, 4, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			el, err := ParseEdges(strings.NewReader(tt.in))
			if tt.badLine != nil {
				var ie *InputError
				if !errors.As(err, &ie) {
					t.Fatalf("err = %v, want *InputError", err)
				}
				var got []int
				for _, li := range ie.Issues {
					got = append(got, li.Line)
				}
				if !slices.Equal(got, tt.badLine) {
					t.Errorf("bad lines = %v, want %v", got, tt.badLine)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(el.Edges, tt.edges) {
				t.Errorf("edges = %v, want %v", el.Edges, tt.edges)
			}
			var got []int
			for _, li := range el.Skipped {
				got = append(got, li.Line)
			}
			if !slices.Equal(got, tt.skipped) {
				t.Errorf("skipped lines = %v, want %v", got, tt.skipped)
			}
		})
	}
}

func TestParseNodes(t *testing.T) {
	t.Parallel()
	nodes, skipped, err := ParseNodes(strings.NewReader("# members\na Sierra Club\nb 350\na Sierra Club\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []NodeLine{{"a", "Sierra Club", 2}, {"b", "350", 3}}
	if !slices.Equal(nodes, want) || len(skipped) != 1 || skipped[0].Line != 4 {
		t.Errorf("nodes = %v skipped %v, want %v and line 4 skipped", nodes, skipped, want)
	}
	_, _, err = ParseNodes(strings.NewReader("a x\nlonely\na y\n"))
	var ie *InputError
	if !errors.As(err, &ie) || len(ie.Issues) != 2 || ie.Issues[0].Line != 2 || ie.Issues[1].Line != 3 {
		t.Errorf("err = %v, want lines 2 and 3", err)
	}
}

func FuzzParseEdges(f *testing.F) {
	for _, s := range []string{
		"1 2\n2 3\n", "a b 0.5\n# c\n\nb a\n", "x x\n", "a\n", "a b c d\n", "\ufeffa b\r\n",
		"a b 1e308\na c 1e-320\n", "a b # c d e\n", "a b Inf\n", " \t \n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		el, err := ParseEdges(strings.NewReader(in))
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || len(ie.Issues) == 0 {
				t.Fatalf("err = %v, want *InputError with issues", err)
			}
			return
		}
		seen := make(map[[2]string]bool)
		b := NewBuilder()
		for _, e := range el.Edges {
			key := [2]string{min(e.Src, e.Dst), max(e.Src, e.Dst)}
			if seen[key] {
				t.Fatalf("pair %v kept twice", key)
			}
			seen[key] = true
			if strings.ContainsAny(e.Src+e.Dst, " \t\n#") && !strings.Contains(e.Src+e.Dst, "#") {
				t.Fatalf("id with whitespace: %q %q", e.Src, e.Dst)
			}
			if err := b.AddTie(e.Src, e.Dst, e.Weight); err != nil {
				t.Fatalf("parsed edge %+v refused: %v", e, err)
			}
		}
		if g := b.Build(); g.Ties() != len(el.Edges) {
			t.Fatalf("graph has %d ties, want %d", g.Ties(), len(el.Edges))
		}
	})
}
