package network

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Format is a graph file format that Export writes and Import reads.
type Format string

// The formats, named as ParseFormat accepts them.
const (
	// FormatGEXF is GEXF 1.3, Gephi's own format.
	FormatGEXF Format = "gexf"
	// FormatGraphML is GraphML, read by Gephi, networkx, igraph and yEd.
	FormatGraphML Format = "graphml"
	// FormatKumu is Kumu's JSON blueprint: {"elements": […], "connections": […]}.
	FormatKumu Format = "kumu"
)

// Formats lists every format, in the order they are offered to people.
func Formats() []Format { return []Format{FormatGEXF, FormatGraphML, FormatKumu} }

// Errors of Export, Import and ParseFormat; they are returned wrapped, with
// the node, tie or attribute at fault named in the message.
var (
	ErrUnknownFormat = errors.New("unknown graph format (want gexf, graphml or kumu)")
	ErrInvalidGraph  = errors.New("invalid graph")
)

// ParseFormat returns the format called name: "gexf", "graphml", or "kumu"
// (also "json"), in any case. Anything else is ErrUnknownFormat.
func ParseFormat(name string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "gexf":
		return FormatGEXF, nil
	case "graphml":
		return FormatGraphML, nil
	case "kumu", "json":
		return FormatKumu, nil
	}
	return "", fmt.Errorf("format %q: %w", name, ErrUnknownFormat)
}

// FormatOf returns the format a file name's extension stands for: .gexf,
// .graphml or .json (Kumu). Other extensions are ErrUnknownFormat.
func FormatOf(path string) (Format, error) {
	ext := strings.ToLower(filepath.Ext(path))
	for _, f := range Formats() {
		if ext == f.Extension() {
			return f, nil
		}
	}
	return "", fmt.Errorf("%s: extension %q: %w", path, ext, ErrUnknownFormat)
}

// Extension returns the file name extension of the format, with its dot.
func (f Format) Extension() string {
	if f == FormatKumu {
		return ".json"
	}
	return "." + string(f)
}

// MediaType returns the Content-Type to serve the format with.
func (f Format) MediaType() string {
	if f == FormatKumu {
		return "application/json"
	}
	return "application/xml; charset=utf-8"
}

// AttrType is the type of an attribute's values. Values are always held as
// strings; the type says how they are parsed, checked and declared in files.
type AttrType string

// The attribute types.
const (
	AttrString  AttrType = "string"
	AttrInteger AttrType = "integer" // 64-bit, e.g. "42"
	AttrDouble  AttrType = "double"  // finite, e.g. "0.25" or "1e-05"
	AttrBoolean AttrType = "boolean" // "true" or "false" (also 1/0, t/f)
)

// AttrDecl declares an attribute: its key and the type of its values.
type AttrDecl struct {
	Key  string
	Type AttrType
}

// ExportGraph is an undirected graph as plain values, ready to write with
// Export or read back with Import. Attribute values are strings; an empty
// value means the attribute is not set. Attributes used but not declared
// are strings, declared after the declared ones in key order.
//
// Node attribute keys "id" and "label", and tie attribute keys "id",
// "source", "target", "from", "to", "direction" and "weight" are reserved
// by the formats. Ids and keys must be valid UTF-8 without control
// characters; labels and values are cleaned instead (see Export).
type ExportGraph struct {
	NodeAttrs []AttrDecl
	EdgeAttrs []AttrDecl
	Nodes     []ExportNode
	Edges     []ExportEdge
}

// ExportNode is one member: a unique id, a display label ("" for none) and
// attributes such as organization, city and community.
type ExportNode struct {
	ID    string
	Label string
	Attrs map[string]string
}

// ExportEdge is one tie between two nodes of the graph. Weight 0 means
// unweighted: no weight is written, and readers of the files take 1.
type ExportEdge struct {
	Source, Target string
	Weight         float64
	Attrs          map[string]string
}

