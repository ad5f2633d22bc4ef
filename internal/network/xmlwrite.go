package network

import (
	"encoding/xml"
	"io"
	"strconv"
)

// Namespaces of the XML formats.
const (
	gexfNS    = "http://gexf.net/1.3"
	graphmlNS = "http://graphml.graphdrawing.org/xmlns"
)

// xmlWriter streams elements through encoding/xml, which escapes text and
// attribute values and replaces characters XML cannot hold. After the first
// error every call is a no-op and flush returns that error.
type xmlWriter struct {
	w     io.Writer
	enc   *xml.Encoder
	attrs []xml.Attr // reused: the encoder writes each token at once
	text  []byte     // reused likewise
	err   error
}

// newXMLWriter writes the XML declaration (UTF-8) and returns the writer.
func newXMLWriter(w io.Writer) *xmlWriter {
	_, err := io.WriteString(w, xml.Header)
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	return &xmlWriter{w: w, enc: enc, err: err}
}

func (x *xmlWriter) token(t xml.Token) {
	if x.err == nil {
		x.err = x.enc.EncodeToken(t)
	}
}

// start opens element name with attributes given as name, value pairs.
func (x *xmlWriter) start(name string, kv ...string) {
	x.attrs = x.attrs[:0]
	for i := 0; i+1 < len(kv); i += 2 {
		x.attrs = append(x.attrs, xml.Attr{Name: xml.Name{Local: kv[i]}, Value: kv[i+1]})
	}
	x.token(xml.StartElement{Name: xml.Name{Local: name}, Attr: x.attrs})
}

func (x *xmlWriter) end(name string) { x.token(xml.EndElement{Name: xml.Name{Local: name}}) }

// leaf writes an element without content.
func (x *xmlWriter) leaf(name string, kv ...string) {
	x.start(name, kv...)
	x.end(name)
}

// textElement writes <name kv…>text</name>.
func (x *xmlWriter) textElement(name, text string, kv ...string) {
	x.start(name, kv...)
	x.text = append(x.text[:0], text...)
	x.token(xml.CharData(x.text))
	x.end(name)
}

// flush writes out what the encoder holds and ends the file with a newline.
func (x *xmlWriter) flush() error {
	if x.err == nil {
		x.err = x.enc.Flush()
	}
	if x.err == nil {
		_, x.err = io.WriteString(x.w, "\n")
	}
	return x.err
}

// hasValues reports whether any declared attribute is set in attrs.
func hasValues(attrs map[string]string, decls []AttrDecl) bool {
	for _, d := range decls {
		if attrs[d.Key] != "" {
			return true
		}
	}
	return false
}

// gexfAttrIDs returns the ids "0", "1", … of n GEXF attribute declarations.
func gexfAttrIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = strconv.Itoa(i)
	}
	return ids
}

// writeGEXF writes GEXF 1.3: declarations, then nodes with their attvalues,
// then ties with their weight and attvalues.
func writeGEXF(w io.Writer, g *ExportGraph, p *exportPlan) error {
	x := newXMLWriter(w)
	x.start("gexf", "xmlns", gexfNS, "version", "1.3")
	x.start("meta")
	x.textElement("creator", "Kindred")
	x.end("meta")
	x.start("graph", "defaultedgetype", "undirected")
	nodeIDs, edgeIDs := gexfAttrIDs(len(p.nodeAttrs)), gexfAttrIDs(len(p.edgeAttrs))
	gexfDecls(x, "node", p.nodeAttrs, nodeIDs)
	gexfDecls(x, "edge", p.edgeAttrs, edgeIDs)
	x.start("nodes", "count", strconv.Itoa(len(g.Nodes)))
	for i := range g.Nodes {
		n := &g.Nodes[i]
		if label := cleanLabel(n.Label); label != "" {
			x.start("node", "id", n.ID, "label", label)
		} else {
			x.start("node", "id", n.ID)
		}
		gexfValues(x, n.Attrs, p.nodeAttrs, nodeIDs)
		x.end("node")
	}
	x.end("nodes")
	x.start("edges", "count", strconv.Itoa(len(g.Edges)))
	for i := range g.Edges {
		e := &g.Edges[i]
		if e.Weight != 0 {
			x.start("edge", "source", e.Source, "target", e.Target, "weight", formatWeight(e.Weight))
		} else {
			x.start("edge", "source", e.Source, "target", e.Target)
		}
		gexfValues(x, e.Attrs, p.edgeAttrs, edgeIDs)
		x.end("edge")
	}
	x.end("edges")
	x.end("graph")
	x.end("gexf")
	return x.flush()
}

