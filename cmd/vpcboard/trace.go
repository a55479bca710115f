package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/vpcboard/vpcboard/internal/reach"
)

// Exit codes of vpcboard trace besides exitOK (reachable) and exitInput.
const (
	exitUnreachable = 1
	exitUnknown     = 3
)

func runTrace(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vpcboard trace", flag.ContinueOnError)
	var in inputFlags
	in.register(fs)
	from := fs.String("from", "", "source: a workload or subnet `ID`, internet, or an address or CIDR")
	to := fs.String("to", "", "destination: a workload `ID`, internet, a service (s3, dynamodb, ...), or an address")
	protocol := fs.String("protocol", "tcp", "`protocol`: tcp, udp, icmp, icmpv6, all or a number")
	port := fs.Int("port", 443, "destination `port` (the ICMP type for icmp)")
	format := fs.String("format", "text", "output `format`: text or json")
	flowLogs := fs.Bool("flow-logs", false, "also print the VPC flow log records (version 2) the ENIs on the path would write")
	files, code, ok := parseFlags(fs, args, stderr)
	if !ok {
		return code
	}
	if len(files) != 1 || *from == "" || *to == "" || (*format != "text" && *format != "json") {
		fmt.Fprintln(stderr, "usage: vpcboard trace FILE --from ID|internet|CIDR --to ID|internet|s3|CIDR [--protocol tcp] [--port 443] [--format text|json]")
		return exitInput
	}
	designs, err := in.load(files)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard trace: %v\n", err)
		return exitInput
	}
	d := designs[0].design
	flow, err := reach.ParseFlow(d, *from, *to, *protocol, *port)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard trace: %v\n", err)
		return exitInput
	}
	res, err := reach.Trace(d, flow)
	if err != nil {
		fmt.Fprintf(stderr, "vpcboard trace: %v\n", err)
		return exitInput
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		out := any(res)
		if *flowLogs {
			out = struct {
				reach.Result
				FlowLogs []string `json:"flow_logs"`
			}{res, nonNil(reach.FlowLogs(d, flow, res))}
		}
		if err := enc.Encode(out); err != nil {
			fmt.Fprintf(stderr, "vpcboard trace: %v\n", err)
			return exitInput
		}
	} else {
		fmt.Fprintf(stdout, "%s -> %s %s %d: %s\n", *from, *to, *protocol, *port, res.Verdict)
		printHops(stdout, "forward", res.Forward)
		printHops(stdout, "return", res.Return)
		for _, b := range res.Blockers {
			rule := ""
			if b.Rule != "" {
				rule = " rule " + b.Rule
			}
			fmt.Fprintf(stdout, "blocked at %s %s%s: %s\n", b.Kind, b.Resource, rule, b.Fix)
		}
		if *flowLogs {
			fmt.Fprintln(stdout, "flow logs:")
			for _, l := range reach.FlowLogs(d, flow, res) {
				fmt.Fprintf(stdout, "  %s\n", l)
			}
		}
	}
	switch res.Verdict {
	case reach.Reachable:
		return exitOK
	case reach.Unreachable:
		return exitUnreachable
	}
	return exitUnknown
}

func printHops(w io.Writer, title string, hops []reach.Hop) {
	if len(hops) == 0 {
		return
	}
	fmt.Fprintf(w, "%s:\n", title)
	for i, h := range hops {
		rule := ""
		if h.Rule != "" {
			rule = " [" + h.Rule + "]"
		}
		fmt.Fprintf(w, "  %2d. %-7s %-14s %s%s", i+1, h.Decision, h.Kind, h.Resource, rule)
		if h.Detail != "" {
			fmt.Fprintf(w, ": %s", h.Detail)
		}
		fmt.Fprintln(w)
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
