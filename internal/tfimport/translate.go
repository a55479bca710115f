package tfimport

import "github.com/vpcboard/vpcboard/internal/design"

func build(rs []Resource, opts Options) (*Result, error) {
	d := design.New(opts.Name)
	d.Region, d.Account = opts.Region, opts.Account
	return &Result{Design: d}, nil
}
