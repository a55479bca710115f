package reach

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/vpcboard/vpcboard/internal/design"
)

// Flow is what a trace follows: packets from From to To of one protocol
// and, for tcp and udp, one destination port. For icmp and icmpv6, Port is
// the ICMP type (8 for an echo request); other protocols ignore it.
type Flow struct {
	From, To Endpoint
	Protocol design.Protocol
	Port     int
}

// FlowError is a flow that cannot be traced: the field at fault, what was
// given for it and why. The core names fields; callers word them (the CLI
// as its flags, the page as its form's labels).
type FlowError struct {
	// Field is "from", "to", "protocol" or "port", or "ends" when the two
	// ends make no sense together.
	Field string
	// Value is what was given for Field ("" for "ends" and "protocol").
	Value string
	// Err says why, without the field's name.
	Err error
}

// Error words e as `vpcboard trace` names its flags.
func (e *FlowError) Error() string {
	switch e.Field {
	case "ends":
		return fmt.Sprintf("--from and --to: %v", e.Err)
	case "protocol":
		return fmt.Sprintf("--protocol: %v", e.Err)
	case "port":
		return fmt.Sprintf("--port %s: %v", e.Value, e.Err)
	}
	return fmt.Sprintf("--%s %q: %v", e.Field, e.Value, e.Err)
}

func (e *FlowError) Unwrap() error { return e.Err }

// ParseFlow reads a flow from the arguments of `vpcboard trace`; each
// error is a *FlowError naming the field it is about.
func ParseFlow(d *design.Design, from, to, protocol string, port int) (Flow, error) {
	var f Flow
	var err error
	if f.From, err = ParseEndpoint(d, from); err != nil {
		return Flow{}, &FlowError{Field: "from", Value: from, Err: err}
	}
	if f.To, err = ParseEndpoint(d, to); err != nil {
		return Flow{}, &FlowError{Field: "to", Value: to, Err: err}
	}
	if f.Protocol, err = design.ParseProtocol(protocol); err != nil {
		return Flow{}, &FlowError{Field: "protocol", Err: err}
	}
	p := strconv.Itoa(port)
	switch {
	case f.Protocol.HasPorts() && (port < 0 || port > 65535):
		return Flow{}, &FlowError{Field: "port", Value: p, Err: fmt.Errorf("not a %s port (want 0-65535)", f.Protocol)}
	case f.Protocol.IsICMP() && (port < 0 || port > 255):
		return Flow{}, &FlowError{Field: "port", Value: p, Err: errors.New("not an ICMP type (want 0-255, such as 8 for echo request)")}
	}
	f.Port = port
	if err := f.check(); err != nil {
		return Flow{}, err
	}
	return f, nil
}

// check reports flows that make no sense whatever the design says.
func (f Flow) check() error {
	switch {
	case f.From.Kind == EndpointService:
		return &FlowError{Field: "from", Value: f.From.String(), Err: errors.New("a service can only be a destination")}
	case f.From.Kind == EndpointInternet && f.To.Kind == EndpointInternet:
		return &FlowError{Field: "ends", Err: errors.New("both are the internet; at least one end must be in the design")}
	case f.From.Kind == EndpointAddress && f.From.ID == "" && (f.To.Kind == EndpointInternet || f.To.Kind == EndpointAddress && f.To.ID == ""):
		return &FlowError{Field: "ends", Err: fmt.Errorf("%q and %q are both outside the design", f.From, f.To)}
	case f.From == f.To:
		return &FlowError{Field: "ends", Err: fmt.Errorf("both are %q", f.From)}
	}
	f6, fk := f.From.family()
	t6, tk := f.To.family()
	if fk && tk && f6 != t6 && f.To.Kind != EndpointInternet && f.From.Kind != EndpointInternet {
		return &FlowError{Field: "ends", Err: fmt.Errorf("%q is IPv%d and %q IPv%d", f.From, ipv(f6), f.To, ipv(t6))}
	}
	return nil
}

func ipv(is6 bool) int {
	if is6 {
		return 6
	}
	return 4
}

// is6 reports whether the flow is IPv6: an end given as an IPv6 address or
// block, or ::/0.
func (f Flow) is6() bool {
	for _, e := range []Endpoint{f.From, f.To} {
		if is6, known := e.family(); known && is6 {
			return true
		}
	}
	return false
}
