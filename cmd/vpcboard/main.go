// Command vpcboard is the offline vpcboard: it validates, imports and plans
// VPC designs and CloudFormation templates, and traces flows through them,, so that teams can gate designs
// in CI. See `vpcboard help`.
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1 // findings of error severity
	exitInput    = 2 // unreadable input or bad usage
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type command struct {
	name, args, summary string
	run                 func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"validate", "FILE...", "check designs or CloudFormation templates against every rule", runValidate},
		{"import", "TEMPLATE... -o design.json", "turn CloudFormation templates, a Terraform state or plan, an AWS snapshot or AWS CLI output into a design file", runImport},
		{"snapshot", "--region R [--profile P] -o FILE", "read an AWS account's networks (read-only Describe calls) into a snapshot", runSnapshot},
		{"trace", "FILE --from X --to Y [--protocol P --port N]", "trace one flow hop by hop: what allows or blocks it", runTrace},
		{"matrix", "FILE [--format text|json|csv]", "what can talk to what: allowed ports for every pair of workloads", runMatrix},
		{"diff", "OLD NEW | PLAN [--format text|json]", "what changed (a Terraform plan: prior state to planned values): resources, findings, reachability; exit 1 if it opens a path from the internet", runDiff},
		{"export", "FILE --to cloudformation|terraform [--format json|yaml|hcl] [-o PATH]", "write CloudFormation or Terraform (JSON or HCL) that deploys the design", runExport},
		{"plan", "FILE --vpc ID --size N [--az AZ]", "find the next free block of a VPC, and its free space", runPlan},
		{"rules", "[--format text|json]", "list the rule catalogue", runRules},
	}
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "vpcboard: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitInput
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: vpcboard COMMAND [flags] ARGS")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %-36s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run `vpcboard COMMAND -h` for a command's flags. A FILE is a design file (JSON,")
	fmt.Fprintln(w, "docs/design-format.md), a CloudFormation template (JSON or YAML), a Terraform state or plan\n(terraform.tfstate, terraform show -json) or an AWS snapshot (vpcboard snapshot), told apart by\ncontent.")
	fmt.Fprintln(w, "A directory is a Terraform configuration (.tf, .tf.json; -var, -var-file) when it holds .tf files,\nelse a folder of the AWS CLI's describe output (docs/importer.md).")
}
