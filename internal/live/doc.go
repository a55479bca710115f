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
// buffer, write deadlines and pings; a viewer too slow to keep up is
// dropped, not waited for, and resyncs from its last version when it
// reconnects (?since=N). Presence (who views a design and what each has
// selected) crosses replicas through NOTIFY presence_<id>.
package live
