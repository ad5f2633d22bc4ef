package directory

import (
	"context"
	"fmt"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// MemberPage is one page of a directory listing.
type MemberPage struct {
	// Members match the filter on fields the viewer may see. They are
	// shared (see store.ListMembersShared): show each through VisibleTo.
	Members []*kindred.Member
	// Next is the cursor of the next page, "" for the last: it names a
	// listed member, so it tells nothing about the ones left out.
	Next string
	// Filtered says the filter reads fields members may keep to
	// themselves: people who do are never listed by it. It depends on the
	// filter alone, never on who matched.
	Filtered bool
}

// scanBatch is how many members a listing reads at a time once its first
// page left some out.
const scanBatch = 500

// Members lists a page of the directory for the viewer: members matching
// f's field conditions only through fields the viewer may see (so a filter
// never reveals a hidden tag, city, language or affiliation), in name order,
// with the cursor of the next page. Whether there is a next page, and where
// it starts, depend only on members listed to the viewer. f.Limit <= 0
// means 50.
func (s *Service) Members(ctx context.Context, v *kindred.Viewer, f store.MemberFilter) (MemberPage, error) {
	want := f.Limit
	if want <= 0 {
		want = 50
	}
	page := MemberPage{Filtered: f.CityID != 0 || f.OrganizationID != 0 || f.Tag != "" || f.Language != ""}
	var kept []*kindred.Member
	batch := f
	batch.Limit = want + 1
	for len(kept) <= want {
		ms, next, err := s.Store.DirectoryMembers(ctx, batch)
		if err != nil {
			return page, fmt.Errorf("list members: %w", err)
		}
		for _, m := range ms {
			if len(kept) <= want && matchesVisibly(m, v.Account, f) {
				kept = append(kept, m)
			}
		}
		if next == "" {
			break
		}
		batch.After, batch.Limit = next, max(batch.Limit, scanBatch)
	}
	if len(kept) > want {
		kept = kept[:want]
		page.Next = store.MemberCursor(kept[want-1])
	}
	page.Members = kept
	return page, nil
}

// matchesVisibly reports whether m matches f's field conditions on fields
// a may see.
func matchesVisibly(m *kindred.Member, a *kindred.Account, f store.MemberFilter) bool {
	checks := []struct {
		on    bool
		field kindred.Field
	}{
		{f.CityID != 0, kindred.FieldCity}, {f.OrganizationID != 0, kindred.FieldAffiliations},
		{f.Tag != "", kindred.FieldTags}, {f.Language != "", kindred.FieldLanguages},
	}
	for _, c := range checks {
		if c.on && !m.CanSee(a, c.field) {
			return false
		}
	}
	return true
}

// Person is what the viewer may see of someone a snapshot of the network
// names, and what they may do about them.
type Person struct {
	Organization string // their primary organization, "" when hidden from the viewer
	Introducible bool   // the viewer may introduce them (kindred.Member.IntroducibleBy)
}

// People returns, for the members ids names, what the viewer may see and do
// (see Person). Unknown ids are left out.
func (s *Service) People(ctx context.Context, v *kindred.Viewer, ids []int64) (map[int64]Person, error) {
	ms, err := s.Store.MembersByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Person, len(ms))
	for id, m := range ms {
		p := Person{Introducible: m.IntroducibleBy(v)}
		if a, ok := m.VisibleTo(v.Account).PrimaryAffiliation(); ok {
			p.Organization = a.OrganizationName
		}
		out[id] = p
	}
	return out, nil
}
