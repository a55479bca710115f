package worker

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/goccy/go-graphviz"

	"github.com/vpcboard/vpcboard/internal/diagram/internal/wire"
)

// onePixelPNG is a valid 1x1 PNG.
var onePixelPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")

// TestEmptyFS shows the hazard Main guards against (docs/graphviz.md hazard 7):
// by default Graphviz in wasm reads a host file that DOT names (relative to
// the working directory), and after SetFileSystem(emptyFS{}) it does not.
// It runs in the test process, which no other test renders in.
func TestEmptyFS(t *testing.T) {
	dir := t.TempDir()
	t.Chdir("/")
	ctx := context.Background()
	gv, err := graphviz.New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer gv.Close()
	renderImage := func(name string) bool {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, onePixelPNG, 0o644); err != nil {
			t.Fatal(err)
		}
		svg, err := render(ctx, gv, wire.SVG, fmt.Appendf(nil, "digraph { a [image=%q label=\"\"] }", path))
		if err != nil {
			t.Fatal(err)
		}
		return bytes.Contains(svg, []byte("<image"))
	}
	if !renderImage("before.png") {
		t.Fatal("without a file system of its own, Graphviz did not read the image: this test shows nothing")
	}
	graphviz.SetFileSystem(emptyFS{})
	if renderImage("after.png") {
		t.Error("with the empty file system, Graphviz read the image")
	}
}

func TestRenameAnchors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<g id="web" class="node"><g id="a_web"><a xlink:title="t">`, `<g id="web" class="node"><g id="_a/web"><a xlink:title="t">`},
		{`<g id="a_web" class="node res"><g id="a_a_web"><a xlink:title="t">`, `<g id="a_web" class="node res"><g id="_a/a_web"><a xlink:title="t">`},
		{`<g id="a_&#45;x"><a xlink:title="&quot;">x</a></g>`, `<g id="_a/&#45;x"><a xlink:title="&quot;">x</a></g>`},
		{`<text>&lt;g id="a_x"&gt;</text>`, `<text>&lt;g id="a_x"&gt;</text>`},
		{`<g id="a_unterminated`, `<g id="a_unterminated`},
		{``, ``},
	}
	for _, tt := range tests {
		if got := string(renameAnchors([]byte(tt.in))); got != tt.want {
			t.Errorf("renameAnchors(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestRasterizeRefuses: an SVG too large to draw, or not an SVG, is an
// errRaster (reported, the worker goes on), and a small one draws.
func TestRasterizeRefuses(t *testing.T) {
	for _, svg := range []string{`<svg width="100000pt" height="10pt" viewBox="0 0 100000 10"></svg>`, `<html></html>`} {
		if _, err := rasterize([]byte(svg)); !errors.Is(err, errRaster) {
			t.Errorf("rasterize(%q) = %v; want errRaster", svg, err)
		}
	}
	png, err := rasterize([]byte(`<svg width="20pt" height="10pt" viewBox="0 0 20 10"><g transform="scale(1 1) rotate(0) translate(0 10)"><polygon fill="#ff0000" stroke="black" points="0,0 20,0 20,-10 0,-10"/><text x="2" y="-2" font-size="8">a</text></g></svg>`))
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("rasterize of a small SVG = %.20q, %v; want a PNG", png, err)
	}
}
