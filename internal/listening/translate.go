package listening

import (
	"context"
	"fmt"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/translate"
)

// Translator makes the machine translations shown beside stories: a
// client of the server an operator configured (KINDRED_TRANSLATE_URL),
// whose cache is the store (StoreCache). Nil means translation is off, and
// nothing is ever sent anywhere.
type Translator = translate.Client

// NewTranslator returns a client of the server at baseURL that keeps its
// translations in st, or nil when baseURL is empty (translation off). The
// error names KINDRED_TRANSLATE_URL for a bad URL.
func NewTranslator(baseURL, apiKey string, st *store.Store) (*Translator, error) {
	return translate.New(baseURL, translate.Options{APIKey: apiKey, Cache: StoreCache{Store: st}})
}

// StoreCache keeps machine translations in the store, so a text is sent
// to the server once per target language, across restarts and instances.
type StoreCache struct{ Store *store.Store }

// Get returns the kept translation of k.
func (c StoreCache) Get(ctx context.Context, k translate.Key) (string, bool, error) {
	return c.Store.MachineTranslation(ctx, k.Hash())
}

// Put keeps the translation of k.
func (c StoreCache) Put(ctx context.Context, k translate.Key, text string) error {
	return c.Store.WithTx(ctx, func(tx *store.Tx) error {
		return tx.KeepMachineTranslation(ctx, k.Hash(), k.Source, k.Target, text)
	})
}

// Translations are machine translations of stories (or quotes) into the
// language the campaign is written in, by story id, to show beside the
// originals. Failed is the sentence to show when the server could not
// translate (the page still shows every original).
type Translations struct {
	Target string
	Text   map[int64]string
	Failed string
}

// Translate translates texts (by story id, in the language langs gives
// for each) into the campaign's own language, for organizers and report
// readers. A text already in that language is left out. It returns nil
// when no translation server is configured, and keeps the server's
// failure in Failed rather than failing the page. ENOTFOUND for an
// unknown campaign; EUNAUTHORIZED for the anonymous.
func (s *Service) Translate(ctx context.Context, v *kindred.Viewer, slug string, texts map[int64]string, langs map[int64]string) (*Translations, error) {
	if s.Translator == nil {
		return nil, nil
	}
	if !v.SignedIn() {
		return nil, kindred.Errorf(kindred.EUNAUTHORIZED, "Please sign in to read translations.")
	}
	c, err := s.campaign(ctx, slug)
	if err != nil {
		return nil, err
	}
	out := &Translations{Target: c.OwnLang(), Text: map[int64]string{}}
	bySource := map[string][]int64{}
	for id, text := range texts {
		if lang := primary(langs[id]); lang != out.Target && text != "" {
			bySource[lang] = append(bySource[lang], id)
		}
	}
	for source, ids := range bySource {
		batch := make([]string, len(ids))
		for i, id := range ids {
			batch[i] = texts[id]
		}
		got, err := s.Translator.TranslateAll(ctx, batch, source, out.Target)
		if err != nil {
			out.Failed = fmt.Sprintf("The translation server could not translate from %s: %v", source, err)
			continue
		}
		for i, id := range ids {
			out.Text[id] = got[i].Text
		}
	}
	return out, nil
}

// primary returns a language tag's primary subtag ("pt" for "pt-BR"), or
// "auto" for an undetermined one, for the server to detect.
func primary(tag string) string {
	for i, r := range tag {
		if r == '-' || r == '_' {
			tag = tag[:i]
			break
		}
	}
	if tag == "" || tag == "und" {
		return "auto"
	}
	return tag
}
