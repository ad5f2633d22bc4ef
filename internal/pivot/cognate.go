package pivot

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// English is the English vocabulary cognates are checked against: the
// frequency rank of a word, and whether it is known (embeddings.Table
// satisfies it).
type English interface {
	Rank(word string) (int, bool)
}

// maxCognateRank bounds the English words a cognate may become: rarer
// words in the vector table are as often foreign words as English ones.
const maxCognateRank = 40000

// cognateRules rewrite a word's ending into the English one for words
// borrowed from the same Latin or Greek root (investigación →
// investigation, énergie → energy, Technologie → technology). Each rule is
// tried in turn; the first result that is a common English word wins.
var cognateRules = map[string][][2]string{
	"es": {{"ciones", "tions"}, {"ción", "tion"}, {"siones", "sions"}, {"sión", "sion"}, {"idades", "ities"},
		{"idad", "ity"}, {"dades", "ties"}, {"dad", "ty"}, {"logías", "logies"}, {"logía", "logy"}, {"ías", "ies"},
		{"ía", "y"}, {"icos", "ic"}, {"icas", "ic"}, {"ico", "ic"}, {"ica", "ic"}, {"ico", "ical"}, {"ica", "ical"},
		{"istas", "ists"}, {"ista", "ist"}, {"ismo", "ism"}, {"mente", "ly"}, {"osos", "ous"}, {"osas", "ous"},
		{"oso", "ous"}, {"osa", "ous"}, {"encia", "ence"}, {"ancia", "ance"}, {"entes", "ents"}, {"ente", "ent"},
		{"antes", "ants"}, {"ante", "ant"}, {"ivos", "ives"}, {"ivas", "ives"}, {"ivo", "ive"}, {"iva", "ive"},
		{"arios", "aries"}, {"ario", "ary"}, {"aria", "ary"}, {"ales", "als"}, {"tos", "ts"}, {"tas", "ts"},
		{"os", "s"}, {"as", "s"}, {"es", "s"}, {"o", ""}, {"a", ""}, {"e", ""}, {"s", ""}},
	"pt": {{"ções", "tions"}, {"ção", "tion"}, {"sões", "sions"}, {"são", "sion"}, {"idades", "ities"},
		{"idade", "ity"}, {"dades", "ties"}, {"dade", "ty"}, {"logias", "logies"}, {"logia", "logy"}, {"ias", "ies"},
		{"ia", "y"}, {"icos", "ic"}, {"icas", "ic"}, {"ico", "ic"}, {"ica", "ic"}, {"ico", "ical"}, {"ica", "ical"},
		{"istas", "ists"}, {"ista", "ist"}, {"ismo", "ism"}, {"mente", "ly"}, {"osos", "ous"}, {"oso", "ous"},
		{"osa", "ous"}, {"ência", "ence"}, {"ância", "ance"}, {"entes", "ents"}, {"ente", "ent"}, {"antes", "ants"},
		{"ante", "ant"}, {"ivos", "ives"}, {"ivo", "ive"}, {"iva", "ive"}, {"ários", "aries"}, {"ário", "ary"},
		{"ária", "ary"}, {"veis", "bles"}, {"vel", "ble"}, {"ais", "als"}, {"tos", "ts"}, {"os", "s"}, {"as", "s"},
		{"es", "s"}, {"o", ""}, {"a", ""}, {"e", ""}, {"s", ""}},
	"fr": {{"iques", "ics"}, {"ique", "ic"}, {"ique", "ical"}, {"logies", "logies"}, {"logie", "logy"}, {"ies", "ies"},
		{"ie", "y"}, {"ités", "ities"}, {"ité", "ity"}, {"tés", "ties"}, {"té", "ty"}, {"euses", "ous"}, {"euse", "ous"},
		{"eux", "ous"}, {"ismes", "isms"}, {"isme", "ism"}, {"istes", "ists"}, {"iste", "ist"}, {"ives", "ive"},
		{"ifs", "ives"}, {"if", "ive"}, {"aires", "aries"}, {"aire", "ary"}, {"eurs", "ors"}, {"eur", "or"},
		{"ements", "ly"}, {"ement", "ly"}, {"s", ""}, {"e", ""}, {"x", ""}},
	"de": {{"itäten", "ities"}, {"ität", "ity"}, {"logien", "logies"}, {"logie", "logy"}, {"ien", "ies"},
		{"ie", "y"}, {"ischen", "ic"}, {"ische", "ic"}, {"isch", "ic"}, {"isch", "ical"}, {"ismus", "ism"},
		{"isten", "ists"}, {"ist", "ist"}, {"ionen", "ions"}, {"uren", "ures"}, {"ur", "ure"}, {"iken", "ics"},
		{"ik", "ics"}, {"ik", "ic"}, {"iven", "ive"}, {"iv", "ive"}, {"enten", "ents"}, {"en", ""}, {"e", ""}, {"s", ""}},
}

// identical are the languages whose words the lexicon lacks are often
// spelt as in English (internet, virus, similar, total); false friends
// (red, once, pie) are in the lexicon, which is looked up first.
var identical = map[string]bool{"es": true, "pt": true, "fr": true, "de": true}

// cognate returns the English word a word of lang is a cognate of, by the
// language's ending rules and with accents removed, if that is a common
// English word.
func cognate(lang, w string, en English) (string, bool) {
	if en == nil || len([]rune(w)) < 5 {
		return "", false
	}
	if lang == "ru" {
		return russianLoan(w, en)
	}
	for _, r := range cognateRules[lang] {
		stem, ok := strings.CutSuffix(w, r[0])
		if !ok || len(stem) < 3 {
			continue
		}
		c := unaccent(stem + r[1])
		if len(c) < 4 {
			continue
		}
		if rank, ok := en.Rank(c); ok && rank < maxCognateRank {
			return c, true
		}
	}
	if c := unaccent(w); c != w || identical[lang] {
		if rank, ok := en.Rank(c); ok && rank < maxCognateRank {
			return c, true
		}
	}
	return "", false
}

// unaccent removes combining marks (é → e, ç → c, ü → u).
func unaccent(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	for _, r := range d {
		if r < 0x300 || r > 0x36f {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cyrillic romanizes Russian letters the way English spells loanwords back
// (интернет → internet, видео → video).
var cyrillic = strings.NewReplacer("а", "a", "б", "b", "в", "v", "г", "g", "д", "d", "е", "e", "ё", "e", "ж", "zh",
	"з", "z", "и", "i", "й", "y", "к", "k", "л", "l", "м", "m", "н", "n", "о", "o", "п", "p", "р", "r", "с", "s",
	"т", "t", "у", "u", "ф", "f", "х", "kh", "ц", "ts", "ч", "ch", "ш", "sh", "щ", "shch", "ъ", "", "ы", "y",
	"ь", "", "э", "e", "ю", "yu", "я", "ya")

// russianLoan returns the English word a Russian loanword (or its form
// without a case ending) spells, if it is a common English word.
func russianLoan(w string, en English) (string, bool) {
	forms := []string{w}
	for _, end := range []string{"ами", "ях", "ов", "ом", "ах", "ы", "а", "у", "е", "и"} {
		if s, ok := strings.CutSuffix(w, end); ok && len([]rune(s)) >= 4 {
			forms = append(forms, s)
		}
	}
	for _, f := range forms {
		c := cyrillic.Replace(f)
		if rank, ok := en.Rank(c); ok && rank < maxCognateRank {
			return c, true
		}
	}
	return "", false
}
