// Package ingest tells which kind of input a file is and turns it into a
// design: a design file, a CloudFormation template, or a Terraform state
// or plan. The CLI and the web import both read through it, so that every
// command and the page accept the same inputs.
package ingest

import (
	"bytes"
	"fmt"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/importer"
	"github.com/vpcboard/vpcboard/internal/tfimport"
)

// Format is the kind of an input.
type Format string

// The formats Detect tells apart.
const (
	FormatDesign         Format = "design"
	FormatCloudFormation Format = "cloudformation"
	FormatTerraformState Format = "terraform-state"
	FormatTerraformShow  Format = "terraform-show-state"
	FormatTerraformPlan  Format = "terraform-plan"
)

// Detect tells the format of data by its content.
func Detect(data []byte) Format {
	switch tfimport.Detect(data) {
	case tfimport.StateFile:
		return FormatTerraformState
	case tfimport.ShowState:
		return FormatTerraformShow
	case tfimport.ShowPlan:
		return FormatTerraformPlan
	}
	if importer.IsTemplate(data) {
		return FormatCloudFormation
	}
	return FormatDesign
}

// Imported reports whether a format is imported (a design is made of it,
// with warnings) rather than read as a design file.
func (f Format) Imported() bool { return f != FormatDesign }

// Terraform reports whether a format is a Terraform state or plan.
func (f Format) Terraform() bool {
	return f == FormatTerraformState || f == FormatTerraformShow || f == FormatTerraformPlan
}

// Options are the inputs of an import that the file does not hold.
type Options struct {
	// CloudFormation holds the template options; its Region and Account
	// apply to Terraform inputs too.
	CloudFormation importer.Options
}

// Import turns data, named name in messages, into a design. A plan gives
// its planned values: the network after the plan is applied.
func Import(data []byte, name string, opts Options) (*importer.Result, error) {
	f := Detect(data)
	switch f {
	case FormatDesign:
		d, err := design.DecodeBytes(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return &importer.Result{Design: d}, nil
	case FormatCloudFormation:
		return importer.Import(bytes.NewReader(data), name, opts.CloudFormation)
	case FormatTerraformPlan:
		p, err := ReadPlan(data, name)
		if err != nil {
			return nil, err
		}
		return buildNamed(p.Planned, name, opts)
	}
	var rs []tfimport.Resource
	var err error
	if f == FormatTerraformState {
		rs, err = tfimport.ReadStateFile(data)
	} else {
		rs, err = tfimport.ReadShowState(data)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return buildNamed(rs, name, opts)
}

// ReadPlan reads a plan (`terraform show -json` of a saved plan).
func ReadPlan(data []byte, name string) (*tfimport.Plan, error) {
	p, err := tfimport.ReadPlan(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return p, nil
}

// PlanDesigns returns the designs before and after a plan.
func PlanDesigns(data []byte, name string, opts Options) (before, after *importer.Result, err error) {
	p, err := ReadPlan(data, name)
	if err != nil {
		return nil, nil, err
	}
	if before, err = buildNamed(p.Prior, name, opts); err != nil {
		return nil, nil, err
	}
	if after, err = buildNamed(p.Planned, name, opts); err != nil {
		return nil, nil, err
	}
	return before, after, nil
}

func buildNamed(rs []tfimport.Resource, name string, opts Options) (*importer.Result, error) {
	res, err := tfimport.Build(rs, tfimport.Options{Name: name, Region: opts.CloudFormation.Region, Account: opts.CloudFormation.Account})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return res, nil
}
