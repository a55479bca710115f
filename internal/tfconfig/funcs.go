package tfconfig

import (
	"fmt"
	"math/big"
	"net/netip"
	"path"
	"strings"

	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// functions are the Terraform functions a network configuration uses:
// go-cty's standard library under Terraform's names, HCL's try and can,
// and the cidr functions written here. Functions that read files, the
// clock or randomness are left out: a configuration calling them gets an
// unknown with the reason.
var functions = map[string]function.Function{
	"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc,
	"log": stdlib.LogFunc, "max": stdlib.MaxFunc, "min": stdlib.MinFunc, "pow": stdlib.PowFunc,
	"parseint": stdlib.ParseIntFunc, "signum": stdlib.SignumFunc,
	"chomp": stdlib.ChompFunc, "format": stdlib.FormatFunc, "formatlist": stdlib.FormatListFunc,
	"indent": stdlib.IndentFunc, "join": stdlib.JoinFunc, "lower": stdlib.LowerFunc,
	"regex": stdlib.RegexFunc, "regexall": stdlib.RegexAllFunc, "replace": stdlib.ReplaceFunc,
	"split": stdlib.SplitFunc, "strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc,
	"title": stdlib.TitleFunc, "trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc,
	"trimsuffix": stdlib.TrimSuffixFunc, "trimspace": stdlib.TrimSpaceFunc, "upper": stdlib.UpperFunc,
	"chunklist": stdlib.ChunklistFunc, "coalesce": coalesceFunc, "coalescelist": stdlib.CoalesceListFunc,
	"compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc,
	"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc,
	"index": indexFunc, "keys": stdlib.KeysFunc, "length": lengthFunc,
	"lookup": lookupFunc, "merge": stdlib.MergeFunc, "range": stdlib.RangeFunc,
	"reverse": stdlib.ReverseListFunc, "setintersection": stdlib.SetIntersectionFunc,
	"setproduct": stdlib.SetProductFunc, "setsubtract": stdlib.SetSubtractFunc,
	"setunion": stdlib.SetUnionFunc, "slice": stdlib.SliceFunc, "sort": stdlib.SortFunc,
	"values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc,
	"jsonencode": stdlib.JSONEncodeFunc, "jsondecode": stdlib.JSONDecodeFunc,
	"csvdecode": stdlib.CSVDecodeFunc,
	"tobool":    stdlib.MakeToFunc(cty.Bool), "tonumber": stdlib.MakeToFunc(cty.Number),
	"tostring": stdlib.MakeToFunc(cty.String), "tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
	"toset": stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)), "tomap": stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
	"try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
	"cidrhost": cidrHostFunc, "cidrnetmask": cidrNetmaskFunc, "cidrsubnet": cidrSubnetFunc,
	"cidrsubnets": cidrSubnetsFunc,
	"basename":    pathFunc(path.Base), "dirname": pathFunc(path.Dir),
	"sensitive": identityFunc, "nonsensitive": identityFunc,
	"startswith": stringTest(strings.HasPrefix), "endswith": stringTest(strings.HasSuffix),
	"strcontains": stringTest(strings.Contains),
	"one":         oneFunc, "sum": sumFunc, "alltrue": boolsFunc(true), "anytrue": boolsFunc(false),
}

func pathFunc(f func(string) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.StringVal(f(args[0].AsString())), nil
		},
	})
}

// coalesceFunc is Terraform's coalesce: the first argument that is
// neither null nor an empty string (go-cty's skips nulls only).
var coalesceFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{Name: "vals", Type: cty.DynamicPseudoType, AllowNull: true, AllowDynamicType: true},
	Type: func(args []cty.Value) (cty.Type, error) {
		return stdlib.CoalesceFunc.ReturnTypeForValues(args)
	},
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		for _, a := range args {
			v, err := convert.Convert(a, retType)
			if err != nil {
				return cty.NilVal, err
			}
			if v.IsNull() || retType == cty.String && v.RawEquals(cty.StringVal("")) {
				continue
			}
			return v, nil
		}
		return cty.NilVal, fmt.Errorf("no non-null, non-empty-string arguments")
	},
})

// identityFunc is sensitive and nonsensitive: a value's sensitivity does
// not matter to a network.
var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true}},
	Type:   func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl:   func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
})

