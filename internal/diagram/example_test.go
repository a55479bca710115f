package diagram_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/design/designtest"
	"github.com/vpcboard/vpcboard/internal/diagram"
)

func ExampleViews() {
	f, err := os.Open("../../examples/three-tier.json")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	small, err := design.Decode(f)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(diagram.Views(small))

	large := diagram.Views(designtest.Generate(designtest.Base))
	fmt.Println(len(large), large[0], large[1], large[3], large[11])
	// Output:
	// [{full } {vpc web-vpc}]
	// 51 {overview } {vpc vpc0} {vpc vpc2} {vpc vpc10}
}

func ExampleDOT() {
	d := designtest.Generate(designtest.Base.Scale(0.1))
	dot := string(diagram.DOT(d, diagram.View{Kind: diagram.ViewVPC, VPC: "vpc1"}))
	for _, id := range []string{"vpc1", "vpc1-s4", "vpc1-w4-0", "vpc1-nat0", "vpc1-rt2", "tgw", "vpc1-att", "pcx0-1", "vpc0"} {
		fmt.Println(id, strings.Contains(dot, `id="`+id+`"`))
	}
	// Output:
	// vpc1 true
	// vpc1-s4 true
	// vpc1-w4-0 true
	// vpc1-nat0 true
	// vpc1-rt2 true
	// tgw true
	// vpc1-att true
	// pcx0-1 true
	// vpc0 true
}

// A server renders in worker processes of its own binary: its main runs
// worker.Main when started with the single argument "-render-worker"
// (diagram.WorkerArg).
func ExampleRenderer() {
	r, err := diagram.NewRenderer(diagram.RendererOptions{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	d := designtest.Generate(designtest.Base.Scale(0.1))
	svg, err := r.SVG(context.Background(), "", diagram.DOT(d, diagram.View{Kind: diagram.ViewOverview}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(svg) > 0)
}
