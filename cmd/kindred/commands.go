package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
)

// stdio carries the streams a subcommand reads and writes, so tests can run
// subcommands in-process.
type stdio struct {
	in  io.Reader
	out io.Writer
	err io.Writer
}

// command is one subcommand of the kindred binary.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, sio stdio) error
}

// exitError carries a specific exit status out of a subcommand.
// Status 2 means bad usage or bad input; 1 means the command failed.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks an error as the caller's mistake (exit status 2).
func usageError(format string, a ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, a...)}
}

// commands lists every subcommand. The offline tools (themes, seat, network)
// work on plain files and never touch the database.
func commands() map[string]command {
	return map[string]command{
		"serve":   {"run the web server", runServe},
		"demo":    {"run the web server with a generated demo network", runDemo},
		"migrate": {"apply database migrations and exit", runMigrate},
		"version": {"print the version", runVersion},
		"user":    {"manage accounts: user create|role|link EMAIL", runUser},
		"token":   {"manage API tokens: token create EMAIL", runToken},
		"backup":  {"write a consistent copy of the SQLite database while Kindred runs", runBackup},
		"import":  {"import organizations, members or affiliations from CSV", runImport},
		"export":  {"export organizations, members or affiliations as CSV", runExport},
		"seat":    {"compose table plans from a guest list (CSV in, CSV out)", runSeat},
		"themes":  {"find themes in stories (CSV in, CSV out)", runThemes},
		"network": {"analyse a relationship network (edge list, GEXF, GraphML or Kumu JSON) and export it", runNetwork},
	}
}

// run dispatches to a subcommand and turns its error into an exit status.
func run(ctx context.Context, args []string, sio stdio) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(sio.err, cmds)
		return 2
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(sio.err, "kindred: unknown command %q\n\n", args[0])
		printUsage(sio.err, cmds)
		return 2
	}
	err := cmd.run(ctx, args[1:], sio)
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 2
	}
	fmt.Fprintf(sio.err, "kindred %s: %v\n", args[0], err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}

func printUsage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: kindred <command> [flags]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, cmds[n].summary)
	}
}
