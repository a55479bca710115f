package validate

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

const rulesDoc = "../../docs/rules.md"

// TestRulesDocIsCurrent regenerates docs/rules.md from the catalogue and
// fails if the committed file differs (go test ./internal/validate -run RulesDoc -update).
func TestRulesDocIsCurrent(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("# The rule catalogue\n\n")
	b.WriteString("Generated from `internal/validate/catalogue.go` (`make generate`); `vpcboard rules` prints the same.\n")
	b.WriteString("Each code is stable: it never changes meaning. Severities: **error** (AWS would refuse it or it\n")
	b.WriteString("cannot work), **warning** (works but is probably wrong or risky), **info**. Quota limits are AWS's\n")
	b.WriteString("defaults and can be raised with `vpcboard validate --quota name=N`.\n\n")
	b.WriteString("| code | severity | rule | reference |\n|---|---|---|---|\n")
	for _, r := range Rules() {
		ref := ""
		if r.Reference != "" {
			ref = fmt.Sprintf("[AWS docs](%s)", r.Reference)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", r.Code, r.Severity, strings.ReplaceAll(r.Summary, "|", "\\|"), ref)
	}
	if *update {
		if err := os.WriteFile(rulesDoc, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(rulesDoc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("%s is out of date: run make generate", rulesDoc)
	}
}

// TestEveryRuleIsChecked guards against catalogue entries that no check
// reports: each code must be passed to report (or, for the structural
// codes, chosen in structure.go) somewhere outside catalogue.go.
func TestEveryRuleIsChecked(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	var src strings.Builder
	for _, f := range files {
		if f == "catalogue.go" || strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(f)
		src.Write(b)
	}
	for _, r := range catalogue {
		if !regexp.MustCompile(`"` + regexp.QuoteMeta(r.Code) + `"`).MatchString(src.String()) {
			t.Errorf("rule %s is in the catalogue but no check reports it", r.Code)
		}
	}
	seen := map[string]bool{}
	for _, r := range catalogue {
		if seen[r.Code] {
			t.Errorf("code %s is in the catalogue twice", r.Code)
		}
		seen[r.Code] = true
		if r.Severity < Error || r.Severity > Info || r.Summary == "" {
			t.Errorf("rule %s has severity %v and summary %q", r.Code, r.Severity, r.Summary)
		}
	}
}
