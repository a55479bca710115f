package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/vpcboard/vpcboard/internal/validate"
)

func runValidate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vpcboard validate", flag.ContinueOnError)
	var in inputFlags
	in.register(fs)
	format := fs.String("format", "text", "output `format`: text or json")
	var quotas multiFlag
	fs.Var(&quotas, "quota", "override a quota, `name=N` (repeatable): "+strings.Join(quotaNames(), ", "))
	files, code, ok := parseFlags(fs, args, stderr)
	if !ok {
		return code
	}
	if len(files) == 0 || (*format != "text" && *format != "json") {
		fmt.Fprintln(stderr, "usage: vpcboard validate [--format text|json] [--param K=V]... [--quota name=N]... FILE...")
		return exitInput
	}
	cfg, err := quotaConfig(quotas)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard validate: %v\n", err)
		return exitInput
	}
	designs, err := in.load(files)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard validate: %v\n", err)
		return exitInput
	}
	type finding struct {
		File string `json:"file"`
		validate.Diagnostic
	}
	out := struct {
		Findings []finding `json:"findings"`
		Warnings []string  `json:"warnings,omitempty"`
	}{Findings: []finding{}}
	errorsFound := false
	for _, l := range designs {
		ds := validate.Validate(l.design, cfg)
		errorsFound = errorsFound || validate.HasErrors(ds)
		for _, d := range ds {
			out.Findings = append(out.Findings, finding{File: l.name, Diagnostic: d})
		}
		for _, w := range l.warnings {
			out.Warnings = append(out.Warnings, l.name+": "+w)
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			fmt.Fprintf(stderr, "vpcboard validate: %v\n", err)
			return exitInput
		}
	} else {
		for _, w := range out.Warnings {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
		counts := map[validate.Severity]int{}
		for _, f := range out.Findings {
			counts[f.Severity]++
			fmt.Fprintf(stdout, "%s: %s %s %s: %s\n", f.File, f.Severity, f.Code, f.Path, f.Message)
			if f.Hint != "" {
				fmt.Fprintf(stdout, "    hint: %s\n", f.Hint)
			}
		}
		fmt.Fprintf(stdout, "%d findings: %d errors, %d warnings, %d info\n", len(out.Findings), counts[validate.Error], counts[validate.Warning], counts[validate.Info])
	}
	if errorsFound {
		return exitFindings
	}
	return exitOK
}

// quotaFields maps the --quota names to the fields of validate.Quotas.
func quotaFields(q *validate.Quotas) map[string]*int {
	return map[string]*int{
		"cidrs_per_vpc":            &q.CIDRsPerVPC,
		"subnets_per_vpc":          &q.SubnetsPerVPC,
		"route_tables_per_vpc":     &q.RouteTablesPerVPC,
		"routes_per_table":         &q.RoutesPerTable,
		"nacl_rules_per_direction": &q.NACLRulesPerDirection,
		"sg_rules_per_direction":   &q.SGRulesPerDirection,
		"sgs_per_eni":              &q.SGsPerENI,
		"rules_times_sgs":          &q.RulesTimesSGs,
	}
}

func quotaNames() []string {
	var q validate.Quotas
	var names []string
	for n := range quotaFields(&q) {
		names = append(names, n)
	}
	sortStrings(names)
	return names
}

func quotaConfig(overrides multiFlag) (validate.Config, error) {
	q := validate.DefaultQuotas
	fields := quotaFields(&q)
	for _, kv := range overrides {
		k, v, _ := strings.Cut(kv, "=")
		p, ok := fields[k]
		if !ok {
			return validate.Config{}, fmt.Errorf("--quota %q: unknown quota (want one of %s)", kv, strings.Join(quotaNames(), ", "))
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return validate.Config{}, fmt.Errorf("--quota %q: want a positive whole number", kv)
		}
		*p = n
	}
	return validate.Config{Quotas: q}, nil
}
