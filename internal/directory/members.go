package directory

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// CreateMember adds m to the directory, for a viewer who organizes
// somewhere, in a city they may place members in (kindred.Member.MayCreate),
// audited as member.create and announced as member.joined. It answers EINVALID naming the bad fields, EFORBIDDEN (on
// city_id), ECONFLICT (on email) for an address already listed.
func (s *Service) CreateMember(ctx context.Context, v *kindred.Viewer, m *kindred.Member) (*kindred.Member, error) {
	if !v.OrganizesSomewhere() {
		return nil, kindred.Errorf(kindred.EFORBIDDEN, "Only organizers and administrators can add members.")
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if err := m.MayCreate(v); err != nil {
		return nil, err
	}
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.CreateMember(ctx, m); err != nil {
			return err
		}
		if err := tx.Audit(ctx, v.AccountID(), "member.create", memberSubject(m.ID), m.Name); err != nil {
			return err
		}
		return s.Queue.Emit(ctx, tx, v.AccountID(), kindred.Event{Type: kindred.EventMemberJoined,
			Subject: "member:" + strconv.FormatInt(m.ID, 10), Data: map[string]any{"id": m.ID, "name": m.Name}})
	})
	if err != nil {
		return nil, fmt.Errorf("create member: %w", err)
	}
	return s.Store.Member(ctx, m.ID)
}

// UpdateMember saves typed over member id as the viewer may change it
// (kindred.Member.Edit: what they may not see stays as stored), audited as
// member.update when someone changes another's profile. It answers
// ENOTFOUND, EFORBIDDEN, EINVALID naming the bad fields, ECONFLICT (email).
func (s *Service) UpdateMember(ctx context.Context, v *kindred.Viewer, id int64, typed *kindred.Member) (*kindred.Member, error) {
	stored, err := s.Store.Member(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := stored.MayEdit(v); err != nil { // before judging what someone not allowed typed
		return nil, err
	}
	if err := typed.Validate(); err != nil { // normalizes typed, as the form shows it again
		return nil, err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		return s.edit(ctx, tx, v, id, func(stored *kindred.Member) (*kindred.Member, error) { return stored.Edit(v, typed) })
	})
	if err != nil {
		return nil, fmt.Errorf("update member: %w", err)
	}
	return s.Store.Member(ctx, id)
}

// edit writes what change makes of member id, auditing a change to someone
// else's profile.
func (s *Service) edit(ctx context.Context, tx *store.Tx, v *kindred.Viewer, id int64,
	change func(stored *kindred.Member) (*kindred.Member, error)) error {
	stored, err := tx.Member(ctx, id)
	if err != nil {
		return err
	}
	next, err := change(stored)
	if err != nil {
		return err
	}
	if err := tx.UpdateMember(ctx, next); err != nil {
		return err
	}
	if stored.OwnedBy(v.Account) {
		return nil
	}
	return tx.Audit(ctx, v.AccountID(), "member.update", memberSubject(id), next.Name)
}

// AddAffiliation adds an organization to member id's profile, for a viewer
// who may edit it and see its organizations (kindred.Member.MayAddAffiliation).
// A primary affiliation becomes the only primary one. It returns the new
// affiliation, and answers EINVALID (member_id or the affiliation's fields),
// EFORBIDDEN.
func (s *Service) AddAffiliation(ctx context.Context, v *kindred.Viewer, id int64, a kindred.Affiliation) (kindred.Affiliation, error) {
	var saved *kindred.Member
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		return s.edit(ctx, tx, v, id, func(stored *kindred.Member) (*kindred.Member, error) {
			if err := stored.MayAddAffiliation(v); err != nil {
				return nil, err
			}
			next := *stored
			next.Affiliations = append([]kindred.Affiliation{}, stored.Affiliations...)
			if a.Primary {
				for i := range next.Affiliations {
					next.Affiliations[i].Primary = false
				}
			}
			next.Affiliations = append(next.Affiliations, a)
			var err error
			saved, err = stored.Edit(v, &next)
			return saved, err
		})
	})
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		err = &kindred.Error{Code: kindred.EINVALID, Message: "No such member.", Fields: map[string]string{"member_id": "matches no member"}}
	}
	if err != nil {
		return kindred.Affiliation{}, fmt.Errorf("add affiliation: %w", err)
	}
	return saved.Affiliations[len(saved.Affiliations)-1], nil
}

