package imports

import (
	"context"
	"fmt"
	"io"

	"github.com/kindredhq/kindred/internal/importer"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Operator is the viewer for exports made on the command line, which has the
// whole database anyway: it sees every field, so exports round-trip.
var Operator = &kindred.Account{Role: kindred.RoleAdmin}

// Export writes the kind's CSV file with what viewer may see: members pass
// through VisibleTo, so restricted fields never leave in an export made by
// someone not allowed to see them.
func Export(ctx context.Context, st *store.Store, kind Kind, w io.Writer, viewer *kindred.Account) error {
	switch kind {
	case Organizations:
		return exportOrganizations(ctx, st, w)
	case Members, Affiliations:
		ms, err := allMembers(ctx, st, viewer)
		if err != nil {
			return err
		}
		if kind == Members {
			return importer.WriteMembers(w, ms)
		}
		return importer.WriteAffiliations(w, ms)
	}
	return fmt.Errorf("unknown export kind %q", kind)
}

func exportOrganizations(ctx context.Context, st *store.Store, w io.Writer) error {
	cities, err := st.Cities(ctx)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, c := range cities {
		names[c.ID] = c.Name
	}
	var orgs []kindred.Organization
	after := ""
	for {
		page, err := st.ListOrganizations(ctx, store.OrganizationFilter{After: after, Limit: 1000})
		if err != nil {
			return err
		}
		for _, o := range page {
			full, err := st.Organization(ctx, o.ID)
			if err != nil {
				return err
			}
			orgs = append(orgs, *full)
		}
		if len(page) < 1000 {
			break
		}
		after = page[len(page)-1].Name
	}
	return importer.WriteOrganizations(w, orgs, func(id int64) string { return names[id] })
}

// allMembers pages through the whole directory as viewer may see it.
func allMembers(ctx context.Context, st *store.Store, viewer *kindred.Account) ([]*kindred.Member, error) {
	var out []*kindred.Member
	cursor := ""
	for {
		page, next, err := st.ListMembers(ctx, store.MemberFilter{After: cursor, Limit: 1000})
		if err != nil {
			return nil, err
		}
		for _, m := range page {
			out = append(out, m.VisibleTo(viewer))
		}
		if next == "" {
			return out, nil
		}
		cursor = next
	}
}
