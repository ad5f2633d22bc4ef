package network

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// writeKumu writes Kumu's JSON blueprint, one element or connection a line:
//
//	{"elements":[
//	{"id":"m1","label":"Ana","organization":"Sunrise","degree":3},
//	…],"connections":[
//	{"from":"m1","to":"m2","direction":"undirected","weight":2,"kind":"met"},
//	…]}
//
// Elements carry their id so that members with the same name stay apart;
// a node without a label is labelled with its id (Kumu requires one).
// Integers, doubles and booleans are JSON numbers and booleans; attributes
// named type, description or tags fill Kumu's fields of those names.
func writeKumu(w io.Writer, g *ExportGraph, p *exportPlan) error {
	j := &jsonLines{w: w}
	j.buf = append(j.buf, `{"elements":[`...)
	for i := range g.Nodes {
		n := &g.Nodes[i]
		j.open(i)
		j.field("id", n.ID)
		label := cleanLabel(n.Label)
		if label == "" {
			label = n.ID
		}
		j.field("label", label)
		j.attrs(n.Attrs, p.nodeAttrs)
		if err := j.close(); err != nil {
			return err
		}
	}
	j.buf = append(j.buf, "\n],\"connections\":["...)
	for i := range g.Edges {
		e := &g.Edges[i]
		j.open(i)
		j.field("from", e.Source)
		j.field("to", e.Target)
		j.field("direction", "undirected")
		if e.Weight != 0 {
			j.key("weight")
			j.double(formatWeight(e.Weight))
		}
		j.attrs(e.Attrs, p.edgeAttrs)
		if err := j.close(); err != nil {
			return err
		}
	}
	j.buf = append(j.buf, "\n]}\n"...)
	_, err := w.Write(j.buf)
	return err
}

// jsonLines builds one JSON object at a time in a reused buffer.
type jsonLines struct {
	w     io.Writer
	buf   []byte
	first bool // no field written yet in the open object
}

func (j *jsonLines) open(i int) {
	if i > 0 {
		j.buf = append(j.buf, ',')
	}
	j.buf = append(j.buf, "\n{"...)
	j.first = true
}

// close ends the object and writes the buffer out.
func (j *jsonLines) close() error {
	j.buf = append(j.buf, '}')
	_, err := j.w.Write(j.buf)
	j.buf = j.buf[:0]
	return err
}

func (j *jsonLines) key(k string) {
	if !j.first {
		j.buf = append(j.buf, ',')
	}
	j.first = false
	j.buf = appendJSONString(j.buf, k)
	j.buf = append(j.buf, ':')
}

func (j *jsonLines) field(k, v string) {
	j.key(k)
	j.buf = appendJSONString(j.buf, v)
}

func (j *jsonLines) attrs(attrs map[string]string, decls []AttrDecl) {
	for _, d := range decls {
		v, _ := canonicalValue(d.Type, attrs[d.Key])
		switch {
		case v == "":
		case d.Type == AttrString:
			j.field(d.Key, v)
		case d.Type == AttrDouble:
			j.key(d.Key)
			j.double(v)
		default: // canonical integers and booleans are JSON literals
			j.key(d.Key)
			j.buf = append(j.buf, v...)
		}
	}
}

// double appends a canonical double, with ".0" when it looks like an
// integer so that it is read back as a double.
func (j *jsonLines) double(v string) {
	j.buf = append(j.buf, v...)
	if !strings.ContainsAny(v, ".e") {
		j.buf = append(j.buf, ".0"...)
	}
}

// appendJSONString appends s as a JSON string. Control characters, quotes
// and backslashes are escaped, and so are <, >, & and U+2028/U+2029 so the
// file is also safe inside HTML and JavaScript. Invalid UTF-8 becomes U+FFFD.
func appendJSONString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				buf = append(buf, '\\', c)
			case c == '\n':
				buf = append(buf, '\\', 'n')
			case c == '\r':
				buf = append(buf, '\\', 'r')
			case c == '\t':
				buf = append(buf, '\\', 't')
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				buf = append(buf, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			buf = append(buf, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			buf = append(buf, `\u202`...)
			buf = append(buf, hex[r&0xf])
		default:
			buf = append(buf, s[i:i+size]...)
		}
		i += size
	}
	return append(buf, '"')
}

// kumuValue is one attribute value read from a blueprint.
type kumuValue struct {
	typ  AttrType
	text string
}

// readKumu reads a Kumu blueprint. Elements are keyed by their id, or by
// their label when they have none; connections may name either. Numbers,
// booleans and strings become attributes of the matching type (a key whose
// values mix types is a string), arrays of values such as tags are joined
// with "|" as in Kumu's spreadsheets, and objects and nulls are left out.
// Connection directions are ignored: ties are undirected.
func readKumu(r io.Reader) (*ExportGraph, error) {
	var doc struct {
		Elements    []map[string]json.RawMessage `json:"elements"`
		Connections []map[string]json.RawMessage `json:"connections"`
	}
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("kumu blueprint: %v: %w", err, ErrInvalidGraph)
	}
	if doc.Elements == nil {
		return nil, fmt.Errorf("kumu blueprint: no \"elements\" list: %w", ErrInvalidGraph)
	}
	g := &ExportGraph{Nodes: make([]ExportNode, 0, len(doc.Elements)), Edges: make([]ExportEdge, 0, len(doc.Connections))}
	nodeVals, byLabel, err := kumuElements(g, doc.Elements)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]bool, len(g.Nodes))
	for _, n := range g.Nodes {
		byID[n.ID] = true
	}
	var edgeVals []map[string]kumuValue
	for i, c := range doc.Connections {
		e, vals, err := kumuConnection(c, byID, byLabel)
		if err != nil {
			return nil, fmt.Errorf("kumu connection %d: %w", i+1, err)
		}
		g.Edges = append(g.Edges, e)
		edgeVals = append(edgeVals, vals)
	}
	g.NodeAttrs = settleKumuTypes(nodeVals, func(i int, m map[string]string) { g.Nodes[i].Attrs = m })
	g.EdgeAttrs = settleKumuTypes(edgeVals, func(i int, m map[string]string) { g.Edges[i].Attrs = m })
	return g, nil
}

