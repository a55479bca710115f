package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// cfnLintWarnings are the cfn-lint warnings the exports keep, with the
// reason (docs/export.md lists them too); any other warning fails.
var cfnLintWarnings = map[string]string{
	"W3010": "designs name their availability zones; the export keeps them as drawn (not in a portable template)",
}

// portablePrefix starts the names of the portable templates TestCfnLint
// checks.
const portablePrefix = "portable-"

// cfnLintResult is one finding of cfn-lint's JSON output.
type cfnLintResult struct {
	Level    string
	Message  string
	Filename string
	Rule     struct{ ID string }
	Location struct {
		Start struct{ LineNumber int }
	}
}

// TestCfnLint runs cfn-lint over the CloudFormation export of every example
// and every corpus template, plain and portable (Options.Portable): no
// error (such as E2533, a deprecated Lambda runtime), and no W3010 in a
// portable template. cfn-lint is a test requirement (.ci/run installs it): its
// absence fails the test rather than skipping it.
func TestCfnLint(t *testing.T) {
	lint, err := exec.LookPath("cfn-lint")
	if err != nil {
		t.Fatalf("cfn-lint is not on the PATH (.ci/run installs it; on a workstation: pip install cfn-lint): %v", err)
	}
	dir := t.TempDir()
	var files []string
	write := func(name string, out *Output) {
		for _, f := range out.Files {
			path := filepath.Join(dir, name+"."+f.Path)
			if err := os.WriteFile(path, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, path)
		}
	}
	for _, file := range exampleFiles(t) {
		d := readDesign(t, file)
		write(strings.TrimSuffix(filepath.Base(file), ".json"), mustExport(t, CloudFormation, d, Options{}))
		write(portablePrefix+strings.TrimSuffix(filepath.Base(file), ".json"), mustExport(t, CloudFormation, d, Options{Portable: true}))
	}
	for _, file := range corpusFiles(t) {
		d := importCorpusFile(t, file)
		write("corpus-"+file, mustExport(t, CloudFormation, d, Options{}))
		write(portablePrefix+"corpus-"+file, mustExport(t, CloudFormation, d, Options{Portable: true}))
	}
	cmd := exec.Command(lint, append([]string{"--format", "json", "--"}, files...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("cfn-lint: %v: %s", err, stderr.String())
	}
	var results []cfnLintResult
	if err := json.Unmarshal(stdout.Bytes(), &results); err != nil {
		t.Fatalf("cfn-lint output is not its JSON (%v): %s %s", err, stdout.String(), stderr.String())
	}
	for _, r := range results {
		line := filepath.Base(r.Filename) + ":" + strconv.Itoa(r.Location.Start.LineNumber) + ": " + r.Rule.ID + " " + r.Message
		switch r.Level {
		case "Error":
			t.Errorf("cfn-lint error %s", line)
		case "Warning":
			if r.Rule.ID == "W3010" && strings.HasPrefix(filepath.Base(r.Filename), portablePrefix) {
				t.Errorf("cfn-lint W3010 in a portable template %s", line)
			} else if _, ok := cfnLintWarnings[r.Rule.ID]; !ok {
				t.Errorf("cfn-lint warning not listed in cfnLintWarnings (and docs/export.md) %s", line)
			}
		default:
			t.Logf("cfn-lint %s %s", strings.ToLower(r.Level), line)
		}
	}
}
