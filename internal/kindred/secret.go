package kindred

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// NewSecret returns a random secret starting with prefix (so a leaked token
// can be recognised, e.g. "kdt_") and the hash that is stored in its place.
// Secrets are never stored, only their hashes.
func NewSecret(prefix string) (secret, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashSecret(secret)
}

// HashSecret returns the stored form of a secret. Secrets carry 256 bits of
// entropy, so a fast hash is enough: no one can guess one to try.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
