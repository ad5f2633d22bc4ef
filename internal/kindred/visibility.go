package kindred

import (
	"errors"
	"sort"
)

// Level says who may see a profile field.
type Level string

// Visibility levels, from widest to narrowest.
//   - network: everyone signed in to Kindred.
//   - organizers: the member, organizers of the member's city, administrators.
//   - private: the member and administrators (who keep the data and can export it).
const (
	LevelNetwork    Level = "network"
	LevelOrganizers Level = "organizers"
	LevelPrivate    Level = "private"
)

// Levels lists the visibility levels for forms.
var Levels = []Level{LevelNetwork, LevelOrganizers, LevelPrivate}

// Field names a profile field whose visibility the member chooses.
type Field string

// Profile fields with their own visibility. The name is always visible to the network.
const (
	FieldEmail        Field = "email"
	FieldPronouns     Field = "pronouns"
	FieldBio          Field = "bio"
	FieldCity         Field = "city"
	FieldLanguages    Field = "languages"
	FieldAffiliations Field = "affiliations"
	FieldTags         Field = "tags"
	FieldAsks         Field = "asks"
	FieldOffers       Field = "offers"
	FieldNeeds        Field = "needs"
	FieldPhoto        Field = "photo"
)

// Fields lists the fields with a visibility setting, in form order.
var Fields = []Field{FieldEmail, FieldPronouns, FieldPhoto, FieldBio, FieldCity, FieldLanguages, FieldAffiliations,
	FieldTags, FieldAsks, FieldOffers, FieldNeeds}

// defaultLevels apply to fields the member has not set.
var defaultLevels = map[Field]Level{
	FieldEmail: LevelOrganizers, FieldNeeds: LevelOrganizers,
}

// Visibility maps fields to levels; missing fields use the defaults
// (email and needs: organizers; everything else: network).
type Visibility map[Field]Level

// Of returns the level of field f.
func (v Visibility) Of(f Field) Level {
	if l, ok := v[f]; ok {
		return l
	}
	if l, ok := defaultLevels[f]; ok {
		return l
	}
	return LevelNetwork
}

func (v Visibility) validate() error {
	keys := make([]string, 0, len(v))
	for f := range v {
		keys = append(keys, string(f))
	}
	sort.Strings(keys)
	for _, k := range keys {
		f, l := Field(k), v[Field(k)]
		if !fieldKnown(f) {
			return errors.New("unknown field " + k)
		}
		if l != LevelNetwork && l != LevelOrganizers && l != LevelPrivate {
			return errors.New(k + " must be network, organizers or private")
		}
	}
	return nil
}

func fieldKnown(f Field) bool {
	for _, x := range Fields {
		if x == f {
			return true
		}
	}
	return false
}

// CanSee reports whether viewer may see field f of m. A nil viewer (the
// public, or an export made without an account) sees nothing of a profile.
func (m *Member) CanSee(viewer *Account, f Field) bool {
	if viewer == nil {
		return false
	}
	if viewer.Role == RoleAdmin || m.OwnedBy(viewer) {
		return true
	}
	switch m.Visibility.Of(f) {
	case LevelNetwork:
		return true
	case LevelOrganizers:
		return m.ManagedBy(viewer)
	}
	return false
}

// CanEdit reports whether viewer may change m's profile: the member
// themselves, and whoever looks after it (see ManagedBy).
func (m *Member) CanEdit(viewer *Account) bool {
	return m.OwnedBy(viewer) || m.ManagedBy(viewer)
}

// OwnedBy reports whether a is the member's own account.
func (m *Member) OwnedBy(a *Account) bool {
	return a != nil && m.AccountID != 0 && a.ID == m.AccountID
}

// ManagedBy reports whether a looks after m's profile for the network:
// administrators, the organizers of m's city and, for a member with no
// city, organizers with network-wide powers (an organizer's cities never
// cover a member placed in none of them, and an organizer with no city
// organizes no one).
func (m *Member) ManagedBy(a *Account) bool {
	switch {
	case a == nil:
		return false
	case a.IsAdmin():
		return true
	case m.CityID == 0:
		return a.OrganizesNetwork()
	}
	return a.CanOrganize(m.CityID)
}

// VisibleTo returns a copy of m holding only what viewer may see. Every page,
// API answer and export goes through it.
func (m *Member) VisibleTo(viewer *Account) *Member {
	c := &Member{ID: m.ID, Name: m.Name, AccountID: m.AccountID, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
	see := func(f Field) bool { return m.CanSee(viewer, f) }
	if see(FieldEmail) {
		c.Email = m.Email
	}
	if see(FieldPronouns) {
		c.Pronouns = m.Pronouns
	}
	if see(FieldBio) {
		c.Bio = m.Bio
	}
	if see(FieldCity) {
		c.CityID, c.CityName = m.CityID, m.CityName
	}
	if see(FieldLanguages) {
		c.Languages = m.Languages
	}
	if see(FieldAffiliations) {
		c.Affiliations = m.Affiliations
	}
	if see(FieldTags) {
		c.Tags = m.Tags
	}
	if see(FieldAsks) {
		c.Asks = m.Asks
	}
	if see(FieldOffers) {
		c.Offers = m.Offers
	}
	if see(FieldNeeds) {
		c.Needs = m.Needs
	}
	if see(FieldPhoto) {
		c.HasPhoto = m.HasPhoto
	}
	if m.CanEdit(viewer) {
		c.Visibility = m.Visibility
	}
	return c
}
