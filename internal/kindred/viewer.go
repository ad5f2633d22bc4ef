package kindred

import "context"

// Viewer is who is asking: resolved once per request (from the session on
// pages, from the token in the API, from the command line in the CLI) and
// passed to every use case, which checks its rules against it. The zero
// Viewer is anonymous.
type Viewer struct {
	// Account is the signed-in account; nil for an anonymous visitor.
	Account *Account
	// Member is the viewer's own directory profile: the one linked to the
	// account, else the unlinked profile carrying the account's email; nil
	// when there is none.
	Member *Member
}

// SignedIn reports whether the viewer has an account.
func (v *Viewer) SignedIn() bool { return v != nil && v.Account != nil }

// AccountID returns the viewer's account id, 0 when anonymous.
func (v *Viewer) AccountID() int64 {
	if !v.SignedIn() {
		return 0
	}
	return v.Account.ID
}

// MemberID returns the viewer's own member id, 0 when they have no profile.
func (v *Viewer) MemberID() int64 {
	if v == nil || v.Member == nil {
		return 0
	}
	return v.Member.ID
}

// IsAdmin reports whether the viewer is an administrator.
func (v *Viewer) IsAdmin() bool { return v.SignedIn() && v.Account.IsAdmin() }

// IsOrganizer reports whether the viewer organizes anything: an
// administrator, or an organizer (scoped to cities by CanOrganize).
func (v *Viewer) IsOrganizer() bool {
	return v.SignedIn() && (v.Account.Role == RoleAdmin || v.Account.Role == RoleOrganizer)
}

// CanOrganize reports whether the viewer may organize things in cityID:
// administrators everywhere, organizers in their cities.
func (v *Viewer) CanOrganize(cityID int64) bool {
	return v.SignedIn() && v.Account.CanOrganize(cityID)
}

// OrganizesNetwork reports whether the viewer holds network-wide powers
// (see Account.OrganizesNetwork).
func (v *Viewer) OrganizesNetwork() bool { return v.SignedIn() && v.Account.OrganizesNetwork() }

// Is reports whether memberID is the viewer's own profile.
func (v *Viewer) Is(memberID int64) bool { return memberID != 0 && v.MemberID() == memberID }

type viewerKey struct{}

// WithViewer returns a context carrying v, for the use cases a request calls.
func WithViewer(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// ViewerFrom returns the viewer ctx carries, or an anonymous one.
func ViewerFrom(ctx context.Context) *Viewer {
	if v, ok := ctx.Value(viewerKey{}).(*Viewer); ok && v != nil {
		return v
	}
	return &Viewer{}
}

// OrganizedCities returns the cities whose gatherings v organizes, for
// reads that show an organizer what waits for them: every city for an
// administrator (every is true), an organizer's own cities, and none for a
// member or an anonymous visitor.
func (v *Viewer) OrganizedCities() (every bool, ids []int64) {
	switch {
	case !v.SignedIn():
		return false, nil
	case v.Account.Role == RoleAdmin:
		return true, nil
	case v.Account.Role == RoleOrganizer:
		return false, append([]int64(nil), v.Account.CityIDs...)
	}
	return false, nil
}
