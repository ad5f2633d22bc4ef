package store_test

import (
	"context"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestDeleteAccount checks what deleting an account removes and what stays,
// as DeleteAccount documents.
func TestDeleteAccount(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		createAccount(t, s, "admin@example.org", kindred.RoleAdmin)
		leaver := createAccount(t, s, "leaver@example.org", kindred.RoleMember)
		other := createMember(t, s, &kindred.Member{Name: "Stays"})
		c := createCampaign(t, s, testCampaign())
		var storyID, practiceID int64
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			me := &kindred.Member{AccountID: leaver.ID, Email: leaver.Email, Name: "Leaver", Bio: "bio"}
			if _, err := tx.CreateMember(ctx, me); err != nil {
				return err
			}
			if _, err := tx.AddTie(ctx, kindred.Tie{A: me.ID, B: other.ID, Kind: kindred.TieSatTogether, Source: kindred.SourceGathering, HappenedOn: tx.Now()}); err != nil {
				return err
			}
			st, _, err := tx.CreateStory(ctx, c, kindred.NewStory{Text: "When we knocked on doors together, turnout tripled.", Lang: "en",
				Consent: kindred.Consent("network"), Name: "Leaver", Email: leaver.Email, Source: "form"})
			if err != nil {
				return err
			}
			storyID = st.ID
			p := &kindred.Practice{Title: "Door knocking in pairs", Contacts: []kindred.Contact{{MemberID: me.ID}}}
			if practiceID, err = tx.CreatePractice(ctx, p, leaver.ID); err != nil {
				return err
			}
			_, _, err = tx.CreateAPIToken(ctx, leaver.ID, "script")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		data, err := s.PersonalDataOf(ctx, leaver.ID)
		if err != nil {
			t.Fatal(err)
		}
		if data.Member == nil || len(data.Ties) != 1 || len(data.Stories) != 1 || len(data.Tokens) != 1 || len(data.Contacts) != 1 {
			t.Errorf("personal data = member %v, %d ties, %d stories, %d tokens, %d contacts", data.Member != nil, len(data.Ties), len(data.Stories), len(data.Tokens), len(data.Contacts))
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.DeleteAccount(ctx, leaver.ID) }); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Account(ctx, leaver.ID); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("account still there: %v", err)
		}
		if _, err := s.MemberByEmail(ctx, "leaver@example.org"); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("profile still there: %v", err)
		}
		if ties, _ := s.TiesOf(ctx, other.ID); len(ties) != 0 {
			t.Errorf("the other member keeps %d ties to a deleted person", len(ties))
		}
		st, err := s.Story(ctx, c.ID, storyID)
		if err != nil || st.Email != "" || st.Name != "" || st.Text == "" {
			t.Errorf("story after deletion = %+v, %v", st, err)
		}
		p, err := s.Practice(ctx, practiceID)
		if err != nil || len(p.Contacts) != 0 {
			t.Errorf("practice after deletion = %+v, %v", p, err)
		}
		if hits, _ := s.Search(ctx, kindred.SearchQuery{Text: "Leaver"}); len(hits) != 0 {
			t.Errorf("the deleted person is still searchable: %+v", hits)
		}
	})
}
