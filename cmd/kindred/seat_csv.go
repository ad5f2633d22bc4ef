package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/csvx"
	"github.com/kindredhq/kindred/internal/seating"
)

func readSeatFile(path string, stdin io.Reader, parse func(io.Reader) error) error {
	if path == "-" {
		return parse(stdin)
	}
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	return parse(bufio.NewReader(fh))
}

// csvTable reads a CSV file whose header names its columns.
type csvTable struct {
	r      *csv.Reader
	col    map[string]int
	errs   []string
	nTotal int
}

// openCSV reads the header and checks it names only allowed columns and
// every required one.
func openCSV(r io.Reader, allowed, required []string) (*csvTable, error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("empty file: want a header line " + strings.Join(allowed, ","))
	}
	if err != nil {
		return nil, err
	}
	t := &csvTable{r: cr, col: map[string]int{}}
	var unknown []string
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		switch _, dup := t.col[h]; {
		case !slices.Contains(allowed, h):
			unknown = append(unknown, strconv.Quote(h))
		case dup:
			return nil, fmt.Errorf("column %q appears twice", h)
		}
		t.col[h] = i
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("unknown columns %s (allowed: %s)", strings.Join(unknown, ", "), strings.Join(allowed, ", "))
	}
	for _, c := range required {
		if _, ok := t.col[c]; !ok {
			return nil, fmt.Errorf("missing column %q (header: %s)", c, strings.Join(header, ","))
		}
	}
	return t, nil
}

// next returns the next row and its line, or io.EOF. Rows with the wrong
// number of fields are recorded as bad rows and skipped.
func (t *csvTable) next() ([]string, int, error) {
	for {
		rec, err := t.r.Read()
		if err == nil {
			line, _ := t.r.FieldPos(0)
			return rec, line, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
			t.bad(pe.Line, "has %d fields, the header has %d", len(rec), len(t.col))
			continue
		}
		return nil, 0, err
	}
}

func (t *csvTable) get(rec []string, name string) string {
	if i, ok := t.col[name]; ok {
		return strings.TrimSpace(csvx.Unescape(rec[i]))
	}
	return ""
}

func (t *csvTable) bad(line int, format string, a ...any) {
	t.nTotal++
	if len(t.errs) < maxSeatRowErrors {
		t.errs = append(t.errs, fmt.Sprintf("line %d: ", line)+fmt.Sprintf(format, a...))
	}
}

// err reports every bad row, or nil.
func (t *csvTable) err() error {
	if t.nTotal == 0 {
		return nil
	}
	msg := strings.Join(t.errs, "; ")
	if t.nTotal > len(t.errs) {
		msg += fmt.Sprintf("; and %d more bad rows", t.nTotal-len(t.errs))
	}
	return errors.New(msg)
}

// parseGuests reads a guest list: header id,org[,host][,lang][,themes].
// host is 1/true/yes or 0/false/no/empty; lang and themes hold languages
// and theme labels separated by ; or |.
// It returns an error naming unknown columns and every bad row by line.
func parseGuests(r io.Reader) ([]seating.Guest, error) {
	t, err := openCSV(r, []string{"id", "org", "host", "lang", "themes"}, []string{"id", "org"})
	if err != nil {
		return nil, err
	}
	var guests []seating.Guest
	firstLine := map[string]int{}
	for {
		rec, line, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		g, ok := t.guest(rec, line, firstLine)
		if ok {
			guests = append(guests, g)
		}
	}
	if err := t.err(); err != nil {
		return nil, err
	}
	if len(guests) == 0 {
		return nil, errors.New("no guests")
	}
	return guests, nil
}

func (t *csvTable) guest(rec []string, line int, firstLine map[string]int) (seating.Guest, bool) {
	g := seating.Guest{ID: t.get(rec, "id"), Org: t.get(rec, "org")}
	host, hostOK := parseHostFlag(t.get(rec, "host"))
	first, dup := firstLine[g.ID]
	switch {
	case g.ID == "":
		t.bad(line, "empty id")
	case dup:
		t.bad(line, "duplicate id %q (first on line %d)", g.ID, first)
	case g.Org == "":
		t.bad(line, "guest %q has no organization", g.ID)
	case !hostOK:
		t.bad(line, "guest %q: host %q is not 1/0, true/false or yes/no", g.ID, t.get(rec, "host"))
	default:
		firstLine[g.ID] = line
		g.Host = host
		g.Languages = splitLanguages(t.get(rec, "lang"))
		g.Themes = splitLanguages(t.get(rec, "themes"))
		return g, true
	}
	return g, false
}

func parseHostFlag(s string) (host, ok bool) {
	switch strings.ToLower(s) {
	case "1", "true", "yes", "y":
		return true, true
	case "", "0", "false", "no", "n":
		return false, true
	}
	return false, false
}

