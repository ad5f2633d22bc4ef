package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/themes"
)

// pivotLangs are the SIB-200 languages of the mixed campaign: English and
// the languages the built-in lexicon carries into English.
var pivotLangs = []string{"eng_Latn", "spa_Latn", "fra_Latn", "por_Latn", "deu_Latn", "arb_Arab", "swh_Latn",
	"hin_Deva", "rus_Cyrl"}

// campaign is a mixed-language corpus with two labellings.
type campaign struct {
	name    string
	stories []themes.Story
	topic   []int
	lang    []int
}

// mixedCampaigns builds the two mixed campaigns: every sentence in every
// language (7,200 stories), and each sentence once in a language drawn at
// random (800 stories, seed 1).
func mixedCampaigns(dir string) ([]campaign, error) {
	all := campaign{name: "mixed: all 9 translations"}
	one := campaign{name: "mixed: 1 random language"}
	var sets []dataset
	for _, l := range pivotLangs {
		d, err := load(dir, "sib200/"+l)
		if err != nil {
			return nil, err
		}
		sets = append(sets, d)
	}
	for li, d := range sets {
		for i, s := range d.stories {
			s.ID = pivotLangs[li] + "/" + s.ID
			all.stories = append(all.stories, s)
			all.topic, all.lang = append(all.topic, d.labels[i]), append(all.lang, li)
		}
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for i := range sets[0].stories {
		li := rng.IntN(len(sets))
		one.stories = append(one.stories, sets[li].stories[i])
		one.topic, one.lang = append(one.topic, sets[li].labels[i]), append(one.lang, li)
	}
	return []campaign{all, one}, nil
}

// mixedRow is one line of the mixed-language table.
type mixedRow struct {
	campaign, pipeline string
	topic, lang        float64 // median AMI over seeds 0-2
	pivoted            float64 // share of stories pivoted
	seconds            float64
	quotesOK           bool
}

// mixed themes the mixed campaigns without and with the pivot (and with
// scikit-learn on the same texts) and prints AMI against topic and against
// language.
func mixed(ctx context.Context, c config, w io.Writer) error {
	camps, err := mixedCampaigns(c.data)
	if err != nil {
		return err
	}
	var rows []mixedRow
	for _, cp := range camps {
		for _, noPivot := range []bool{true, false} {
			r, err := evaluateMixed(ctx, cp, noPivot)
			if err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "%-28s %-24s topic %.3f lang %.3f\n", r.campaign, r.pipeline, r.topic, r.lang)
			rows = append(rows, r)
		}
		if c.sklearn {
			sk, err := sklearnMixed(ctx, cp)
			if err != nil {
				return err
			}
			rows = append(rows, sk...)
		}
	}
	fmt.Fprintf(w, "\n| %-28s | %-35s | %9s | %8s | %7s | %6s | %6s |\n", "mixed campaign", "pipeline", "AMI topic", "AMI lang", "pivoted", "s/run", "quotes")
	fmt.Fprintf(w, "|%s|%s|%s|%s|%s|%s|%s|\n", dashes(30), dashes(37), dashes(11), dashes(10), dashes(9), dashes(8), dashes(8))
	for _, r := range rows {
		piv, secs, q := "", "", ""
		if !strings.HasPrefix(r.pipeline, "sklearn") {
			piv, secs, q = fmt.Sprintf("%.2f", r.pivoted), fmt.Sprintf("%.2f", r.seconds), "ok"
			if !r.quotesOK {
				q = "BAD"
			}
		}
		fmt.Fprintf(w, "| %-28s | %-35s | %9.3f | %8.3f | %7s | %6s | %6s |\n", r.campaign, r.pipeline, r.topic, r.lang, piv, secs, q)
	}
	return nil
}

func evaluateMixed(ctx context.Context, cp campaign, noPivot bool) (mixedRow, error) {
	var topics, langs, secs []float64
	r := mixedRow{campaign: cp.name, pipeline: "Kindred auto, pivot", quotesOK: true}
	if noPivot {
		r.pipeline = "Kindred auto, no pivot (before)"
	}
	for seed := range uint64(3) {
		start := time.Now()
		res, err := themes.Find(ctx, cp.stories, themes.Options{K: 7, Seed: seed, NoPivot: noPivot})
		if err != nil {
			return r, fmt.Errorf("%s: %w", cp.name, err)
		}
		secs = append(secs, time.Since(start).Seconds())
		t, _ := themes.AMI(cp.topic, res.Theme)
		l, _ := themes.AMI(cp.lang, res.Theme)
		topics, langs = append(topics, t), append(langs, l)
		r.quotesOK = r.quotesOK && verbatim(cp.stories, res)
		n := 0
		for _, p := range res.Pivoted {
			if p {
				n++
			}
		}
		r.pivoted = float64(n) / float64(len(cp.stories))
	}
	r.topic, r.lang, r.seconds = median(topics), median(langs), median(secs)
	return r, nil
}

// sklearnMixed runs the scikit-learn pipelines on a mixed campaign written
// to a temporary CSV, once against topics and once against languages.
func sklearnMixed(ctx context.Context, cp campaign) ([]mixedRow, error) {
	dir, err := os.MkdirTemp("", "bench-mixed")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var names []string
	for _, labels := range []struct {
		name string
		l    []int
	}{{"topic", cp.topic}, {"lang", cp.lang}} {
		path := filepath.Join(dir, labels.name+".csv")
		if err := writeLabelled(path, cp.stories, labels.l); err != nil {
			return nil, err
		}
		names = append(names, "csv:"+path)
	}
	sk, err := runSklearn(ctx, "", names)
	if err != nil {
		return nil, err
	}
	var rows []mixedRow
	for _, p := range sortedKeys(sk[names[0]]) {
		rows = append(rows, mixedRow{campaign: cp.name, pipeline: "sklearn " + p, topic: sk[names[0]][p], lang: sk[names[1]][p]})
	}
	return rows, nil
}

func writeLabelled(path string, stories []themes.Story, labels []int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(f)
	cw.Write([]string{"id", "label", "text"})
	for i, s := range stories {
		cw.Write([]string{s.ID, fmt.Sprint(labels[i]), s.Text})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
