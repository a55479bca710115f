package diagram

import (
	"os"
	"testing"

	"github.com/vpcboard/vpcboard/internal/design/designtest"
)

func TestZZPreview(t *testing.T) {
	if os.Getenv("PREVIEW") == "" {
		t.Skip()
	}
	for _, e := range examples {
		d := decodeExample(t, e)
		for _, v := range Views(d) {
			os.WriteFile("/tmp/prev/"+e+"."+string(v.Kind)+v.VPC+".dot", DOT(d, v), 0o644)
		}
	}
	g := designtest.Generate(designtest.Base)
	os.WriteFile("/tmp/prev/gen.overview.dot", DOT(g, View{Kind: ViewOverview}), 0o644)
	os.WriteFile("/tmp/prev/gen.vpc7.dot", DOT(g, View{Kind: ViewVPC, VPC: "vpc7"}), 0o644)
}
