// Package importer reads and writes the directory's CSV files: organizations,
// members and affiliations. It is pure: plain values in, plain values out; the
// store resolves names (cities, organizations) to ids and writes in one
// transaction.
//
// Every parser returns the good rows, a RowError for each problem in a bad row
// (a bad row is never returned), and an error for problems with the whole
// file. A whole-file error is a *kindred.Error with code EINVALID whose
// message a person can act on (wrong columns, broken quoting, wrong encoding,
// empty or oversized file), or a wrapped read error from the reader.
//
// Files are UTF-8 with a header row. Header names are case-insensitive,
// trimmed, and may come in any order; spaces and dashes in them count as
// underscores ("Preferred Language" is preferred_language). Columns are
// separated by commas, or by semicolons or tabs when the header uses those
// (as Excel does in some locales). Lists inside a cell are separated by ";".
//
// CSV injection: the writers put a ' before any cell that a spreadsheet
// would run as a formula (one starting with =, +, -, @, tab or carriage
// return, possibly after other 's), and the parsers remove one leading '
// from such cells, so export and import round-trip.
package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/kindredhq/kindred/internal/csvx"
	"github.com/kindredhq/kindred/internal/kindred"
)

// Limits on one file.
const (
	MaxRows       = 50000     // data rows, header not counted
	MaxFieldChars = 10000     // characters in one cell
	MaxFileBytes  = 256 << 20 // guards memory against a runaway quoted cell
)

// RowError is a problem with one row. Line is the physical line where the
// row starts (the header is line 1); Field names the column, or is empty
// when the problem is the row as a whole.
type RowError struct {
	Line    int
	Field   string
	Message string
}

// Error formats the problem as "line 7: email: is required".
func (e RowError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Message)
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Message)
}

// fileError is a whole-file problem meant for the person importing.
func fileError(format string, args ...any) error {
	return kindred.Errorf(kindred.EINVALID, format, args...)
}

// schema describes one kind of file.
type schema struct {
	columns  []string // every known column, in export order
	required []string
}

// table reads records of one file, checked against a schema.
type table struct {
	csv     *csv.Reader
	cols    map[string]int // column name → index in a record
	blank   []int          // indexes of columns without a header
	width   int
	rows    int
	limited *limitedReader
}

// record is one data row.
type record struct {
	line  int
	cells []string
	t     *table
}

// get returns the cell of column name, or "" when the file has no such column.
func (r record) get(name string) string {
	i, ok := r.t.cols[name]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return r.cells[i]
}

// openTable checks the encoding and the header of r.
func openTable(r io.Reader, s schema) (*table, error) {
	lr := &limitedReader{r: r, left: MaxFileBytes}
	br := bufio.NewReaderSize(lr, 64<<10)
	if err := sniffEncoding(br); err != nil {
		return nil, err
	}
	c := csv.NewReader(br)
	c.FieldsPerRecord = -1
	c.ReuseRecord = false
	c.Comma = sniffComma(br)
	t := &table{csv: c, limited: lr}
	header, err := c.Read()
	if errors.Is(err, io.EOF) {
		return nil, fileError("The file is empty; it needs a header row naming the columns (%s).", strings.Join(s.columns, ","))
	}
	if err != nil {
		return nil, t.readError(err)
	}
	if err := t.readHeader(header, s); err != nil {
		return nil, err
	}
	return t, nil
}

// sniffEncoding skips a UTF-8 byte order mark and rejects UTF-16 and binary files.
func sniffEncoding(br *bufio.Reader) error {
	head, _ := br.Peek(512)
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
		return nil
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return fileError("The file is UTF-16 text (Excel's \"Unicode Text\"); Kindred reads UTF-8. In Excel use File › Save As › \"CSV UTF-8 (Comma delimited)\".")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return fileError("The file is a spreadsheet workbook (.xlsx), not CSV. In Excel use File › Save As › \"CSV UTF-8 (Comma delimited)\"; in Google Sheets, File › Download › CSV.")
	}
	nuls := bytes.Count(head, []byte{0})
	if nuls > 0 && nuls*3 >= len(head) {
		return fileError("The file looks like UTF-16 text; Kindred reads UTF-8. In Excel use File › Save As › \"CSV UTF-8 (Comma delimited)\".")
	}
	if nuls > 0 {
		return fileError("The file is not a CSV text file (it contains NUL bytes). Save it as \"CSV UTF-8 (Comma delimited)\".")
	}
	return nil
}

// sniffComma picks the separator the header row uses: a comma unless the
// first line has none and has semicolons or tabs.
func sniffComma(br *bufio.Reader) rune {
	head, _ := br.Peek(4096)
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	switch {
	case bytes.IndexByte(head, ',') >= 0:
		return ','
	case bytes.IndexByte(head, ';') >= 0:
		return ';'
	case bytes.IndexByte(head, '\t') >= 0:
		return '\t'
	}
	return ','
}

// readHeader maps column names to indexes and checks them against s.
func (t *table) readHeader(header []string, s schema) error {
	if err := checkText(1, header); err != nil {
		return err
	}
	t.cols = map[string]int{}
	t.width = len(header)
	var unknown []string
	for i, h := range header {
		name := headerName(h)
		switch {
		case name == "":
			t.blank = append(t.blank, i)
			continue
		case !containsString(s.columns, name):
			unknown = append(unknown, strings.TrimSpace(h))
			continue
		}
		if _, dup := t.cols[name]; dup {
			return fileError("The column %q appears twice in the header.", name)
		}
		t.cols[name] = i
	}
	var missing []string
	for _, name := range s.required {
		if _, ok := t.cols[name]; !ok {
			missing = append(missing, name)
		}
	}
	return columnsError(missing, unknown, s)
}

