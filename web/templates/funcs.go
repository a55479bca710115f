package templates

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

// oobAttr makes a fragment an out-of-band swap of the element with its id.
func oobAttr(oob bool) templ.Attributes {
	if oob {
		return templ.Attributes{"hx-swap-oob": "true"}
	}
	return templ.Attributes{}
}

func join(ss []string) string { return strings.Join(ss, " ") }

// shortKind abbreviates a kind for the tree.
func shortKind(k string) string {
	switch k {
	case "vpc":
		return "vpc"
	case "subnet":
		return "sub"
	case "route-table":
		return "rt"
	case "network-acl":
		return "acl"
	case "security-group":
		return "sg"
	case "internet-gateway":
		return "igw"
	case "egress-only-internet-gateway":
		return "eigw"
	case "nat-gateway":
		return "nat"
	case "elastic-ip":
		return "eip"
	case "vpc-endpoint":
		return "vpce"
	case "endpoint-service":
		return "svc"
	case "peering-connection":
		return "pcx"
	case "transit-gateway":
		return "tgw"
	case "transit-gateway-attachment":
		return "att"
	case "transit-gateway-route-table":
		return "tgrt"
	case "lattice-service-network":
		return "sn"
	case "lattice-association":
		return "snva"
	case "flow-log":
		return "log"
	case "workload":
		return "wl"
	case "prefix-list":
		return "pl"
	}
	return k
}

func optionLabel(o string) string {
	if o == "" {
		return "(default)"
	}
	return o
}

func hopClass(decision string) string {
	switch decision {
	case "deny", "blocked", "drop", "no-route", "unreachable":
		return "blocked"
	}
	return "allowed"
}

// jsonData is the JSON of v for a data-json attribute: data the page's
// script reads (htmx does not insert script elements, and the CSP allows
// no inline script).
func jsonData(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

// plural is "1 error", "3 errors".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
