package network

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// devData is the development data directory: $KINDRED_DEV_DATA, or the
// shared folder beside the repository.
func devData() string {
	if d := os.Getenv("KINDRED_DEV_DATA"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "data")
}

// caGrQcExport is the arXiv GR-QC co-authorship graph (5,242 members,
// 14,484 ties without its self-loops) dressed as a Kindred export: a label,
// organization and city per member, the measures AddMetrics writes, and a
// kind, first-met date and count per tie.
func caGrQcExport(b *testing.B) *ExportGraph {
	b.Helper()
	f, err := os.Open(filepath.Join(devData(), "ca-grqc", "edges.txt"))
	if err != nil {
		b.Skipf("ca-grqc is not available (%v); set KINDRED_DEV_DATA to the development data directory", err)
	}
	defer f.Close()
	el, err := ParseEdges(f)
	if err != nil {
		b.Fatal(err)
	}
	bl := NewBuilder()
	for _, e := range el.Edges {
		if err := bl.AddTie(e.Src, e.Dst, e.Weight); err != nil {
			b.Fatal(err)
		}
	}
	g := bl.Build()
	a, err := Analyze(g, Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	x := ExportGraphOf(g)
	x.NodeAttrs = []AttrDecl{{"organization", AttrString}, {"city", AttrString}}
	x.EdgeAttrs = []AttrDecl{{"kind", AttrString}, {"firstMet", AttrString}, {"count", AttrInteger}}
	kinds := []string{"met at dinner", "collaborated", "introduced", "nominated"}
	for i := range x.Nodes {
		n := &x.Nodes[i]
		n.Label = fmt.Sprintf("Member %s <%d> & co", n.ID, i)
		n.Attrs = map[string]string{"organization": fmt.Sprintf("Organization %d", i%97), "city": fmt.Sprintf("City %d", i%8)}
	}
	for i := range x.Edges {
		x.Edges[i].Attrs = map[string]string{"kind": kinds[i%4], "firstMet": fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28), "count": fmt.Sprint(1 + i%5)}
	}
	if err := x.AddMetrics(a); err != nil {
		b.Fatal(err)
	}
	return x
}

// BenchmarkExportCaGrQc writes the ca-grqc export in each format to
// io.Discard: time, bytes written per second, allocations and CPU time
// per file.
func BenchmarkExportCaGrQc(b *testing.B) {
	x := caGrQcExport(b)
	for _, f := range Formats() {
		b.Run(string(f), func(b *testing.B) {
			var size countingWriter
			if err := Export(&size, f, x); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				if err := Export(io.Discard, f, x); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkImportCaGrQc reads the ca-grqc export back in each format.
func BenchmarkImportCaGrQc(b *testing.B) {
	x := caGrQcExport(b)
	for _, f := range Formats() {
		b.Run(string(f), func(b *testing.B) {
			var buf bytes.Buffer
			if err := Export(&buf, f, x); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(buf.Len()))
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				if _, _, err := Import(bytes.NewReader(buf.Bytes())); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// reportCPU reports the process CPU time per operation since start, all
// threads (the garbage collector's too) included.
func reportCPU(b *testing.B, start time.Duration) {
	if used := processCPU() - start; used > 0 && b.N > 0 {
		b.ReportMetric(float64(used.Milliseconds())/float64(b.N), "cpu-ms/op")
	}
}

type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
