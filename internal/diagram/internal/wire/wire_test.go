package wire

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	var b bytes.Buffer
	for _, f := range []Format{SVG, PNG} {
		for _, dot := range []string{"", "digraph { a -> b }"} {
			if err := WriteRequest(&b, f, []byte(dot)); err != nil {
				t.Fatal(err)
			}
			gf, got, err := ReadRequest(&b, 100)
			if err != nil || gf != f || string(got) != dot {
				t.Errorf("ReadRequest(WriteRequest(%d, %q)) = %d, %q, %v", f, dot, gf, got, err)
			}
		}
	}
	for _, req := range []string{"\x00\x00\x00\x00", "\x00\x00\x00\x01\x07"} {
		if _, _, err := ReadRequest(bytes.NewReader([]byte(req)), 100); !errors.Is(err, ErrFormat) {
			t.Errorf("ReadRequest(%q) = %v; want ErrFormat", req, err)
		}
	}
	for _, s := range []Status{OK, Failed, Fatal} {
		if err := WriteResponse(&b, s, []byte("<svg/>")); err != nil {
			t.Fatal(err)
		}
		gs, got, err := ReadResponse(&b, 100)
		if err != nil || gs != s || string(got) != "<svg/>" {
			t.Errorf("ReadResponse(WriteResponse(%d)) = %d, %q, %v", s, gs, got, err)
		}
	}
	if _, _, err := ReadRequest(&b, 100); err != io.EOF {
		t.Errorf("ReadRequest at the end = %v; want io.EOF", err)
	}
}

func TestReadBad(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error // nil: any error
	}{
		{"zero status", "\x00\x00\x00\x00\x00", nil},
		{"unknown status", "\x09\x00\x00\x00\x00", nil},
		{"too large", "\x01\x00\x00\x01\x00", ErrTooLarge},
		{"truncated length", "\x01\x00\x00", io.ErrUnexpectedEOF},
		{"truncated payload", "\x01\x00\x00\x00\x05<sv", io.ErrUnexpectedEOF},
		{"no length", "\x01", io.ErrUnexpectedEOF},
	}
	for _, tt := range tests {
		_, _, err := ReadResponse(bytes.NewReader([]byte(tt.in)), 100)
		if err == nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("%s: ReadResponse = %v; want %v", tt.name, err, tt.want)
		}
	}
}

func FuzzReadResponse(f *testing.F) {
	var b bytes.Buffer
	WriteResponse(&b, OK, []byte("<svg/>"))
	f.Add(b.Bytes())
	f.Add([]byte("\x03\x00\x00\x00\x02no"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, payload, err := ReadResponse(bytes.NewReader(data), 1<<10)
		if err != nil {
			return
		}
		var again bytes.Buffer
		WriteResponse(&again, s, payload)
		if !bytes.HasPrefix(data, again.Bytes()) {
			t.Errorf("ReadResponse(%q) = %d, %q, which writes back as %q", data, s, payload, again.Bytes())
		}
	})
}
