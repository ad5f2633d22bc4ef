package network

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Import reads a graph in any format Export writes, telling them apart by
// their content: GEXF (1.1, 1.2 or 1.3), GraphML or a Kumu blueprint. It
// returns the graph and the format it found.
//
// Ties are read as undirected whatever the file says. Attribute values keep
// their text (numbers as written); typed values that are not finite numbers
// (Gephi's NaN) are left out, and declared defaults are filled in. GEXF
// hierarchies, dynamics and visual attributes, GraphML ports and nested
// graphs, and yFiles graphics are ignored.
//
// A file that is not well formed, or whose graph Export would refuse (see
// Export: repeated ids, ties to unknown nodes, reserved keys, values not of
// their type), returns an error wrapping ErrInvalidGraph, with the line for
// XML problems; read errors are returned wrapped.
func Import(r io.Reader) (*ExportGraph, Format, error) {
	br := bufio.NewReader(r)
	first, err := firstSignificantByte(br)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, "", fmt.Errorf("import: the file is empty: %w", ErrInvalidGraph)
		}
		return nil, "", fmt.Errorf("import: %w", err)
	}
	var g *ExportGraph
	var f Format
	switch first {
	case '{':
		f = FormatKumu
		g, err = readKumu(br)
	case '<':
		g, f, err = readXMLGraph(br)
	default:
		err = fmt.Errorf("not a GEXF, GraphML or Kumu JSON file: %w", ErrInvalidGraph)
	}
	if err != nil {
		return nil, f, fmt.Errorf("import: %w", err)
	}
	p, err := planExport(g)
	if err != nil {
		return nil, f, fmt.Errorf("import %s: %w", f, err)
	}
	canonicalize(g, p)
	return g, f, nil
}

// canonicalize rewrites typed values in their shortest form ("1.0" is "1",
// "True" is "true"), as Export writes them; g has passed planExport.
func canonicalize(g *ExportGraph, p *exportPlan) {
	fix := func(attrs map[string]string, decls []AttrDecl) {
		for _, d := range decls {
			if v, ok := attrs[d.Key]; ok && d.Type != AttrString {
				attrs[d.Key], _ = canonicalValue(d.Type, v)
			}
		}
	}
	for i := range g.Nodes {
		fix(g.Nodes[i].Attrs, p.nodeAttrs)
	}
	for i := range g.Edges {
		fix(g.Edges[i].Attrs, p.edgeAttrs)
	}
}

// firstSignificantByte skips a byte-order mark and white space and returns
// the next byte without consuming it.
func firstSignificantByte(br *bufio.Reader) (byte, error) {
	for {
		r, _, err := br.ReadRune()
		if err != nil {
			return 0, err
		}
		if r == '\uFEFF' || r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			continue
		}
		if err := br.UnreadRune(); err != nil {
			return 0, err
		}
		b, err := br.Peek(1)
		if err != nil {
			return 0, err
		}
		return b[0], nil
	}
}

func readXMLGraph(r io.Reader) (*ExportGraph, Format, error) {
	dec := xml.NewDecoder(r)
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil, "", xmlError("xml", dec, err)
		}
		root, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		x := &xmlGraphReader{dec: dec, g: &ExportGraph{}, nodeKeys: map[string]xmlKey{}, edgeKeys: map[string]xmlKey{}, ignored: map[string]bool{}}
		switch root.Name.Local {
		case "gexf":
			x.format = FormatGEXF
			return x.g, FormatGEXF, x.read(x.gexfElement)
		case "graphml":
			x.format = FormatGraphML
			return x.g, FormatGraphML, x.read(x.graphmlElement)
		}
		return nil, "", fmt.Errorf("the root element <%s> is neither <gexf> nor <graphml>: %w", root.Name.Local, ErrInvalidGraph)
	}
}

// xmlError wraps a decoding error with the line it happened on.
func xmlError(format Format, dec *xml.Decoder, err error) error {
	line, _ := dec.InputPos()
	msg := err.Error()
	var syntax *xml.SyntaxError
	switch {
	case errors.Is(err, io.EOF):
		msg = "unexpected end of file"
	case errors.As(err, &syntax):
		line, msg = syntax.Line, syntax.Msg
	}
	return fmt.Errorf("%s line %d: %s: %w", format, line, msg, ErrInvalidGraph)
}

