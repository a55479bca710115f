package reach

import (
	"fmt"

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

// ParseFlow reads a flow from the arguments of `vpcboard trace`; each
// error names the argument it is about (--from, --to, --protocol, --port).
func ParseFlow(d *design.Design, from, to, protocol string, port int) (Flow, error) {
	var f Flow
	var err error
	if f.From, err = ParseEndpoint(d, from); err != nil {
		return Flow{}, fmt.Errorf("--from %q: %w", from, err)
	}
	if f.To, err = ParseEndpoint(d, to); err != nil {
		return Flow{}, fmt.Errorf("--to %q: %w", to, err)
	}
	if f.Protocol, err = design.ParseProtocol(protocol); err != nil {
		return Flow{}, fmt.Errorf("--protocol: %w", err)
	}
	switch {
	case f.Protocol.HasPorts() && (port < 0 || port > 65535):
		return Flow{}, fmt.Errorf("--port %d: not a %s port (want 0-65535)", port, f.Protocol)
	case f.Protocol.IsICMP() && (port < 0 || port > 255):
		return Flow{}, fmt.Errorf("--port %d: not an ICMP type (want 0-255, such as 8 for echo request)", port)
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
		return fmt.Errorf("--from %q: a service can only be a destination", f.From)
	case f.From.Kind == EndpointInternet && f.To.Kind == EndpointInternet:
		return fmt.Errorf("--from internet --to internet: at least one end must be in the design")
	case f.From.Kind == EndpointAddress && f.From.ID == "" && (f.To.Kind == EndpointInternet || f.To.Kind == EndpointAddress && f.To.ID == ""):
		return fmt.Errorf("--from %q --to %q: both ends are outside the design", f.From, f.To)
	case f.From == f.To:
		return fmt.Errorf("--from and --to are both %q", f.From)
	}
	f6, fk := f.From.family()
	t6, tk := f.To.family()
	if fk && tk && f6 != t6 && f.To.Kind != EndpointInternet && f.From.Kind != EndpointInternet {
		return fmt.Errorf("--from %q --to %q: one is IPv4 and the other IPv6", f.From, f.To)
	}
	return nil
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
