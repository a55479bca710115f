package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/vpcboard/vpcboard/internal/reach"
)

func runMatrix(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vpcboard matrix", flag.ContinueOnError)
	var in inputFlags
	in.register(fs)
	format := fs.String("format", "text", "output `format`: text, json or csv")
	files, code, ok := parseFlags(fs, args, stderr)
	if !ok {
		return code
	}
	if !oneDesign(files, in.stacks) || (*format != "text" && *format != "json" && *format != "csv") {
		fmt.Fprintln(stderr, "usage: vpcboard matrix FILE [--format text|json|csv]\n       vpcboard matrix --stacks TEMPLATE... [--format text|json|csv]")
		return exitInput
	}
	designs, err := in.load(files)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard matrix: %v\n", err)
		return exitInput
	}
	m, err := reach.Matrix(designs[0].design)
	if err == nil {
		switch *format {
		case "json":
			err = m.WriteJSON(stdout)
		case "csv":
			err = m.WriteCSV(stdout)
		default:
			err = m.WriteText(stdout)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard matrix: %v\n", err)
		return exitInput
	}
	return exitOK
}
