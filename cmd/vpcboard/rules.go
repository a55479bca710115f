package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"

	"github.com/vpcboard/vpcboard/internal/validate"
)

func runRules(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vpcboard rules", flag.ContinueOnError)
	format := fs.String("format", "text", "output `format`: text or json")
	pos, code, ok := parseFlags(fs, args, stderr)
	if !ok {
		return code
	}
	if len(pos) > 0 || (*format != "text" && *format != "json") {
		fmt.Fprintln(stderr, "usage: vpcboard rules [--format text|json]")
		return exitInput
	}
	rules := validate.Rules()
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(struct {
			Rules []validate.Rule `json:"rules"`
		}{rules}); err != nil {
			fmt.Fprintf(stderr, "vpcboard rules: %v\n", err)
			return exitInput
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "CODE\tSEVERITY\tSUMMARY")
	for _, r := range rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Code, r.Severity, r.Summary)
	}
	tw.Flush()
	return exitOK
}

func sortStrings(s []string) { slices.Sort(s) }
