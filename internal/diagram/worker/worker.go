// Package worker is the render worker of package diagram: a process that
// turns DOT into SVG or PNG with goccy/go-graphviz, one request at a time, over
// its stdin and stdout.
//
// It is the only package of vpcboard that imports go-graphviz, whose init
// compiles a WebAssembly module (about half a second without wazero's disk
// cache) in every binary that links it; only the worker mode of the server
// should pay that. Rendering happens in a separate process because
// go-graphviz is not safe for concurrent use, leaks its wasm heap on every
// render, ignores contexts, and stays broken after a trap
// (docs/graphviz.md): package diagram runs several workers,
// recycles them, and kills one whose render runs too long.
package worker

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/goccy/go-graphviz"

	"github.com/vpcboard/vpcboard/internal/diagram/internal/wire"
)

// maxRequest bounds the DOT a worker reads; package diagram refuses much
// smaller DOT before sending it.
const maxRequest = 256 << 20

// Main runs a render worker over stdin and stdout until stdin closes, and
// returns the process exit code: 0 when stdin closed cleanly, 1 otherwise.
//
// Main greets once it is ready; then each request is a DOT graph and a
// format, laid out with dot and rendered as SVG or PNG, and each response
// is the picture or the error (package diagram/internal/wire has the
// framing). Graphviz gets an empty file system first, so DOT cannot make it
// read host files (image, shapefile). The tooltip anchors of the SVG are
// renamed (renameAnchors). A PNG is drawn from the SVG (rasterize), its
// text in the Go fonts built into the binary, never fonts looked up on the
// host, so that a PNG looks the same on every machine.
//
// A PNG it cannot draw (larger than maxPNGSide) is reported as a failure
// and Main goes on. After any error of go-graphviz or a panic, Main writes
// the error and returns 1: the wasm module may be broken, and the parent
// starts a fresh worker.
func Main(stdin io.Reader, stdout io.Writer) int {
	graphviz.SetFileSystem(emptyFS{})
	in := bufio.NewReaderSize(stdin, 64<<10)
	out := bufio.NewWriterSize(stdout, 64<<10)
	ctx := context.Background()
	gv, err := graphviz.New(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "worker: start graphviz: %v\n", err)
		return 1
	}
	if err := wire.WriteResponse(out, wire.OK, []byte(wire.Hello)); err != nil {
		return 1
	}
	if err := out.Flush(); err != nil {
		return 1
	}
	for {
		f, dot, err := wire.ReadRequest(in, maxRequest)
		if err == io.EOF {
			return 0
		}
		if errors.Is(err, wire.ErrFormat) {
			if err := wire.WriteResponse(out, wire.Failed, []byte(err.Error())); err != nil || out.Flush() != nil {
				return 1
			}
			continue
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "worker: read request: %v\n", err)
			return 1
		}
		svg, err := render(ctx, gv, f, dot)
		status, payload := wire.OK, svg
		switch {
		case errors.Is(err, errRaster):
			status, payload = wire.Failed, []byte(err.Error())
		case err != nil:
			status, payload = wire.Fatal, []byte(err.Error())
		}
		if err := wire.WriteResponse(out, status, payload); err != nil {
			return 1
		}
		if err := out.Flush(); err != nil {
			return 1
		}
		if status == wire.Fatal {
			return 1
		}
	}
}

// render lays out and renders one graph as f, turning a panic of
// go-graphviz into an error.
func render(ctx context.Context, gv *graphviz.Graphviz, f wire.Format, dot []byte) (svg []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			svg, err = nil, fmt.Errorf("worker: render: panic: %v", p)
		}
	}()
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("worker: parse DOT: %w", err)
	}
	var buf bytes.Buffer
	buf.Grow(4 * len(dot))
	rerr := gv.Render(ctx, g, graphviz.SVG, &buf)
	cerr := g.Close()
	if rerr != nil {
		return nil, fmt.Errorf("worker: render: %w", rerr)
	}
	if cerr != nil {
		return nil, fmt.Errorf("worker: close graph: %w", cerr)
	}
	if f == wire.PNG {
		return rasterize(buf.Bytes())
	}
	return renameAnchors(buf.Bytes()), nil
}

// renameAnchors gives the groups Graphviz wraps around a tooltip ids that
// cannot be design IDs: it names them "a_" + the element's id, which
// clashes with a design ID that starts with "a_" ("a_web" is the tooltip
// of "web", and the resource "a_web"). They become "_a/" + the element's
// id. An anchor group is the only group without a class: <g id="a_..."><a .
func renameAnchors(svg []byte) []byte {
	const open = `<g id="a_`
	var out bytes.Buffer
	out.Grow(len(svg) + len(svg)/64)
	for {
		i := bytes.Index(svg, []byte(open))
		if i < 0 {
			out.Write(svg)
			return out.Bytes()
		}
		end := bytes.IndexByte(svg[i+len(open):], '"')
		if end < 0 {
			out.Write(svg)
			return out.Bytes()
		}
		end += i + len(open)
		out.Write(svg[:i])
		if bytes.HasPrefix(svg[end:], []byte(`"><a `)) {
			out.WriteString(`<g id="_a/`)
			out.Write(svg[i+len(open) : end])
		} else {
			out.Write(svg[i:end])
		}
		svg = svg[end:]
	}
}

// emptyFS is the file system Graphviz sees: nothing (docs/graphviz.md hazard 7).
type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
