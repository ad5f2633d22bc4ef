// Package benchutil holds what the benchmark commands share.
package benchutil

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// ScratchPostgres creates an empty database named after prefix and the
// process on the server at admin, and returns its DSN and a function that
// drops it.
func ScratchPostgres(admin, prefix string) (string, func(), error) {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return "", nil, fmt.Errorf("scratch database: %w", err)
	}
	name := fmt.Sprintf("%s_%d", prefix, os.Getpid())
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		db.Close()
		return "", nil, fmt.Errorf("scratch database: %w", err)
	}
	u, err := url.Parse(admin)
	if err != nil {
		db.Close()
		return "", nil, fmt.Errorf("scratch database: %w", err)
	}
	u.Path = "/" + name
	return u.String(), func() {
		_, _ = db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		db.Close()
	}, nil
}
