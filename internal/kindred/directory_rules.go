package kindred

// The directory's rules: who may add, change, introduce and connect whom.
// Every surface (pages, API, CSV import, command line) reaches them through
// the directory use cases.

// OrganizesSomewhere reports whether the viewer organizes anything at all:
// administrators, organizers of at least one city, and organizers with
// network-wide powers. An organizer with no city and no grant organizes
// nothing, so is refused what organizers do.
func (v *Viewer) OrganizesSomewhere() bool {
	return v.IsAdmin() || v.OrganizesNetwork() || (v.IsOrganizer() && len(v.Account.CityIDs) > 0)
}

// mayPlace reports whether v may put a member in cityID: organizers of the
// city, and for no city (0) those with network-wide powers, who alone look
// after members placed nowhere (see Member.ManagedBy).
func (v *Viewer) mayPlace(cityID int64) bool {
	if cityID == 0 {
		return v.OrganizesNetwork()
	}
	return v.CanOrganize(cityID)
}

// notYourCity is the refusal to place a member in a city, on the city field.
func notYourCity(msg string) error {
	return &Error{Code: EFORBIDDEN, Message: msg, Fields: map[string]string{"city_id": "is not a city you organize"}}
}

// MayCreate checks that v may add m to the directory: administrators
// anywhere, organizers in the cities they organize (so whoever adds a member
// can look after them afterwards). It answers EFORBIDDEN on city_id.
func (m *Member) MayCreate(v *Viewer) error {
	switch {
	case v.mayPlace(m.CityID):
		return nil
	case m.CityID == 0 && v.OrganizesSomewhere():
		return notYourCity("Choose the city of the new member: one of the cities you organize.")
	}
	return notYourCity("You can add members only in the cities you organize.")
}

