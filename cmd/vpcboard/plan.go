package main

import (
	"flag"
	"fmt"
	"io"
	"math/big"

	"github.com/vpcboard/vpcboard/internal/validate"
)

func runPlan(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vpcboard plan", flag.ContinueOnError)
	var in inputFlags
	in.register(fs)
	vpc := fs.String("vpc", "", "`ID` of the VPC to plan in")
	size := fs.Int("size", 24, "prefix length `N` of the block wanted (16-28)")
	az := fs.String("az", "", "availability zone the new subnet is for (checked against the VPC's region)")
	files, code, ok := parseFlags(fs, args, stderr)
	if !ok {
		return code
	}
	if len(files) != 1 || *vpc == "" {
		fmt.Fprintln(stderr, "usage: vpcboard plan FILE --vpc ID --size N [--az AZ]")
		return exitInput
	}
	if *size < 16 || *size > 28 {
		fmt.Fprintf(stderr, "vpcboard plan: --size %d: a subnet block is /16 to /28\n", *size)
		return exitInput
	}
	designs, err := in.load(files)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard plan: %v\n", err)
		return exitInput
	}
	d := designs[0].design
	free, err := validate.FreeSpace(d, *vpc)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard plan: %v\n", err)
		return exitInput
	}
	total := new(big.Int)
	for _, p := range free {
		total.Add(total, new(big.Int).Lsh(big.NewInt(1), uint(p.Addr().BitLen()-p.Bits())))
	}
	fmt.Fprintf(stdout, "free in %s: %s addresses in %d blocks\n", *vpc, total, len(free))
	for _, p := range free {
		fmt.Fprintf(stdout, "  %s\n", p)
	}
	next, err := validate.Plan(d, *vpc, *size, *az)
	if err != nil {
		fmt.Fprintf(stdout, "next /%d: none (%v)\n", *size, err)
		return exitFindings
	}
	fmt.Fprintf(stdout, "next /%d: %s\n", *size, next)
	return exitOK
}
