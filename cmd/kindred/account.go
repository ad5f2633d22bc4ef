package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/accounts"
	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// openStore opens and migrates the configured database for operator commands.
func openStore(ctx context.Context) (*store.Store, error) {
	cfg, err := loadConfig()
	if err != nil {
		return nil, err
	}
	return openStoreAt(ctx, cfg)
}

func openStoreAt(ctx context.Context, cfg config.Config) (*store.Store, error) {
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

// openAccounts opens the database and the accounts use cases the operator
// commands call, as kindred.Operator.
func openAccounts(ctx context.Context) (*accounts.Service, config.Config, error) {
	cfg, err := loadConfig()
	if err != nil {
		return nil, cfg, err
	}
	st, err := openStoreAt(ctx, cfg)
	if err != nil {
		return nil, cfg, err
	}
	return accounts.New(st, nil), cfg, nil
}

const userUsage = `usage: kindred user create [--role admin|organizer|member] [--city CITY]... [--network-wide] [--name NAME] [--password-stdin] EMAIL
       kindred user role --role admin|organizer|member [--city CITY]... [--network-wide] EMAIL
       kindred user link [--valid 24h] EMAIL`

// runUser handles "user create", "user role" and "user link".
func runUser(ctx context.Context, args []string, sio stdio) error {
	if len(args) == 0 {
		return usageError("%s", userUsage)
	}
	switch args[0] {
	case "create":
		return runUserCreate(ctx, args[1:], sio)
	case "role":
		return runUserRole(ctx, args[1:], sio)
	case "link":
		return runUserLink(ctx, args[1:], sio)
	}
	return usageError("%s", userUsage)
}

// accessFlags are the flags that say what an account may do.
type accessFlags struct {
	role        *string
	cities      listFlag
	networkWide *bool
}

func addAccessFlags(fs *flag.FlagSet, defaultRole string) *accessFlags {
	f := &accessFlags{role: fs.String("role", defaultRole, "admin, organizer or member")}
	fs.Var(&f.cities, "city", "a city an organizer looks after, by slug, name or id (repeat for several)")
	f.networkWide = fs.Bool("network-wide", false, "trust an organizer with the whole network: every campaign's stories with their tellers, introductions across cities")
	return f
}

// access resolves the flags' cities against the stored ones.
func (f *accessFlags) access(ctx context.Context, st *store.Store) (kindred.Access, error) {
	x := kindred.Access{Role: kindred.Role(*f.role), NetworkWide: *f.networkWide}
	if len(f.cities) == 0 {
		return x, nil
	}
	cities, err := st.Cities(ctx)
	if err != nil {
		return x, err
	}
	for _, want := range f.cities {
		id, ok := findCity(cities, want)
		if !ok {
			return x, usageError("--city %q: no city has that slug, name or id", want)
		}
		x.CityIDs = append(x.CityIDs, id)
	}
	return x, nil
}

func findCity(cities []kindred.City, want string) (int64, bool) {
	for _, c := range cities {
		if strings.EqualFold(c.Slug, want) || strings.EqualFold(c.Name, want) || strconv.FormatInt(c.ID, 10) == want {
			return c.ID, true
		}
	}
	return 0, false
}

// listFlag collects a repeated flag's values.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// runUserCreate handles "user create": an account made by the operator,
// with the same rules as the accounts page.
func runUserCreate(ctx context.Context, args []string, sio stdio) error {
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	fs.SetOutput(sio.err)
	af := addAccessFlags(fs, "member")
	name := fs.String("name", "", "display name")
	pwStdin := fs.Bool("password-stdin", false, "read a password from the first line of standard input")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("give exactly one EMAIL")
	}
	n := kindred.NewAccount{Email: fs.Arg(0), Name: *name}
	if *pwStdin {
		line, _ := bufio.NewReader(sio.in).ReadString('\n')
		n.Password = strings.TrimRight(line, "\r\n")
	}
	svc, _, err := openAccounts(ctx)
	if err != nil {
		return err
	}
	defer svc.Store.Close()
	x, err := af.access(ctx, svc.Store)
	if err != nil {
		return err
	}
	a, err := svc.Create(ctx, kindred.Operator(), accounts.NewAccount{NewAccount: n, Access: x})
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	fmt.Fprintf(sio.out, "created %s account %d for %s", a.Role, a.ID, a.Email)
	if a.Role == kindred.RoleOrganizer {
		fmt.Fprintf(sio.out, " (%s)", kindred.AccessOf(a))
	}
	fmt.Fprintln(sio.out)
	return nil
}

// runUserRole handles "user role": what an existing account may do.
func runUserRole(ctx context.Context, args []string, sio stdio) error {
	fs := flag.NewFlagSet("user role", flag.ContinueOnError)
	fs.SetOutput(sio.err)
	af := addAccessFlags(fs, "")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *af.role == "" {
		return usageError("give --role and exactly one EMAIL")
	}
	svc, _, err := openAccounts(ctx)
	if err != nil {
		return err
	}
	defer svc.Store.Close()
	a, err := svc.Store.AccountByEmail(ctx, fs.Arg(0))
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("no account with email %q", fs.Arg(0))}
	}
	x, err := af.access(ctx, svc.Store)
	if err != nil {
		return err
	}
	if err := svc.SetAccess(ctx, kindred.Operator(), a.ID, x); err != nil {
		return &exitError{code: 2, err: err}
	}
	fmt.Fprintf(sio.out, "%s is now %s\n", a.Email, x.String())
	return nil
}

// runUserLink handles "user link": a one-time sign-in link printed for the
// operator to pass on, for installs without a mail server (emailed links
// are never kept where an administrator could read them).
func runUserLink(ctx context.Context, args []string, sio stdio) error {
	fs := flag.NewFlagSet("user link", flag.ContinueOnError)
	fs.SetOutput(sio.err)
	valid := fs.Duration("valid", 24*time.Hour, "how long the link works")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *valid <= 0 || *valid > 7*24*time.Hour {
		return usageError("give exactly one EMAIL, and --valid up to 168h")
	}
	svc, cfg, err := openAccounts(ctx)
	if err != nil {
		return err
	}
	defer svc.Store.Close()
	link, err := svc.SignInLinkFor(ctx, kindred.Operator(), fs.Arg(0), cfg.BaseURL, *valid)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return &exitError{code: 2, err: fmt.Errorf("no account with email %q", fs.Arg(0))}
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(sio.out, link)
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
	svc, _, err := openAccounts(ctx)
	if err != nil {
		return err
	}
	defer svc.Store.Close()
	a, err := svc.Store.AccountByEmail(ctx, fs.Arg(0))
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("no account with email %q", fs.Arg(0))}
	}
	secret, _, err := svc.CreateToken(ctx, kindred.Operator(), accounts.TokenRequest{AccountID: a.ID, Name: *name})
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	fmt.Fprintln(sio.out, secret)
	return nil
}
