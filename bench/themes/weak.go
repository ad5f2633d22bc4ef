package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/kindredhq/kindred/internal/themes"
)

// planted are five small "novel practice" groups, four stories each, unlike
// anything in SIB-200: the weak-signal check injects them into a corpus.
var planted = [][]string{
	{"Our choir turned protest songs into a weekly singing circle for tenants.",
		"The tenants' choir sang at the housing hearing and the singing drew neighbours.",
		"Singing practice with the tenants' choir became our best recruitment event.",
		"New members joined the tenants' singing circle after the choir performed."},
	{"We lent out power drills and ladders from a tool library in the church basement.",
		"The tool library now lends ladders, drills and sewing machines to members.",
		"Neighbours borrow drills from our tool library instead of buying them.",
		"Volunteers repair the borrowed ladders and drills of the tool library."},
	{"Grandmothers taught teenagers to knit scarves for the night shelter.",
		"The knitting circle pairs grandmothers and teenagers every Thursday.",
		"Teenagers who learned knitting from grandmothers now teach newcomers.",
		"Scarves knitted by teenagers and grandmothers went to the shelter."},
	{"Our beekeeping cooperative put hives on the roofs of three schools.",
		"Pupils harvest honey from the rooftop hives of the beekeeping cooperative.",
		"The beekeeping cooperative sells rooftop honey to fund school trips.",
		"Rooftop hives taught pupils beekeeping and how honey is harvested."},
	{"Bus drivers hold a listening breakfast with riders at the depot each month.",
		"Riders tell bus drivers about broken stops at the depot breakfast.",
		"The depot breakfast between riders and bus drivers fixed two routes.",
		"Bus drivers and riders planned safer stops at the monthly breakfast."},
}

// weakSignals injects the planted groups into a corpus and reports how many
// are surfaced: three or more of a group's stories in one weak signal, or
// in outliers, or forming their own theme.
func weakSignals(ctx context.Context, c config, w io.Writer) error {
	d, err := load(c.data, "sib200/eng_Latn")
	if err != nil {
		return err
	}
	stories := slices.Clone(d.stories)
	base := len(stories)
	for g, group := range planted {
		for i, text := range group {
			stories = append(stories, themes.Story{ID: fmt.Sprintf("planted-%d-%d", g, i), Text: text, Lang: "en", Quotable: true})
		}
	}
	res, err := themes.Find(ctx, stories, themes.Options{Seed: 1})
	if err != nil {
		return err
	}
	found, falseAlarms := 0, 0
	for g := range planted {
		if surfaced(res, base+4*g) {
			found++
		}
	}
	for _, ws := range res.WeakSignals {
		for _, s := range ws.Stories {
			if s < base {
				falseAlarms++
			}
		}
	}
	fmt.Fprintf(w, "weak signals: %d of %d planted groups surfaced (as weak signal, outliers or own theme) in SIB-200 English + 20 planted stories; %d weak signals, %d real stories flagged in them (%.2f per 100), %d outliers\n",
		found, len(planted), len(res.WeakSignals), falseAlarms, 100*float64(falseAlarms)/float64(base), len(res.Outliers))
	return nil
}

func surfaced(res *themes.Result, first int) bool {
	group := []int{first, first + 1, first + 2, first + 3}
	for _, ws := range res.WeakSignals {
		if overlap(ws.Stories, group) >= 3 {
			return true
		}
	}
	if overlap(res.Outliers, group) >= 3 {
		return true
	}
	for _, t := range res.Themes {
		if t.Size <= 8 && overlap(t.Members, group) >= 3 {
			return true
		}
	}
	return false
}

func overlap(a, b []int) int {
	n := 0
	for _, x := range b {
		if slices.Contains(a, x) {
			n++
		}
	}
	return n
}
