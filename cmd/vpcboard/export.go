package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/vpcboard/vpcboard/internal/export"
	"github.com/vpcboard/vpcboard/internal/validate"
)

func runExport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vpcboard export", flag.ContinueOnError)
	var in inputFlags
	in.register(fs)
	to := fs.String("to", "", "`format` to write: cloudformation or terraform")
	format := fs.String("format", "json", "`syntax`: json or yaml for CloudFormation, json or hcl for Terraform")
	out := fs.String("o", "-", "file, folder or .zip to write (`PATH`; - is standard output; a design in several accounts or regions, and Terraform HCL, need a folder or a .zip)")
	portable := fs.Bool("portable", false, "CloudFormation: a template that deploys in any region (zones as parameters defaulting to the drawn ones)")
	force := fs.Bool("force", false, "export a design that has validation errors; the output lists them")
	files, code, ok := parseFlags(fs, args, stderr)
	if !ok {
		return code
	}
	usage := "usage: vpcboard export FILE --to cloudformation|terraform [--format json|yaml|hcl] [--portable] [-o PATH] [--force]\n       vpcboard export --stacks TEMPLATE... --to cloudformation|terraform [...]"
	if !oneDesign(files, in.stacks) || (*to != "cloudformation" && *to != "terraform") {
		fmt.Fprintln(stderr, usage)
		return exitInput
	}
	if msg := syntaxProblem(*to, *format); msg != "" {
		fmt.Fprintf(stderr, "vpcboard export: --format %s\n%s\n", msg, usage)
		return exitInput
	}
	if *portable && *to != "cloudformation" {
		fmt.Fprintln(stderr, "vpcboard export: --portable applies to --to cloudformation")
		return exitInput
	}
	designs, err := in.load(files)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard export: %v\n", err)
		return exitInput
	}
	l := designs[0]
	for _, w := range l.warnings {
		fmt.Fprintf(stderr, "warning: %s: %s\n", l.name, w)
	}
	cfg, _ := quotaConfig(nil)
	ds := validate.Validate(l.design, cfg)
	var carried []string
	for _, d := range ds {
		if d.Severity == validate.Error || d.Severity == validate.Warning {
			carried = append(carried, fmt.Sprintf("%s %s %s: %s", d.Severity, d.Code, d.Path, d.Message))
		}
	}
	if validate.HasErrors(ds) && !*force {
		n := 0
		for _, d := range ds {
			if d.Severity == validate.Error {
				n++
				fmt.Fprintf(stderr, "%s: %s %s %s: %s\n", l.name, d.Severity, d.Code, d.Path, d.Message)
			}
		}
		fmt.Fprintf(stderr, "vpcboard export: %s has %d validation errors; not exported (--force exports it, listing the findings in the output)\n", l.name, n)
		return exitFindings
	}
	opts := export.Options{YAML: *format == "yaml", HCL: *format == "hcl", Findings: carried}
	opts.Portable = *portable
	var res *export.Output
	if *to == "cloudformation" {
		res, err = export.CloudFormation(l.design, opts)
	} else {
		res, err = export.Terraform(l.design, opts)
	}
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard export: %s: %v\n", l.name, err)
		return exitInput
	}
	for _, n := range res.Notes {
		fmt.Fprintf(stderr, "note: %s\n", n)
	}
	if len(carried) > 0 {
		fmt.Fprintf(stderr, "vpcboard export: the output carries %d findings of %s\n", len(carried), l.name)
	}
	if err := writeExport(res, *out, stdout); err != nil {
		fmt.Fprintf(stderr, "vpcboard export: %v\n", err)
		return exitInput
	}
	return exitOK
}

// syntaxProblem says what is wrong with the syntax format of an export
// to target, "" when nothing is.
func syntaxProblem(target, format string) string {
	switch {
	case format == "json":
	case format == "yaml" && target == "cloudformation", format == "hcl" && target == "terraform":
	case target == "cloudformation":
		return fmt.Sprintf("%q: CloudFormation is written as json or yaml", format)
	default:
		return fmt.Sprintf("%q: Terraform is written as json or hcl", format)
	}
	return ""
}

// writeExport writes the files of an export: one file to standard output
// or to PATH; several into the folder PATH; all of them into the zip
// archive PATH when it ends in .zip.
func writeExport(res *export.Output, path string, stdout io.Writer) error {
	if strings.HasSuffix(path, ".zip") {
		data, err := res.Zip()
		if err != nil {
			return err
		}
		return os.WriteFile(path, data, 0o644)
	}
	if len(res.Files) == 1 {
		f := res.Files[0]
		switch {
		case path == "-":
			_, err := stdout.Write(f.Data)
			return err
		case strings.HasSuffix(path, "/") || isDir(path):
			return os.WriteFile(filepath.Join(path, f.Path), f.Data, 0o644)
		}
		return os.WriteFile(path, f.Data, 0o644)
	}
	if path == "-" {
		return fmt.Errorf("the export is %d files (%s): give a folder or a .zip with -o", len(res.Files), filePaths(res))
	}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return err
	}
	for _, f := range res.Files {
		if err := os.WriteFile(filepath.Join(path, f.Path), f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// filePaths lists the paths of an export's files, for a message.
func filePaths(res *export.Output) string {
	paths := make([]string, len(res.Files))
	for i, f := range res.Files {
		paths[i] = f.Path
	}
	return strings.Join(paths, ", ")
}
