package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/password"
	"github.com/kindredhq/kindred/internal/store"
)

// openStore opens and migrates the configured database for operator commands.
func openStore(ctx context.Context) (*store.Store, error) {
	cfg, err := loadConfig()
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	if _, err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// runUser handles "user create [--role R] [--name N] [--password-stdin] EMAIL".
func runUser(ctx context.Context, args []string, sio stdio) error {
	if len(args) == 0 || args[0] != "create" {
		return usageError("usage: kindred user create [--role admin|organizer|member] [--name NAME] [--password-stdin] EMAIL")
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	fs.SetOutput(sio.err)
	role := fs.String("role", "member", "admin, organizer or member")
	name := fs.String("name", "", "display name")
	pwStdin := fs.Bool("password-stdin", false, "read a password from the first line of standard input")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("give exactly one EMAIL")
	}
	n := kindred.NewAccount{Email: fs.Arg(0), Name: *name, Role: kindred.Role(*role)}
	if *pwStdin {
		line, _ := bufio.NewReader(sio.in).ReadString('\n')
		n.Password = strings.TrimRight(line, "\r\n")
	}
	if err := n.Validate(); err != nil {
		return &exitError{code: 2, err: err}
	}
	hash := ""
	if n.Password != "" {
		var err error
		if hash, err = password.Default().Hash(n.Password); err != nil {
			return err
		}
	}
	st, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var a *kindred.Account
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		if a, err = tx.CreateAccount(ctx, n, hash); err != nil {
			return err
		}
		return tx.Audit(ctx, 0, "account.create", a.Email, string(a.Role)+" (command line)")
	})
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	fmt.Fprintf(sio.out, "created %s account %d for %s\n", a.Role, a.ID, a.Email)
	return nil
}

// runToken handles "token create [--name N] EMAIL": it prints a new API token.
func runToken(ctx context.Context, args []string, sio stdio) error {
	if len(args) == 0 || args[0] != "create" {
		return usageError("usage: kindred token create [--name NAME] EMAIL")
	}
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	fs.SetOutput(sio.err)
	name := fs.String("name", "command line", "what the token is for")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("give exactly one EMAIL")
	}
	st, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := st.AccountByEmail(ctx, fs.Arg(0))
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("no account with email %q", fs.Arg(0))}
	}
	var secret string
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		var tok *kindred.APIToken
		if secret, tok, err = tx.CreateAPIToken(ctx, a.ID, *name); err != nil {
			return err
		}
		return tx.Audit(ctx, 0, "token.create", tok.Prefix, tok.Name+" (command line)")
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(sio.out, secret)
	return nil
}
