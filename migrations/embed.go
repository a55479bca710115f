// Package migrations holds the database schema as numbered SQL files,
// embedded in the binary and applied by internal/store with goose. Files
// are append-only: a change to the schema is a new file.
package migrations

import "embed"

// FS holds the migration files.
//
//go:embed *.sql
var FS embed.FS
