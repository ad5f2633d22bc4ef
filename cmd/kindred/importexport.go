package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/schollz/progressbar/v3"

	"github.com/kindredhq/kindred/internal/directory"
	"github.com/kindredhq/kindred/internal/imports"
)

// runImport handles "import organizations|members|affiliations FILE.csv".
func runImport(ctx context.Context, args []string, sio stdio) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(sio.err)
	dry := fs.Bool("dry-run", false, "check the file and list every bad row; write nothing")
	skip := fs.Bool("skip-bad-rows", false, "import the good rows even when some rows are bad")
	quiet := fs.Bool("quiet", false, "no progress bar")
	fs.Usage = func() {
		fmt.Fprintln(sio.err, "usage: kindred import [--dry-run] [--skip-bad-rows] organizations|members|affiliations FILE.csv")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		fs.Usage()
		return usageError("name what the file holds and the file")
	}
	kindArg, file := pos[0], pos[1]
	kind, err := imports.ParseKind(kindArg)
	if err != nil {
		return usageError("%v", err)
	}
	f, err := os.Open(file)
	if err != nil {
		return usageError("%v", err)
	}
	defer f.Close()
	st, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	opts := directory.ImportOptions{DryRun: *dry, SkipBad: *skip}
	var bar *progressbar.ProgressBar
	if !*quiet {
		opts.Progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(sio.err), progressbar.OptionSetDescription("importing "+string(kind)),
					progressbar.OptionShowCount(), progressbar.OptionThrottle(100_000_000), progressbar.OptionClearOnFinish())
			}
			_ = bar.Set(done)
		}
	}
	rep, err := (&directory.Service{Store: st}).Import(ctx, directory.CommandLine(), kind, f, opts)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("%s: %w", filepath.Base(file), err)}
	}
	return printReport(sio.out, file, rep, opts)
}

// parseInterspersed parses flags that may come before, between or after the
// positional arguments, and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// printReport lists bad rows by line and says what was done; it returns an
// exit error when bad rows stopped the import.
func printReport(w io.Writer, file string, rep imports.Report, opts directory.ImportOptions) error {
	for _, e := range rep.Errors {
		field := ""
		if e.Field != "" {
			field = e.Field + ": "
		}
		fmt.Fprintf(w, "%s:%d: %s%s\n", file, e.Line, field, e.Message)
	}
	switch {
	case opts.DryRun:
		fmt.Fprintf(w, "dry run: %d rows, %d good (%d would be created, %d updated), %d bad; nothing written\n",
			rep.Rows, rep.Good(), rep.Created, rep.Updated, len(rep.Errors))
	case !rep.Applied:
		fmt.Fprintf(w, "%d of %d rows are bad; nothing was imported. Fix them, or use --skip-bad-rows to import the %d good rows.\n",
			len(rep.Errors), rep.Rows, rep.Good())
		return &exitError{code: 2, err: fmt.Errorf("%d bad rows", len(rep.Errors))}
	default:
		fmt.Fprintf(w, "imported %s: %d created, %d updated, %d bad rows skipped\n", rep.Kind, rep.Created, rep.Updated, len(rep.Errors))
	}
	return nil
}

// runExport handles "export organizations|members|affiliations [--out FILE]".
func runExport(ctx context.Context, args []string, sio stdio) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(sio.err)
	out := fs.String("out", "-", "file to write (- for standard output)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("usage: kindred export organizations|members|affiliations [--out FILE]")
	}
	kind, err := imports.ParseKind(pos[0])
	if err != nil {
		return usageError("usage: kindred export organizations|members|affiliations [--out FILE]")
	}
	st, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if *out == "-" {
		return imports.Export(ctx, st, kind, sio.out, imports.Operator)
	}
	tmp := *out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := imports.Export(ctx, st, kind, f, imports.Operator); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, *out)
}
