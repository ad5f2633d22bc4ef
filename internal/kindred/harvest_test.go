package kindred_test

import (
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
)

func TestHarvestNoteVisibility(t *testing.T) {
	const author, mate, other = 1, 2, 3
	people := []int64{author, mate}
	cases := []struct {
		consent     kindred.NoteConsent
		viewer      int64
		wantVisible bool
		wantAuthor  bool
	}{
		{kindred.ConsentAttributable, other, true, true},
		{kindred.ConsentAttributable, 0, true, true},
		{kindred.ConsentChatham, other, true, false},
		{kindred.ConsentChatham, mate, true, false},
		{kindred.ConsentChatham, author, true, true},
		{kindred.ConsentOffRecord, mate, true, false},
		{kindred.ConsentOffRecord, author, true, true},
		{kindred.ConsentOffRecord, other, false, false},
		{kindred.ConsentOffRecord, 0, false, false},
	}
	for _, c := range cases {
		n := kindred.HarvestNote{Table: 4, AuthorID: author, AuthorName: "Ana", Consent: c.consent, Text: "x"}
		got, ok := n.ForViewer(c.viewer, people)
		if ok != c.wantVisible || (got.AuthorName != "") != c.wantAuthor {
			t.Errorf("%s note for viewer %d: visible %v, author %q; want visible %v, named %v", c.consent, c.viewer, ok, got.AuthorName, c.wantVisible, c.wantAuthor)
		}
		if ok && !c.wantAuthor && got.Byline(c.viewer) != "Someone at table 4" {
			t.Errorf("%s note byline for %d: %q", c.consent, c.viewer, got.Byline(c.viewer))
		}
	}
	off := kindred.HarvestNote{GatheringID: 9, Table: 4, Consent: kindred.ConsentOffRecord, GatheringTitle: "Dinner", AuthorName: "Ana"}
	if off.SearchScope() != "table:9:4" || off.PracticeSources()[0].Label != "A table conversation at Dinner (table 4)" {
		t.Errorf("off-record scope %q, source %q", off.SearchScope(), off.PracticeSources()[0].Label)
	}
}