// columnsError describes missing and unknown columns in one sentence, or returns nil.
func columnsError(missing, unknown []string, s schema) error {
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "is missing the required column(s) "+quoteList(missing))
	}
	if len(unknown) > 0 {
		parts = append(parts, "has unknown column(s) "+quoteList(unknown))
	}
	if len(parts) == 0 {
		return nil
	}
	return fileError("The header row %s. The columns are: %s.", strings.Join(parts, " and "), strings.Join(s.columns, ", "))
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// headerName normalizes a header cell: trimmed, lower case, underscores.
func headerName(h string) string {
	h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(h)
}

// next returns the next data row, skipping rows with no text. A row-level
// problem (wrong number of cells) comes back as a *RowError with the record.
func (t *table) next() (record, *RowError, error) {
	for {
		cells, err := t.csv.Read()
		if errors.Is(err, io.EOF) {
			return record{}, nil, io.EOF
		}
		if err != nil {
			return record{}, nil, t.readError(err)
		}
		line, _ := t.csv.FieldPos(0)
		if allBlank(cells) {
			continue
		}
		if t.rows++; t.rows > MaxRows {
			return record{}, nil, fileError("The file has more than %d rows; split it into several files.", MaxRows)
		}
		if err := checkText(line, cells); err != nil {
			return record{}, nil, err
		}
		for i := range cells {
			cells[i] = csvx.Unescape(cells[i])
		}
		rec := record{line: line, cells: cells, t: t}
		return rec, t.checkWidth(rec), nil
	}
}

// checkWidth reports rows whose cells do not line up with the header.
func (t *table) checkWidth(rec record) *RowError {
	for _, i := range t.blank {
		if i < len(rec.cells) && strings.TrimSpace(rec.cells[i]) != "" {
			return &RowError{Line: rec.line, Message: fmt.Sprintf("has a value in column %d, which has no name in the header", i+1)}
		}
	}
	n := len(rec.cells)
	for n > t.width && strings.TrimSpace(rec.cells[n-1]) == "" {
		n--
	}
	if n != t.width {
		return &RowError{Line: rec.line, Message: fmt.Sprintf("has %d values but the header has %d columns; a value that contains a comma must be in double quotes", n, t.width)}
	}
	return nil
}

// readError turns a csv or read error into a whole-file error.
func (t *table) readError(err error) error {
	if t.limited.over {
		return fileError("The file is larger than %d MB; split it into several files.", MaxFileBytes>>20)
	}
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("read csv: %w", err)
	}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return fileError("Line %d, column %d: a double quote appears inside a value that does not start with one. Put the whole value in double quotes and double the quote inside (\"\").", pe.Line, pe.Column)
	case pe.StartLine != pe.Line:
		return fileError("Line %d: a quoted value starts here and does not end properly (a closing double quote is missing, or a quote inside it is not doubled).", pe.StartLine)
	default:
		return fileError("Line %d, column %d: a quoted value has text after its closing double quote. Double any quote inside a quoted value (\"\").", pe.Line, pe.Column)
	}
}

// checkText rejects cells that are not UTF-8 or are too long.
func checkText(line int, cells []string) error {
	for i, c := range cells {
		if !utf8.ValidString(c) {
			return encodingError(line, c)
		}
		if len(c) > MaxFieldChars && utf8.RuneCountInString(c) > MaxFieldChars {
			return fileError("Line %d, column %d: the value is longer than %d characters (often a double quote that never closes).", line, i+1, MaxFieldChars)
		}
	}
	return nil
}

// encodingError explains a file that is not UTF-8, showing the cell as it
// reads in Windows-1252, the usual culprit.
func encodingError(line int, cell string) error {
	guess, err := charmap.Windows1252.NewDecoder().String(cell)
	if err != nil || utf8.RuneCountInString(guess) > 60 {
		guess = ""
	}
	hint := ""
	if guess != "" {
		hint = fmt.Sprintf(" (%q reads as Windows-1252 text)", guess)
	}
	return fileError("Line %d is not UTF-8 text%s: the file was probably saved as Windows-1252/Latin-1, as Excel's plain \"CSV (Comma delimited)\" does. Save it as \"CSV UTF-8 (Comma delimited)\" (Excel) or download it as CSV from Google Sheets, and import it again.", line, hint)
}

func allBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// limitedReader stops after left bytes and remembers that it did.
type limitedReader struct {
	r    io.Reader
	left int64
	over bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		l.over = true
		return 0, errors.New("file too large")
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// readRows reads every record of t through build, which turns a record into
// a row or lists its problems. It returns the good rows in file order, every
// row problem, and nil rows and problems with the error of a bad file.
func readRows[T any](t *table, build func(record) (T, []RowError)) ([]T, []RowError, error) {
	var rows []T
	var bad []RowError
	for {
		rec, rowErr, err := t.next()
		if errors.Is(err, io.EOF) {
			return rows, bad, nil
		}
		if err != nil {
			return nil, nil, err
		}
		if rowErr != nil {
			bad = append(bad, *rowErr)
			continue
		}
		row, errs := build(rec)
		if len(errs) > 0 {
			bad = append(bad, errs...)
			continue
		}
		rows = append(rows, row)
	}
}
