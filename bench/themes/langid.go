package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kindredhq/kindred/internal/langid"
	"github.com/kindredhq/kindred/internal/textproc"
)

// langidAccuracy reports how often internal/langid names the language of
// a SIB-200 sentence given no hint: on the dev split (held out: the
// detector's word lists were written looking at train sentences only) and
// on all 800 sentences, per language.
func langidAccuracy(c config, w io.Writer) error {
	det, err := langid.Builtin()
	if err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(c.data, "sib200-dev", "*.csv"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("langid: no SIB-200 files in %s", c.data)
	}
	var devN, devOK, allN, allOK int
	var per []string
	for _, f := range files {
		recs, err := readCSV(f)
		if err != nil {
			return err
		}
		want := textproc.NormalizeLang(strings.TrimSuffix(filepath.Base(f), ".csv"))
		n, ok := 0, 0
		for _, r := range recs[1:] {
			hit := det.Detect(textproc.Words(r[2]), "").Lang == want
			n++
			if hit {
				ok++
			}
			if r[3] == "dev" {
				devN++
				if hit {
					devOK++
				}
			}
		}
		allN, allOK = allN+n, allOK+ok
		per = append(per, fmt.Sprintf("%s %.3f", want, float64(ok)/float64(n)))
	}
	fmt.Fprintf(w, "\nlanguage detection (no hint), %d SIB-200 languages: dev split %.4f (%d/%d), all %.4f (%d/%d)\n  %s\n",
		len(files), float64(devOK)/float64(devN), devOK, devN, float64(allOK)/float64(allN), allOK, allN, strings.Join(per, ", "))
	return nil
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return csv.NewReader(f).ReadAll()
}