// CreateMyProfile gives the signed-in viewer their directory profile: the
// one they have, else the member listed with their email (linked to their
// account), else a new one. It returns the profile's id; EUNAUTHORIZED for
// an anonymous viewer.
func (s *Service) CreateMyProfile(ctx context.Context, v *kindred.Viewer) (int64, error) {
	if !v.SignedIn() {
		return 0, kindred.Errorf(kindred.EUNAUTHORIZED, "Sign in to make your profile.")
	}
	if v.Member != nil && v.Member.AccountID == v.AccountID() {
		return v.Member.ID, nil
	}
	var id int64
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.LinkOrCreateMember(ctx, v.Account)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("create profile: %w", err)
	}
	return id, nil
}

// MergeMembers folds the duplicate named by dupRef (an id or an email) into
// member keepID, for administrators (kindred.Member.MayMerge), audited as
// member.merge. It returns the duplicate as it was; EINVALID (duplicate)
// when dupRef names no member, ENOTFOUND when keepID does not exist.
func (s *Service) MergeMembers(ctx context.Context, v *kindred.Viewer, keepID int64, dupRef string) (*kindred.Member, error) {
	keep, err := s.Store.Member(ctx, keepID)
	if err != nil {
		return nil, err
	}
	if err := keep.MayMerge(v); err != nil {
		return nil, err
	}
	dup, err := s.findMember(ctx, strings.TrimSpace(dupRef))
	if err != nil {
		return nil, err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.MergeMembers(ctx, keep, dup); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "member.merge", memberSubject(keep.ID), fmt.Sprintf("merged member %d (%s)", dup.ID, dup.Name))
	})
	if err != nil {
		return nil, fmt.Errorf("merge members: %w", err)
	}
	return dup, nil
}

// findMember finds a member by id or email for the merge form.
func (s *Service) findMember(ctx context.Context, ref string) (*kindred.Member, error) {
	var m *kindred.Member
	var err error
	if id, perr := strconv.ParseInt(ref, 10, 64); perr == nil {
		m, err = s.Store.Member(ctx, id)
	} else {
		m, err = s.Store.MemberByEmail(ctx, ref)
	}
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil, &kindred.Error{Code: kindred.EINVALID, Message: "No member matches that id or email.",
			Fields: map[string]string{"duplicate": "matches no member"}}
	}
	return m, err
}

// SetPhoto replaces member id's photo with the upload read returns,
// re-encoded so that none of the file's metadata (camera, time, GPS
// position) is kept (see Reencode), or removes it when read returns nil.
// read is called only once the viewer may edit the profile. It answers
// ENOTFOUND, EFORBIDDEN, read's error, EINVALID (photo) for a file that is
// not an image Kindred reads.
func (s *Service) SetPhoto(ctx context.Context, v *kindred.Viewer, id int64, read func() ([]byte, error)) error {
	m, err := s.Store.Member(ctx, id)
	if err != nil {
		return err
	}
	if err := m.MayEdit(v); err != nil {
		return err
	}
	upload, err := read()
	if err != nil {
		return err
	}
	var ct string
	var data []byte
	if upload != nil {
		if ct, data, err = Reencode(upload); err != nil {
			return err
		}
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error { return tx.SetMemberPhoto(ctx, id, ct, data) })
	if err != nil {
		return fmt.Errorf("set photo: %w", err)
	}
	return nil
}