// MayEdit checks that v may change m's profile (see CanEdit); EFORBIDDEN
// otherwise.
func (m *Member) MayEdit(v *Viewer) error {
	if m.CanEdit(v.Account) {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only the member, their city's organizers and administrators can edit this profile.")
}

// EmailEditableBy reports whether v may change m's email address: those who
// look after the profile (see ManagedBy). The address is how the member
// signs in, so members change it on their account, not on their profile.
func (m *Member) EmailEditableBy(v *Viewer) bool { return m.ManagedBy(v.Account) }

// VisibilitySetBy reports whether v may change who sees what of m: the
// member, and administrators (who keep the data). Organizers never widen
// what a member chose to keep from others.
func (m *Member) VisibilitySetBy(v *Viewer) bool { return m.OwnedBy(v.Account) || v.IsAdmin() }

// Edit returns what m (as stored) becomes when v saves typed over it, or
// EFORBIDDEN. The fields v may not see keep their stored values, so an
// organizer editing a profile neither reads nor wipes what the member keeps
// from organizers; the email and the visibility settings change only for
// those allowed (EmailEditableBy, VisibilitySetBy); and moving the member to
// another city takes the right to place them there, as for a new member,
// unless it is the member's own profile (EFORBIDDEN on city_id).
func (m *Member) Edit(v *Viewer, typed *Member) (*Member, error) {
	if err := m.MayEdit(v); err != nil {
		return nil, err
	}
	next := *typed
	next.ID, next.AccountID, next.HasPhoto, next.CreatedAt, next.UpdatedAt = m.ID, m.AccountID, m.HasPhoto, m.CreatedAt, m.UpdatedAt
	m.keepUnseen(v.Account, &next)
	if !m.EmailEditableBy(v) {
		next.Email = m.Email
	}
	if !m.VisibilitySetBy(v) {
		next.Visibility = m.Visibility
	}
	if next.CityID != m.CityID && !m.OwnedBy(v.Account) && !v.mayPlace(next.CityID) {
		return nil, notYourCity("You can move members only to the cities you organize.")
	}
	return &next, nil
}

// keepUnseen copies into next, from m, every field a may not see.
func (m *Member) keepUnseen(a *Account, next *Member) {
	unseen := func(f Field) bool { return !m.CanSee(a, f) }
	if unseen(FieldEmail) {
		next.Email = m.Email
	}
	if unseen(FieldPronouns) {
		next.Pronouns = m.Pronouns
	}
	if unseen(FieldBio) {
		next.Bio = m.Bio
	}
	if unseen(FieldCity) {
		next.CityID, next.CityName = m.CityID, m.CityName
	}
	if unseen(FieldLanguages) {
		next.Languages = m.Languages
	}
	if unseen(FieldAffiliations) {
		next.Affiliations = m.Affiliations
	}
	if unseen(FieldTags) {
		next.Tags = m.Tags
	}
	if unseen(FieldAsks) {
		next.Asks = m.Asks
	}
	if unseen(FieldOffers) {
		next.Offers = m.Offers
	}
	if unseen(FieldNeeds) {
		next.Needs = m.Needs
	}
}

// MayMerge checks that v may fold a duplicate into m: administrators only
// (a merge moves an account and everything of both profiles).
func (m *Member) MayMerge(v *Viewer) error {
	if v.IsAdmin() {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only administrators can merge members.")
}

// SeenByNetwork returns what anyone in the network sees of m (see
// VisibleTo): what the network's shared measures may use, and what a
// member without an account would see once signed in.
func (m *Member) SeenByNetwork() *Member { return m.VisibleTo(&Account{Role: RoleMember}) }

// IntroducibleBy reports whether v may introduce m to someone: organizers
// with network-wide powers anyone, other organizers the members of the
// cities they organize.
func (m *Member) IntroducibleBy(v *Viewer) bool {
	return v.OrganizesNetwork() || (m.CityID != 0 && v.CanOrganize(m.CityID))
}

// MayIntroduce checks that v may introduce a and b to each other: within the
// cities v organizes, or anywhere with network-wide powers (EFORBIDDEN).
func (v *Viewer) MayIntroduce(a, b *Member) error {
	if a.IntroducibleBy(v) && b.IntroducibleBy(v) {
		return nil
	}
	if !v.OrganizesSomewhere() {
		return Errorf(EFORBIDDEN, "Only organizers and administrators can send introductions.")
	}
	return Errorf(EFORBIDDEN, "You can introduce people only within the cities you organize; across the network it takes an administrator's grant.")
}

// MayClaimTie checks that v may say they know m: v needs a profile of their
// own (ENOTFOUND otherwise) and m must be someone else (EINVALID).
func (m *Member) MayClaimTie(v *Viewer) error {
	switch {
	case v.Member == nil:
		return Errorf(ENOTFOUND, "You have no profile in the directory yet.")
	case v.Is(m.ID):
		return Errorf(EINVALID, "That is you.")
	}
	return nil
}

// MayCreate checks that v may add an organization: anyone who organizes
// somewhere (EFORBIDDEN otherwise).
func (o *Organization) MayCreate(v *Viewer) error {
	if v.OrganizesSomewhere() {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only organizers and administrators can add organizations.")
}

// MayEdit checks that v may change o (see CanEdit); EFORBIDDEN otherwise.
func (o *Organization) MayEdit(v *Viewer) error {
	if o.CanEdit(v.Account) {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only administrators and the organizers of a city this organization works in can edit it.")
}

// MayChange checks that v may add or change cities: administrators only,
// since organizers and gatherings hang off them (EFORBIDDEN).
func (c *City) MayChange(v *Viewer) error {
	if v.IsAdmin() {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only administrators can add or change cities.")
}

// MayCreate checks that v may form a network of organizations:
// administrators only (EFORBIDDEN).
func (n *Network) MayCreate(v *Viewer) error {
	if v.IsAdmin() {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only administrators can form networks.")
}

// MayImport checks that v may import a directory file: anyone who organizes
// somewhere; each row is then held to the rule the form applies
// (EFORBIDDEN).
func (v *Viewer) MayImport() error {
	if v.OrganizesSomewhere() {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only organizers and administrators can import.")
}

// MayTakeSnapshot checks that v may ask for a fresh snapshot of the
// network's measures: anyone who organizes somewhere (EFORBIDDEN).
func (v *Viewer) MayTakeSnapshot() error {
	if v.OrganizesSomewhere() {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only organizers and administrators can take snapshots.")
}

// MayAddAffiliation checks that v may add an organization to m's profile:
// they may edit it (MayEdit) and see the organizations it lists, which
// they would otherwise change blind (EFORBIDDEN).
func (m *Member) MayAddAffiliation(v *Viewer) error {
	if err := m.MayEdit(v); err != nil {
		return err
	}
	if !m.CanSee(v.Account, FieldAffiliations) {
		return Errorf(EFORBIDDEN, "This member shares their organizations with fewer people than you; ask them or an administrator.")
	}
	return nil
}
