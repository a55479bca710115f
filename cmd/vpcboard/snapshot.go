package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/vpcboard/vpcboard/internal/awsaccount"
)

// runSnapshot reads an AWS account's networks through the SDK into a
// snapshot file, which every command reading designs accepts.
func runSnapshot(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vpcboard snapshot", flag.ContinueOnError)
	var regions multiFlag
	fs.Var(&regions, "region", "AWS `region` to read (repeatable; all go into one snapshot)")
	profile := fs.String("profile", "", "`profile` of the shared AWS config and credentials files (default: the standard credential chain's)")
	endpoint := fs.String("endpoint-url", "", "send every call to this `URL` instead of AWS's endpoints (LocalStack, a test server)")
	out := fs.String("o", "-", "snapshot file to write (`PATH`; - is standard output)")
	pos, code, ok := parseFlags(fs, args, stderr)
	if !ok {
		return code
	}
	if len(regions) == 0 || len(pos) > 0 {
		fmt.Fprintln(stderr, "usage: vpcboard snapshot --region R [--region R2]... [--profile P] [-o snapshot.json]")
		return exitInput
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg, err := awsaccount.LoadConfig(ctx, *profile, *endpoint)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard snapshot: AWS configuration: %v\n", err)
		return exitInput
	}
	s, err := awsaccount.Collect(ctx, cfg, regions)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard snapshot: %v\n", err)
		return exitInput
	}
	data, err := awsaccount.Encode(s)
	if err == nil {
		err = writeOutput(*out, data, stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard snapshot: %v\n", err)
		return exitInput
	}
	return exitOK
}