// Export writes g to w in the given format, streaming: beyond g itself it
// holds only an index of node ids, never the whole document. It writes
// exactly what it is given — the caller removes what the reader of the file
// may not see (hidden ties, private fields) before calling it.
//
// Labels and string values are cleaned, the same way in every format:
// control characters other than tab, newline and carriage return are
// removed, invalid UTF-8 becomes U+FFFD, and labels have their runs of
// white space collapsed to one space and trimmed (GEXF labels are XML
// tokens). Numbers are written in their shortest form ("1e-05", "42"; in
// Kumu's JSON a whole double gets ".0" so that it reads back as a double).
//
// Before writing anything Export checks g and returns ErrInvalidGraph
// (wrapped, naming the node, tie or attribute) for: an empty, repeated or
// unprintable id; an empty, unprintable, reserved or twice-declared key; a
// value not of its declared type; a tie to a node not in g; a weight that is
// not finite. It returns ErrUnknownFormat for an unknown format, and write
// errors wrapped (the file is then cut short).
//
// In Kumu's blueprint, attributes named type, description and tags fill
// Kumu's own fields of those names (type colours elements and connections).
//
// GraphML's schema wants node ids to be XML name tokens (letters, digits,
// '.', '-', '_', ':'); other ids are written as they are, which networkx,
// igraph and Gephi read, but a strict schema validator refuses.
func Export(w io.Writer, format Format, g *ExportGraph) error {
	var write func(io.Writer, *ExportGraph, *exportPlan) error
	switch format {
	case FormatGEXF:
		write = writeGEXF
	case FormatGraphML:
		write = writeGraphML
	case FormatKumu:
		write = writeKumu
	default:
		return fmt.Errorf("export: format %q: %w", format, ErrUnknownFormat)
	}
	p, err := planExport(g)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := write(bw, g, p); err != nil {
		return fmt.Errorf("export %s: %w", format, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export %s: %w", format, err)
	}
	return nil
}

// exportPlan is what the writers need to know before the first node.
type exportPlan struct {
	nodeAttrs, edgeAttrs []AttrDecl // declared, then undeclared strings
	labels               bool       // some node has a label
	weights              bool       // some tie has a weight
}

// reservedNodeKey reports whether a node attribute key is taken by the
// formats themselves (ids and labels).
func reservedNodeKey(k string) bool { return k == "id" || k == "label" }

// reservedEdgeKey reports whether a tie attribute key is taken by the
// formats themselves (GEXF and GraphML ends and weights, Kumu's connections).
func reservedEdgeKey(k string) bool {
	switch k {
	case "id", "source", "target", "from", "to", "direction", "weight":
		return true
	}
	return false
}

// planExport checks g and gathers the declarations; see Export for the rules.
func planExport(g *ExportGraph) (*exportPlan, error) {
	p := &exportPlan{}
	var err error
	if p.nodeAttrs, err = checkDecls("node", g.NodeAttrs, reservedNodeKey); err != nil {
		return nil, err
	}
	if p.edgeAttrs, err = checkDecls("tie", g.EdgeAttrs, reservedEdgeKey); err != nil {
		return nil, err
	}
	ids := make(map[string]struct{}, len(g.Nodes))
	nodeExtra, edgeExtra := map[string]bool{}, map[string]bool{}
	for i := range g.Nodes {
		n := &g.Nodes[i]
		if err := checkID(n.ID); err != nil {
			return nil, fmt.Errorf("node %d: %w", i+1, err)
		}
		if _, dup := ids[n.ID]; dup {
			return nil, fmt.Errorf("node %q is listed twice: %w", n.ID, ErrInvalidGraph)
		}
		ids[n.ID] = struct{}{}
		p.labels = p.labels || n.Label != ""
		if err := checkAttrs(n.Attrs, p.nodeAttrs, reservedNodeKey, nodeExtra); err != nil {
			return nil, fmt.Errorf("node %q: %w", n.ID, err)
		}
	}
	for i := range g.Edges {
		e := &g.Edges[i]
		if err := checkEdge(e, ids); err != nil {
			return nil, fmt.Errorf("tie %d (%q–%q): %w", i+1, e.Source, e.Target, err)
		}
		p.weights = p.weights || e.Weight != 0
		if err := checkAttrs(e.Attrs, p.edgeAttrs, reservedEdgeKey, edgeExtra); err != nil {
			return nil, fmt.Errorf("tie %d (%q–%q): %w", i+1, e.Source, e.Target, err)
		}
	}
	p.nodeAttrs = appendExtra(p.nodeAttrs, nodeExtra)
	p.edgeAttrs = appendExtra(p.edgeAttrs, edgeExtra)
	return p, nil
}

func checkDecls(class string, decls []AttrDecl, reserved func(string) bool) ([]AttrDecl, error) {
	out := make([]AttrDecl, 0, len(decls))
	for _, d := range decls {
		if err := checkKey(d.Key, reserved); err != nil {
			return nil, fmt.Errorf("%s attribute: %w", class, err)
		}
		switch d.Type {
		case AttrString, AttrInteger, AttrDouble, AttrBoolean:
		default:
			return nil, fmt.Errorf("%s attribute %q: unknown type %q: %w", class, d.Key, d.Type, ErrInvalidGraph)
		}
		if slices.ContainsFunc(out, func(o AttrDecl) bool { return o.Key == d.Key }) {
			return nil, fmt.Errorf("%s attribute %q is declared twice: %w", class, d.Key, ErrInvalidGraph)
		}
		out = append(out, d)
	}
	return out, nil
}

func checkEdge(e *ExportEdge, ids map[string]struct{}) error {
	for _, end := range []string{e.Source, e.Target} {
		if _, ok := ids[end]; !ok {
			return fmt.Errorf("%q is not a node of the graph: %w", end, ErrInvalidGraph)
		}
	}
	if math.IsNaN(e.Weight) || math.IsInf(e.Weight, 0) {
		return fmt.Errorf("weight %v is not a finite number: %w", e.Weight, ErrInvalidGraph)
	}
	return nil
}

// checkAttrs checks every value against its declaration and records the
// keys used without one in extra.
func checkAttrs(attrs map[string]string, decls []AttrDecl, reserved func(string) bool, extra map[string]bool) error {
	for k, v := range attrs {
		i := slices.IndexFunc(decls, func(d AttrDecl) bool { return d.Key == k })
		if i < 0 {
			if !extra[k] {
				if err := checkKey(k, reserved); err != nil {
					return err
				}
				extra[k] = true
			}
			continue
		}
		if err := checkValue(decls[i].Type, v); err != nil {
			return fmt.Errorf("attribute %q: %w", k, err)
		}
	}
	return nil
}

func appendExtra(decls []AttrDecl, extra map[string]bool) []AttrDecl {
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		decls = append(decls, AttrDecl{Key: k, Type: AttrString})
	}
	return decls
}

