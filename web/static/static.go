// Package static holds the designer's CSS and JavaScript and the vendored
// htmx (vendor/, with its version and licence in vendor/README.md),
// embedded in the binary.
package static

import "embed"

// FS holds the files, served under /static/.
//
//go:embed *.css *.js vendor
var FS embed.FS
