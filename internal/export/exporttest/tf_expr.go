package exporttest

import (
	"regexp"
	"strings"
)

// This file is the expression scanner. In Terraform's JSON syntax every
// string that is an argument value is a template: `${ expr }` interpolates,
// `%{ ... }` is a directive, `$${` and `%%{` are the literal `${` and `%{`.
// A string that is exactly one `${ expr }` has expr's type; any other
// template is a string.
//
// The scanner is a small hand lexer, not an HCL parser. It finds the
// interpolations (matching braces, skipping quoted strings, which may hold
// templates of their own) and, inside them, the references: an identifier
// not preceded by "." and not followed by "(" (a function call) or "::" (a
// provider function), followed by ".name", "[...]", ".*" or ".0" steps.
// Limits:
//   - it does not check that the expression is well formed (operators,
//     brackets outside interpolations, function names and arity);
//   - heredocs (<<EOT) inside an interpolation are not understood;
//   - names bound by `for x in ...` / `for k, v in ...` anywhere in a string
//     (and dynamic block iterators) are ignored everywhere in that string,
//     not only in their scope;
//   - references are not evaluated, so their types, counts and indexes are
//     not checked (`aws_subnet.a[3].id` is fine whether or not a has count).

// tfTemplate is what the scanner found in one JSON string.
type tfTemplate struct {
	exprs []string // the text inside each ${...} and %{...}, strip markers removed
	pure  bool     // the string is exactly one ${...}
	err   string   // a syntax problem, e.g. an unterminated ${
}

func tfParseTemplate(s string) tfTemplate {
	var t tfTemplate
	for i := 0; i < len(s); {
		c := s[i]
		if (c == '$' || c == '%') && i+1 < len(s) {
			if s[i+1] == c && i+2 < len(s) && s[i+2] == '{' { // $${ or %%{: literal
				i += 3
				continue
			}
			if s[i+1] == '{' {
				end := tfSkipExpr(s, i+2)
				if end < 0 {
					t.err = "unterminated " + s[i:i+2] + " sequence"
					return t
				}
				inner := strings.TrimSuffix(strings.TrimPrefix(s[i+2:end-1], "~"), "~")
				if strings.TrimSpace(inner) == "" {
					t.err = "empty " + s[i:i+2] + "} sequence"
				}
				t.exprs = append(t.exprs, inner)
				if c == '$' && i == 0 && end == len(s) {
					t.pure = true
				}
				i = end
				continue
			}
		}
		i++
	}
	return t
}

// tfSkipExpr returns the index just after the "}" closing an expression
// that starts at s[i], or -1.
func tfSkipExpr(s string, i int) int {
	depth := 0
	for i < len(s) {
		switch s[i] {
		case '"':
			j := tfSkipQuoted(s, i+1)
			if j < 0 {
				return -1
			}
			i = j
			continue
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return i + 1
			}
			depth--
		}
		i++
	}
	return -1
}

// tfSkipQuoted returns the index just after the quote closing an HCL quoted
// string whose content starts at s[i], or -1.
func tfSkipQuoted(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case '\\':
			i += 2
			continue
		case '"':
			return i + 1
		case '$', '%':
			if i+2 < len(s) && s[i+1] == s[i] && s[i+2] == '{' {
				i += 3
				continue
			}
			if i+1 < len(s) && s[i+1] == '{' {
				j := tfSkipExpr(s, i+2)
				if j < 0 {
					return -1
				}
				i = j
				continue
			}
		}
		i++
	}
	return -1
}

// tfSkipBracket returns the index just after the "]" closing an index that
// starts at s[i], or -1.
func tfSkipBracket(s string, i int) int {
	depth := 0
	for i < len(s) {
		switch s[i] {
		case '"':
			j := tfSkipQuoted(s, i+1)
			if j < 0 {
				return -1
			}
			i = j
			continue
		case '[', '(', '{':
			depth++
		case ']', ')', '}':
			if depth == 0 {
				return i + 1
			}
			depth--
		}
		i++
	}
	return -1
}

// tfRef is a reference found in an expression: root.parts..., where a part
// is an attribute name or "[]" for an index or splat step.
type tfRef struct {
	root  string
	parts []string
	text  string // as written
}

