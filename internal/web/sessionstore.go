package web

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/alexedwards/scs/v2"
)

// hashedStore keeps sessions in another scs.Store under the SHA-256 (hex)
// of their token, so that whoever reads the sessions table (a backup, a
// replica, a leaked dump) cannot present a session it finds there. The
// token is random and long, so a fast hash suffices, as for API tokens.
//
// It offers no iteration (scs.IterableStore): a hash cannot be turned back
// into the token a session manager would need.
type hashedStore struct{ inner scs.Store }

func sessionKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Find returns the data of the session of token.
func (h hashedStore) Find(token string) ([]byte, bool, error) {
	return h.inner.Find(sessionKey(token))
}

// Commit stores the data of the session of token until expiry.
func (h hashedStore) Commit(token string, b []byte, expiry time.Time) error {
	return h.inner.Commit(sessionKey(token), b, expiry)
}

// Delete removes the session of token.
func (h hashedStore) Delete(token string) error {
	return h.inner.Delete(sessionKey(token))
}
