// Package live pushes every committed version of a design to everyone
// viewing it, on every replica.
//
// No code path broadcasts directly: the store NOTIFYs design_<id> with the
// version in the transaction that commits it, and each replica's Hub holds
// one dedicated LISTEN connection (reconnected with backoff) on the
// channels of the designs it has viewers for. A notification only says
// "version N exists": the design's room reads the revisions its viewers
// have not had from the store and sends them, so a notification that is
// duplicated, reordered or lost (a LISTEN reconnect resyncs every open
// room) changes nothing: delivery is idempotent by version, and each
// viewer receives every version once, in order.
//
// A connection has one reader and one writer goroutine, a bounded send
// buffer, write deadlines and pings; a viewer too slow to keep up with the
// live feed is dropped, not waited for, and resyncs from its last version
// when it reconnects (?since=N). The backlog after N never goes through
// the send buffer: the connection's writer reads it from the revision log
// a page at a time and writes it at the pace the viewer reads, then hands
// the viewer to the room's live feed from the last version it wrote, so
// that however far behind, each version arrives once, in order, on one
// connection.
//
// Presence (who views a design and what each has selected) is a table
// every replica reads: a viewer's replica writes its row and NOTIFYs
// presence_<id> with only the viewer's key and the kind of change, which
// fits in a notification however many view the design; each room reads
// the rows that changed and tells its viewers one viewer at a time (merged
// by viewer while a connection is slow to read: presence is a state, not
// a log), and a viewer that joins reads the whole list. A viewer's selections reach the
// others at most Options.SelectRate times a second (the latest wins); a
// connection that floods is closed.
package live
