package pivot

import "strings"

// variants returns other spellings under which a word of lang may stand in
// the lexicon, most likely first: for Arabic without its clitics and with
// alef and tā' marbūṭa normalized, for Hindi without inflectional endings,
// for Swahili without verb and noun-class prefixes. Snowball stemmers do
// not exist for Hindi and Swahili, and Arabic dictionary headwords carry
// no clitics, so these light rules raise coverage where stems cannot.
func variants(lang, w string) []string {
	switch lang {
	case "ar":
		return arabicVariants(w)
	case "hi":
		return hindiVariants(w)
	case "sw":
		return swahiliVariants(w)
	case "es", "pt", "fr", "de":
		return plurals(lang, w)
	}
	return nil
}

// pluralRules turn a plural into the singular the dictionaries list when
// the snowball stem does not meet it (años → año: the Spanish stemmer keeps
// both as they are).
var pluralRules = map[string][][2]string{
	"es": {{"ces", "z"}, {"es", ""}, {"s", ""}},
	"pt": {{"ões", "ão"}, {"ães", "ão"}, {"ns", "m"}, {"is", "l"}, {"es", ""}, {"s", ""}},
	"fr": {{"aux", "al"}, {"x", ""}, {"s", ""}},
	"de": {{"en", ""}, {"n", ""}, {"e", ""}, {"er", ""}, {"s", ""}},
}

func plurals(lang, w string) []string {
	var out []string
	for _, r := range pluralRules[lang] {
		if s, ok := strings.CutSuffix(w, r[0]); ok && len(s) >= 2 {
			out = append(out, s+r[1])
		}
	}
	return out
}

var (
	arabicPrefixes = []string{"وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب", "ل", "ك"}
	arabicSuffixes = []string{"هما", "كما", "ات", "ون", "ين", "ان", "ها", "هم", "هن", "كم", "نا", "ية", "ة", "ه", "ي", "ك"}
	alef           = strings.NewReplacer("أ", "ا", "إ", "ا", "آ", "ا")
)

// arabicMarks removes the short-vowel marks and tatweel that the
// lexicon's headwords are stored without.
var arabicMarks = strings.NewReplacer("\u064B", "", "\u064C", "", "\u064D", "", "\u064E", "", "\u064F", "",
	"\u0650", "", "\u0651", "", "\u0652", "", "\u0670", "", "\u0640", "")

func arabicVariants(word string) []string {
	var out []string
	add := func(v string) {
		if len([]rune(v)) >= 2 && v != word {
			out = append(out, v)
		}
	}
	w := arabicMarks.Replace(word)
	add(w)
	stems := []string{w}
	for _, p := range arabicPrefixes {
		if s, ok := strings.CutPrefix(w, p); ok && len([]rune(s)) >= 2 {
			stems = append(stems, s)
			break
		}
	}
	// An imperfect verb carries a person prefix (يشمل "includes" → شمل,
	// the perfect form dictionaries list).
	for _, p := range []string{"ي", "ت", "ن"} {
		if s, ok := strings.CutPrefix(w, p); ok && len([]rune(s)) >= 3 {
			stems = append(stems, s)
		}
	}
	for _, s := range stems {
		add(s)
		for _, suf := range arabicSuffixes {
			if t, ok := strings.CutSuffix(s, suf); ok && len([]rune(t)) >= 2 {
				add(t)
				if suf == "ة" || suf == "ية" {
					add(t + "ة")
				}
			}
		}
	}
	n := len(out)
	for _, v := range append([]string{word}, out[:n]...) {
		if a := alef.Replace(v); a != v {
			add(a)
		}
	}
	return out
}

var hindiSuffixes = []string{"ियों", "ियां", "ियाँ", "ाओं", "ाएं", "ाएँ", "ुओं", "ाने", "ाना", "ाती", "ाते", "ाता",
	"ों", "ें", "ीं", "ने", "ना", "ती", "ते", "ता", "कर", "ी", "े", "ा", "ो"}

func hindiVariants(w string) []string {
	var out []string
	for _, suf := range hindiSuffixes {
		if s, ok := strings.CutSuffix(w, suf); ok && len([]rune(s)) >= 2 {
			out = append(out, s, s+"ा", s+"ना", s+"ी")
		}
	}
	return out
}

// Swahili verbs stack a subject, a tense and an object marker before the
// root (wa-li-ki-soma "they read it"); nouns change their class prefix in
// the plural (wa-tu → m-tu). Dictionaries list roots, infinitives (ku-) and
// singular nouns.
var (
	swahiliSubjects = []string{"ni", "u", "a", "tu", "m", "wa", "i", "li", "ya", "ki", "vi", "zi", "ku", "pa", "si", "hu"}
	swahiliTenses   = []string{"na", "li", "ta", "me", "ka", "ki", "ngali", "nge", "ja", "si"}
	swahiliObjects  = []string{"ni", "ku", "m", "mw", "tu", "wa", "i", "li", "ya", "ki", "vi", "zi", "u", "ji"}
	swahiliPlurals  = [][2]string{{"wa", "m"}, {"wa", "mw"}, {"mi", "m"}, {"mi", "mw"}, {"vi", "ki"}, {"vy", "ch"}, {"ma", "ji"}, {"ma", ""}}
	// swahiliClasses are the noun-class prefixes an adjective or noun
	// takes (m-kubwa, ki-dogo, n-dogo, wa-pya): the dictionary lists the
	// bare stem.
	swahiliClasses = []string{"mw", "m", "wa", "ki", "vi", "ch", "vy", "ny", "n", "ma", "ji", "u", "ku", "pa", "mi", "li", "ya", "za", "zi", "i"}
	swahiliEndings = []string{"wa", "ni", "eni", "ia", "ea", "ika", "eka", "isha", "esha", "ana"}
)

func swahiliVariants(w string) []string {
	var out []string
	seen := map[string]bool{w: true}
	add := func(v string) {
		if len(v) >= 3 && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	if s, ok := strings.CutPrefix(w, "ku"); ok {
		add(s)
	}
	for _, pl := range swahiliPlurals {
		if s, ok := strings.CutPrefix(w, pl[0]); ok {
			add(pl[1] + s)
		}
	}
	for _, root := range swahiliVerbRoots(w) {
		add(root)
		add("ku" + root)
	}
	if s, ok := strings.CutSuffix(w, "ni"); ok { // locative: nyumbani → nyumba
		add(s)
	}
	for _, c := range swahiliClasses {
		if s, ok := strings.CutPrefix(w, c); ok {
			add(s)
		}
	}
	for _, v := range append([]string{w}, out...) {
		for _, e := range swahiliEndings {
			if s, ok := strings.CutSuffix(v, e); ok {
				add(s + "a")
			}
		}
	}
	return out
}

// swahiliVerbRoots strips a subject + tense (+ object) prefix.
func swahiliVerbRoots(w string) []string {
	var out []string
	for _, s := range swahiliSubjects {
		rest, ok := strings.CutPrefix(w, s)
		if !ok {
			continue
		}
		for _, t := range swahiliTenses {
			root, ok := strings.CutPrefix(rest, t)
			if !ok || len(root) < 2 {
				continue
			}
			out = append(out, root)
			for _, o := range swahiliObjects {
				if r, ok := strings.CutPrefix(root, o); ok && len(r) >= 3 {
					out = append(out, r)
				}
			}
		}
	}
	return out
}
