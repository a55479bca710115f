package importer

import (
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

// flowLogResources maps a flow log's ResourceType to the kind it names.
var flowLogResources = map[string]design.Kind{
	"vpc":              design.KindVPC,
	"subnet":           design.KindSubnet,
	"networkinterface": design.KindWorkload,
}

// flowLog maps AWS::EC2::FlowLog of a VPC, subnet or network interface.
// Flow logs of transit gateways are not modelled.
func (b *builder) flowLog(r *resource, p obj) {
	rt := p.str("ResourceType")
	kind, ok := flowLogResources[strings.ToLower(rt)]
	if !ok {
		b.unmodelled(r, p, "flow logs of resource type %q are not modelled", rt)
		return
	}
	f := &design.FlowLog{
		Base:           p.base(r),
		Resource:       p.ref("ResourceId", kind),
		TrafficType:    p.str("TrafficType"),
		Destination:    p.str("LogDestinationType"),
		DestinationARN: p.str("LogDestination"),
	}
	if f.TrafficType == "" {
		f.TrafficType = "ALL"
	}
	if f.Destination == "" {
		f.Destination = "cloud-watch-logs"
	}
	if f.DestinationARN == "" {
		f.DestinationARN = p.str("LogGroupName")
	}
	put(b.d, f)
}
