package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// SetAfterWrite installs a hook that runs inside Apply's transaction after
// its writes and before the commit, for tests that break an edit half way.
func (s *Store) SetAfterWrite(f func(ctx context.Context, tx pgx.Tx) error) { s.afterWrite = f }

// Decodes returns how many times Apply decoded a stored document.
func (s *Store) Decodes() int64 { return s.decodes.Load() }

// SharedDecodes counts the stored documents DesignShared decoded.
func (s *Store) SharedDecodes() int64 { return s.sharedDecodes.Load() }
