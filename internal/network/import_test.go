package network_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/network"
)

// gephiGEXF is shaped like Gephi's own exports: GEXF 1.2draft, an attribute
// with a default, visual attributes, a NaN metric and directed edges with ids.
const gephiGEXF = `<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" version="1.2">
  <meta lastmodifieddate="2026-01-01"><creator>Gephi 0.10</creator><description></description></meta>
  <graph defaultedgetype="directed" mode="static">
    <attributes class="node" mode="static">
      <attribute id="modularity_class" title="Modularity Class" type="integer"></attribute>
      <attribute id="clustering" title="Clustering Coefficient" type="double"></attribute>
      <attribute id="org" title="organization" type="string"><default>unknown</default></attribute>
    </attributes>
    <nodes>
      <node id="0" label="Ana">
        <attvalues>
          <attvalue for="modularity_class" value="1"></attvalue>
          <attvalue for="clustering" value="NaN"></attvalue>
          <attvalue for="org" value="Sunrise"></attvalue>
        </attvalues>
        <viz:size value="10.0"></viz:size>
        <viz:position x="1.5" y="-2.0"></viz:position>
        <viz:color r="255" g="0" b="0"></viz:color>
      </node>
      <node id="1" label="Ben">
        <attvalues><attvalue for="modularity_class" value="2"/><attvalue for="clustering" value="0.5"/></attvalues>
      </node>
    </nodes>
    <edges>
      <edge id="0" source="0" target="1" weight="2.0"/>
      <edge id="1" source="1" target="0" weight="1.0"/>
    </edges>
  </graph>
</gexf>`

// yedGraphML has yFiles graphics keys, a key for all elements, a graph key,
// a default, white space around typed data and a nested graph.
const yedGraphML = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <key for="graph" id="d0" attr.name="Description" attr.type="string"/>
  <key for="all" id="d1" attr.name="note" attr.type="string"><default>none</default></key>
  <key for="node" id="d2" attr.name="label" attr.type="string"/>
  <key for="node" id="d3" attr.name="size" attr.type="int"/>
  <key for="edge" id="d4" attr.name="weight" attr.type="double"/>
  <graph edgedefault="directed" id="G">
    <data key="d0">a yEd graph</data>
    <node id="n0">
      <data key="d6"><y:ShapeNode><y:NodeLabel>Ana</y:NodeLabel></y:ShapeNode></data>
      <data key="d2">Ana</data>
      <data key="d3">
        3
      </data>
    </node>
    <node id="n1">
      <data key="d1">hello</data>
      <graph id="n1:" edgedefault="directed"><node id="n1::n0"/></graph>
    </node>
    <edge id="e0" source="n0" target="n1"><data key="d4"> 0.5 </data></edge>
  </graph>
