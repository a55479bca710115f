package tfconfig

import (
	"strings"

	"github.com/vpcboard/vpcboard/internal/importer"

	"github.com/zclconf/go-cty/cty"
)

// zoneLetters are the zones assumed for aws_availability_zones: every
// commercial region has at least zones a, b and c (the CloudFormation
// importer assumes the same for Fn::GetAZs).
var zoneLetters = []string{"a", "b", "c"}

// answerData sets the attributes of the data sources that the region and
// account answer; every other data source attribute stays unknown.
func (l *loader) answerData(typ, addr string, attrs map[string]cty.Value) {
	region := cty.StringVal(l.region)
	switch typ {
	case "aws_region":
		attrs["name"], attrs["id"], attrs["region"] = region, region, region
		attrs["endpoint"] = cty.StringVal("ec2." + l.region + "." + dnsSuffix(l.region))
	case "aws_availability_zones":
		var names []cty.Value
		var shown []string
		for _, z := range zoneLetters {
			names = append(names, cty.StringVal(l.region+z))
			shown = append(shown, l.region+z)
		}
		attrs["names"], attrs["id"] = cty.ListVal(names), region
		l.warnf("%s: zones assumed to be %s (the first three of the region; an account's zone names may differ)", addr, strings.Join(shown, ", "))
	case "aws_caller_identity":
		attrs["account_id"], attrs["id"] = cty.StringVal(l.account), cty.StringVal(l.account)
		if l.opts.Account == "" {
			l.warnf("%s: account assumed to be %s", addr, l.account)
		}
	case "aws_partition":
		attrs["partition"], attrs["id"] = cty.StringVal(importer.Partition(l.region)), cty.StringVal(importer.Partition(l.region))
		attrs["dns_suffix"] = cty.StringVal(dnsSuffix(l.region))
		attrs["reverse_dns_prefix"] = cty.StringVal("com.amazonaws")
	}
}

func dnsSuffix(region string) string {
	if importer.Partition(region) == "aws-cn" {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}
