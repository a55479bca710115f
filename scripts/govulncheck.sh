#!/bin/sh
# Run govulncheck against the Go module in the current directory using an
# offline copy of the Go vulnerability database (no access to vuln.go.dev).
#
# The database comes from the golang.org/x/vulndb module (fetched through the
# Go module proxy like any other module).  Its data/osv/GO-*.json entries are
# turned into the v1 database layout (index/db.json, index/modules.json,
# index/vulns.json, ID/GO-*.json) by vulndb's own generator, cmd/indexdb,
# once per pinned version, and cached.
#
# Usage (from a module root):  sh govulncheck.sh [govulncheck args...]
#   default args: ./...   Exit status is govulncheck's: 0 clean, 3 vulnerable
#   code in the call graph, 1 error (e.g. packages that do not compile).
# Env: VULNDB_CACHE_DIR  where built databases are kept
#        (default ${XDG_CACHE_HOME:-$HOME/.cache}/vpcboard)
set -eu

GOVULNCHECK_VERSION=v1.9.0
VULNDB_VERSION=v0.0.0-20261105234957-e22db6528018

GO=${GO:-go}
cache_root=${VULNDB_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:?HOME is not set}/.cache}/vpcboard}
mkdir -p "$cache_root"
cache_root=$(cd "$cache_root" && pwd -P)   # file:// needs an absolute path
db="$cache_root/vulndb-$VULNDB_VERSION"

if [ ! -s "$db/index/db.json" ] || [ ! -s "$db/index/modules.json" ] || [ ! -s "$db/index/vulns.json" ] || [ ! -d "$db/ID" ]; then
	echo "govulncheck.sh: building vulnerability database $VULNDB_VERSION in $db" >&2
	tmp=$(mktemp -d "$cache_root/.vulndb-build.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 130' INT TERM

	# Fetch the vulndb module from outside any module/workspace so that the
	# project's go.mod, go.sum and GOFLAGS are neither used nor touched.
	(cd "$tmp" && GOFLAGS= GOWORK=off "$GO" mod download -json "golang.org/x/vulndb@$VULNDB_VERSION") >"$tmp/download.json"
	src=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' "$tmp/download.json")
	info=$(sed -n 's/^[[:space:]]*"Info": "\(.*\)",\{0,1\}$/\1/p' "$tmp/download.json")
	if [ -z "$src" ] || [ ! -d "$src/data/osv" ]; then
		echo "govulncheck.sh: golang.org/x/vulndb@$VULNDB_VERSION has no data/osv" >&2
		cat "$tmp/download.json" >&2
		exit 1
	fi

	(cd "$tmp" && GOFLAGS= GOWORK=off "$GO" run "golang.org/x/vulndb/cmd/indexdb@$VULNDB_VERSION" \
		-vulns "$src/data/osv" -out "$tmp/db")

	# The OSV files in the vulndb repo carry a zero "modified" time (the real
	# one is derived from git history, which a module zip lacks), so indexdb
	# writes {"modified":"0001-01-01T00:00:00Z"}. Use the snapshot's commit
	# time instead; govulncheck only prints it ("DB updated: ...").
	snap=$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$info" 2>/dev/null || :)
	if [ -n "$snap" ]; then
		printf '{"modified":"%s"}' "$snap" >"$tmp/db/index/db.json"
		rm -f "$tmp/db/index/db.json.gz"
		if command -v gzip >/dev/null 2>&1; then
			gzip -n -c "$tmp/db/index/db.json" >"$tmp/db/index/db.json.gz"
		fi
	fi

	for f in index/db.json index/modules.json index/vulns.json; do
		[ -s "$tmp/db/$f" ] || { echo "govulncheck.sh: generator did not write $f" >&2; exit 1; }
	done
	ls "$tmp/db/ID" | grep -q '^GO-.*\.json$' || { echo "govulncheck.sh: generator wrote no ID/GO-*.json" >&2; exit 1; }

	rm -rf "$db"
	mv "$tmp/db" "$db"
	rm -rf "$tmp"
	trap - EXIT INT TERM
fi

# Install (not `go run`, which turns every non-zero exit into 1) govulncheck
# into the cache, keyed by its version and the Go toolchain that built it.
bin="$cache_root/bin/govulncheck-$GOVULNCHECK_VERSION-$("$GO" env GOVERSION)"
if [ ! -x "$bin/govulncheck" ]; then
	mkdir -p "$bin"
	(cd "$cache_root" && GOFLAGS= GOWORK=off GOBIN="$bin" "$GO" install "golang.org/x/vuln/cmd/govulncheck@$GOVULNCHECK_VERSION")
fi

[ $# -gt 0 ] || set -- ./...
exec "$bin/govulncheck" -db "file://$db" "$@"
