# vpcboard: one entry point for building, testing and checking.
GO ?= go
# Go 1.27.3: the standard library of 1.26.8 has vulnerabilities reached
# from our code (net/http, crypto/tls, crypto/x509; make vuln). The go
# command fetches this toolchain from the module proxy once (~76 MB); a
# machine's own GOTOOLCHAIN=local is overridden here on purpose.
export GOTOOLCHAIN := go1.27.3
# Fuzz budgets are execution counts, not durations: a duration -fuzztime
# can fail with a spurious "context deadline exceeded" on a loaded machine
# (golang/go#75804, fixed in Go 1.27). Each is a few seconds here.
FUZZ_DECODE ?= 30000x
FUZZ_CIDR ?= 100000x
FUZZ_IMPORT ?= 10000x
FUZZ_EXPORT ?= 3000x
FUZZ_WEB ?= 10000x
FUZZ_TFCONFIG ?= 10000x

.PHONY: all build test test-unit fuzz lint vuln generate check-generated bench run screenshots

all: lint test

build:
	$(GO) build -o bin/vpcboard ./cmd/vpcboard
	$(GO) build -o bin/server ./cmd/server
	$(GO) build -o bin/loadgen ./cmd/loadgen

# test is what CI runs: generated files current, lint clean, no known
# vulnerability reached from our code, every test, and a short run of every
# fuzz target.
test: check-generated lint vuln test-unit fuzz

test-unit:
	$(GO) test -count=1 ./...

# fuzz runs each fuzz target briefly from its committed seed corpus; run
# one longer with e.g. make fuzz FUZZ_IMPORT=60s.
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzDecode$$' -fuzztime=$(FUZZ_DECODE) ./internal/design
	$(GO) test -run='^$$' -fuzz='^FuzzParseCIDR$$' -fuzztime=$(FUZZ_CIDR) ./internal/design
	$(GO) test -run='^$$' -fuzz='^FuzzImport$$' -fuzztime=$(FUZZ_IMPORT) ./internal/importer
	$(GO) test -run='^$$' -fuzz='^FuzzExport$$' -fuzztime=$(FUZZ_EXPORT) ./internal/export
	$(GO) test -run='^$$' -fuzz='^FuzzTerraformConfig$$' -fuzztime=$(FUZZ_TFCONFIG) ./internal/tfconfig
	$(GO) test -run='^$$' -fuzz='^FuzzParseForm$$' -fuzztime=$(FUZZ_WEB) ./internal/web
	$(GO) test -run='^$$' -fuzz='^FuzzSanitizeSVG$$' -fuzztime=$(FUZZ_WEB) ./internal/web
	$(GO) test -run='^$$' -fuzz='^FuzzNextPath$$' -fuzztime=$(FUZZ_WEB) ./internal/web

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# vuln runs govulncheck with an offline copy of the Go vulnerability
# database (golang.org/x/vulndb through the module proxy: vuln.go.dev is not
# reachable from CI) and fails on any vulnerability reached from our code
# that scripts/vuln-allow.txt does not explain.
vuln:
	$(GO) run ./scripts/vulngate

# generate rewrites generated files: the design file's JSON Schema, the
# rules doc, and the templ components' Go code (templ pinned in go.mod).
generate:
	$(GO) test ./internal/validate -run '^TestRulesDocIsCurrent$$' -update
	$(GO) test ./internal/design -run '^TestSchemaIsCurrent$$' -update
	$(GO) tool templ generate -include-version=false

check-generated: generate
	@git diff --exit-code -- docs/design.schema.json docs/rules.md web/templates || { echo "generated files are out of date: run make generate and commit"; exit 1; }
	@test -z "$$(git ls-files --others --exclude-standard web/templates)" || { echo "untracked generated files in web/templates: commit them"; exit 1; }

# screenshots retakes docs/screenshots with the browser test.
screenshots:
	$(GO) test ./internal/web -run '^(TestDesignerInTheBrowser|TestLiveInTwoBrowsers|TestReviewInTheBrowser|TestSaveOverAnotherEditInTwoBrowsers|TestUndoAfterAnotherEditInTwoBrowsers|TestPageEverywhere|TestPageImports|TestPageImportsTerraformExample|TestPageErrors|TestDiagramActionsInTheBrowser|TestStructuredEditorsInTheBrowser|TestNavigationInTheBrowser|TestDiagramLabelsReadableAtDefaultZoom|TestPageSaysTerraformConfigsAreOff)$$' -count=1 -screenshots $(CURDIR)/docs/screenshots

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./internal/...

# run starts the server with zero configuration (docs/server.md).
run:
	$(GO) run ./cmd/server
