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

// HiddenSecret stands, in a stored message, for a secret only its recipient
// may read (the token of a sign-in link): the outbox shows that a link was
// sent, and the mail job puts a freshly made secret in its place as it
// hands the message to the mail server, so no working link is ever stored.
const HiddenSecret = "hidden-sent-only-to-the-recipient"
