package validate

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// Quotas are the AWS service quotas the quota.* rules compare with. AWS lets
// accounts raise them, so they are configurable.
type Quotas struct {
	CIDRsPerVPC           int `json:"cidrs_per_vpc"`
	SubnetsPerVPC         int `json:"subnets_per_vpc"`
	RouteTablesPerVPC     int `json:"route_tables_per_vpc"`
	RoutesPerTable        int `json:"routes_per_table"`
	NACLRulesPerDirection int `json:"nacl_rules_per_direction"`
	SGRulesPerDirection   int `json:"sg_rules_per_direction"`
	SGsPerENI             int `json:"sgs_per_eni"`
	RulesTimesSGs         int `json:"rules_times_sgs"`
}

// DefaultQuotas are AWS's default quotas.
var DefaultQuotas = Quotas{
	CIDRsPerVPC:           5,
	SubnetsPerVPC:         200,
	RouteTablesPerVPC:     200,
	RoutesPerTable:        50,
	NACLRulesPerDirection: 20,
	SGRulesPerDirection:   60,
	SGsPerENI:             5,
	RulesTimesSGs:         1000,
}

// Config tunes a validation. The zero Config uses DefaultQuotas.
type Config struct {
	// Quotas replaces DefaultQuotas when not zero.
	Quotas Quotas
}

// family is one group of related checks; it reports through the context.
type family func(c *context)

// families are all checks, run in this order. Each lives in the file of its
// rule family.
var families = []family{
	checkStructure,
	checkCIDRs,
	checkSubnets,
	checkQuotas,
	checkRoutes,
	checkGateways,
	checkEndpoints,
	checkNACLs,
	checkSecurityGroups,
	checkPeering,
	checkTransit,
}

// Validate runs every rule over d and returns the findings sorted by path,
// then code, then message.
func Validate(d *design.Design, cfg Config) []Diagnostic {
	if cfg.Quotas == (Quotas{}) {
		cfg.Quotas = DefaultQuotas
	}
	c := &context{d: d, cfg: cfg, ix: newIndex(d)}
	for _, f := range families {
		f(c)
	}
	slices.SortFunc(c.out, func(a, b Diagnostic) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), strings.Compare(a.Code, b.Code), strings.Compare(a.Message, b.Message))
	})
	return c.out
}

// context is what checks see: the design, its index, the configuration, and
// the findings so far.
type context struct {
	d   *design.Design
	cfg Config
	ix  *index
	out []Diagnostic
}

// report adds a finding of the rule with code. Messages name resources in
// backquotes: "subnet `app-a` 10.1.1.0/24 overlaps `app-b` 10.1.1.128/25".
func (c *context) report(code, path string, resources []string, hint, format string, args ...any) {
	r, ok := ruleByCode[code]
	if !ok {
		panic("validate: report of unknown code " + code)
	}
	c.out = append(c.out, Diagnostic{
		Severity:  r.Severity,
		Code:      code,
		Message:   fmt.Sprintf(format, args...),
		Resources: resources,
		Path:      path,
		Hint:      hint,
	})
}

// HasErrors reports whether any finding is of error severity.
func HasErrors(ds []Diagnostic) bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Severity == Error })
}

// ids returns its arguments as a slice, for Diagnostic.Resources.
func ids(id ...string) []string { return id }
