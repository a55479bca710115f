package worker

import (
	"golang.org/x/image/font"
)

// The advance widths of Helvetica and Helvetica-Bold for the printable
// ASCII characters (32 to 126), in thousandths of an em: the metrics of
// Adobe's Core 14 AFM files, which Graphviz lays text out with. The PNG's
// text is drawn in the Go fonts, squeezed or stretched to these widths, so
// that it fits the boxes Graphviz drew around it.
var (
	helvetica = [95]int16{
		278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
		556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
		1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
		667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
		333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
		556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
	}
	helveticaBold = [95]int16{
		278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
		556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
		975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
		667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
		333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
		611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
	}
)

// helveticaWidth returns the width of s in Helvetica (bold or not) at
// size pixels, in pixels; a character outside printable ASCII counts at
// its width in face, the font it is drawn in.
func helveticaWidth(s string, bold bool, size float64, face font.Face) float64 {
	table := &helvetica
	if bold {
		table = &helveticaBold
	}
	w := 0.0
	for _, r := range s {
		if r >= 32 && r <= 126 {
			w += float64(table[r-32]) * size / 1000
			continue
		}
		if adv, ok := face.GlyphAdvance(r); ok {
			w += float64(adv) / 64
		}
	}
	return w
}
