package network

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Edge is one tie read from an edge list.
type Edge struct {
	Src, Dst string
	Weight   float64
	Line     int
}

// LineIssue is a problem with one line of an input file.
type LineIssue struct {
	Line int
	Msg  string
}

// String formats the issue as "line N: message".
func (li LineIssue) String() string { return fmt.Sprintf("line %d: %s", li.Line, li.Msg) }

// InputError lists the bad lines of an input file. It is returned when at
// least one line cannot be read; nothing from the file should be used then.
type InputError struct {
	File   string
	Issues []LineIssue
}

// Error names the file, the number of bad lines and the first ten of them.
func (e *InputError) Error() string {
	const shown = 10
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d bad line(s)", e.File, len(e.Issues))
	for i, li := range e.Issues {
		if i == shown {
			fmt.Fprintf(&b, "; and %d more", len(e.Issues)-shown)
			break
		}
		fmt.Fprintf(&b, "; %s", li)
	}
	return b.String()
}

// EdgeList is a parsed edge list: the ties to keep and the lines that were
// skipped with a reason (self-loops, repeated pairs).
type EdgeList struct {
	Edges   []Edge
	Skipped []LineIssue
}

// maxLine is the longest line accepted, so a binary file cannot exhaust memory.
const maxLine = 1 << 20

// ParseEdges reads an edge list: one tie per line as `src dst` or
// `src dst weight`, separated by spaces or tabs. Ids are any strings without
// spaces. Blank lines and lines starting with # are ignored, as is anything
// after a field starting with #. A tie from a member to themselves, or a pair
// already listed (in either direction), is skipped and reported in Skipped.
// Lines with the wrong number of fields or a weight that is not a positive
// number make ParseEdges return an *InputError naming every bad line; read
// failures are returned wrapped.
func ParseEdges(r io.Reader) (*EdgeList, error) {
	el := &EdgeList{}
	var bad []LineIssue
	seen := make(map[[2]string]int)
	err := scanLines(r, func(line int, fields []string) {
		e, msg := parseEdge(line, fields)
		if msg != "" {
			bad = append(bad, LineIssue{line, msg})
			return
		}
		if e.Src == e.Dst {
			el.Skipped = append(el.Skipped, LineIssue{line, fmt.Sprintf("self-loop %s–%s skipped", e.Src, e.Dst)})
			return
		}
		key := [2]string{min(e.Src, e.Dst), max(e.Src, e.Dst)}
		if first, dup := seen[key]; dup {
			el.Skipped = append(el.Skipped, LineIssue{line, fmt.Sprintf("%s–%s repeats line %d; skipped", e.Src, e.Dst, first)})
			return
		}
		seen[key] = line
		el.Edges = append(el.Edges, e)
	})
	if err != nil {
		return nil, fmt.Errorf("read edges: %w", err)
	}
	if len(bad) > 0 {
		return nil, &InputError{File: "edges", Issues: bad}
	}
	return el, nil
}

func parseEdge(line int, fields []string) (Edge, string) {
	if len(fields) != 2 && len(fields) != 3 {
		return Edge{}, fmt.Sprintf("want \"src dst\" or \"src dst weight\", got %d field(s)", len(fields))
	}
	e := Edge{Src: fields[0], Dst: fields[1], Weight: 1, Line: line}
	if len(fields) == 3 {
		w, err := strconv.ParseFloat(fields[2], 64)
		if err != nil || !(w > 0) || math.IsInf(w, 1) {
			return Edge{}, fmt.Sprintf("weight %q is not a positive number", fields[2])
		}
		e.Weight = w
	}
	return e, ""
}

// NodeLine is one line of a nodes file: a member and its group.
type NodeLine struct {
	ID, Group string
	Line      int
}

// ParseNodes reads a nodes file: `node group` per line; the group is the rest
// of the line, so it may contain spaces ("Sierra Club"). Blank and # lines are
// ignored. A member listed twice with the same group is skipped and reported;
// with a different group, or a line with only one field, it returns an
// *InputError naming every bad line. Read failures are returned wrapped.
func ParseNodes(r io.Reader) ([]NodeLine, []LineIssue, error) {
	var nodes []NodeLine
	var skipped, bad []LineIssue
	index := make(map[string]int)
	err := scanLines(r, func(line int, fields []string) {
		if len(fields) < 2 {
			bad = append(bad, LineIssue{line, "want \"node group\", got one field"})
			return
		}
		nl := NodeLine{ID: fields[0], Group: strings.Join(fields[1:], " "), Line: line}
		if k, dup := index[nl.ID]; dup {
			if nodes[k].Group != nl.Group {
				bad = append(bad, LineIssue{line, fmt.Sprintf("%s is in group %q on line %d and %q here", nl.ID, nodes[k].Group, nodes[k].Line, nl.Group)})
			} else {
				skipped = append(skipped, LineIssue{line, fmt.Sprintf("%s repeats line %d; skipped", nl.ID, nodes[k].Line)})
			}
			return
		}
		index[nl.ID] = len(nodes)
		nodes = append(nodes, nl)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read nodes: %w", err)
	}
	if len(bad) > 0 {
		return nil, nil, &InputError{File: "nodes", Issues: bad}
	}
	return nodes, skipped, nil
}

// scanLines calls fn with the whitespace-separated fields of every line that
// is not blank or a comment, cut at the first field starting with #.
func scanLines(r io.Reader, fn func(line int, fields []string)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff")
		}
		fields := strings.Fields(text)
		for k, f := range fields {
			if strings.HasPrefix(f, "#") {
				fields = fields[:k]
				break
			}
		}
		if len(fields) > 0 {
			fn(line, fields)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("line %d is longer than %d bytes: %w", line+1, maxLine, err)
		}
		return err
	}
	return nil
}