func checkID(id string) error {
	if id == "" {
		return fmt.Errorf("id is empty: %w", ErrInvalidGraph)
	}
	if !printable(id) {
		return fmt.Errorf("id %q has control characters or invalid UTF-8: %w", id, ErrInvalidGraph)
	}
	return nil
}

func checkKey(key string, reserved func(string) bool) error {
	switch {
	case key == "":
		return fmt.Errorf("attribute key is empty: %w", ErrInvalidGraph)
	case !printable(key):
		return fmt.Errorf("attribute key %q has control characters or invalid UTF-8: %w", key, ErrInvalidGraph)
	case reserved(key):
		return fmt.Errorf("attribute key %q is reserved: %w", key, ErrInvalidGraph)
	}
	return nil
}

// checkValue returns ErrInvalidGraph (wrapped) when v is not of type t: not
// a whole number, not a finite number, not a boolean. "" (not set) is fine.
func checkValue(t AttrType, v string) error {
	_, _, err := parseValue(t, v)
	return err
}

// canonicalValue returns v in the shortest form of its type ("1.50" is
// "1.5", "1e3" is "1000", "T" is "true") and strings cleaned; "" stays ""
// (not set). It returns checkValue's errors.
func canonicalValue(t AttrType, v string) (string, error) {
	n, f, err := parseValue(t, v)
	switch {
	case err != nil || v == "":
		return "", err
	case t == AttrInteger:
		return strconv.FormatInt(n, 10), nil
	case t == AttrDouble:
		return strconv.FormatFloat(f, 'g', -1, 64), nil
	case t == AttrBoolean:
		return strconv.FormatBool(n != 0), nil
	}
	return cleanText(v), nil
}

// parseValue parses v as type t: integers and booleans (0 or 1) into n,
// doubles into f.
func parseValue(t AttrType, v string) (n int64, f float64, err error) {
	if v == "" {
		return 0, 0, nil
	}
	switch t {
	case AttrInteger:
		if n, err = strconv.ParseInt(v, 10, 64); err != nil {
			return 0, 0, fmt.Errorf("%q is not a whole number: %w", v, ErrInvalidGraph)
		}
	case AttrDouble:
		if f, err = strconv.ParseFloat(v, 64); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return 0, 0, fmt.Errorf("%q is not a finite number: %w", v, ErrInvalidGraph)
		}
	case AttrBoolean:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return 0, 0, fmt.Errorf("%q is not true or false: %w", v, ErrInvalidGraph)
		}
		if b {
			n = 1
		}
	}
	return n, f, nil
}

// formatWeight writes a tie weight in its shortest form.
func formatWeight(w float64) string { return strconv.FormatFloat(w, 'g', -1, 64) }

// printable reports whether s is valid UTF-8 without control characters.
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unwanted(r) || r == '\t' || r == '\n' || r == '\r' {
			return false
		}
	}
	return true
}

// unwanted reports whether r is removed from labels and values: C0 and C1
// control characters except tab, newline and carriage return, and the two
// code points XML 1.0 forbids outside them (U+FFFE, U+FFFF).
func unwanted(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20 || (r >= 0x7f && r <= 0x9f):
		return true
	}
	return r == 0xfffe || r == 0xffff
}

// cleanText removes unwanted runes and replaces invalid UTF-8 with U+FFFD.
// It returns s itself when there is nothing to change.
func cleanText(s string) string {
	clean := utf8.ValidString(s)
	for _, r := range s {
		if unwanted(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if !unwanted(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cleanLabel is cleanText with runs of spaces, tabs and line breaks
// collapsed to one space and the ends trimmed, as an XML token.
func cleanLabel(s string) string {
	s = cleanText(s)
	if !needsCollapse(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func needsCollapse(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return true
	}
	return strings.ContainsAny(s, "\t\n\r") || strings.Contains(s, "  ")
}
