// Command themes benchmarks Kindred's theme finding against the labelled
// corpora in ../shared/data, side by side with classic scikit-learn
// pipelines run in the same invocation (/usr/bin/python3 with Debian's
// python3-sklearn).
//
//	go run ./bench/themes                 # full table
//	go run ./bench/themes -speed          # 100,000-story speed run only
//	go run ./bench/themes -mixed          # mixed-language campaigns only
//	go run ./bench/themes -langid         # language detection accuracy only
//	go run ./bench/themes -only bbc-news -rep lexical,combined -sklearn=false
//
// Agreement is AMI against the labels, median of seeds 0, 1, 2, with k = the
// number of labels. Stability is the mean ARI between the three seed runs.
package main

import (
	"context"
	_ "embed"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/themes"
)

//go:embed sklearn.py
var sklearnScript string

var sibLangs = []string{"eng_Latn", "spa_Latn", "fra_Latn", "por_Latn", "deu_Latn", "rus_Cyrl", "arb_Arab",
	"hin_Deva", "ben_Beng", "zho_Hans", "kor_Hang", "vie_Latn", "tgl_Latn", "swh_Latn", "yor_Latn"}

type config struct {
	data     string
	only     []string
	reps     []themes.Representation
	sklearn  bool
	speed    bool
	n        int
	weight   float64
	dims     int
	speedCSV string
	profile  string
	weakOnly bool
	mixed    bool
	langid   bool
	noPivot  bool
	restarts int
}

func main() {
	var c config
	var only, reps string
	flag.StringVar(&c.data, "data", "../shared/data", "data directory (relative to the repository root)")
	flag.StringVar(&only, "only", "", "comma-separated datasets (bbc-news, sib200/eng_Latn, …); empty means all")
	flag.StringVar(&reps, "rep", "auto,lexical,vectors,combined", "comma-separated representations to run on English (combined uses -w, else 30% vectors)")
	flag.BoolVar(&c.sklearn, "sklearn", true, "run the scikit-learn pipelines side by side")
	flag.BoolVar(&c.speed, "speed", false, "run only the speed benchmark")
	flag.IntVar(&c.n, "n", 100000, "stories in the speed benchmark")
	flag.Float64Var(&c.weight, "w", 0, "vector weight for the combined representation (0 = default)")
	flag.IntVar(&c.dims, "dims", 0, "LSA dimensions (0 = default)")
	flag.StringVar(&c.speedCSV, "speed-csv", "", "with -speed, also write the generated stories to this CSV")
	flag.StringVar(&c.profile, "cpuprofile", "", "write a CPU profile of the run to this file")
	flag.BoolVar(&c.weakOnly, "weak", false, "run only the planted weak-signal check")
	flag.BoolVar(&c.mixed, "mixed", false, "run only the mixed-language campaigns")
	flag.BoolVar(&c.langid, "langid", false, "run only the language-detection accuracy check")
	flag.BoolVar(&c.noPivot, "nopivot", true, "add a no-pivot row for every other SIB-200 language (the themes before the pivot)")
	flag.IntVar(&c.restarts, "restarts", 0, "k-means restarts (0 = default)")
	flag.Parse()
	if only != "" {
		c.only = strings.Split(only, ",")
	}
	for _, r := range strings.Split(reps, ",") {
		if r == "auto" {
			r = ""
		}
		c.reps = append(c.reps, themes.Representation(r))
	}
	if c.profile != "" {
		f, err := os.Create(c.profile)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			defer pprof.StopCPUProfile()
		}
	}
	if err := run(context.Background(), c, os.Stdout); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "bench/themes:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c config, w io.Writer) error {
	if c.speed {
		return speed(ctx, c, w)
	}
	if c.weakOnly {
		return weakSignals(ctx, c, w)
	}
	if c.mixed {
		return mixed(ctx, c, w)
	}
	if c.langid {
		return langidAccuracy(c, w)
	}
	names := c.only
	if len(names) == 0 {
		names = []string{"bbc-news"}
		for _, l := range sibLangs {
			names = append(names, "sib200/"+l)
		}
	}
	var sk map[string]map[string]float64
	var skErr chan error
	if c.sklearn {
		skErr = make(chan error, 1)
		go func() { var err error; sk, err = runSklearn(ctx, c.data, names); skErr <- err }()
	}
	rows, err := runKindred(ctx, c, names)
	if err != nil {
		return err
	}
	if c.sklearn {
		if err := <-skErr; err != nil {
			return err
		}
	}
	printTable(w, rows, sk)
	if len(c.only) > 0 {
		return nil
	}
	if err := weakSignals(ctx, c, w); err != nil {
		return err
	}
	if err := langidAccuracy(c, w); err != nil {
		return err
	}
	return mixed(ctx, c, w)
}

// dataset is a labelled corpus.
type dataset struct {
	name    string
	lang    string
	stories []themes.Story
	labels  []int
	k       int
}

