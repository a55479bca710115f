package export

import (
	"regexp"
	"slices"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// What a Terraform configuration says beyond the design's resources, so
// that it reads as one a person would write: outputs for the IDs other
// configurations need, a Name tag on every resource, the provider's
// default tags, a data source for the AMI and the region in service names.

// tfManagedBy is the one default tag of the provider block: every resource
// the configuration creates says what wrote it (the design's own tags are
// per resource and left as drawn).
var tfManagedBy = [2]string{"ManagedBy", "vpcboard"}

// outputKinds are the kinds whose IDs the Terraform configuration
// outputs: the networks, their subnets and security groups, the gateways
// and the endpoints, which other configurations attach to; the
// CloudFormation writer outputs the same (cfnWriter.output), which
// TestOutputsAgree keeps so.
var outputKinds = []design.Kind{
	design.KindVPC, design.KindSubnet, design.KindSecurityGroup,
	design.KindInternetGateway, design.KindEgressOnlyInternetGateway, design.KindNATGateway,
	design.KindTransitGateway, design.KindVPCEndpoint, design.KindEndpointService,
}

// outputs returns an output "NAME_id" for the ID of every resource of the
// output kinds, in the kinds' order and by ID.
func (w *tfWriter) outputs() *object {
	out := newObject()
	for _, k := range outputKinds {
		for _, id := range w.x.ids[k] {
			out.set(w.names.name(id)+"_id", obj("description", "ID of "+string(k)+" "+id, "value", w.ref(id, id, "id")))
		}
	}
	return out
}

// taggedKeys returns the keys of the tags of a resource, sorted, with a
// Name tag (of its design ID) added when the design gives none: the
// console then shows the name the design uses.
func taggedKeys(b design.Base) []string {
	keys := design.SortedIDs(b.Tags)
	if _, ok := b.Tags["Name"]; ok {
		return keys
	}
	i, _ := slices.BinarySearch(keys, "Name")
	return slices.Insert(keys, i, "Name")
}

// defaultTags is the provider's default_tags block.
func defaultTags() *object {
	return obj("tags", obj(tfManagedBy[0], tfManagedBy[1]))
}

// ami returns the AMI of instance wl: the value of the public SSM
// parameter of the latest Amazon Linux, or of Windows Server 2022 for an
// instance the design says runs Windows (a variable with that default, as
// the CloudFormation export's ImageId and WindowsImageId parameters), read
// by a data source in the provider of the instance's place, as AMI IDs
// are regional.
func (w *tfWriter) ami(wl *design.Workload) expr {
	name, key, variable, desc, def := "ami", "ami parameter", "ami_ssm_parameter", "SSM parameter that holds the AMI of the instances", defaultImage
	if wl.OS == design.OSWindows {
		name, key, variable, desc, def = "windows_ami", "windows ami parameter", "windows_ami_ssm_parameter",
			"SSM parameter that holds the AMI of the Windows instances", defaultWindowsImage
	}
	alias := w.aliasOf(wl.ID)
	if alias != "" {
		name += "_" + alias
	}
	params := w.data.child("aws_ssm_parameter")
	if params.get(name) == nil {
		body := obj("name", w.variable(key, variable, desc, def))
		if alias != "" {
			withProvider(body, alias)
		}
		params.set(name, body)
	}
	// insecure_value: the parameter is a plain String, and value would
	// mark every instance's ami sensitive in plans.
	return expr("${data.aws_ssm_parameter." + name + ".insecure_value}")
}

// regionShape matches an AWS region name.
var regionShape = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)

// regionless returns a service name with the region of place at written
// as the region the provider deploys to (data.aws_region), so that the
// configuration deploys in any region: "com.amazonaws.us-east-1.s3" is
// "com.amazonaws.${data.aws_region.current.region}.s3". A name without
// that region is returned as text.
func (w *tfWriter) regionless(service, at string) any {
	if design.IsUnknown(service) {
		return w.str(service, at, "service_name")
	}
	pl := w.pl.of(at)
	parts := strings.Split(service, ".")
	found := false
	for i, p := range parts {
		if p == pl.region || pl.region == "" && regionShape.MatchString(p) {
			parts[i] = "\x00"
			found = true
		} else {
			parts[i] = tfText(p)
		}
	}
	if !found {
		return service
	}
	return expr(strings.ReplaceAll(strings.Join(parts, "."), "\x00", "${"+w.regionData(pl)+".region}"))
}

// regionData returns the address of the aws_region data source of the
// provider of place pl, declaring it on first use: "current" for the
// default provider, the alias for another.
func (w *tfWriter) regionData(pl place) string {
	name := "current"
	alias := w.aliases[pl]
	if alias != "" {
		name = alias
	}
	regions := w.data.child("aws_region")
	if regions.get(name) == nil {
		body := newObject()
		if alias != "" {
			withProvider(body, alias)
		}
		regions.set(name, body)
	}
	return "data.aws_region." + name
}

// serviceSuffix returns a service name without "com.amazonaws." and the
// region: "com.amazonaws.us-east-1.s3" is "s3", a name for its data source
// that does not change with the region.
func serviceSuffix(service string) string {
	rest := strings.TrimPrefix(service, "com.amazonaws.")
	if region, after, ok := strings.Cut(rest, "."); ok && regionShape.MatchString(region) {
		return after
	}
	return rest
}

// withProvider sets the provider meta-argument of a resource or data
// source to the provider alias, ahead of its arguments (after a comment),
// where people write it.
func withProvider(body *object, alias string) {
	at := 0
	if len(body.members) > 0 && body.members[0].key == "//" {
		at = 1
	}
	body.members = slices.Insert(body.members, at, member{"provider", "aws." + alias})
	if body.idx != nil {
		for i := at; i < len(body.members); i++ {
			body.idx[body.members[i].key] = i
		}
	}
}
