// Package store keeps designs and every revision of them in PostgreSQL.
//
// A design is one row holding its current document (the design file
// format, as JSONB) and version. Every edit is a batch of ops applied in
// one transaction: the row is locked, the ops are checked against the
// versions that last changed the resources they touch (an edit based on
// an older version conflicts only if someone changed one of those
// resources since), design.Apply runs, and the new document, a revision
// row (author, time, ops, summary) and the resources' new versions are
// written, with a NOTIFY on the design's channel, before the commit. A
// failed edit writes nothing.
//
// Any past version can be read back exactly: revisions hold the ops of
// each version and, every SnapshotEvery versions, the whole document, so
// version N is the last snapshot at or before N with the ops after it
// applied. docs/server.md has the sizes behind that choice.
//
// The schema is the numbered SQL files of package migrations, applied by
// Open with goose under a PostgreSQL advisory lock, so that replicas
// starting together migrate once; Open refuses a database whose schema is
// newer than the binary knows.
package store
