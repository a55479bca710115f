package validate

import (
	"encoding"
	"fmt"
	"strings"
)

// Severity says how bad a finding is. The zero value is invalid.
type Severity int

// The severities, from worst to mildest.
const (
	_ Severity = iota
	// Error: AWS would refuse it, or it cannot work.
	Error
	// Warning: works, but is probably wrong or risky.
	Warning
	// Info: worth knowing.
	Info
)

var severityNames = [...]string{"", "error", "warning", "info"}

// String returns "error", "warning" or "info".
func (s Severity) String() string {
	if s <= 0 || int(s) >= len(severityNames) {
		return fmt.Sprintf("Severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity parses "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if i > 0 && strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("%q is not a severity (want error, warning or info)", s)
}

var (
	_ encoding.TextMarshaler   = Severity(0)
	_ encoding.TextUnmarshaler = (*Severity)(nil)
)

// MarshalText returns the severity's name.
func (s Severity) MarshalText() ([]byte, error) {
	if s <= 0 || int(s) >= len(severityNames) {
		return nil, fmt.Errorf("validate: invalid severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText parses a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Diagnostic is one finding.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	// Code is the rule's stable code, such as "subnet.overlap".
	Code string `json:"code"`
	// Message says what is wrong, naming resources and numbers: "subnet
	// `app-a` 10.1.1.0/24 overlaps `app-b` 10.1.1.128/25".
	Message string `json:"message"`
	// Resources are the IDs of the resources involved, the subject first.
	Resources []string `json:"resources"`
	// Path is the place in the design, such as "subnet[app-a].cidr".
	Path string `json:"path"`
	// Hint says what to do about it.
	Hint string `json:"hint,omitempty"`
}

// String returns "error subnet.overlap subnet[app-a].cidr: message".
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s %s %s: %s", d.Severity, d.Code, d.Path, d.Message)
}
