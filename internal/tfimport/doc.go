// Package tfimport turns Terraform's view of AWS networks into designs.
//
// Terraform knows a resource instance through three documents: a state
// (the file terraform.tfstate, format version 4, or the JSON of
// `terraform show -json` for a state), a plan (the JSON of
// `terraform show -json plan.out`: prior state and planned values), and a
// configuration evaluated without applying it (package h18hcl's reader).
// Each reader turns its document into a list of Resource; Build maps the
// list onto the model, the same way for every source, so a plan's prior
// state and planned values give designs that differ exactly where the
// plan changes the network.
package tfimport
