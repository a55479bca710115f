package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/vpcboard/vpcboard/internal/design"
)

func runImport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vpcboard import", flag.ContinueOnError)
	var in inputFlags
	in.register(fs)
	out := fs.String("o", "-", "design file to write (`PATH`; - is standard output)")
	files, code, ok := parseFlags(fs, args, stderr)
	if !ok {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "usage: vpcboard import [--param K=V]... [--stacks] TEMPLATE... -o design.json")
		fmt.Fprintln(stderr, "       vpcboard import SNAPSHOT.json|AWS-CLI-FOLDER [--region R] -o design.json")
		fmt.Fprintln(stderr, "       vpcboard import DIR [-var name=value]... [-var-file FILE]... -o design.json   (a Terraform configuration)")
		return exitInput
	}
	if len(files) > 1 {
		in.stacks = true
	}
	designs, err := in.load(files)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard import: %v\n", err)
		return exitInput
	}
	l := designs[0]
	for _, w := range l.warnings {
		fmt.Fprintf(stderr, "warning: %s: %s\n", l.name, w)
	}
	data, err := design.Marshal(l.design)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard import: %v\n", err)
		return exitInput
	}
	if err := writeOutput(*out, data, stdout); err != nil {
		fmt.Fprintf(stderr, "vpcboard import: %v\n", err)
		return exitInput
	}
	return exitOK
}

// writeOutput writes data to the file path, or to stdout when path is "-".
func writeOutput(path string, data []byte, stdout io.Writer) error {
	if path == "-" {
		_, err := stdout.Write(data)
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