func load(dir, name string) (dataset, error) {
	path := filepath.Join(dir, "bbc-news", "bbc_news.csv")
	lang := "en"
	if l, ok := strings.CutPrefix(name, "sib200/"); ok {
		path = filepath.Join(dir, "sib200-dev", l+".csv")
		lang = l
	}
	f, err := os.Open(path)
	if err != nil {
		return dataset{}, fmt.Errorf("load %s: %w", name, err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) < 2 {
		return dataset{}, fmt.Errorf("load %s: %v", name, err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	d := dataset{name: name, lang: lang}
	ids := map[string]int{}
	for _, r := range recs[1:] {
		lab, ok := ids[r[col["label"]]]
		if !ok {
			lab = len(ids)
			ids[r[col["label"]]] = lab
		}
		d.labels = append(d.labels, lab)
		d.stories = append(d.stories, themes.Story{ID: r[col["id"]], Text: r[col["text"]], Lang: lang, Quotable: true})
	}
	d.k = len(ids)
	return d, nil
}

// row is one line of the result table.
type row struct {
	dataset  string
	pipeline string
	ami      float64
	ari      float64 // mean pairwise ARI between seeds
	seconds  float64 // median seconds per run
	quotesOK bool
	chosenK  int     // k chosen automatically (seed 0), for reference
	autoAMI  float64 // AMI with that k
}

func runKindred(ctx context.Context, c config, names []string) ([]row, error) {
	var rows []row
	for _, name := range names {
		d, err := load(c.data, name)
		if err != nil {
			return nil, err
		}
		reps := []themes.Representation{themes.RepAuto}
		if d.lang == "en" || d.lang == "eng_Latn" {
			reps = c.reps
		}
		type run struct {
			rep     themes.Representation
			noPivot bool
		}
		var runs []run
		for _, rep := range reps {
			runs = append(runs, run{rep, false})
		}
		if c.noPivot && d.lang != "en" && d.lang != "eng_Latn" {
			runs = append(runs, run{themes.RepAuto, true})
		}
		for _, rn := range runs {
			r, err := evaluate(ctx, d, rn.rep, c, rn.noPivot)
			if err != nil {
				return nil, err
			}
			rows = append(rows, r)
			fmt.Fprintf(os.Stderr, "%-18s %-22s AMI %.3f ARI(seeds) %.3f %.2fs\n", r.dataset, r.pipeline, r.ami, r.ari, r.seconds)
		}
	}
	return rows, nil
}

func evaluate(ctx context.Context, d dataset, rep themes.Representation, c config, noPivot bool) (row, error) {
	var amis, secs []float64
	var runs [][]int
	quotesOK := true
	var res *themes.Result
	weight := c.weight
	if rep == themes.RepCombined && weight == 0 {
		weight = 0.3
	}
	for seed := range uint64(3) {
		start := time.Now()
		var err error
		res, err = themes.Find(ctx, d.stories, themes.Options{K: d.k, Seed: seed, Rep: rep, VectorWeight: weight, LSADims: c.dims,
			Restarts: c.restarts, NoPivot: noPivot})
		if err != nil {
			return row{}, fmt.Errorf("%s: %w", d.name, err)
		}
		secs = append(secs, time.Since(start).Seconds())
		a, err := themes.AMI(d.labels, res.Theme)
		if err != nil {
			return row{}, err
		}
		amis = append(amis, a)
		runs = append(runs, res.Theme)
		quotesOK = quotesOK && verbatim(d.stories, res)
	}
	ari := 0.0
	for i := range runs {
		a, _ := themes.ARI(runs[i], runs[(i+1)%3])
		ari += a / 3
	}
	name := "Kindred " + string(res.Representation)
	if rep == themes.RepCombined {
		name = fmt.Sprintf("Kindred combined (%.0f%% vectors)", 100*weight)
	}
	if rep == themes.RepAuto {
		name = "Kindred auto (" + string(res.Representation) + ")"
		if pivoted := countTrue(res.Pivoted); pivoted > 0 {
			name = fmt.Sprintf("Kindred auto (%s, %d%% pivoted)", res.Representation, 100*pivoted/len(res.Pivoted))
		}
	}
	if noPivot {
		name = "Kindred auto, no pivot (before)"
	}
	r := row{dataset: d.name, pipeline: name, ami: median(amis), ari: ari, seconds: median(secs), quotesOK: quotesOK}
	if rep == themes.RepAuto {
		auto, err := themes.Find(ctx, d.stories, themes.Options{Seed: 0, NoPivot: noPivot})
		if err != nil {
			return row{}, fmt.Errorf("%s: %w", d.name, err)
		}
		r.chosenK = len(auto.Themes)
		r.autoAMI, _ = themes.AMI(d.labels, auto.Theme)
		r.quotesOK = r.quotesOK && verbatim(d.stories, auto)
	}
	return r, nil
}

// verbatim reports whether every quote of every theme and weak signal is
// an exact substring of its story.
func verbatim(stories []themes.Story, res *themes.Result) bool {
	var qs []themes.Quote
	for _, t := range res.Themes {
		qs = append(qs, t.Quotes...)
	}
	for _, w := range res.WeakSignals {
		qs = append(qs, w.Quotes...)
	}
	for _, q := range qs {
		if q.Text == "" || !strings.Contains(stories[q.Story].Text, q.Text) {
			return false
		}
	}
	return true
}

func countTrue(v []bool) int {
	n := 0
	for _, b := range v {
		if b {
			n++
		}
	}
	return n
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
