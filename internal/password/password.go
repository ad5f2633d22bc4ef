// Package password hashes and checks passwords with argon2id.
package password

import (
	"fmt"

	"github.com/alexedwards/argon2id"
)

// Hasher hashes passwords with fixed argon2id parameters.
type Hasher struct{ params *argon2id.Params }

// Default uses argon2id's recommended parameters (64 MiB, 1 pass, 2 lanes).
func Default() *Hasher { return &Hasher{params: argon2id.DefaultParams} }

// Fast uses light parameters; for tests only.
func Fast() *Hasher {
	return &Hasher{params: &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}}
}

// Hash returns the encoded hash of pw.
func (h *Hasher) Hash(pw string) (string, error) {
	s, err := argon2id.CreateHash(pw, h.params)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return s, nil
}

// Check reports whether pw matches hash. A malformed hash is an error.
// The hash's own parameters are used, so hashes made with other settings
// keep working.
func (h *Hasher) Check(pw, hash string) (bool, error) {
	ok, err := argon2id.ComparePasswordAndHash(pw, hash)
	if err != nil {
		return false, fmt.Errorf("check password: %w", err)
	}
	return ok, nil
}

// Waste spends about as long as checking a password, so that an unknown
// account answers as slowly as a known one.
func (h *Hasher) Waste(pw string) { _, _ = h.Hash(pw) }
