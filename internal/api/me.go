package api

import (
	"net/http"
	"time"
)

// accountJSON is an account as the API shows it.
type accountJSON struct {
	ID      int64   `json:"id"`
	Email   string  `json:"email"`
	Name    string  `json:"name"`
	Role    string  `json:"role"`
	CityIDs []int64 `json:"city_ids"`
	// NetworkWide is an organizer's network-wide grant.
	NetworkWide bool      `json:"network_wide"`
	CreatedAt   time.Time `json:"created_at"`
}

// me returns the account the token belongs to.
func (a *API) me(w http.ResponseWriter, r *http.Request) error {
	acct := accountFrom(r.Context())
	cities := acct.CityIDs
	if cities == nil {
		cities = []int64{}
	}
	writeJSON(w, http.StatusOK, accountJSON{ID: acct.ID, Email: acct.Email, Name: acct.Name, Role: string(acct.Role),
		CityIDs: cities, NetworkWide: acct.NetworkWide, CreatedAt: acct.CreatedAt})
	return nil
}
