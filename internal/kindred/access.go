package kindred

import (
	"fmt"
	"slices"
	"strings"
)

// Access is what an account may do across the install: its role, the
// cities an organizer looks after, and whether an organizer holds the
// network-wide grant (every campaign's stories with their tellers,
// introductions across cities; see Account.OrganizesNetwork).
type Access struct {
	Role        Role
	CityIDs     []int64
	NetworkWide bool
}

// AccessOf returns the account's current access.
func AccessOf(a *Account) Access {
	return Access{Role: a.Role, CityIDs: slices.Clone(a.CityIDs), NetworkWide: a.NetworkWide}
}

// Validate normalizes the access — cities sorted once each; only an
// organizer keeps cities and the grant, since an administrator organizes
// everything and a member nothing — and returns an EINVALID error when the
// role is unknown, or when an organizer has neither a city nor the
// network-wide grant (an organizer of nothing).
func (x *Access) Validate() error {
	role, err := ParseRole(string(x.Role))
	if err != nil {
		return err
	}
	x.Role = role
	if role != RoleOrganizer {
		x.CityIDs, x.NetworkWide = nil, false
		return nil
	}
	slices.Sort(x.CityIDs)
	x.CityIDs = slices.Compact(x.CityIDs)
	if len(x.CityIDs) == 0 && !x.NetworkWide {
		return &Error{Code: EINVALID, Message: "Choose the cities this organizer looks after, or trust them with the whole network.",
			Fields: map[string]string{"city_id": "must name at least one city, or the whole network, for an organizer"}}
	}
	return nil
}

// MayGive reports whether the viewer may give the target account this
// access, when the install has admins administrators (counted in the
// transaction that makes the change). Only administrators change access;
// nobody drops their own administrator role (another administrator must);
// and the last administrator stays one. The errors are EFORBIDDEN for a
// viewer who is not an administrator, EINVALID on "role" otherwise.
func (x Access) MayGive(v *Viewer, target *Account, admins int) error {
	if err := v.MayManageAccounts(); err != nil {
		return err
	}
	if target.Role != RoleAdmin || x.Role == RoleAdmin {
		return nil
	}
	if target.ID == v.AccountID() {
		return &Error{Code: EINVALID, Message: "You cannot remove your own administrator role; ask another administrator.",
			Fields: map[string]string{"role": "must stay admin for your own account"}}
	}
	if admins <= 1 {
		return lastAdmin("role", "Kindred needs an administrator: make someone else one first.")
	}
	return nil
}

// MayManageAccounts reports whether the viewer may add accounts and change
// what they may do: administrators only (EFORBIDDEN otherwise).
func (v *Viewer) MayManageAccounts() error {
	if !v.IsAdmin() {
		return Errorf(EFORBIDDEN, "Only administrators can add accounts or change what an account may do.")
	}
	return nil
}

// MayMakeTokenFor reports whether the viewer may make an API token acting
// as the account: their own, or any from the command line (EFORBIDDEN).
func (v *Viewer) MayMakeTokenFor(accountID int64) error {
	if v.IsOperator() || (v.SignedIn() && v.AccountID() == accountID) {
		return nil
	}
	return Errorf(EFORBIDDEN, "An API token acts as you: you can only make your own.")
}

// MayDelete reports whether the account may be deleted when the install has
// admins administrators: not the last one (EINVALID).
func (a *Account) MayDelete(admins int) error {
	if a.Role == RoleAdmin && admins <= 1 {
		return lastAdmin("confirm", "You are the only administrator. Make someone else an administrator before deleting your account.")
	}
	return nil
}

func lastAdmin(field, msg string) error {
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{field: "the last administrator must stay one"}}
}

// String describes the access for the audit log, e.g. "organizer of
// cities 3, 7; network-wide".
func (x Access) String() string {
	if x.Role != RoleOrganizer {
		return string(x.Role)
	}
	var parts []string
	if len(x.CityIDs) > 0 {
		ids := make([]string, len(x.CityIDs))
		for i, id := range x.CityIDs {
			ids[i] = fmt.Sprint(id)
		}
		parts = append(parts, "of cities "+strings.Join(ids, ", "))
	}
	if x.NetworkWide {
		parts = append(parts, "network-wide")
	}
	return "organizer " + strings.Join(parts, "; ")
}

// Operator is the viewer of the commands run on the server itself (kindred
// user …, kindred token …): whoever can run them holds the database
// already, so they act as an administrator without an account of their own
// (audited as account 0).
func Operator() *Viewer {
	return &Viewer{Account: &Account{Role: RoleAdmin, Name: "command line"}}
}

// IsOperator reports whether the viewer is the command line's Operator.
func (v *Viewer) IsOperator() bool { return v.IsAdmin() && v.Account.ID == 0 }
