// Package wire is the framing between the diagram renderer and its worker
// processes, over the worker's stdin and stdout.
//
// A request is a 4-byte big-endian length and that many bytes: a format
// byte, then the DOT. A response is a status byte, a 4-byte big-endian
// length and that many bytes: the picture (SVG or PNG, as asked) when the
// status is OK, else the error text. A worker starts by
// writing an OK response holding Hello, once it is ready, then answers
// requests one at a time, in order.
package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Status says what a response holds.
type Status byte

// The statuses. Zero is not a valid status, so a stray zero byte is caught
// as garbage.
const (
	// OK: the payload is the SVG.
	OK Status = 1
	// Failed: the payload is the error text; the worker goes on serving.
	Failed Status = 2
	// Fatal: the payload is the error text; the worker exits after writing
	// it, because the Graphviz module may be broken (docs/graphviz.md hazard 4).
	Fatal Status = 3
)

// Hello is the payload of the greeting a worker writes when it is ready.
const Hello = "vpcboard render worker 2"

// Format is the picture a request asks for.
type Format byte

// The formats. Zero is not a valid format.
const (
	// SVG asks for an SVG document.
	SVG Format = 1
	// PNG asks for a PNG image.
	PNG Format = 2
)

// ErrFormat reports a request for a format that is not one of the two.
var ErrFormat = errors.New("unknown format")

// ErrTooLarge reports a frame longer than the reader accepts.
var ErrTooLarge = errors.New("frame too large")

// WriteRequest writes one request frame: the DOT to render as f.
func WriteRequest(w io.Writer, f Format, dot []byte) error {
	return writeFrame(w, nil, append([]byte{byte(f)}, dot...))
}

// ReadRequest reads one request frame of at most limit bytes and returns
// its format and DOT. It returns io.EOF, and no error else, when r ends
// cleanly before a frame, and ErrFormat (with the DOT) for a format that
// is not SVG or PNG.
func ReadRequest(r io.Reader, limit int64) (Format, []byte, error) {
	b, err := readFrame(r, limit)
	if err != nil {
		return 0, nil, err
	}
	if len(b) == 0 {
		return 0, nil, fmt.Errorf("%w: empty request", ErrFormat)
	}
	f := Format(b[0])
	if f != SVG && f != PNG {
		return 0, b[1:], fmt.Errorf("%w %#x", ErrFormat, b[0])
	}
	return f, b[1:], nil
}

// WriteResponse writes one response frame.
func WriteResponse(w io.Writer, s Status, payload []byte) error {
	return writeFrame(w, []byte{byte(s)}, payload)
}

// ReadResponse reads one response frame whose payload is at most limit
// bytes. A status that is not one of the three is reported as an error.
func ReadResponse(r io.Reader, limit int64) (Status, []byte, error) {
	var b [1]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return 0, nil, err
	}
	s := Status(b[0])
	if s != OK && s != Failed && s != Fatal {
		return 0, nil, fmt.Errorf("bad status byte %#x", b[0])
	}
	payload, err := readFrame(r, limit)
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return s, payload, err
}

func writeFrame(w io.Writer, head, payload []byte) error {
	if uint64(len(payload)) > 1<<32-1 {
		return ErrTooLarge
	}
	buf := make([]byte, 0, len(head)+4+len(payload))
	buf = append(buf, head...)
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(payload)))
	buf = append(buf, payload...)
	_, err := w.Write(buf)
	return err
}

func readFrame(r io.Reader, limit int64) ([]byte, error) {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, err // io.EOF when nothing was read
	}
	size := int64(binary.BigEndian.Uint32(n[:]))
	if size > limit {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, size, limit)
	}
	buf := make([]byte, size)
	if _, err := io.ReadFull(r, buf); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return buf, nil
}
