package validate

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/vpcboard/vpcboard/internal/design"
	"go4.org/netipx"
)

// ErrNotFound is matched (errors.Is) by the planner's error when the VPC is
// not in the design.
var ErrNotFound = errors.New("validate: not found")

// ErrNoSpace is matched (errors.Is) by Plan's error when the VPC has no free
// block of the size asked for.
var ErrNoSpace = errors.New("validate: no free block")

// planError is an expected outcome of the planner: a message that names the
// problem, matching a sentinel.
type planError struct {
	msg  string
	kind error
}

func (e *planError) Error() string { return e.msg }
func (e *planError) Unwrap() error { return e.kind }

// FreeSpace returns the IPv4 space of a VPC's blocks that no subnet of the
// VPC uses, as the fewest prefixes, in ascending order. Blocks of the VPC
// that are unknown (not yet allocated) are left out; a subnet of the VPC
// whose IPv4 block is unknown makes the free space unknown, an error.
func FreeSpace(d *design.Design, vpcID string) ([]netip.Prefix, error) {
	set, err := freeSet(d, vpcID)
	if err != nil {
		return nil, err
	}
	return set.Prefixes(), nil
}

// Plan returns the block of prefix length bits (16 to 28) where the next
// subnet of a VPC goes: the start of the smallest free prefix that can
// hold it, the lowest one when several tie (IPSet.RemoveFreePrefix's best
// fit), so that larger free blocks stay whole for larger subnets. With az, it checks that
// the availability zone can be in the VPC's region; subnets of a VPC are
// not tied to AZs by address, so az does not change the block chosen.
//
// The error matches ErrNoSpace when no /bits is free and ErrNotFound when
// the VPC is not in the design; its message says what is free.
func Plan(d *design.Design, vpcID string, bits int, az string) (netip.Prefix, error) {
	if bits < 16 || bits > 28 {
		return netip.Prefix{}, fmt.Errorf("a subnet block is /16 to /28, not /%d", bits)
	}
	set, err := freeSet(d, vpcID)
	if err != nil {
		return netip.Prefix{}, err
	}
	if az != "" && !design.IsUnknown(az) {
		if region := regionOfVPC(d, vpcID); region != "" && !azInRegion(az, region) {
			return netip.Prefix{}, fmt.Errorf("availability zone %s is not in region %s of vpc `%s`", az, region, vpcID)
		}
	}
	p, _, ok := set.RemoveFreePrefix(uint8(bits))
	if !ok {
		return netip.Prefix{}, &planError{fmt.Sprintf("vpc `%s` has no free /%d: %s", vpcID, bits, freeSummary(set.Prefixes())), ErrNoSpace}
	}
	return p, nil
}

// freeSet returns the free IPv4 space of a VPC.
func freeSet(d *design.Design, vpcID string) (*netipx.IPSet, error) {
	v := d.VPCs[vpcID]
	if v == nil {
		return nil, &planError{fmt.Sprintf("vpc `%s` is not in the design", vpcID), ErrNotFound}
	}
	var b netipx.IPSetBuilder
	known := 0
	for _, s := range v.IPv4CIDRs() {
		if p, ok := design.KnownCIDR(s); ok && p.Addr().Is4() {
			b.AddPrefix(p)
			known++
		}
	}
	if known == 0 {
		return nil, fmt.Errorf("vpc `%s` has no known IPv4 block", vpcID)
	}
	// In the map's order (the set does not depend on it; sorting the
	// subnets cost more than the rest on a design of 1,000), naming the
	// first unknown block by ID.
	unknown := ""
	for id, s := range d.Subnets {
		if s.VPC != vpcID || s.CIDR == "" {
			continue
		}
		p, ok := design.KnownCIDR(s.CIDR)
		if !ok {
			if unknown == "" || id < unknown {
				unknown = id
			}
			continue
		}
		b.RemovePrefix(p)
	}
	if unknown != "" {
		return nil, fmt.Errorf("subnet `%s` of vpc `%s` has block %q, which is not known: the VPC's free space is not either", unknown, vpcID, d.Subnets[unknown].CIDR)
	}
	return b.IPSet()
}

// freeSummary describes free space for an error message: "3 /25 free" when
// the largest free blocks are three /25s.
func freeSummary(free []netip.Prefix) string {
	if len(free) == 0 {
		return "no space free"
	}
	best := slices.MinFunc(free, func(a, b netip.Prefix) int { return a.Bits() - b.Bits() }).Bits()
	n := 0
	for _, p := range free {
		if p.Bits() == best {
			n++
		}
	}
	return fmt.Sprintf("%d /%d free", n, best)
}
