package main

import (
	"fmt"

	"github.com/vpcboard/vpcboard/internal/tfconfig"
)

// loadTerraform evaluates the Terraform configuration in dir with the
// -var and -var-file flags.
func (f *inputFlags) loadTerraform(dir string) (loaded, error) {
	opts := tfconfig.Options{Region: f.region, Account: f.account, Vars: map[string]string{}}
	if f.account == defaultAccountFlag {
		opts.Account = "" // the flag's default: let the configuration say
	}
	for _, kv := range f.vars {
		k, v, ok := cutAssignment(kv)
		if !ok {
			return loaded{}, fmt.Errorf("-var %q: want name=value", kv)
		}
		opts.Vars[k] = v
	}
	for _, name := range f.varFiles {
		data, err := readInput(name)
		if err != nil {
			return loaded{}, fmt.Errorf("-var-file: %w", err)
		}
		opts.VarFiles = append(opts.VarFiles, tfconfig.VarFile{Name: name, Data: data})
	}
	fsys, root, err := tfconfig.DirFS(dir)
	if err != nil {
		return loaded{}, err
	}
	res, err := tfconfig.Import(fsys, root, opts)
	if err != nil {
		return loaded{}, fmt.Errorf("%s: %w", dir, err)
	}
	return loaded{name: dir, design: res.Design, warnings: res.Warnings}, nil
}

func cutAssignment(kv string) (string, string, bool) {
	for i := 0; i < len(kv); i++ {
		if kv[i] == '=' {
			return kv[:i], kv[i+1:], i > 0
		}
	}
	return "", "", false
}
