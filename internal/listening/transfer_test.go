package listening_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/store"
)

// TestExportEscapesAndImportRestores: a teller's words that a spreadsheet
// would run leave the CSV export escaped, the export shows the day told,
// and importing the file gives back exactly what was told; only the
// campaign's organizers export and import.
func TestExportEscapesAndImportRestores(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		told := map[string]string{"text": `=HYPERLINK("http://evil.example","Read")`, "name": "@SUM(1+1)", "ctx.organization": "+cmd"}
		w.tell(t, w.anon, "a", kindred.NewStory{Text: told["text"], Lang: "en", Consent: kindred.ConsentPublic, Name: told["name"],
			Context: map[string]string{"organization": told["ctx.organization"]}})
		for _, v := range []*kindred.Viewer{w.bostonOrg, w.noCity, w.member} {
			if _, err := w.svc.Export(ctx, v, w.campaign.Slug, ""); code(err) != kindred.EFORBIDDEN {
				t.Errorf("export by %s: %v, want EFORBIDDEN", v.Account.Email, err)
			}
			if _, err := w.svc.Import(ctx, v, w.campaign.Slug, listening.ImportInput{File: strings.NewReader("text\nx\n")}); code(err) != kindred.EFORBIDDEN {
				t.Errorf("import by %s: %v, want EFORBIDDEN", v.Account.Email, err)
			}
		}
		e, err := w.svc.Export(ctx, w.chicagoOrg, w.campaign.Slug, "")
		if err != nil {
			t.Fatal(err)
		}
		var file bytes.Buffer
		if err := e.WriteCSV(&file); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(file.Bytes())).ReadAll()
		if err != nil || len(recs) != 2 {
			t.Fatalf("export: %v %q", err, file.String())
		}
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = recs[1][i]
		}
		for col, want := range told {
			if row[col] != "'"+want {
				t.Errorf("exported %s = %q, want %q", col, row[col], "'"+want)
			}
		}
		if row["created_at"] != "2026-03-10" {
			t.Errorf("exported created_at = %q, want the day 2026-03-10", row["created_at"])
		}
		dry, err := w.svc.Import(ctx, w.chicagoOrg, w.campaign.Slug, listening.ImportInput{File: bytes.NewReader(file.Bytes()), Lang: "en",
			Consent: kindred.ConsentOrganizers})
		if err != nil || dry.Good != 1 || dry.Imported {
			t.Fatalf("dry run: %+v, %v", dry, err)
		}
		res, err := w.svc.Import(ctx, w.chicagoOrg, w.campaign.Slug, listening.ImportInput{File: bytes.NewReader(file.Bytes()), Lang: "en",
			Consent: kindred.ConsentOrganizers, Confirm: true})
		if err != nil || !res.Imported {
			t.Fatalf("import: %+v, %v", res, err)
		}
		list, err := w.st.Stories(ctx, w.campaign.ID, store.StoryQuery{Reader: kindred.ReaderOrganizer})
		if err != nil || len(list) != 2 {
			t.Fatalf("stories: %d, %v", len(list), err)
		}
		back := list[1]
		if back.Text != told["text"] || back.Name != told["name"] || back.Context["organization"] != told["ctx.organization"] || back.Source != "import" {
			t.Errorf("imported back %+v, want what was told", back)
		}
		if got := w.audits(t, "story.import"); got != 1 {
			t.Errorf("story.import audited %d times, want 1 (the dry run writes none)", got)
		}
		if _, err := w.svc.Import(ctx, w.chicagoOrg, w.campaign.Slug, listening.ImportInput{File: strings.NewReader("words\nx\n")}); kindred.ErrorFields(err)["file"] == "" {
			t.Errorf("no text column: %v, want EINVALID on file", err)
		}
	})
}
