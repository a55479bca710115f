package web

import (
	"errors"

	"github.com/vpcboard/vpcboard/internal/reach"
)

// flowLabels are the trace form's labels of a flow's fields.
var flowLabels = map[string]string{"from": "From", "to": "To", "protocol": "Protocol", "port": "Port", "ends": "From and To"}

// flowWords words a flow that cannot be traced as the page and the API
// name its fields (the core's words name the CLI's flags): the field at
// fault ("" for the two ends together) and the message.
func flowWords(err error) (field, msg string) {
	var fe *reach.FlowError
	if !errors.As(err, &fe) {
		return "", err.Error()
	}
	field = fe.Field
	if field == "ends" {
		field = ""
	}
	return field, flowLabels[fe.Field] + ": " + fe.Err.Error()
}
