package web

import (
	"fmt"
	"html/template"
	"sort"
	"strings"
)

// Charts of the campaign dashboard, drawn on the server as SVG so they
// print and need no JavaScript. Every text is escaped.

// count is one bar of a chart.
type count struct {
	Label string
	N     int
}

// sortedCounts turns a tally into bars, largest first (ties by label), and
// folds everything after max bars into "Other".
func sortedCounts(m map[string]int, max int) []count {
	out := make([]count, 0, len(m))
	for k, n := range m {
		out = append(out, count{k, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Label < out[j].Label
	})
	if len(out) > max {
		rest := 0
		for _, c := range out[max-1:] {
			rest += c.N
		}
		out = append(out[:max-1], count{"Other", rest})
	}
	return out
}

var esc = template.HTMLEscapeString

// barsSVG draws horizontal bars with their labels and counts.
func barsSVG(title string, bars []count) template.HTML {
	const w, rowH, labelW = 560, 32, 200
	maxN := 1
	for _, b := range bars {
		maxN = max(maxN, b.N)
	}
	h := max(len(bars), 1) * rowH
	var s strings.Builder
	fmt.Fprintf(&s, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s">`, w, h, esc(title))
	for i, b := range bars {
		y := i * rowH
		bw := (w - labelW - 50) * b.N / maxN
		fmt.Fprintf(&s, `<text x="%d" y="%d" text-anchor="end" class="chart-label">%s</text>`, labelW-8, y+21, esc(truncate(b.Label, 22)))
		fmt.Fprintf(&s, `<rect x="%d" y="%d" width="%d" height="%d" rx="4" class="chart-bar"><title>%s: %d</title></rect>`, labelW, y+7, max(bw, 2), rowH-14, esc(b.Label), b.N)
		fmt.Fprintf(&s, `<text x="%d" y="%d" class="chart-value">%d</text>`, labelW+max(bw, 2)+6, y+21, b.N)
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

// columnsSVG draws one column per day, oldest on the left.
func columnsSVG(title string, days []count) template.HTML {
	const w, h, pad = 560, 160, 22
	maxN := 1
	for _, d := range days {
		maxN = max(maxN, d.N)
	}
	var s strings.Builder
	fmt.Fprintf(&s, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s">`, w, h, esc(title))
	fmt.Fprintf(&s, `<line x1="0" y1="%d" x2="%d" y2="%d" class="chart-axis"/>`, h-pad, w, h-pad)
	if len(days) > 0 {
		cw := float64(w) / float64(len(days))
		for i, d := range days {
			bh := float64(h-2*pad) * float64(d.N) / float64(maxN)
			fmt.Fprintf(&s, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="chart-bar"><title>%s: %d</title></rect>`,
				float64(i)*cw+1, float64(h-pad)-bh, max(cw-2, 1), bh, esc(d.Label), d.N)
		}
		fmt.Fprintf(&s, `<text x="0" y="%d" class="chart-label">%s</text>`, h-4, esc(days[0].Label))
		fmt.Fprintf(&s, `<text x="%d" y="%d" text-anchor="end" class="chart-label">%s</text>`, w, h-4, esc(days[len(days)-1].Label))
		fmt.Fprintf(&s, `<text x="0" y="14" class="chart-label">max %d a day</text>`, maxN)
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

// histogramSVG draws slider answers in ten bins between the two poles.
func histogramSVG(title, left, right string, values []int) template.HTML {
	const w, h, pad = 560, 170, 24
	var bins [10]int
	for _, v := range values {
		bins[min(v/10, 9)]++
	}
	maxN := 1
	for _, n := range bins {
		maxN = max(maxN, n)
	}
	var s strings.Builder
	fmt.Fprintf(&s, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s">`, w, h, esc(title))
	for i, n := range bins {
		bh := (h - 2*pad - 6) * n / maxN
		fmt.Fprintf(&s, `<rect x="%d" y="%d" width="%d" height="%d" rx="3" class="chart-bar"><title>%d–%d: %d</title></rect>`,
			i*w/10+2, h-pad-bh, w/10-4, bh, i*10, i*10+10, n)
	}
	fmt.Fprintf(&s, `<line x1="0" y1="%d" x2="%d" y2="%d" class="chart-axis"/>`, h-pad, w, h-pad)
	fmt.Fprintf(&s, `<text x="0" y="%d" class="chart-label">← %s</text>`, h-6, esc(left))
	fmt.Fprintf(&s, `<text x="%d" y="%d" text-anchor="end" class="chart-label">%s →</text>`, w, h-6, esc(right))
	fmt.Fprintf(&s, `<text x="0" y="14" class="chart-label">%d answers</text>`, len(values))
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

// triadSVG plots triad answers as dots in a triangle (barycentric
// coordinates), corners labelled.
func triadSVG(title string, labels []string, points [][]int) template.HTML {
	corner := [3][2]float64{{200, 26}, {30, 300}, {370, 300}}
	var s strings.Builder
	fmt.Fprintf(&s, `<svg class="chart chart-triad" viewBox="-40 0 480 330" role="img" aria-label="%s">`, esc(title))
	fmt.Fprintf(&s, `<polygon points="%g,%g %g,%g %g,%g" class="triad-frame"/>`,
		corner[0][0], corner[0][1], corner[1][0], corner[1][1], corner[2][0], corner[2][1])
	for _, p := range points {
		x := (float64(p[0])*corner[0][0] + float64(p[1])*corner[1][0] + float64(p[2])*corner[2][0]) / 100
		y := (float64(p[0])*corner[0][1] + float64(p[1])*corner[1][1] + float64(p[2])*corner[2][1]) / 100
		fmt.Fprintf(&s, `<circle cx="%.1f" cy="%.1f" r="4" class="triad-dot"/>`, x, y)
	}
	if len(labels) == 3 {
		fmt.Fprintf(&s, `<text x="200" y="16" text-anchor="middle" class="chart-label">%s</text>`, esc(labels[0]))
		fmt.Fprintf(&s, `<text x="30" y="322" text-anchor="middle" class="chart-label">%s</text>`, esc(labels[1]))
		fmt.Fprintf(&s, `<text x="370" y="322" text-anchor="middle" class="chart-label">%s</text>`, esc(labels[2]))
	}
	s.WriteString(`</svg>`)
	return template.HTML(s.String())
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
