package tfconfig

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/vpcboard/vpcboard/internal/tfimport"
)

// Import evaluates the configuration and maps what it would create onto
// a design: Load, then tfimport.Build. The warnings of both are merged,
// sorted.
func Import(fsys fs.FS, dir string, opts Options) (*tfimport.Result, error) {
	res, err := Load(fsys, dir, opts)
	if err != nil {
		return nil, err
	}
	name := filepath.Base(filepath.Clean(dir))
	out, err := tfimport.Build(res.Resources, tfimport.Options{Name: name, Region: res.Region, Account: opts.Account})
	if err != nil {
		return nil, err
	}
	out.Warnings = append(out.Warnings, res.Warnings...)
	sort.Strings(out.Warnings)
	return out, nil
}

// DirFS returns the file system and directory Load reads a directory of
// the machine through: the whole file system, so that local modules in
// parent directories (source = "../../") are found, as Terraform finds
// them.
func DirFS(dir string) (fs.FS, string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, "", err
	}
	vol := filepath.VolumeName(abs)
	rel := strings.TrimPrefix(filepath.ToSlash(abs[len(vol):]), "/")
	if rel == "" {
		rel = "."
	}
	return os.DirFS(vol + "/"), rel, nil
}
