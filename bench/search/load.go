package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// notesPerGathering and tablesPerGathering shape the held dinners the notes
// come from; each table lists six members as its people (there is no plan).
const (
	notesPerGathering  = 40
	tablesPerGathering = 6
	batch              = 500
)

// load writes the members, held gatherings with their tables, the notes and
// the practices, in batches, and returns the member ids. With reuse, the
// database is loaded already and only the member ids are read back.
func load(ctx context.Context, st *store.Store, c config, reuse bool) ([]int64, error) {
	if reuse {
		ms, _, err := st.ListMembers(ctx, store.MemberFilter{Limit: c.members})
		ids := make([]int64, len(ms))
		for i, m := range ms {
			ids[i] = m.ID
		}
		return ids, err
	}
	rng := rand.New(rand.NewPCG(1, 7))
	members, cityID, err := loadMembers(ctx, st, c.members)
	if err != nil {
		return nil, err
	}
	gatherings := (c.notes + notesPerGathering - 1) / notesPerGathering
	for g := 0; g < gatherings; g++ {
		if err := loadGathering(ctx, st, rng, cityID, g, members, min(notesPerGathering, c.notes-g*notesPerGathering)); err != nil {
			return nil, err
		}
	}
	for i := 0; i < c.practices; i += batch {
		err := st.WithTx(ctx, func(tx *store.Tx) error {
			for k := i; k < min(i+batch, c.practices); k++ {
				if _, err := tx.CreatePractice(ctx, demo.CorpusPractice(rng, k), 0); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("practices: %w", err)
		}
	}
	return members, nil
}

func loadMembers(ctx context.Context, st *store.Store, n int) ([]int64, int64, error) {
	var ids []int64
	var cityID int64
	err := st.WithTx(ctx, func(tx *store.Tx) error {
		city, err := tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
		if err != nil {
			return err
		}
		cityID = city.ID
		for i := range n {
			id, err := tx.CreateMember(ctx, &kindred.Member{Name: fmt.Sprintf("Member %04d", i), Email: fmt.Sprintf("m%04d@example.org", i)})
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	return ids, cityID, err
}

// inviteOnlyEvery makes one dinner in so many invite-only (like the demo's
// leaders' tables): its notes are for its guests, the city's organizers and
// the administrators.
const inviteOnlyEvery = 10

// loadGathering writes one held dinner, its tables' people and its notes.
func loadGathering(ctx context.Context, st *store.Store, rng *rand.Rand, cityID int64, i int, members []int64, notes int) error {
	start := time.Date(2025, 1, 1, 0, 30, 0, 0, time.UTC).AddDate(0, 0, i%700)
	visibility := kindred.VisibilityNetwork
	if i%inviteOnlyEvery == inviteOnlyEvery-1 {
		visibility = kindred.VisibilityInvite
	}
	return st.WithTx(ctx, func(tx *store.Tx) error {
		g, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: cityID, Title: fmt.Sprintf("Community of Practice dinner %d", i),
			Capacity: 36, TableSize: 6, StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen, Visibility: visibility})
		if err != nil {
			return err
		}
		people := make([][]int64, tablesPerGathering)
		for t := range people {
			for range 6 {
				m := members[rng.IntN(len(members))]
				people[t] = append(people[t], m)
				// Only guests can be listed at a table.
				if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: m, Status: kindred.RSVPGoing}); err != nil {
					return err
				}
			}
		}
		if err := tx.SetGatheringStatus(ctx, g.ID, kindred.GatheringHeld); err != nil {
			return err
		}
		for t := range people {
			if err := tx.SetListedPeople(ctx, g.ID, t+1, people[t][1:]); err != nil {
				return err
			}
		}
		for k := range notes {
			t := k % tablesPerGathering
			prompt, text, consent := demo.CorpusNote(rng)
			n := &kindred.HarvestNote{GatheringID: g.ID, Table: t + 1, AuthorID: people[t][0], Prompt: prompt, Text: text, Consent: consent}
			if _, err := tx.AddHarvestNote(ctx, n); err != nil {
				return err
			}
		}
		return nil
	})
}