// xmlKey is a declared attribute of an XML graph file.
type xmlKey struct {
	name string
	typ  AttrType
	def  string // default value, "" for none
	role keyRole
}

type keyRole int

const (
	roleAttr   keyRole = iota
	roleLabel          // GraphML's node key named label
	roleWeight         // GraphML's edge key named weight
)

// keyValue is one value of a node or tie, by key id.
type keyValue struct{ key, value string }

// xmlGraphReader walks the elements of a GEXF or GraphML document, decoding
// one declaration, node or tie at a time.
type xmlGraphReader struct {
	dec                *xml.Decoder
	format             Format
	g                  *ExportGraph
	nodeKeys, edgeKeys map[string]xmlKey
	ignored            map[string]bool // GraphML keys without a name or for graphs and ports
}

// read calls element for every start element below the root until the end
// of the document; element handles it or descends into it.
func (x *xmlGraphReader) read(element func(xml.StartElement) error) error {
	for {
		tok, err := x.dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return xmlError(x.format, x.dec, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if err := element(se); err != nil {
				return err
			}
		}
	}
}

// fail reports a problem with the element that ends on the current line.
func (x *xmlGraphReader) fail(format string, args ...any) error {
	line, _ := x.dec.InputPos()
	return fmt.Errorf("%s line %d: %s: %w", x.format, line, fmt.Sprintf(format, args...), ErrInvalidGraph)
}

func (x *xmlGraphReader) decode(v any, se xml.StartElement) error {
	if err := x.dec.DecodeElement(v, &se); err != nil {
		return xmlError(x.format, x.dec, err)
	}
	return nil
}

func (x *xmlGraphReader) declare(class, id string, k xmlKey) error {
	keys, decls := x.nodeKeys, &x.g.NodeAttrs
	if class == "edge" {
		keys, decls = x.edgeKeys, &x.g.EdgeAttrs
	}
	if _, dup := keys[id]; dup {
		return x.fail("%s attribute id %q is declared twice", class, id)
	}
	if k.def != "" {
		k.def, _ = readValue(k.typ, k.def)
	}
	keys[id] = k
	if k.role == roleAttr {
		*decls = append(*decls, AttrDecl{Key: k.name, Type: k.typ})
	}
	return nil
}

// values turns key-value pairs into attributes, with the defaults of the
// keys not given, and returns the label or weight text when a key has that role.
func (x *xmlGraphReader) values(class string, keys map[string]xmlKey, kvs []keyValue) (attrs map[string]string, special string, err error) {
	attrs = make(map[string]string, len(kvs))
	for _, kv := range kvs {
		k, ok := keys[kv.key]
		if !ok {
			return nil, "", x.fail("%s value for undeclared attribute %q", class, kv.key)
		}
		v, ok := readValue(k.typ, kv.value)
		switch {
		case k.role != roleAttr:
			special = kv.value
		case ok:
			attrs[k.name] = v
		}
	}
	for _, k := range keys {
		if _, set := attrs[k.name]; !set && k.role == roleAttr && k.def != "" {
			attrs[k.name] = k.def
		}
	}
	if len(attrs) == 0 {
		attrs = nil
	}
	return attrs, special, nil
}

// readValue returns a value as read: typed values trimmed, strings as they
// are. ok is false for empty values and for doubles that are not finite.
func readValue(t AttrType, v string) (string, bool) {
	if t != AttrString {
		v = strings.TrimSpace(v)
	}
	if t == AttrDouble {
		if f, err := strconv.ParseFloat(v, 64); err == nil && (math.IsNaN(f) || math.IsInf(f, 0)) {
			return "", false
		}
	}
	return v, v != ""
}

// parseWeight reads a tie weight; "" is no weight.
func (x *xmlGraphReader) parseWeight(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	w, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(w) || math.IsInf(w, 0) {
		return 0, x.fail("weight %q is not a finite number", s)
	}
	return w, nil
}

func (x *xmlGraphReader) addEdge(source, target, weight string, attrs map[string]string) error {
	if source == "" || target == "" {
		return x.fail("a tie needs both a source and a target")
	}
	w, err := x.parseWeight(weight)
	if err != nil {
		return err
	}
	x.g.Edges = append(x.g.Edges, ExportEdge{Source: source, Target: target, Weight: w, Attrs: attrs})
	return nil
}