</graphml>`

func TestImportThirdPartyFiles(t *testing.T) {
	t.Parallel()
	t.Run("gephi gexf", func(t *testing.T) {
		g, f, err := network.Import(strings.NewReader(gephiGEXF))
		if err != nil || f != network.FormatGEXF {
			t.Fatalf("import = %q, %v", f, err)
		}
		wantDecls := []network.AttrDecl{{Key: "Modularity Class", Type: network.AttrInteger}, {Key: "Clustering Coefficient", Type: network.AttrDouble}, {Key: "organization", Type: network.AttrString}}
		if !equalDecls(g.NodeAttrs, wantDecls) {
			t.Errorf("node attributes = %v, want %v", g.NodeAttrs, wantDecls)
		}
		checkNode(t, g.Nodes[0], "0", "Ana", map[string]string{"Modularity Class": "1", "organization": "Sunrise"})
		checkNode(t, g.Nodes[1], "1", "Ben", map[string]string{"Modularity Class": "2", "Clustering Coefficient": "0.5", "organization": "unknown"})
		if len(g.Edges) != 2 || g.Edges[0].Weight != 2 || g.Edges[1].Source != "1" {
			t.Errorf("ties = %+v, want both directed edges, weight 2 and 1", g.Edges)
		}
	})
	t.Run("yed graphml", func(t *testing.T) {
		g, f, err := network.Import(strings.NewReader(yedGraphML))
		if err != nil || f != network.FormatGraphML {
			t.Fatalf("import = %q, %v", f, err)
		}
		if len(g.Nodes) != 2 {
			t.Fatalf("%d nodes, want 2 (the nested graph is ignored)", len(g.Nodes))
		}
		checkNode(t, g.Nodes[0], "n0", "Ana", map[string]string{"note": "none", "size": "3"})
		checkNode(t, g.Nodes[1], "n1", "", map[string]string{"note": "hello"})
		if len(g.Edges) != 1 || g.Edges[0].Weight != 0.5 || g.Edges[0].Attrs["note"] != "none" {
			t.Errorf("ties = %+v, want n0–n1 weight 0.5 note none", g.Edges)
		}
	})
}

func equalDecls(a, b []network.AttrDecl) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func checkNode(t *testing.T, n network.ExportNode, id, label string, attrs map[string]string) {
	t.Helper()
	if n.ID != id || n.Label != label || !sameAttrs(n.Attrs, attrs) {
		t.Errorf("node = %q %q %v, want %q %q %v", n.ID, n.Label, n.Attrs, id, label, attrs)
	}
}

func TestImportBadFiles(t *testing.T) {
	t.Parallel()
	const gexfHead = `<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph>`
	const graphmlHead = `<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="undirected">`
	tests := []struct{ name, file, want string }{
		{"empty", " \n", "the file is empty"},
		{"plain text", "a b\nb c\n", "not a GEXF, GraphML or Kumu JSON file"},
		{"other xml", `<svg xmlns="http://www.w3.org/2000/svg"/>`, "root element <svg>"},
		{"truncated", gexfHead + "<nodes><node id=\"a\"/>", "unexpected EOF"},
		{"malformed", gexfHead + "\n<nodes>\n<node id=\"a\" label=\"<\"/></nodes></graph></gexf>", "gexf line 3:"},
		{"external entity", `<!DOCTYPE gexf [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + gexfHead + `<nodes><node id="&x;"/></nodes></graph></gexf>`, "invalid character entity &x;"},
		{"undeclared attvalue", gexfHead + `<nodes><node id="a"><attvalues><attvalue for="9" value="x"/></attvalues></node></nodes></graph></gexf>`, `undeclared attribute "9"`},
		{"node without id", gexfHead + `<nodes><node label="x"/></nodes></graph></gexf>`, "a node has no id"},
		{"tie to nowhere", gexfHead + `<nodes><node id="a"/></nodes><edges><edge source="a" target="b"/></edges></graph></gexf>`, `"b" is not a node`},
		{"repeated node", graphmlHead + `<node id="a"/><node id="a"/></graph></graphml>`, `node "a" is listed twice`},
		{"bad weight", gexfHead + `<nodes><node id="a"/><node id="b"/></nodes><edges><edge source="a" target="b" weight="heavy"/></edges></graph></gexf>`, `weight "heavy"`},
		{"bad integer", `<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><key id="k" for="node" attr.name="n" attr.type="int"/>` +
			`<graph edgedefault="undirected"><node id="a"><data key="k">many</data></node></graph></graphml>`, `"many" is not a whole number`},
		{"hyperedge", graphmlHead + `<node id="a"/><hyperedge><endpoint node="a"/></hyperedge></graph></graphml>`, "hyperedges are not supported"},
		{"reserved key", `<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><key id="k" for="node" attr.name="id" attr.type="string"/>` +
			graphmlHead[len(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns">`):] + `<node id="a"><data key="k">x</data></node></graph></graphml>`, `key "id" is reserved`},
		{"kumu without elements", `{"nodes":[]}`, `no "elements" list`},
		{"kumu bad json", `{"elements":[{"label":"A"},]}`, "kumu blueprint: invalid character"},
		{"kumu unknown end", `{"elements":[{"label":"A"}],"connections":[{"from":"A","to":"Z"}]}`, `connection 1: to "Z" is not an element`},
		{"kumu ambiguous label", `{"elements":[{"id":"1","label":"A"},{"id":"2","label":"A"},{"label":"B"}],"connections":[{"from":"A","to":"B"}]}`, `from "A" is not an element (or names several)`},
		{"kumu element without label", `{"elements":[{"type":"Person"}]}`, "element 1 has neither an id nor a label"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := network.Import(strings.NewReader(tt.file))
			if !errors.Is(err, network.ErrInvalidGraph) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want ErrInvalidGraph with %q", err, tt.want)
			}
		})
	}
}
