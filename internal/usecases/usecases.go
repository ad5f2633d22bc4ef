// Package usecases gathers the use-case services of every area, built once
// by internal/app and handed to each surface (pages, API, CLI), so they
// all call the same flows.
package usecases

import (
	"github.com/kindredhq/kindred/internal/accounts"
	"github.com/kindredhq/kindred/internal/conversations"
	"github.com/kindredhq/kindred/internal/directory"
	"github.com/kindredhq/kindred/internal/gatherings"
	"github.com/kindredhq/kindred/internal/harvest"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/library"
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/webhooks"
)

// Set is one service per area.
type Set struct {
	Accounts   *accounts.Service
	Directory  *directory.Service
	Gatherings *gatherings.Service
	Harvest    *harvest.Service
	Library    *library.Service
	Listening  *listening.Service
	Webhooks   *webhooks.Service
	// Conversations are the threads on gatherings, practices, cities and
	// themes, with their notifications.
	Conversations *conversations.Service
}

// New builds every service over one store and job queue.
func New(st *store.Store, q *jobs.Queue) Set {
	return Set{
		Accounts:   accounts.New(st, q),
		Directory:  &directory.Service{Store: st, Queue: q},
		Gatherings: &gatherings.Service{Store: st, Queue: q},
		Harvest:    &harvest.Service{Store: st, Queue: q},
		Library:    &library.Service{Store: st, Queue: q},
		Listening:  listening.New(st, q),
		Webhooks:   &webhooks.Service{Store: st, Queue: q},

		Conversations: &conversations.Service{Store: st, Queue: q},
	}
}
