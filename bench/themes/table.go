package main

import (
	"fmt"
	"io"
	"sort"
)

// printTable prints, per dataset, Kindred's pipelines and the scikit-learn
// ones, then a verdict line comparing Kindred's default with the best
// scikit-learn pipeline.
func printTable(w io.Writer, rows []row, sk map[string]map[string]float64) {
	fmt.Fprintf(w, "| %-17s | %-35s | %6s | %9s | %6s | %6s | %13s |\n", "data", "pipeline", "AMI", "ARI seeds", "s/run", "quotes", "auto k (AMI)")
	fmt.Fprintf(w, "|%s|%s|%s|%s|%s|%s|%s|\n", dashes(19), dashes(37), dashes(8), dashes(11), dashes(8), dashes(8), dashes(15))
	var order []string
	byData := map[string][]row{}
	for _, r := range rows {
		if byData[r.dataset] == nil {
			order = append(order, r.dataset)
		}
		byData[r.dataset] = append(byData[r.dataset], r)
	}
	var verdicts []string
	for _, d := range order {
		for _, r := range byData[d] {
			q := "ok"
			if !r.quotesOK {
				q = "BAD"
			}
			auto := ""
			if r.chosenK > 0 {
				auto = fmt.Sprintf("%d (%.3f)", r.chosenK, r.autoAMI)
			}
			fmt.Fprintf(w, "| %-17s | %-35s | %6.3f | %9.3f | %6.2f | %6s | %13s |\n", d, r.pipeline, r.ami, r.ari, r.seconds, q, auto)
		}
		bestName, best := bestSklearn(sk[d])
		for _, name := range sortedKeys(sk[d]) {
			fmt.Fprintf(w, "| %-17s | %-35s | %6.3f | %9s | %6s | %6s | %13s |\n", d, "sklearn "+name, sk[d][name], "", "", "", "")
		}
		if bestName != "" {
			ours := byData[d][0].ami
			verdicts = append(verdicts, fmt.Sprintf("%-17s Kindred default %.3f vs best sklearn %.3f (%s): %s",
				d, ours, best, bestName, verdict(ours >= best)))
		}
	}
	fmt.Fprintln(w)
	for _, v := range verdicts {
		fmt.Fprintln(w, v)
	}
}

func bestSklearn(m map[string]float64) (string, float64) {
	name, best := "", -1.0
	for _, k := range sortedKeys(m) {
		if m[k] > best {
			name, best = k, m[k]
		}
	}
	return name, best
}

func verdict(ok bool) string {
	if ok {
		return "at least as good"
	}
	return "WORSE"
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func dashes(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '-'
	}
	return string(b)
}
