package export

import "github.com/vpcboard/vpcboard/internal/design"

func (w *tfWriter) flowLog(f *design.FlowLog) {
	id := f.ID
	body := newObject()
	switch {
	case w.d.Subnets[f.Resource] != nil:
		body.set("subnet_id", w.ref(f.Resource, id, "subnet_id"))
	case w.d.Workloads[f.Resource] != nil:
		body.set("eni_id", w.eniOf(f.Resource, id, "eni_id"))
	default:
		body.set("vpc_id", w.ref(f.Resource, id, "vpc_id"))
	}
	traffic := f.TrafficType
	if traffic == "" {
		traffic = "ALL"
	}
	dest := f.Destination
	if dest == "" {
		dest = "cloud-watch-logs"
	}
	body.set("traffic_type", traffic)
	body.set("log_destination_type", dest)
	arn := f.DestinationARN
	if arn == "" {
		arn = design.Unknown("destination of flow log " + id)
	}
	body.set("log_destination", w.str(arn, id, "log_destination"))
	if dest == "cloud-watch-logs" {
		body.set("iam_role_arn", w.variable("flow logs role", "flow_logs_role_arn", "ARN of the IAM role that lets VPC Flow Logs publish to CloudWatch Logs", nil))
	}
	body.set("tags", w.tags(f.Base))
	w.add("aws_flow_log", w.names.name(id), id, body)
}
