// Package csvx holds what every CSV file Kindred writes and reads shares:
// cells a spreadsheet would run as a formula are escaped on the way out and
// given back exactly on the way in.
package csvx

import (
	"encoding/csv"
	"io"
	"strings"
)

// formulaStart reports whether a spreadsheet would read s as a formula (or
// a command): it starts with =, +, -, @, a tab or a carriage return.
func formulaStart(s string) bool {
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

// Escape puts a ' before a cell a spreadsheet would run as a formula, so
// the cell shows as text. A cell that already starts with 's before such a
// character gets one more, so that Unescape gives back exactly the
// original. Every other cell is left as it is.
func Escape(s string) string {
	if formulaStart(strings.TrimLeft(s, "'")) {
		return "'" + s
	}
	return s
}

// Unescape undoes Escape: Unescape(Escape(s)) == s for every s.
func Unescape(s string) string {
	if strings.HasPrefix(s, "'") && formulaStart(strings.TrimLeft(s, "'")) {
		return s[1:]
	}
	return s
}

// Writer is a csv.Writer that escapes every cell it writes.
type Writer struct {
	*csv.Writer
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{csv.NewWriter(w)} }

// Write writes one record with every cell escaped; record is not changed.
// Errors are the underlying writer's.
func (w *Writer) Write(record []string) error {
	cells := make([]string, len(record))
	for i, c := range record {
		cells[i] = Escape(c)
	}
	return w.Writer.Write(cells)
}
