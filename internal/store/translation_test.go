package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// A campaign keeps its own language, its words in other languages and its
// shortest story; a new campaign gets the default shortest story.
func TestCampaignTranslations(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := testCampaign()
		made := createCampaign(t, s, c)
		if made.MinStoryLength != kindred.DefaultMinStoryRunes || made.OwnLang() != "en" || len(made.Translations) != 0 {
			t.Errorf("new campaign: shortest %d, lang %q, translations %v", made.MinStoryLength, made.SourceLang, made.Translations)
		}
		want := map[string]kindred.CampaignText{"ar": {Title: "نقاط مضيئة", Prompt: "حدّثنا عن مرة نجحت فيها حملة.",
			Signifiers: map[string]kindred.SignifierText{"energy": {Prompt: "من أين جاءت الطاقة؟", Labels: []string{"الموظفون", "المتطوعون"}}},
			Context:    map[string]kindred.ContextText{"region": {Prompt: "المنطقة", Options: []string{"أفريقيا", "أوروبا"}}}}}
		made.Translations, made.MinStoryLength, made.SourceLang = want, 80, "en"
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateCampaign(ctx, *made) }); err != nil {
			t.Fatal(err)
		}
		got, err := s.CampaignBySlug(ctx, c.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Translations, want) || got.MinStoryLength != 80 {
			t.Errorf("stored %+v, %d; want %+v, 80", got.Translations, got.MinStoryLength, want)
		}
		if shown := got.Text("ar"); shown.Title.Text != "نقاط مضيئة" || shown.Signifiers["drivers"].Lang != "en" || !shown.Fallback {
			t.Errorf("Arabic text: %+v", shown)
		}
		bad := *got
		bad.Translations = map[string]kindred.CampaignText{"ar": {Signifiers: map[string]kindred.SignifierText{"energy": {Labels: []string{"one"}}}}}
		err = s.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateCampaign(ctx, bad) })
		if kindred.ErrorFields(err)["translations.ar.signifiers.1.labels"] == "" {
			t.Errorf("one pole for a slider's two: %v, want a problem on translations.ar.signifiers.1.labels", err)
		}
	})
}

// Machine translations are kept by key and found again.
func TestMachineTranslations(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, ok, err := s.MachineTranslation(ctx, "k1"); ok || err != nil {
			t.Fatalf("before: %v, %v", ok, err)
		}
		for _, text := range []string{"first", "second"} {
			if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.KeepMachineTranslation(ctx, "k1", "es", "en", text) }); err != nil {
				t.Fatal(err)
			}
		}
		if got, ok, err := s.MachineTranslation(ctx, "k1"); !ok || err != nil || got != "second" {
			t.Errorf("kept %q, %v, %v; want second", got, ok, err)
		}
	})
}