// xmlType names an attribute type in GEXF and GraphML alike: integers are
// 64-bit, so long.
func xmlType(t AttrType) string {
	if t == AttrInteger {
		return "long"
	}
	return string(t)
}

func gexfDecls(x *xmlWriter, class string, decls []AttrDecl, ids []string) {
	if len(decls) == 0 {
		return
	}
	x.start("attributes", "class", class)
	for i, d := range decls {
		x.leaf("attribute", "id", ids[i], "title", d.Key, "type", xmlType(d.Type))
	}
	x.end("attributes")
}

func gexfValues(x *xmlWriter, attrs map[string]string, decls []AttrDecl, ids []string) {
	if !hasValues(attrs, decls) {
		return
	}
	x.start("attvalues")
	for i, d := range decls {
		if v, _ := canonicalValue(d.Type, attrs[d.Key]); v != "" {
			x.leaf("attvalue", "for", ids[i], "value", v)
		}
	}
	x.end("attvalues")
}

// writeGraphML writes GraphML: <key> declarations (the label and the weight
// are keys like the others, named "label" and "weight" as Gephi and networkx
// expect), then nodes and ties with their <data>.
func writeGraphML(w io.Writer, g *ExportGraph, p *exportPlan) error {
	x := newXMLWriter(w)
	x.start("graphml", "xmlns", graphmlNS)
	next := 0
	labelKey, weightKey := "", ""
	if p.labels {
		labelKey = graphmlKey(x, &next, "node", AttrDecl{Key: "label", Type: AttrString})
	}
	nodeIDs := graphmlKeys(x, &next, "node", p.nodeAttrs)
	if p.weights {
		weightKey = graphmlKey(x, &next, "edge", AttrDecl{Key: "weight", Type: AttrDouble})
	}
	edgeIDs := graphmlKeys(x, &next, "edge", p.edgeAttrs)
	x.start("graph", "edgedefault", "undirected")
	for i := range g.Nodes {
		n := &g.Nodes[i]
		x.start("node", "id", n.ID)
		if label := cleanLabel(n.Label); label != "" {
			x.textElement("data", label, "key", labelKey)
		}
		graphmlValues(x, n.Attrs, p.nodeAttrs, nodeIDs)
		x.end("node")
	}
	for i := range g.Edges {
		e := &g.Edges[i]
		x.start("edge", "source", e.Source, "target", e.Target)
		if e.Weight != 0 {
			x.textElement("data", formatWeight(e.Weight), "key", weightKey)
		}
		graphmlValues(x, e.Attrs, p.edgeAttrs, edgeIDs)
		x.end("edge")
	}
	x.end("graph")
	x.end("graphml")
	return x.flush()
}

// graphmlKey declares one key with the next free id "dN" and returns the id.
func graphmlKey(x *xmlWriter, next *int, class string, d AttrDecl) string {
	id := "d" + strconv.Itoa(*next)
	*next++
	x.leaf("key", "id", id, "for", class, "attr.name", d.Key, "attr.type", xmlType(d.Type))
	return id
}

func graphmlKeys(x *xmlWriter, next *int, class string, decls []AttrDecl) []string {
	ids := make([]string, len(decls))
	for i, d := range decls {
		ids[i] = graphmlKey(x, next, class, d)
	}
	return ids
}

func graphmlValues(x *xmlWriter, attrs map[string]string, decls []AttrDecl, ids []string) {
	for i, d := range decls {
		if v, _ := canonicalValue(d.Type, attrs[d.Key]); v != "" {
			x.textElement("data", v, "key", ids[i])
		}
	}
}