// splitLanguages splits a list of languages (or themes) separated by ; or |.
func splitLanguages(s string) []string {
	var out []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' }) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// parseHistory reads pairs who already met: header a,b[,times]; times is a
// whole number of meetings, 1 when the column is absent.
func parseHistory(r io.Reader) ([]seating.Meeting, error) {
	t, err := openCSV(r, []string{"a", "b", "times"}, []string{"a", "b"})
	if err != nil {
		return nil, err
	}
	var out []seating.Meeting
	for {
		rec, line, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		m := seating.Meeting{A: t.get(rec, "a"), B: t.get(rec, "b"), Times: 1}
		if s := t.get(rec, "times"); s != "" {
			if m.Times, err = strconv.Atoi(s); err != nil || m.Times < 0 {
				t.bad(line, "times %q is not a whole number of meetings", s)
				continue
			}
		}
		if m.A == "" || m.B == "" {
			t.bad(line, "a pair needs two ids")
			continue
		}
		out = append(out, m)
	}
	return out, t.err()
}

// parseConstraints reads rules: header a,b,rule with rule apart (do-not-seat)
// or together (keep-together).
func parseConstraints(r io.Reader) (apart, together []seating.Pair, err error) {
	t, err := openCSV(r, []string{"a", "b", "rule"}, []string{"a", "b", "rule"})
	if err != nil {
		return nil, nil, err
	}
	for {
		rec, line, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		p := seating.Pair{A: t.get(rec, "a"), B: t.get(rec, "b")}
		switch rule := strings.ToLower(t.get(rec, "rule")); {
		case p.A == "" || p.B == "":
			t.bad(line, "a rule needs two ids")
		case rule == "apart":
			apart = append(apart, p)
		case rule == "together":
			together = append(together, p)
		default:
			t.bad(line, "rule %q is not apart or together", rule)
		}
	}
	return apart, together, t.err()
}

// parseSeason reads a season's guest lists: header dinner,id[,host], one
// row per guest of each dinner, dinners in order of first appearance. With
// a host column a dinner's hosts are its rows with host set; without one
// the guest list's host column applies.
func parseSeason(r io.Reader) ([]seating.Dinner, error) {
	t, err := openCSV(r, []string{"dinner", "id", "host"}, []string{"dinner", "id"})
	if err != nil {
		return nil, err
	}
	_, hostCol := t.col["host"]
	var out []seating.Dinner
	byName := map[string]int{}
	seen := map[[2]string]int{}
	for {
		rec, line, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		name, id := t.get(rec, "dinner"), t.get(rec, "id")
		host, hostOK := parseHostFlag(t.get(rec, "host"))
		first, dup := seen[[2]string{name, id}]
		switch {
		case name == "" || id == "":
			t.bad(line, "a row needs a dinner and an id")
			continue
		case dup:
			t.bad(line, "guest %q is listed twice for dinner %q (first on line %d)", id, name, first)
			continue
		case !hostOK:
			t.bad(line, "guest %q: host %q is not 1/0, true/false or yes/no", id, t.get(rec, "host"))
			continue
		}
		seen[[2]string{name, id}] = line
		d, ok := byName[name]
		if !ok {
			d = len(out)
			byName[name] = d
			out = append(out, seating.Dinner{Name: name})
			if hostCol {
				out[d].Hosts = []string{}
			}
		}
		out[d].Guests = append(out[d].Guests, id)
		if host {
			out[d].Hosts = append(out[d].Hosts, id)
		}
	}
	if err := t.err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("no dinners")
	}
	return out, nil
}

// parseHeld reads the seating of held dinners, header dinner,round,table,id
// with rounds and tables counted from 1, into the dinners it names; a held
// dinner's guests are those it seats.
func parseHeld(r io.Reader, dinners []seating.Dinner) error {
	t, err := openCSV(r, []string{"dinner", "round", "table", "id"}, []string{"dinner", "round", "table", "id"})
	if err != nil {
		return err
	}
	byName := map[string]int{}
	for d, dn := range dinners {
		byName[dn.Name] = d
	}
	for {
		rec, line, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		d, ok := byName[t.get(rec, "dinner")]
		round, rerr := strconv.Atoi(t.get(rec, "round"))
		table, terr := strconv.Atoi(t.get(rec, "table"))
		switch {
		case !ok:
			t.bad(line, "dinner %q is not in the season", t.get(rec, "dinner"))
		case rerr != nil || round < 1 || round > 50:
			t.bad(line, "round %q is not a number from 1 to 50", t.get(rec, "round"))
		case terr != nil || table < 1 || table > 10000:
			t.bad(line, "table %q is not a number from 1", t.get(rec, "table"))
		case t.get(rec, "id") == "":
			t.bad(line, "empty id")
		default:
			dinners[d].Held = seatAt(dinners[d].Held, round-1, table-1, t.get(rec, "id"))
			dinners[d].Guests = nil
		}
	}
	return t.err()
}

// seatAt adds id at table t of round r, growing the seating as needed.
func seatAt(held [][][]string, r, t int, id string) [][][]string {
	for len(held) <= r {
		held = append(held, nil)
	}
	for len(held[r]) <= t {
		held[r] = append(held[r], []string{})
	}
	held[r][t] = append(held[r][t], id)
	return held
}
