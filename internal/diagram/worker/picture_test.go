package worker_test

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpcboard/vpcboard/internal/diagram"
)

var pictures = flag.String("pictures", "", "write the PNG pictures of TestRenderPicture to this directory")

// TestRenderPicture renders the picture of every example's full view as
// SVG and PNG: the SVG draws the legend and is the same bytes when another
// worker renders it, the PNG decodes, is as large as
// a readable picture of the design, and has the diagram's colours (the
// green of a public subnet, the purple of a VPC) and dark text.
func TestRenderPicture(t *testing.T) {
	r := newRenderer(t, diagram.RendererOptions{Workers: 1})
	fresh := newRenderer(t, diagram.RendererOptions{Workers: 1, CacheBytes: -1}) // another process, no cache
	ctx := context.Background()
	for _, name := range examples {
		t.Run(name, func(t *testing.T) {
			d := example(t, name)
			v := diagram.View{Kind: diagram.ViewFull}
			svg, err := r.Render(ctx, "", diagram.PictureDOT(d, v, diagram.FormatSVG), diagram.FormatSVG)
			if err != nil {
				t.Fatal(err)
			}
			again, err := fresh.Render(ctx, "", diagram.PictureDOT(d, v, diagram.FormatSVG), diagram.FormatSVG)
			if err != nil || !bytes.Equal(again, svg) {
				t.Errorf("the picture's SVG rendered again by another worker differs (%v)", err)
			}
			parseSVG(t, svg)
			_, legend, _ := strings.Cut(string(svg), `<g id="_legend" class="node legend">`)
			legend, _, _ = strings.Cut(legend, "<!--")
			for _, want := range []string{"Legend", "VPC", "availability zone", "private subnet"} {
				if !strings.Contains(legend, want) {
					t.Errorf("legend %q has no %q", legend, want)
				}
			}

			data, err := r.Render(ctx, "", diagram.PictureDOT(d, v, diagram.FormatPNG), diagram.FormatPNG)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("PNG does not decode: %v", err)
			}
			b := img.Bounds()
			if b.Dx() < 400 || b.Dy() < 300 || b.Dx() > 7680 || b.Dy() > 7680 {
				t.Errorf("PNG is %dx%d; want between 400x300 and 7680x7680", b.Dx(), b.Dy())
			}
			bare, err := r.Render(ctx, "", diagram.DOT(d, v), diagram.FormatPNG)
			if err != nil {
				t.Fatal(err)
			}
			if bb, err := png.DecodeConfig(bytes.NewReader(bare)); err != nil || bb.Width*bb.Height >= b.Dx()*b.Dy() {
				t.Errorf("the picture's PNG (%dx%d) is no larger than the bare view's (%dx%d, %v): no title or legend", b.Dx(), b.Dy(), bb.Width, bb.Height, err)
			}
			if !has(img, 0x8C, 0x4F, 0xFF) {
				t.Error("PNG has no VPC purple (#8C4FFF)")
			}
			if !has(img, 0, 0, 0) {
				t.Error("PNG has no black text")
			}
			if *pictures != "" {
				if err := os.WriteFile(filepath.Join(*pictures, name+".png"), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// has reports whether img has a pixel within a small distance of the
// colour r, g, b.
func has(img image.Image, r, g, b uint8) bool {
	bd := img.Bounds()
	near := func(x uint32, y uint8) bool { d := int(x>>8) - int(y); return d > -24 && d < 24 }
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if near(pr, r) && near(pg, g) && near(pb, b) {
				return true
			}
		}
	}
	return false
}
