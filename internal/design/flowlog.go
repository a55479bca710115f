package design

// FlowLog records the traffic of a VPC, a subnet or a workload's ENIs.
type FlowLog struct {
	Base
	// Resource is the VPC, subnet or workload logged.
	Resource string `json:"resource"`
	// TrafficType is "ALL", "ACCEPT" or "REJECT".
	TrafficType string `json:"traffic_type" jsonschema:"enum=ALL,enum=ACCEPT,enum=REJECT"`
	// Destination is "cloud-watch-logs", "s3" or "kinesis-data-firehose".
	Destination string `json:"destination,omitempty"`
	// DestinationARN names the log group, bucket or stream when known.
	DestinationARN string `json:"destination_arn,omitempty"`
}

// Kind returns KindFlowLog.
func (*FlowLog) Kind() Kind { return KindFlowLog }

func (f *FlowLog) refs(visit refVisitor) {
	visit(at(".resource"), f.Resource, KindVPC, KindSubnet, KindWorkload)
}

func (f *FlowLog) check(c *checker) {
	c.required(at(".resource"), f.Resource)
	c.oneOf(at(".traffic_type"), f.TrafficType, "ALL", "ACCEPT", "REJECT")
	if f.Destination != "" {
		c.oneOf(at(".destination"), f.Destination, "cloud-watch-logs", "s3", "kinesis-data-firehose")
	}
}