// stringTest is startswith, endswith or strcontains.
func stringTest(f func(s, part string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "string", Type: cty.String}, {Name: "part", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

// lookupFunc is Terraform's lookup, whose default may be null (go-cty's
// refuses a null default, which modules write often).
var lookupFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "inputMap", Type: cty.DynamicPseudoType}, {Name: "key", Type: cty.String}},
	VarParam: &function.Parameter{Name: "default", Type: cty.DynamicPseudoType,
		AllowNull: true, AllowUnknown: true, AllowDynamicType: true, AllowMarked: true},
	Type: function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		m, key := args[0], args[1]
		if len(args) > 3 {
			return cty.NilVal, fmt.Errorf("lookup takes at most three arguments")
		}
		ty := m.Type()
		switch {
		case ty.IsObjectType() && ty.HasAttribute(key.AsString()):
			return m.GetAttr(key.AsString()), nil
		case ty.IsMapType() && m.HasIndex(key).True():
			return m.Index(key), nil
		case !ty.IsObjectType() && !ty.IsMapType():
			return cty.NilVal, fmt.Errorf("lookup needs a map or an object, not %s", ty.FriendlyName())
		case len(args) == 3:
			return args[2], nil
		}
		return cty.NilVal, fmt.Errorf("the given key %q does not exist in the map", key.AsString())
	},
})

// lengthFunc is Terraform's length: of a string, a collection or an
// object (go-cty's takes collections only).
var lengthFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "value", Type: cty.DynamicPseudoType, AllowDynamicType: true, AllowUnknown: true}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		switch ty := v.Type(); {
		case ty == cty.String:
			return stdlib.Strlen(v)
		case ty.IsObjectType():
			return cty.NumberIntVal(int64(len(ty.AttributeTypes()))), nil
		}
		return stdlib.Length(v)
	},
})

// indexFunc is Terraform's index: the position of a value in a list
// (go-cty's index is the element at a position).
var indexFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}, {Name: "value", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		l := args[0]
		if !l.Type().IsListType() && !l.Type().IsTupleType() {
			return cty.NilVal, fmt.Errorf("index needs a list or tuple, not %s", l.Type().FriendlyName())
		}
		i := 0
		for it := l.ElementIterator(); it.Next(); i++ {
			_, e := it.Element()
			if eq := e.Equals(args[1]); !eq.IsKnown() {
				return cty.UnknownVal(cty.Number), nil
			} else if eq.True() {
				return cty.NumberIntVal(int64(i)), nil
			}
		}
		return cty.NilVal, fmt.Errorf("item not found")
	},
})

// oneFunc is Terraform's one: null for an empty collection, the element
// of a one-element one, else an error.
var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		if !v.CanIterateElements() {
			return cty.NilVal, fmt.Errorf("must be a list, set or tuple")
		}
		switch v.LengthInt() {
		case 0:
			return cty.NullVal(cty.DynamicPseudoType), nil
		case 1:
			it := v.ElementIterator()
			it.Next()
			_, e := it.Element()
			return e, nil
		}
		return cty.NilVal, fmt.Errorf("must have no more than one element")
	},
})

var sumFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Number)}},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		s := cty.Zero
		for it := args[0].ElementIterator(); it.Next(); {
			_, e := it.Element()
			if e.IsNull() {
				return cty.NilVal, fmt.Errorf("null element")
			}
			s = s.Add(e)
		}
		return s, nil
	},
})

// boolsFunc is alltrue (all) or anytrue.
func boolsFunc(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			for it := args[0].ElementIterator(); it.Next(); {
				_, e := it.Element()
				if !e.IsNull() && e.True() != all {
					return cty.BoolVal(!all), nil
				}
			}
			return cty.BoolVal(all), nil
		},
	})
}

// prefixArg parses a cidr function's prefix argument.
func prefixArg(v cty.Value) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(v.AsString())
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("invalid CIDR expression: %w", err)
	}
	return p.Masked(), nil
}

// intArg reads a whole number argument.
func intArg(v cty.Value, name string) (*big.Int, error) {
	bf := v.AsBigFloat()
	i, acc := bf.Int(nil)
	if acc != big.Exact {
		return nil, fmt.Errorf("%s must be a whole number", name)
	}
	return i, nil
}

// addrInt and intAddr convert between an address and its integer.
func addrInt(a netip.Addr) *big.Int { return new(big.Int).SetBytes(a.AsSlice()) }

func intAddr(i *big.Int, is4 bool) netip.Addr {
	n := 16
	if is4 {
		n = 4
	}
	b := make([]byte, n)
	i.FillBytes(b)
	a, _ := netip.AddrFromSlice(b)
	return a
}

// subnet returns the netnum'th subnet of p with newbits more bits.
func subnet(p netip.Prefix, newbits int, netnum *big.Int) (netip.Prefix, error) {
	bits := p.Bits() + newbits
	if newbits < 0 || bits > p.Addr().BitLen() {
		return netip.Prefix{}, fmt.Errorf("insufficient address space to extend prefix of %d by %d", p.Bits(), newbits)
	}
	maxNum := new(big.Int).Lsh(big.NewInt(1), uint(newbits))
	if netnum.Sign() < 0 || netnum.Cmp(maxNum) >= 0 {
		return netip.Prefix{}, fmt.Errorf("prefix extension of %d does not accommodate a subnet numbered %s", newbits, netnum)
	}
	off := new(big.Int).Lsh(netnum, uint(p.Addr().BitLen()-bits))
	base := addrInt(p.Addr())
	return netip.PrefixFrom(intAddr(base.Or(base, off), p.Addr().Is4()), bits), nil
}

var cidrSubnetFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "newbits", Type: cty.Number}, {Name: "netnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := prefixArg(args[0])
		if err != nil {
			return cty.NilVal, err
		}
		nb, err := intArg(args[1], "newbits")
		if err != nil {
			return cty.NilVal, err
		}
		num, err := intArg(args[2], "netnum")
		if err != nil {
			return cty.NilVal, err
		}
		if !nb.IsInt64() || nb.Int64() > 128 {
			return cty.NilVal, fmt.Errorf("newbits %s is too large", nb)
		}
		s, err := subnet(p, int(nb.Int64()), num)
		if err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(s.String()), nil
	},
})

var cidrSubnetsFunc = function.New(&function.Spec{
	Params:   []function.Parameter{{Name: "prefix", Type: cty.String}},
	VarParam: &function.Parameter{Name: "newbits", Type: cty.Number},
	Type:     function.StaticReturnType(cty.List(cty.String)),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := prefixArg(args[0])
		if err != nil {
			return cty.NilVal, err
		}
		if len(args) == 1 {
			return cty.ListValEmpty(cty.String), nil
		}
		// Each subnet starts at the first address after the previous one,
		// aligned to its own size, as Terraform's cidrsubnets does.
		next := addrInt(p.Addr())
		end := new(big.Int).Add(next, new(big.Int).Lsh(big.NewInt(1), uint(p.Addr().BitLen()-p.Bits())))
		var out []cty.Value
		for _, a := range args[1:] {
			nb, err := intArg(a, "newbits")
			if err != nil {
				return cty.NilVal, err
			}
			bits := p.Bits() + int(nb.Int64())
			if !nb.IsInt64() || nb.Int64() < 1 || bits > p.Addr().BitLen() {
				return cty.NilVal, fmt.Errorf("invalid newbits %s for prefix %s", nb, p)
			}
			size := new(big.Int).Lsh(big.NewInt(1), uint(p.Addr().BitLen()-bits))
			rem := new(big.Int).Mod(next, size)
			if rem.Sign() != 0 {
				next.Add(next, size.Sub(size, rem))
				size = new(big.Int).Lsh(big.NewInt(1), uint(p.Addr().BitLen()-bits))
			}
			if new(big.Int).Add(next, size).Cmp(end) > 0 {
				return cty.NilVal, fmt.Errorf("not enough remaining address space for a subnet with a prefix of %d bits", bits)
			}
			out = append(out, cty.StringVal(netip.PrefixFrom(intAddr(next, p.Addr().Is4()), bits).String()))
			next = new(big.Int).Add(next, size)
		}
		return cty.ListVal(out), nil
	},
})

var cidrHostFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}, {Name: "hostnum", Type: cty.Number}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := prefixArg(args[0])
		if err != nil {
			return cty.NilVal, err
		}
		num, err := intArg(args[1], "hostnum")
		if err != nil {
			return cty.NilVal, err
		}
		size := new(big.Int).Lsh(big.NewInt(1), uint(p.Addr().BitLen()-p.Bits()))
		if num.Sign() < 0 {
			num.Add(num, size)
		}
		if num.Sign() < 0 || num.Cmp(size) >= 0 {
			return cty.NilVal, fmt.Errorf("prefix of %d does not accommodate a host numbered %s", p.Bits(), args[1].AsBigFloat().String())
		}
		return cty.StringVal(intAddr(num.Add(num, addrInt(p.Addr())), p.Addr().Is4()).String()), nil
	},
})

var cidrNetmaskFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "prefix", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		p, err := prefixArg(args[0])
		if err != nil {
			return cty.NilVal, err
		}
		if !p.Addr().Is4() {
			return cty.NilVal, fmt.Errorf("only IPv4 networks have a netmask")
		}
		mask := new(big.Int).Lsh(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(p.Bits())), big.NewInt(1)), uint(32-p.Bits()))
		return cty.StringVal(intAddr(mask, true).String()), nil
	},
})

// quoteKey writes an instance key as Terraform prints it in an address.
func quoteKey(k cty.Value) string {
	if k.Type() == cty.String {
		return fmt.Sprintf("[%q]", k.AsString())
	}
	return "[" + strings.TrimSpace(k.AsBigFloat().Text('f', -1)) + "]"
}
