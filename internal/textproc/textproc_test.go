package textproc

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       []string
	}{
		{"english", "Don't stop-believing, 2024!", []string{"don", "t", "stop", "believing", "2024"}},
		{"accents", "L'Économie ÉTAIT forte", []string{"l", "économie", "était", "forte"}},
		{"cyrillic", "Москва — столица", []string{"москва", "столица"}},
		{"devanagari marks stay in words", "भारत में खेल", []string{"भारत", "में", "खेल"}},
		{"bengali", "বাংলা ভাষা", []string{"বাংলা", "ভাষা"}},
		{"arabic", "اللغة العربية.", []string{"اللغة", "العربية"}},
		{"chinese run is one token", "我们的花园很好。", []string{"我们的花园很好"}},
		{"script change splits", "Kindred是好的", []string{"kindred", "是好的"}},
		{"korean spaces", "한국어 문장", []string{"한국어", "문장"}},
		{"empty", "  ... ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Words(tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Words(%q) = %q, want %q", tt.text, got, tt.want)
			}
			for _, tok := range Tokenize(tt.text) {
				if got := strings.ToLower(tt.text[tok.Start:tok.End]); got != tok.Text {
					t.Errorf("token %q does not match text[%d:%d] = %q", tok.Text, tok.Start, tok.End, got)
				}
			}
		})
	}
}

func TestCharNGrams(t *testing.T) {
	t.Parallel()
	got := CharNGrams("abc", 2, 3)
	want := []string{" a", "ab", "bc", "c ", " ab", "abc", "bc "}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CharNGrams = %q, want %q", got, want)
	}
}

func TestSentencesAreVerbatim(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       []string
	}{
		{"english", "We met. It was good!  Then what? E.g. some people", []string{"We met.", "It was good!", "Then what?", "E.g. some people"}},
		{"chinese", "我们见面了。很好！", []string{"我们见面了。", "很好！"}},
		{"hindi", "हम मिले। अच्छा था।", []string{"हम मिले।", "अच्छा था।"}},
		{"lines", "first line\nsecond line", []string{"first line", "second line"}},
		{"only punctuation", " ... ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Sentences(tt.text) {
				got = append(got, tt.text[s.Start:s.End])
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences = %q, want %q", got, tt.want)
			}
		})
	}
	text := "First, we listened; then, we acted: together."
	var got []string
	for _, c := range Clauses(text, Span{0, len(text)}) {
		got = append(got, text[c.Start:c.End])
	}
	if want := []string{"First,", "we listened;", "then,", "we acted:", "together."}; !reflect.DeepEqual(got, want) {
		t.Errorf("Clauses = %q, want %q", got, want)
	}
}

