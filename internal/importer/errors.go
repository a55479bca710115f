package importer

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Error is why a template cannot be imported, and where: the file, the
// line, and the path of the value in the template
// ("Resources.Subnet1.Properties.CidrBlock"). Any part may be empty when it
// is not known.
type Error struct {
	File string
	Line int
	Path string
	Msg  string

	// abs marks a path that is already complete: an error met while
	// evaluating another resource, which no caller may prefix.
	abs bool
}

// Error returns "file:line: path: msg", leaving out the parts that are
// empty ("line 40: msg" without a file).
func (e *Error) Error() string {
	var b strings.Builder
	switch {
	case e.File != "" && e.Line > 0:
		b.WriteString(e.File + ":" + strconv.Itoa(e.Line) + ": ")
	case e.File != "":
		b.WriteString(e.File + ": ")
	case e.Line > 0:
		b.WriteString("line " + strconv.Itoa(e.Line) + ": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// errorf returns an *Error at a line (0: unknown).
func errorf(line int, format string, args ...any) *Error {
	return &Error{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// prependPath puts seg in front of the path of err, an *Error: "Tags" and
// "[1].Value" give "Tags[1].Value"; "Properties" and "CidrBlock" give
// "Properties.CidrBlock". Other errors are returned unchanged.
func prependPath(err error, seg string) error {
	var e *Error
	if !errors.As(err, &e) || e.abs {
		return err
	}
	switch {
	case e.Path == "":
		e.Path = seg
	case strings.HasPrefix(e.Path, "["):
		e.Path = seg + e.Path
	default:
		e.Path = seg + "." + e.Path
	}
	return err
}

// inFile sets the file of err, an *Error, and returns it; other errors are
// wrapped with the file name.
func inFile(err error, file string) error {
	var e *Error
	if errors.As(err, &e) {
		e.File = file
		return e
	}
	return fmt.Errorf("%s: %w", file, err)
}

// complete puts prefix in front of the path of err, an *Error, and marks
// the path complete, so that callers evaluating other values do not prefix
// it again.
func complete(err error, prefix string) error {
	var e *Error
	if !errors.As(err, &e) || e.abs {
		return err
	}
	err = prependPath(err, prefix)
	e.abs = true
	return err
}
