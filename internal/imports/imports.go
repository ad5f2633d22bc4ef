// Package imports applies the directory's CSV files to the store and writes
// them back out: it resolves city and organization names, matches members by
// email (so importing the same file twice changes nothing the second time),
// and writes everything in one transaction, or nothing.
package imports

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kindredhq/kindred/internal/importer"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Kind names a directory file.
type Kind string

// The files Kindred imports and exports.
const (
	Organizations Kind = "organizations"
	Members       Kind = "members"
	Affiliations  Kind = "affiliations"
)

// ParseKind checks a kind named by a person.
func ParseKind(s string) (Kind, error) {
	switch k := Kind(strings.TrimSuffix(strings.ToLower(s), ".csv")); k {
	case Organizations, Members, Affiliations:
		return k, nil
	}
	return "", &kindred.Error{Code: kindred.EINVALID, Message: "Choose what the file holds: organizations, members or affiliations.",
		Fields: map[string]string{"kind": "must be organizations, members or affiliations"}}
}

// Options control Run.
type Options struct {
	DryRun bool // check everything, write nothing
	// SkipBad imports the good rows even when some rows are bad; without it a
	// single bad row means nothing is imported.
	SkipBad bool
	// Viewer is who imports, recorded in the audit log: each row is held to
	// the rule the profile and organization forms apply to them
	// (kindred.Member.MayCreate and Edit, Organization.MayCreate and
	// CanEdit), and a row they may not write is a bad row. The command line
	// imports as an administrator without an account. Required.
	Viewer   *kindred.Viewer
	Progress func(done, total int) // called as rows are written
}

// Report says what an import found and did.
type Report struct {
	Kind    Kind
	Rows    int // good and bad data rows
	Created int
	Updated int
	Errors  []importer.RowError
	Applied bool // false for dry runs and for refused files
}

// Good is the number of rows without problems.
func (r Report) Good() int { return r.Rows - len(r.Errors) }

// Run parses the file in r and, unless it is a dry run or has bad rows (and
// SkipBad is off), writes its good rows. Whole-file problems (wrong columns,
// encoding, quoting) are returned as an EINVALID error.
func Run(ctx context.Context, st *store.Store, kind Kind, r io.Reader, opts Options) (Report, error) {
	rep := Report{Kind: kind}
	if opts.Viewer == nil {
		return rep, fmt.Errorf("import %s: no viewer", kind)
	}
	plan, err := parse(kind, r, &rep)
	if err != nil {
		return rep, err
	}
	if err := resolve(ctx, st, plan, &rep); err != nil {
		return rep, err
	}
	if len(rep.Errors) > 0 && !opts.SkipBad && !opts.DryRun {
		sortErrors(rep.Errors)
		return rep, nil
	}
	err = st.WithTx(ctx, func(tx *store.Tx) error { return plan.write(ctx, tx, &rep, opts) })
	sortErrors(rep.Errors)
	switch {
	case err == errDryRun:
		return rep, nil
	case err == errRefusedRows:
		rep.Created, rep.Updated = 0, 0
		return rep, nil
	case err != nil:
		return rep, fmt.Errorf("import %s: %w", kind, err)
	}
	rep.Applied = true
	if rep.Good() >= 1000 {
		if err := st.Analyze(ctx, tablesOf[kind]...); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// write applies the plan in tx and audits it, or rolls back: always for a
// dry run, and when rows were refused unless SkipBad.
func (p *plan) write(ctx context.Context, tx *store.Tx, rep *Report, opts Options) error {
	refused := len(rep.Errors)
	if err := p.apply(ctx, tx, rep, opts); err != nil {
		return err
	}
	switch {
	case opts.DryRun:
		return errDryRun
	case len(rep.Errors) > refused && !opts.SkipBad:
		return errRefusedRows
	}
	return tx.Audit(ctx, opts.Viewer.AccountID(), "import."+string(p.kind), fmt.Sprintf("%d rows", rep.Good()),
		fmt.Sprintf("%d created, %d updated, %d bad rows skipped", rep.Created, rep.Updated, len(rep.Errors)))
}

// tablesOf lists the tables each kind of import fills.
var tablesOf = map[Kind][]string{
	Organizations: {"organizations", "organization_cities"},
	Members:       {"members", "member_values", "affiliations", "search_docs"},
	Affiliations:  {"affiliations", "search_docs"},
}

// errDryRun rolls back a dry run after every row was tried, and
// errRefusedRows an import some of whose rows the importer may not write.
var (
	errDryRun      = errors.New("dry run")
	errRefusedRows = errors.New("refused rows")
)
