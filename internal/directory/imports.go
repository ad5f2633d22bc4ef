package directory

import (
	"context"
	"io"

	"github.com/kindredhq/kindred/internal/imports"
	"github.com/kindredhq/kindred/internal/kindred"
)

// ImportOptions control an import.
type ImportOptions struct {
	DryRun   bool                  // check every row, write nothing
	SkipBad  bool                  // import the good rows even when some are bad
	Progress func(done, total int) // called as rows are written
}

// Import reads a directory file of the given kind and writes its rows for a
// viewer who may import (kindred.Viewer.MayImport), holding each row to the
// rule the forms apply to that viewer: a row they may not write is a bad row
// (see imports.Run). Pages and the command line (CommandLine) both import
// through it. It answers EFORBIDDEN, and EINVALID for a file that cannot be
// read as that kind.
func (s *Service) Import(ctx context.Context, v *kindred.Viewer, kind imports.Kind, r io.Reader, opts ImportOptions) (imports.Report, error) {
	if err := v.MayImport(); err != nil {
		return imports.Report{Kind: kind}, err
	}
	return imports.Run(ctx, s.Store, kind, r, imports.Options{DryRun: opts.DryRun, SkipBad: opts.SkipBad, Viewer: v, Progress: opts.Progress})
}
