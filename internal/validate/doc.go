// Package validate names the problems of a design: every rule of the
// catalogue (see Rules and docs/rules.md) run over a design.Design, each
// finding a Diagnostic with a stable code, a severity, a message that names
// the resources and numbers involved, a hint and a path in the design.
//
// Findings are data, not errors: a whiteboard may be invalid while people
// work on it. The rules are pure functions of the design; the package does
// no I/O. The planner (Plan, FreeSpace) answers "where does the next /N go".
package validate
