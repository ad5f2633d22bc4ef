package lexicon

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
)

// Entry is one headword of a language and its gloss: a frequency rank into
// the GloVe table, or FunctionWord.
type Entry struct {
	Head  string
	Gloss int
}

// Write encodes tables (language code → entries) in the format of the
// package comment. It sorts each language's entries by headword and
// returns an error for a code that is not two bytes, a headword that is
// empty, longer than 255 bytes or repeated, a gloss out of range, or a
// failing writer.
func Write(w io.Writer, tables map[string][]Entry) error {
	codes := make([]string, 0, len(tables))
	for c := range tables {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	if len(codes) > 255 {
		return fmt.Errorf("write lexicon: %d languages, at most 255", len(codes))
	}
	var raw bytes.Buffer
	raw.WriteString("KLEX")
	raw.WriteByte(1)
	raw.WriteByte(byte(len(codes)))
	for _, code := range codes {
		if err := writeTable(&raw, code, tables[code]); err != nil {
			return fmt.Errorf("write lexicon: %w", err)
		}
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("write lexicon: %w", err)
	}
	if _, err := zw.Write(raw.Bytes()); err != nil {
		return fmt.Errorf("write lexicon: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write lexicon: %w", err)
	}
	return nil
}

func writeTable(raw *bytes.Buffer, code string, entries []Entry) error {
	if len(code) != 2 {
		return fmt.Errorf("language code %q: want two bytes", code)
	}
	es := slices.Clone(entries)
	slices.SortFunc(es, func(a, b Entry) int {
		switch {
		case a.Head < b.Head:
			return -1
		case a.Head > b.Head:
			return 1
		}
		return 0
	})
	raw.WriteString(code)
	raw.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(es))))
	prev := ""
	for i, e := range es {
		switch {
		case e.Head == "" || len(e.Head) > 255:
			return fmt.Errorf("%s headword %q: want 1 to 255 bytes", code, e.Head)
		case i > 0 && e.Head == prev:
			return fmt.Errorf("%s headword %q: repeated", code, e.Head)
		case e.Gloss < 0 || e.Gloss > FunctionWord:
			return fmt.Errorf("%s headword %q: gloss %d out of range", code, e.Head, e.Gloss)
		}
		shared := commonPrefix(prev, e.Head)
		raw.WriteByte(byte(shared))
		raw.WriteByte(byte(len(e.Head) - shared))
		raw.WriteString(e.Head[shared:])
		raw.Write([]byte{byte(e.Gloss), byte(e.Gloss >> 8), byte(e.Gloss >> 16)})
		prev = e.Head
	}
	return nil
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && n < 255 && a[n] == b[n] {
		n++
	}
	return n
}
