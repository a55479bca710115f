package export

import (
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
)

func (w *cfnWriter) flowLog(f *design.FlowLog) {
	id := f.ID
	typ := "VPC"
	switch {
	case w.d.Subnets[f.Resource] != nil:
		typ = "Subnet"
	case w.d.Workloads[f.Resource] != nil, design.IsUnknown(f.Resource):
		typ = "NetworkInterface"
	}
	p := obj("ResourceId", w.ref(f.Resource, id, "ResourceId"), "ResourceType", typ, "TrafficType", f.TrafficType,
		"LogDestinationType", f.Destination)
	switch {
	case f.Destination == "cloud-watch-logs" && !strings.HasPrefix(f.DestinationARN, "arn:") && !design.IsUnknown(f.DestinationARN):
		p.set("LogGroupName", f.DestinationARN)
	default:
		p.set("LogDestination", w.str(f.DestinationARN, id, "LogDestination"))
	}
	if f.Destination == "cloud-watch-logs" {
		p.set("DeliverLogsPermissionArn", w.param("flow logs role", "FlowLogsRoleArn", "String",
			"ARN of the IAM role that lets VPC Flow Logs publish to CloudWatch Logs", nil))
	}
	p.set("Tags", w.tags(f.Base))
	w.add(w.names.name(id), "AWS::EC2::FlowLog", id, p)
}
