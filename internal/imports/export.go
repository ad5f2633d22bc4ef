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
	case Members:
		t, err := importer.NewMembersCSV(w)
		if err != nil {
			return err
		}
		return streamMembers(ctx, st, viewer, t)
	case Affiliations:
		t, err := importer.NewAffiliationsCSV(w)
		if err != nil {
			return err
		}
		return streamMembers(ctx, st, viewer, t)
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

// streamMembers pages through the whole directory as viewer may see it,
// writing each page to t before reading the next, so an export holds one
// page in memory whatever the directory's size.
func streamMembers(ctx context.Context, st *store.Store, viewer *kindred.Account, t *importer.TableCSV[*kindred.Member]) error {
	cursor := ""
	for {
		page, next, err := st.ListMembers(ctx, store.MemberFilter{After: cursor, Limit: 1000})
		if err != nil {
			return err
		}
		for i, m := range page {
			page[i] = m.VisibleTo(viewer)
		}
		if err := t.Write(page); err != nil {
			return err
		}
		if next == "" {
			return t.Close()
		}
		cursor = next
	}
}
