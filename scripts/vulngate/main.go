// Command vulngate runs govulncheck (scripts/govulncheck.sh, offline
// database) over the module and fails when a vulnerability is reached from
// our code (a symbol-level finding), unless scripts/vuln-allow.txt lists it
// with the reason it does not apply here. Findings only in imported
// packages or required modules are listed, not failed: govulncheck itself
// says our code does not call them.
//
//	go run ./scripts/vulngate        (make vuln)
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"
)

type finding struct {
	OSV          string `json:"osv"`
	FixedVersion string `json:"fixed_version"`
	Trace        []struct {
		Module, Version, Package, Function, Receiver string
	} `json:"trace"`
}

func main() {
	allowed, err := readAllow("scripts/vuln-allow.txt")
	if err != nil {
		fmt.Fprintf(os.Stderr, "vulngate: %v\n", err)
		os.Exit(1)
	}
	cmd := exec.Command("sh", "scripts/govulncheck.sh", "-format", "json", "./...")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "vulngate: govulncheck: %v\n", err)
		os.Exit(1)
	}
	called, other := map[string]string{}, map[string]string{}
	sawConfig := false
	dec := json.NewDecoder(&out)
	for {
		var msg struct {
			Config  json.RawMessage `json:"config"`
			Finding *finding        `json:"finding"`
		}
		if err := dec.Decode(&msg); err == io.EOF {
			break
		} else if err != nil {
			fmt.Fprintf(os.Stderr, "vulngate: read govulncheck's output: %v\n", err)
			os.Exit(1)
		}
		sawConfig = sawConfig || msg.Config != nil
		f := msg.Finding
		if f == nil || len(f.Trace) == 0 {
			continue
		}
		where := f.Trace[0].Module + "@" + f.Trace[0].Version
		if f.FixedVersion != "" {
			where += " (fixed in " + f.FixedVersion + ")"
		}
		if f.Trace[0].Function != "" {
			called[f.OSV] = where
		} else if _, ok := called[f.OSV]; !ok {
			other[f.OSV] = where
		}
	}
	if !sawConfig {
		fmt.Fprintln(os.Stderr, "vulngate: govulncheck printed no configuration: did it run?")
		os.Exit(1)
	}
	for id := range called {
		delete(other, id)
	}
	failed := false
	for _, id := range sorted(called) {
		if reason, ok := allowed[id]; ok {
			fmt.Printf("reached, reviewed: %s in %s: %s\n", id, called[id], reason)
			continue
		}
		fmt.Printf("REACHED FROM OUR CODE: %s in %s (https://pkg.go.dev/vuln/%s)\n", id, called[id], id)
		failed = true
	}
	for _, id := range sorted(other) {
		fmt.Printf("not reached (imported or required only): %s in %s\n", id, other[id])
	}
	for id := range allowed {
		if _, ok := called[id]; !ok {
			fmt.Printf("vuln-allow.txt lists %s, which is no longer reached: remove it\n", id)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
	fmt.Printf("vulngate: %d reached (all reviewed), %d not reached\n", len(called), len(other))
}

func sorted(m map[string]string) []string {
	var ids []string
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// readAllow reads "ID reason" lines; # starts a comment.
func readAllow(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, reason, _ := strings.Cut(line, " ")
		if strings.TrimSpace(reason) == "" {
			return nil, fmt.Errorf("%s: %s has no reason", path, id)
		}
		m[id] = strings.TrimSpace(reason)
	}
	return m, sc.Err()
}
