// Package library holds the use cases of the practice library: practices,
// their sources and contacts, adoptions, and practices made from notes and
// stories. Each method takes the viewer and does the whole job — checks the
// domain rule, runs one transaction, audits once, records the event — so
// pages, the API and the CLI behave alike. Errors are *kindred.Error for
// the person, wrapped causes otherwise.
package library

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Service runs the library use cases.
type Service struct {
	Store *store.Store
	Queue *jobs.Queue
}

// NewPractice is a practice someone shares: its text as typed, and the
// harvest note it is made from (0 for none). Sources in Practice name where
// else it came from (the story of a bright spot, say); contacts are not
// taken from it.
type NewPractice struct {
	Practice kindred.Practice
	NoteID   int64
}

// Share adds a practice to the library on behalf of v (anyone signed in):
// made from a note, it keeps the note and its gathering as its sources
// (kindred.HarvestNote.PracticeSources), and only v may make a note they
// may read a practice; v is its first contact and a source when they have
// a directory profile (kindred.Practice.SharedBy). It answers EINVALID
// naming the fields, ENOTFOUND for a note that is not for v, EUNAUTHORIZED
// when v is anonymous.
func (s *Service) Share(ctx context.Context, v *kindred.Viewer, in NewPractice) (*kindred.Practice, error) {
	p := in.Practice
	p.ID, p.Slug, p.Contacts, p.Adoptions = 0, "", nil, nil
	if err := p.MayShare(v); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var note *kindred.HarvestNote
	if in.NoteID != 0 {
		var err error
		if note, err = s.Store.NoteFor(ctx, kindred.ReaderOf(v), in.NoteID); err != nil {
			return nil, err
		}
		p.Sources = append(note.PracticeSources(), p.Sources...)
	}
	p.SharedBy(v.Member, note)
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.CreatePractice(ctx, &p, v.AccountID()); err != nil {
			return err
		}
		if err := tx.Audit(ctx, v.AccountID(), "practice.create", p.Slug, p.Title); err != nil {
			return err
		}
		return s.Queue.Emit(ctx, tx, v.AccountID(), kindred.Event{Type: kindred.EventPracticeShared,
			Subject: "practice:" + strconv.FormatInt(p.ID, 10), Data: practiceData(&p)})
	})
	if err != nil {
		return nil, fmt.Errorf("share practice: %w", err)
	}
	return &p, nil
}

// practiceData is what an outside system is told about a practice: what
// its page shows everyone in the network, without its contacts.
func practiceData(p *kindred.Practice) map[string]any {
	return map[string]any{"id": p.ID, "slug": p.Slug, "title": p.Title, "summary": p.Summary, "theme_area": p.ThemeArea,
		"stage": string(p.Stage), "tags": p.Tags}
}

// PracticeChange is a practice's text as its curator typed it.
type PracticeChange struct {
	ID                              int64
	Title, Summary, Body, ThemeArea string
	Stage                           kindred.Stage
	Tags                            []string
}

// Update changes a practice's text, stage and tags, keeping its sources,
// contacts and adoptions, on behalf of a curator
// (kindred.Practice.MayEdit). It answers ENOTFOUND for no such practice,
// EFORBIDDEN for anyone else, EINVALID naming the fields.
func (s *Service) Update(ctx context.Context, v *kindred.Viewer, in PracticeChange) (*kindred.Practice, error) {
	p, err := s.Store.Practice(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	if err := p.MayEdit(v); err != nil {
		return nil, err
	}
	p.Title, p.Summary, p.Body, p.ThemeArea, p.Stage, p.Tags = in.Title, in.Summary, in.Body, in.ThemeArea, in.Stage, in.Tags
	if err := p.Validate(); err != nil {
		return nil, err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.UpdatePractice(ctx, p); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "practice.update", p.Slug, p.Title)
	})
	if err != nil {
		return nil, fmt.Errorf("update practice: %w", err)
	}
	return p, nil
}

// NewAdoption says that an organization tried a practice.
type NewAdoption struct {
	PracticeID     int64
	OrganizationID int64
	Outcome        kindred.Outcome
	Note           string
	AdoptedOn      time.Time
}

// RecordAdoption records that one of v's own organizations tried a practice
// (kindred.Adoption.MayRecord); an adoption that worked moves an emerging
// practice to tried. It answers ENOTFOUND for no such practice, EINVALID
// naming the fields (an organization that does not exist included),
// EFORBIDDEN on the organization field for another's organization,
// EUNAUTHORIZED when v is anonymous.
func (s *Service) RecordAdoption(ctx context.Context, v *kindred.Viewer, in NewAdoption) (*kindred.Adoption, error) {
	if !v.SignedIn() {
		return nil, kindred.Errorf(kindred.EUNAUTHORIZED, "Sign in to say your organization tried a practice.")
	}
	p, err := s.Store.Practice(ctx, in.PracticeID)
	if err != nil {
		return nil, err
	}
	a := &kindred.Adoption{PracticeID: p.ID, OrganizationID: in.OrganizationID, Outcome: in.Outcome, Note: in.Note, AdoptedOn: in.AdoptedOn}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	org, err := s.Store.Organization(ctx, a.OrganizationID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil, &kindred.Error{Code: kindred.EINVALID, Message: "Choose an organization from the list.", Fields: map[string]string{"organization": "does not exist"}}
	}
	if err != nil {
		return nil, err
	}
	if err := a.MayRecord(v, org); err != nil {
		return nil, err
	}
	a.OrganizationName, a.OrganizationSlug = org.Name, org.Slug
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.AddAdoption(ctx, a, v.AccountID()); err != nil {
			return err
		}
		if err := tx.Audit(ctx, v.AccountID(), "adoption.create", p.Slug, org.Name); err != nil {
			return err
		}
		return s.Queue.Emit(ctx, tx, v.AccountID(), kindred.Event{Type: kindred.EventAdoptionRecorded,
			Subject: "practice:" + strconv.FormatInt(p.ID, 10), Data: map[string]any{"id": a.ID, "practice_id": p.ID,
				"practice_slug": p.Slug, "organization_id": org.ID, "organization": org.Name, "outcome": string(a.Outcome),
				"adopted_on": a.AdoptedOn.Format(time.DateOnly)}})
	})
	if err != nil {
		return nil, fmt.Errorf("record adoption: %w", err)
	}
	return a, nil
}

// AdoptionChoices lists the organizations v may record adoptions for
// (kindred.Adoption.MayRecord), by name.
func (s *Service) AdoptionChoices(ctx context.Context, v *kindred.Viewer) ([]*kindred.Organization, error) {
	all, err := s.Store.AdoptingOrganizations(ctx)
	if err != nil {
		return nil, err
	}
	var out []*kindred.Organization
	for _, o := range all {
		if (&kindred.Adoption{}).MayRecord(v, o) == nil {
			out = append(out, o)
		}
	}
	return out, nil
}
