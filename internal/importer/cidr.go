package importer

import (
	"fmt"
	"net/netip"

	"go4.org/netipx"
)

// maxCidrCount is the most blocks Fn::Cidr may return, as in
// CloudFormation.
const maxCidrCount = 256

// cidr evaluates Fn::Cidr: [ipBlock, count, cidrBits].
func (e *evaluator) cidr(arg *node, line int) (Value, error) {
	items, err := args("Fn::Cidr", arg, line, 3, 3)
	if err != nil {
		return Value{}, err
	}
	vals := make([]Value, 3)
	for i, it := range items {
		if vals[i], err = e.eval(it); err != nil {
			return Value{}, err
		}
	}
	block, countV, bitsV := vals[0], vals[1], vals[2]
	for _, v := range []Value{countV, bitsV} {
		if v.kind == kindUnknown {
			return unknownValue(v.str, line), nil
		}
	}
	count, err := toInt(countV)
	if err != nil {
		return Value{}, errorf(line, "Fn::Cidr: count: %s", err.(*Error).Msg)
	}
	bits, err := toInt(bitsV)
	if err != nil {
		return Value{}, errorf(line, "Fn::Cidr: cidrBits: %s", err.(*Error).Msg)
	}
	if count < 1 || count > maxCidrCount {
		return Value{}, errorf(line, "Fn::Cidr: count %d outside 1-%d", count, maxCidrCount)
	}
	if err := e.b.built(line, count, 0); err != nil {
		return Value{}, err
	}
	switch block.kind {
	case kindUnknown:
		out := make([]Value, count)
		for i := range out {
			out[i] = unknownValue(fmt.Sprintf("Fn::Cidr[%d] of %s", i, block.str), line)
		}
		return Value{kind: kindList, items: out, line: line}, nil
	case kindString:
	default:
		return Value{}, errorf(line, "Fn::Cidr: ipBlock: want a CIDR block, got %s", block.kindName())
	}
	blocks, err := cidrSubnets(block.str, count, bits)
	if err != nil {
		return Value{}, errorf(line, "Fn::Cidr: %v", err)
	}
	out := make([]Value, len(blocks))
	for i, b := range blocks {
		out[i] = strValue(b.String(), line)
	}
	return Value{kind: kindList, items: out, line: line}, nil
}

// cidrSubnets splits block into count consecutive subnets with cidrBits
// host bits each (/(32-cidrBits) for IPv4, /(128-cidrBits) for IPv6),
// starting at the block's first address, as Fn::Cidr does.
func cidrSubnets(block string, count, cidrBits int) ([]netip.Prefix, error) {
	p, err := netip.ParsePrefix(block)
	if err != nil || p.Addr().Zone() != "" {
		return nil, fmt.Errorf("%q is not a CIDR block", block)
	}
	p = p.Masked()
	total := p.Addr().BitLen()
	if cidrBits < 1 || cidrBits > total {
		return nil, fmt.Errorf("cidrBits %d outside 1-%d", cidrBits, total)
	}
	size := total - cidrBits
	if size < p.Bits() {
		return nil, fmt.Errorf("/%d blocks (cidrBits %d) are larger than %s", size, cidrBits, p)
	}
	if avail := size - p.Bits(); avail < 16 && count > 1<<avail {
		return nil, fmt.Errorf("%s has room for %d /%d blocks, not %d", p, 1<<avail, size, count)
	}
	out := make([]netip.Prefix, 0, count)
	addr := p.Addr()
	for range count {
		sub := netip.PrefixFrom(addr, size)
		out = append(out, sub)
		addr = netipx.PrefixLastIP(sub).Next()
	}
	return out, nil
}
