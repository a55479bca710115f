package validate_test

import (
	"fmt"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/validate"
)

func ExamplePlan() {
	d := design.New("example")
	d.Region = "us-east-1"
	ops := design.NewVPCOps(&design.VPC{Base: design.Base{ID: "app"}, CIDR: "10.0.0.0/22"})
	ops = append(ops,
		design.Put(&design.Subnet{Base: design.Base{ID: "app-a"}, VPC: "app", AZ: "us-east-1a", CIDR: "10.0.0.0/24"}),
		design.Put(&design.Subnet{Base: design.Base{ID: "app-b"}, VPC: "app", AZ: "us-east-1b", CIDR: "10.0.2.0/25"}),
	)
	if err := design.Apply(d, ops...); err != nil {
		panic(err)
	}
	free, _ := validate.FreeSpace(d, "app")
	fmt.Println(free)
	next, _ := validate.Plan(d, "app", 25, "us-east-1b")
	fmt.Println(next)
	_, err := validate.Plan(d, "app", 23, "")
	fmt.Println(err)
	// Output:
	// [10.0.1.0/24 10.0.2.128/25 10.0.3.0/24]
	// 10.0.2.128/25
	// vpc `app` has no free /23: 2 /24 free
}