// kumuElements adds the elements as nodes and returns their raw attribute
// values and an index from unambiguous labels to ids.
func kumuElements(g *ExportGraph, elements []map[string]json.RawMessage) ([]map[string]kumuValue, map[string]string, error) {
	vals := make([]map[string]kumuValue, 0, len(elements))
	byLabel := make(map[string]string, len(elements))
	for i, el := range elements {
		id, _ := kumuText(el["id"])
		label, _ := kumuText(el["label"])
		if id == "" {
			id = label
		}
		if id == "" {
			return nil, nil, fmt.Errorf("kumu element %d has neither an id nor a label: %w", i+1, ErrInvalidGraph)
		}
		if other, seen := byLabel[label]; seen && other != id {
			byLabel[label] = "" // ambiguous: connections must use ids
		} else {
			byLabel[label] = id
		}
		m, err := kumuAttrs(el, "id", "label")
		if err != nil {
			return nil, nil, fmt.Errorf("kumu element %q: %w", id, err)
		}
		g.Nodes = append(g.Nodes, ExportNode{ID: id, Label: label})
		vals = append(vals, m)
	}
	return vals, byLabel, nil
}

func kumuConnection(c map[string]json.RawMessage, byID map[string]bool, byLabel map[string]string) (ExportEdge, map[string]kumuValue, error) {
	var e ExportEdge
	for _, end := range []struct {
		key string
		to  *string
	}{{"from", &e.Source}, {"to", &e.Target}} {
		name, _ := kumuText(c[end.key])
		switch id := byLabel[name]; {
		case byID[name]:
			*end.to = name
		case id != "":
			*end.to = id
		default:
			return e, nil, fmt.Errorf("%s %q is not an element (or names several): %w", end.key, name, ErrInvalidGraph)
		}
	}
	if raw, ok := c["weight"]; ok && string(raw) != "null" {
		w, err := strconv.ParseFloat(string(raw), 64)
		if err != nil {
			return e, nil, fmt.Errorf("weight %s is not a number: %w", raw, ErrInvalidGraph)
		}
		e.Weight = w
	}
	m, err := kumuAttrs(c, "id", "from", "to", "direction", "weight")
	return e, m, err
}

// kumuText returns a JSON string's value, or a number's literal.
func kumuText(raw json.RawMessage) (string, bool) {
	v, ok, _ := kumuDecode(raw)
	return v.text, ok && v.typ != AttrBoolean
}

// kumuAttrs decodes every field but the skipped ones.
func kumuAttrs(obj map[string]json.RawMessage, skip ...string) (map[string]kumuValue, error) {
	m := make(map[string]kumuValue, len(obj))
	for k, raw := range obj {
		if slices.Contains(skip, k) {
			continue
		}
		v, ok, err := kumuDecode(raw)
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", k, err)
		}
		if ok && v.text != "" {
			m[k] = v
		}
	}
	return m, nil
}

// kumuDecode reads one JSON value; ok is false for null, objects and
// absent values.
func kumuDecode(raw json.RawMessage) (kumuValue, bool, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return kumuValue{}, false, nil
	}
	switch raw[0] {
	case 'n', '{':
		return kumuValue{}, false, nil
	case 't', 'f':
		return kumuValue{AttrBoolean, string(raw)}, true, nil
	case '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return kumuValue{AttrString, s}, err == nil, err
	case '[':
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return kumuValue{}, false, err
		}
		parts := make([]string, 0, len(items))
		for _, it := range items {
			if v, ok, _ := kumuDecode(it); ok {
				parts = append(parts, v.text)
			}
		}
		return kumuValue{AttrString, strings.Join(parts, "|")}, true, nil
	}
	lit := string(raw)
	if n, err := strconv.ParseInt(lit, 10, 64); err == nil {
		return kumuValue{AttrInteger, strconv.FormatInt(n, 10)}, true, nil
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil {
		return kumuValue{}, false, fmt.Errorf("%s is not a number: %w", lit, ErrInvalidGraph)
	}
	return kumuValue{AttrDouble, strconv.FormatFloat(f, 'g', -1, 64)}, true, nil
}

// settleKumuTypes gives each key one type over all items (integers and
// doubles make doubles, any other mix makes strings), declares the keys in
// the order first seen, and sets each item's attributes.
func settleKumuTypes(items []map[string]kumuValue, set func(i int, m map[string]string)) []AttrDecl {
	var decls []AttrDecl
	index := map[string]int{}
	for _, m := range items {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			t := m[k].typ
			i, seen := index[k]
			switch {
			case !seen:
				index[k] = len(decls)
				decls = append(decls, AttrDecl{Key: k, Type: t})
			case decls[i].Type == t:
			case isNumber(decls[i].Type) && isNumber(t):
				decls[i].Type = AttrDouble
			default:
				decls[i].Type = AttrString
			}
		}
	}
	for i, m := range items {
		if len(m) == 0 {
			continue
		}
		attrs := make(map[string]string, len(m))
		for k, v := range m {
			attrs[k] = v.text
		}
		set(i, attrs)
	}
	return decls
}

func isNumber(t AttrType) bool { return t == AttrInteger || t == AttrDouble }
