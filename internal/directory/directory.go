// Package directory holds the use cases of the network's directory: members,
// their affiliations and visibility, organizations, networks, cities, ties
// and introductions, imports and exports. Each method takes the viewer and
// does the whole job — checks the domain rule, runs one transaction, audits
// once, schedules the mail, records the event — so pages, the API and the
// CLI behave alike. Errors are *kindred.Error for the person, wrapped causes
// otherwise.
package directory

import (
	"strconv"

	"github.com/kindredhq/kindred/internal/emergence"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Service runs the directory use cases.
type Service struct {
	Store *store.Store
	Queue *jobs.Queue // mail and snapshots; the command line's imports need none
	// Network is what the map and the network exports share between
	// viewers (see NetworkMap). Its zero value bounds the map as
	// emergence.MaxMapMembers says; a test may bound it smaller before the
	// first request.
	Network emergence.NetworkCache
}

// CommandLine is the viewer of the command line, which holds the whole
// database anyway: an administrator without an account (audited as no one).
func CommandLine() *kindred.Viewer {
	return &kindred.Viewer{Account: &kindred.Account{Role: kindred.RoleAdmin, Name: "command line"}}
}

// memberSubject is how the audit log names a member.
func memberSubject(id int64) string { return "member " + strconv.FormatInt(id, 10) }
