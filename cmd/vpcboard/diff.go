package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/ingest"
	"github.com/vpcboard/vpcboard/internal/review"
)

// exitOpens: the new version lets traffic in from the internet that the
// old one did not (vpcboard diff, a gate for CI).
const exitOpens = 1

func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vpcboard diff", flag.ContinueOnError)
	var in inputFlags
	in.register(fs)
	format := fs.String("format", "text", "output `format`: text or json")
	files, code, ok := parseFlags(fs, args, stderr)
	if !ok {
		return code
	}
	if (len(files) != 2 && len(files) != 1) || in.stacks || (*format != "text" && *format != "json") {
		fmt.Fprintln(stderr, "usage: vpcboard diff OLD NEW [--format text|json]\n       vpcboard diff PLAN.json [--format text|json]   (terraform show -json of a saved plan)")
		return exitInput
	}
	old, new, warnings, err := in.diffInputs(files)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard diff: %v\n", err)
		return exitInput
	}
	// What the import assumed or left out bears on what the diff says
	// (a resource kept opaque, zones assumed): stderr, as validate and
	// import say it, so that stdout stays the diff.
	for _, w := range warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	d, err := review.Compare(old, new)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard diff: %v\n", err)
		return exitInput
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(d)
	} else {
		err = writeDiff(stdout, d)
	}
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard diff: %v\n", err)
		return exitInput
	}
	if d.OpensFromInternet {
		return exitOpens
	}
	return exitOK
}

// writeDiff writes a diff for people (and pull-request comments).
func writeDiff(w io.Writer, d review.Diff) error {
	var b strings.Builder
	if !d.Changed() {
		b.WriteString("no changes\n")
	}
	if len(d.Resources) > 0 {
		b.WriteString("Resources:\n")
		for _, r := range d.Resources {
			sign := map[string]string{"added": "+", "removed": "-", "changed": "~"}[r.Change]
			fmt.Fprintf(&b, "  %s %s %s\n", sign, r.Kind, r.ID)
			for _, f := range r.Fields {
				fmt.Fprintf(&b, "      %s: %s -> %s\n", f.Path, orNone(f.Old), orNone(f.New))
			}
		}
	}
	if n := len(d.Findings.Appeared) + len(d.Findings.Disappeared); n > 0 {
		b.WriteString("Findings:\n")
		for _, f := range d.Findings.Appeared {
			fmt.Fprintf(&b, "  + %s %s: %s\n", f.Severity, f.Code, f.Message)
		}
		for _, f := range d.Findings.Disappeared {
			fmt.Fprintf(&b, "  - %s %s: %s\n", f.Severity, f.Code, f.Message)
		}
	}
	if len(d.Reach) > 0 {
		b.WriteString("Reachability:\n")
		for _, c := range d.Reach {
			mark := map[string]string{"opened": "+", "closed": "-", "changed": "~"}[c.Kind()]
			fmt.Fprintf(&b, "  %s %s\n", mark, c.Says)
		}
	}
	if d.OpensFromInternet {
		b.WriteString("\nThis change opens traffic from the internet.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orNone(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "(none)"
	}
	return string(raw)
}

// diffInputs returns the two designs to compare, two files or the prior
// state and the planned values of one Terraform plan, and the warnings
// of their import, each after the name of its input (a plan's once when
// both its sides have it).
func (f *inputFlags) diffInputs(files []string) (old, new *design.Design, warnings []string, err error) {
	if len(files) == 2 {
		designs, err := f.load(files)
		if err != nil {
			return nil, nil, nil, err
		}
		for _, l := range designs {
			for _, w := range l.warnings {
				warnings = append(warnings, l.name+": "+w)
			}
		}
		return designs[0].design, designs[1].design, warnings, nil
	}
	data, err := readInput(files[0])
	if err != nil {
		return nil, nil, nil, err
	}
	if ingest.Detect(data) != ingest.FormatTerraformPlan {
		return nil, nil, nil, fmt.Errorf("%s: one file is compared only when it is a Terraform plan (terraform show -json plan.out); give two files otherwise", files[0])
	}
	before, after, err := ingest.PlanDesigns(data, files[0], f.ingestOptions(files[0], nil))
	if err != nil {
		return nil, nil, nil, err
	}
	inAfter := map[string]bool{}
	for _, w := range after.Warnings {
		inAfter[w] = true
	}
	for _, w := range before.Warnings {
		if inAfter[w] {
			warnings = append(warnings, files[0]+": "+w)
		} else {
			warnings = append(warnings, files[0]+" (prior state): "+w)
		}
	}
	inBefore := map[string]bool{}
	for _, w := range before.Warnings {
		inBefore[w] = true
	}
	for _, w := range after.Warnings {
		if !inBefore[w] {
			warnings = append(warnings, files[0]+" (planned): "+w)
		}
	}
	return before.Design, after.Design, warnings, nil
}