// tfIndexPart stands for an index ([0], ["k"], [var.i]) or splat ([*], .*).
const tfIndexPart = "[]"

// tfForNames finds the names `for` expressions and directives bind.
var tfForNames = regexp.MustCompile(`(?:^|[^A-Za-z0-9_-])for\s+([A-Za-z_][A-Za-z0-9_-]*)(?:\s*,\s*([A-Za-z_][A-Za-z0-9_-]*))?\s+in\b`)

// tfBoundNames returns the names bound by for expressions in exprs.
func tfBoundNames(exprs []string) map[string]bool {
	var bound map[string]bool
	for _, e := range exprs {
		for _, m := range tfForNames.FindAllStringSubmatch(e, -1) {
			if bound == nil {
				bound = map[string]bool{}
			}
			for _, n := range m[1:] {
				if n != "" {
					bound[n] = true
				}
			}
		}
	}
	return bound
}

// tfScanRefs appends the references in one expression to out.
func tfScanRefs(expr string, out *[]tfRef) {
	for i := 0; i < len(expr); {
		c := expr[i]
		switch {
		case c == '"':
			j := tfSkipQuoted(expr, i+1)
			if j < 0 {
				return
			}
			for _, e := range tfParseTemplate(expr[i+1 : j-1]).exprs {
				tfScanRefs(e, out)
			}
			i = j
		case '0' <= c && c <= '9':
			i = tfSkipNumber(expr, i)
		case c == '.':
			// An attribute of something that is not a reference, as in
			// f(x).name or (a).b: skip the name.
			i++
			if i < len(expr) && tfIdentByte(expr[i], true) {
				i = tfIdentEnd(expr, i)
			}
		case tfIdentByte(c, true):
			start := i
			j := tfIdentEnd(expr, i)
			if k := tfSkipSpace(expr, j); k < len(expr) && expr[k] == '(' { // function call
				i = j
				continue
			}
			if strings.HasPrefix(expr[j:], "::") { // provider::aws::name(...)
				for strings.HasPrefix(expr[j:], "::") {
					j += 2
					j = tfIdentEnd(expr, j)
				}
				i = j
				continue
			}
			ref := tfRef{root: expr[i:j]}
		steps:
			for j < len(expr) {
				switch {
				case expr[j] == '.' && j+1 < len(expr) && tfIdentByte(expr[j+1], true):
					e := tfIdentEnd(expr, j+1)
					ref.parts = append(ref.parts, expr[j+1:e])
					j = e
				case expr[j] == '.' && j+1 < len(expr) && expr[j+1] == '*':
					ref.parts = append(ref.parts, tfIndexPart)
					j += 2
				case expr[j] == '.' && j+1 < len(expr) && '0' <= expr[j+1] && expr[j+1] <= '9':
					e := j + 1
					for e < len(expr) && '0' <= expr[e] && expr[e] <= '9' {
						e++
					}
					ref.parts = append(ref.parts, tfIndexPart)
					j = e
				case expr[j] == '[':
					e := tfSkipBracket(expr, j+1)
					if e < 0 {
						break steps
					}
					tfScanRefs(expr[j+1:e-1], out)
					ref.parts = append(ref.parts, tfIndexPart)
					j = e
				default:
					break steps
				}
			}
			ref.text = expr[start:j]
			*out = append(*out, ref)
			i = j
		default:
			i++
		}
	}
}

func tfIdentEnd(s string, i int) int {
	if i < len(s) && tfIdentByte(s[i], true) {
		i++
		for i < len(s) && tfIdentByte(s[i], false) {
			i++
		}
	}
	return i
}

func tfSkipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// tfSkipNumber skips a number literal (digits, fraction, exponent).
func tfSkipNumber(s string, i int) int {
	digits := func() {
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
	}
	digits()
	if i+1 < len(s) && s[i] == '.' && '0' <= s[i+1] && s[i+1] <= '9' {
		i++
		digits()
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && '0' <= s[j] && s[j] <= '9' {
			i = j
			digits()
		}
	}
	return i
}
