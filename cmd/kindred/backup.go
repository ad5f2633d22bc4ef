package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/config"
)

// runBackup writes a consistent copy of the SQLite database while Kindred
// runs: kindred backup [FILE]. To restore, stop Kindred and put the copy in
// place of the database file (or point KINDRED_DB at it).
func runBackup(ctx context.Context, args []string, sio stdio) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(sio.err)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	if engine, _ := config.ParseDB(cfg.DB); engine == config.Postgres {
		return usageError("KINDRED_DB is PostgreSQL: back it up with pg_dump, e.g.\n  pg_dump --format=custom --file kindred.dump \"$KINDRED_DB\"\nand restore with pg_restore --clean --dbname \"$KINDRED_DB\" kindred.dump")
	}
	path := fs.Arg(0)
	if path == "" {
		path = fmt.Sprintf("kindred-backup-%s.db", time.Now().UTC().Format("20060102-150405"))
	}
	st, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, path); err != nil {
		return err
	}
	fmt.Fprintf(sio.out, "backed up %s to %s\nto restore: stop Kindred, then copy %s over %s (or set KINDRED_DB=%s)\n", cfg.DB, path, path, cfg.DB, path)
	return nil
}
