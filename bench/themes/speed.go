package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/textproc"
	"github.com/kindredhq/kindred/internal/themes"
)

// speed builds c.n stories of about 40 words by recombining sentences of
// the BBC and SIB-200 English corpora, themes them with automatic k (the
// `kindred themes` path) and reports time and memory. With -speed-csv it
// also writes the stories so the CLI can be timed with /usr/bin/time -v.
func speed(ctx context.Context, c config, w io.Writer) error {
	stories, err := recombine(c)
	if err != nil {
		return err
	}
	if c.speedCSV != "" {
		if err := writeStories(c.speedCSV, stories); err != nil {
			return err
		}
	}
	words := 0
	for _, s := range stories {
		words += len(strings.Fields(s.Text))
	}
	runtime.GC()
	start := time.Now()
	res, err := themes.Find(ctx, stories, themes.Options{Seed: 1})
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(w, "speed: %d stories, %.1f words each on average, GOMAXPROCS=%d\n", len(stories), float64(words)/float64(len(stories)), runtime.GOMAXPROCS(0))
	fmt.Fprintf(w, "speed: themed in %.2f s (k chosen: %d, representation %s), peak RSS %s, Go heap sys %d MB\n",
		elapsed.Seconds(), len(res.Themes), res.Representation, peakRSS(), ms.HeapSys>>20)
	for _, t := range res.Themes {
		fmt.Fprintf(w, "  theme %2d %6d  %s\n", t.ID, t.Size, t.Label)
	}
	return nil
}

func recombine(c config) ([]themes.Story, error) {
	var sentences []string
	for _, name := range []string{"bbc-news", "sib200/eng_Latn"} {
		d, err := load(c.data, name)
		if err != nil {
			return nil, err
		}
		for _, s := range d.stories {
			for _, sp := range textproc.Sentences(s.Text) {
				if n := len(strings.Fields(s.Text[sp.Start:sp.End])); n >= 5 && n <= 60 {
					sentences = append(sentences, s.Text[sp.Start:sp.End])
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(7, 7))
	stories := make([]themes.Story, c.n)
	for i := range stories {
		var parts []string
		for words := 0; words < 35; {
			s := sentences[rng.IntN(len(sentences))]
			parts = append(parts, s)
			words += len(strings.Fields(s))
		}
		stories[i] = themes.Story{ID: strconv.Itoa(i), Text: strings.Join(parts, " "), Lang: "en", Quotable: true}
	}
	return stories, nil
}

func writeStories(path string, stories []themes.Story) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write stories: %w", err)
	}
	cw := csv.NewWriter(f)
	cw.Write([]string{"id", "text"})
	for _, s := range stories {
		cw.Write([]string{s.ID, s.Text})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		f.Close()
		return fmt.Errorf("write stories: %w", err)
	}
	return f.Close()
}

// peakRSS reads the process's peak resident set size from /proc (Linux).
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