func TestNormalizeLang(t *testing.T) {
	t.Parallel()
	tests := map[string]string{"en": "en", "en-US": "en", "eng_Latn": "en", "English": "en", "zho_Hans": "zh",
		"pt_BR": "pt", "xx": "xx", "klingon": "", "": ""}
	for in, want := range tests {
		if got := NormalizeLang(in); got != want {
			t.Errorf("NormalizeLang(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDetectLang(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, want string }{
		{"The volunteers of the garden said that it was working.", "en"},
		{"Los voluntarios del huerto dijeron que funcionaba para la comunidad.", "es"},
		{"Les bénévoles du jardin ont dit que cela marchait pour les familles.", "fr"},
		{"Die Freiwilligen sagten, dass es mit dem Garten und der Stadt funktioniert.", "de"},
		{"Волонтёры сказали, что это работает.", "ru"},
		{"我们的社区花园很好。", "zh"},
		{"私たちの庭はとても良いです。", "ja"},
		{"우리 정원은 아주 좋아요.", "ko"},
		{"हमारा बगीचा बहुत अच्छा है।", "hi"},
		{"12345", ""},
	}
	for _, tt := range tests {
		if got := DetectLang(tt.text); got != tt.want {
			t.Errorf("DetectLang(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestStemmer(t *testing.T) {
	t.Parallel()
	tests := []struct{ lang, word, want string }{
		{"en", "organizing", "organ"},
		{"en", "communities", "communiti"},
		{"es", "comunidades", "comun"},
		{"de", "gemeinschaften", "gemeinschaft"},
		{"ru", "сообщества", "сообществ"},
		{"pt", "comunidades", "comun"},
	}
	for _, tt := range tests {
		stem := Stemmer(tt.lang)
		if stem == nil {
			t.Errorf("Stemmer(%q) = nil", tt.lang)
			continue
		}
		if got := stem(tt.word); got != tt.want {
			t.Errorf("%s stem(%q) = %q, want %q", tt.lang, tt.word, got, tt.want)
		}
	}
	if Stemmer("zh") != nil {
		t.Error("Stemmer(zh) != nil, want nil")
	}
}

func TestAnalyze(t *testing.T) {
	t.Parallel()
	texts := []string{
		"Climate change hurts farmers.", "Farmers fight climate change.", "Climate change and the city.",
		"The city council met.",
	}
	a := Analyze(texts, DefaultConfig("en"))
	if got, want := a.Terms[1], []string{"farmer", "fight", "climat", "climat chang", "chang"}; !reflect.DeepEqual(got, want) {
		t.Errorf("terms = %q, want %q", got, want)
	}
	if got, want := a.Surface["climat chang"], "climate change"; got != want {
		t.Errorf("surface of phrase = %q, want %q", got, want)
	}
	zh := Analyze([]string{"花园很好"}, DefaultConfig("zh"))
	if got := zh.Terms[0]; len(got) == 0 || !strings.HasPrefix(got[0], "#") {
		t.Errorf("chinese terms = %q, want character n-grams", got)
	}
}

func FuzzTokenizeAndSentences(f *testing.F) {
	f.Add("Don't stop. 我们的花园很好。 भारत में!")
	f.Add("e.g. ... \n\n a")
	f.Fuzz(func(t *testing.T, text string) {
		for _, tok := range Tokenize(text) {
			if tok.Start < 0 || tok.End > len(text) || tok.Start >= tok.End || strings.ToLower(text[tok.Start:tok.End]) != tok.Text {
				t.Fatalf("token %+v does not match the text", tok)
			}
		}
		prev := 0
		for _, s := range Sentences(text) {
			if s.Start < prev || s.End > len(text) || s.Start >= s.End {
				t.Fatalf("sentence span %+v out of order or range (prev end %d)", s, prev)
			}
			for _, c := range Clauses(text, s) {
				if c.Start < s.Start || c.End > s.End {
					t.Fatalf("clause %+v outside sentence %+v", c, s)
				}
			}
			prev = s.End
		}
	})
}

func TestAnalyzeTextLangs(t *testing.T) {
	t.Parallel()
	texts := []string{"Communities garden together.", "Las comunidades cultivan juntas.", "社区花园"}
	cfg := DefaultConfig("en")
	cfg.TextLangs = []string{"", "es", "zh"}
	a := Analyze(texts, cfg)
	if got := a.Terms[0]; !reflect.DeepEqual(got, []string{"communiti", "garden", "togeth"}) {
		t.Errorf("English terms = %q, want English stems", got)
	}
	if got := a.Terms[1]; len(got) == 0 || got[0] != "comun" {
		t.Errorf("Spanish terms = %q, want the Spanish stem comun first", got)
	}
	if slices.Contains(a.Terms[1], "las") {
		t.Errorf("Spanish terms = %q, want Spanish stop words dropped", a.Terms[1])
	}
	if got := a.Terms[2]; len(got) == 0 || !strings.HasPrefix(got[0], "#") {
		t.Errorf("Chinese terms = %q, want character n-grams in an English corpus", got)
	}
}
