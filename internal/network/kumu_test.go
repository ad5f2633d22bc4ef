package network_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/network"
)

// TestKumuBlueprintShape checks the export against the blueprint Kumu
// documents: an object with exactly "elements" and "connections"; elements
// with a label (and an id, unique across elements and connections); custom
// fields as plain strings, numbers and booleans; connections "from" and "to"
// an element, with a direction Kumu knows.
func TestKumuBlueprintShape(t *testing.T) {
	t.Parallel()
	data := export(t, network.FormatKumu, sampleGraph())
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if keys := sortedKeys(doc); !slices.Equal(keys, []string{"connections", "elements"}) {
		t.Fatalf("top-level keys = %v, want connections and elements", keys)
	}
	var elements, connections []map[string]any
	if err := json.Unmarshal(doc["elements"], &elements); err != nil {
		t.Fatalf("elements is not a list of objects: %v", err)
	}
	if err := json.Unmarshal(doc["connections"], &connections); err != nil {
		t.Fatalf("connections is not a list of objects: %v", err)
	}
	ids := map[string]bool{}
	for i, el := range elements {
		label, _ := el["label"].(string)
		id, _ := el["id"].(string)
		if label == "" || id == "" || ids[id] {
			t.Errorf("element %d: label %q id %q: want both, the id unique", i, label, id)
		}
		ids[id] = true
		checkScalars(t, "element "+id, el)
	}
	wantTypes := map[string]any{"community": 0.0, "score": 0.0, "steward": false, "organization": ""}
	for k, w := range wantTypes {
		if v, ok := elements[0][k]; !ok || !sameKind(v, w) {
			t.Errorf("element m1 %s = %#v, want a %T", k, v, w)
		}
	}
	for i, c := range connections {
		from, _ := c["from"].(string)
		to, _ := c["to"].(string)
		if !ids[from] || !ids[to] {
			t.Errorf("connection %d from %q to %q: want element ids", i, from, to)
		}
		if d := c["direction"]; d != "undirected" {
			t.Errorf("connection %d direction = %v, want undirected", i, d)
		}
		if _, ok := c["id"]; ok {
			t.Errorf("connection %d has an id: ids must be unique across elements and connections", i)
		}
		checkScalars(t, "connection", c)
	}
	if w, ok := connections[0]["weight"].(float64); !ok || w != 2.5 {
		t.Errorf("connection 0 weight = %v, want 2.5", connections[0]["weight"])
	}
	if _, ok := connections[2]["weight"]; ok {
		t.Errorf("unweighted connection has a weight: %v", connections[2])
	}
	if !bytes.HasPrefix(data, []byte("{\"elements\":[\n{")) || bytes.Count(data, []byte("\n")) != len(elements)+len(connections)+3 {
		t.Errorf("want one element or connection a line:\n%s", data)
	}
}

func checkScalars(t *testing.T, what string, obj map[string]any) {
	t.Helper()
	for k, v := range obj {
		switch v.(type) {
		case string, float64, bool:
		default:
			t.Errorf("%s field %q = %#v: want a string, number or boolean", what, k, v)
		}
	}
}

func sameKind(a, b any) bool {
	switch b.(type) {
	case float64:
		_, ok := a.(float64)
		return ok
	case bool:
		_, ok := a.(bool)
		return ok
	case string:
		_, ok := a.(string)
		return ok
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestImportKumuDocumented reads the blueprint examples of Kumu's guide:
// labels only, custom fields and tags, and ids for repeated labels.
func TestImportKumuDocumented(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc string
		nodes     []string // id=label
		ties      []string // source-target
		attrs     map[string]string
	}{
		{"labels only", `{"elements":[{"label":"A"},{"label":"B"}],"connections":[{"from":"A","to":"B"}]}`,
			[]string{"A=A", "B=B"}, []string{"A-B"}, nil},
		{"fields and tags", `{"elements":[
			{"label":"A","type":"Letter","description":"This is A","tags":["one","two"]},
			{"label":"B","type":"Letter","Favorite Dessert":"shave ice"}],
			"connections":[{"from":"A","to":"B","type":"likes","direction":"mutual"}]}`,
			[]string{"A=A", "B=B"}, []string{"A-B"}, map[string]string{"type": "Letter", "tags": "one|two", "description": "This is A"}},
		{"ids for repeated labels", `{"elements":[{"id":"e1","label":"A"},{"id":"e2","label":"A"}],
			"connections":[{"id":"c1","from":"e1","to":"e2"}]}`,
			[]string{"e1=A", "e2=A"}, []string{"e1-e2"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, f, err := network.Import(strings.NewReader(tt.doc))
			if err != nil || f != network.FormatKumu {
				t.Fatalf("import = %q, %v", f, err)
			}
			var nodes, ties []string
			for _, n := range g.Nodes {
				nodes = append(nodes, n.ID+"="+n.Label)
			}
			for _, e := range g.Edges {
				ties = append(ties, e.Source+"-"+e.Target)
			}
			if !slices.Equal(nodes, tt.nodes) || !slices.Equal(ties, tt.ties) {
				t.Errorf("nodes %v ties %v, want %v %v", nodes, ties, tt.nodes, tt.ties)
			}
			for k, v := range tt.attrs {
				if got := g.Nodes[0].Attrs[k]; got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
		})
	}
}
