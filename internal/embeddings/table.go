// Package embeddings provides offline word vectors and the interface through
// which an external embeddings service may replace them.
//
// The built-in table holds the 100,000 most frequent English words of GloVe 6B
// 100-d (Pennington, Socher and Manning 2014, public domain), converted by
// scripts/embeddings/convert.go into glove100k.kvec:
//
//	"KVEC" version(uint8=1) words(uint32 LE) dims(uint32 LE)
//	words × (len(uint8) bytes)               in frequency order
//	words × (scale(float32 LE) dims × int8)  value ≈ scale × int8
package embeddings

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"
)

//go:embed glove100k.kvec
var gloveData []byte

// Table is an immutable word-vector table. It is safe for concurrent use.
type Table struct {
	dims   int
	index  map[string]int32
	words  []string // rank → word
	scales []float32
	values []int8
}

// englishTable is loaded on first use: parsing costs ~30 ms and 15 MB, which
// commands that never theme English stories should not pay. It is written
// once under sync.Once and only read afterwards.
var englishTable = sync.OnceValues(func() (*Table, error) { return Parse(gloveData) })

// English returns the built-in English GloVe table, parsing it on first call.
// It returns an error only if the embedded table is corrupt.
func English() (*Table, error) { return englishTable() }

// Parse decodes a table in the kvec format described in the package comment.
// It returns an error when data is truncated or has the wrong header.
func Parse(data []byte) (*Table, error) {
	if len(data) < 13 || !bytes.Equal(data[:4], []byte("KVEC")) || data[4] != 1 {
		return nil, errors.New("parse word vectors: bad header")
	}
	n := int(binary.LittleEndian.Uint32(data[5:9]))
	dims := int(binary.LittleEndian.Uint32(data[9:13]))
	t := &Table{dims: dims, index: make(map[string]int32, n), words: make([]string, n), scales: make([]float32, n),
		values: make([]int8, n*dims)}
	p := 13
	for i := range n {
		if p >= len(data) || p+1+int(data[p]) > len(data) {
			return nil, fmt.Errorf("parse word vectors: truncated at word %d", i)
		}
		l := int(data[p])
		w := string(data[p+1 : p+1+l])
		t.index[w], t.words[i] = int32(i), w
		p += 1 + l
	}
	if len(data)-p != n*(4+dims) {
		return nil, fmt.Errorf("parse word vectors: %d vector bytes, want %d", len(data)-p, n*(4+dims))
	}
	for i := range n {
		t.scales[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[p:]))
		for d := range dims {
			t.values[i*dims+d] = int8(data[p+4+d])
		}
		p += 4 + dims
	}
	return t, nil
}

// Dims returns the number of dimensions of every vector.
func (t *Table) Dims() int { return t.dims }

// Len returns the number of words in the table.
func (t *Table) Len() int { return len(t.scales) }

// Rank returns the word's frequency rank (0 = most frequent) and whether the
// table knows the word. Ranks let callers estimate word frequencies (Zipf).
func (t *Table) Rank(word string) (int, bool) {
	i, ok := t.index[word]
	return int(i), ok
}

// Word returns the word of frequency rank r, or "" when r is out of range.
func (t *Table) Word(r int) string {
	if r < 0 || r >= len(t.words) {
		return ""
	}
	return t.words[r]
}

// AddTo adds weight × the word's vector to dst (len(dst) must be Dims()) and
// reports whether the word was found.
func (t *Table) AddTo(dst []float64, word string, weight float64) bool {
	i, ok := t.index[word]
	if !ok {
		return false
	}
	s := weight * float64(t.scales[i])
	row := t.values[int(i)*t.dims : int(i+1)*t.dims]
	for d, q := range row {
		dst[d] += s * float64(q)
	}
	return true
}

// Vector returns a copy of the word's vector, or nil when the word is unknown.
func (t *Table) Vector(word string) []float64 {
	v := make([]float64, t.dims)
	if !t.AddTo(v, word, 1) {
		return nil
	}
	return v
}
