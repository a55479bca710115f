package tfconfig

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"testing/fstest"
)

// maxArchiveEntries bounds the entries of an uploaded zip: the
// configuration limits apply to what is read, this to what is listed.
const maxArchiveEntries = 10000

// IsZip reports whether data is a zip archive (its local file header).
func IsZip(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// ZipFS opens an uploaded zip of a configuration and finds its root
// module: the shallowest directory holding .tf or .tf.json files (the
// first in lexical order among equals), so that a zip of a folder and a
// zip of its files both work. Local modules resolve within the archive.
func ZipFS(data []byte) (fs.FS, string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, "", fmt.Errorf("not a zip archive: %w", err)
	}
	if len(zr.File) > maxArchiveEntries {
		return nil, "", fmt.Errorf("the zip holds %d entries; at most %d", len(zr.File), maxArchiveEntries)
	}
	var dirs []string
	for _, f := range zr.File {
		if isConfigFile(f.Name) && fs.ValidPath(f.Name) {
			dirs = append(dirs, path.Dir(f.Name))
		}
	}
	root, ok := shallowest(dirs)
	if !ok {
		return nil, "", fmt.Errorf("the zip holds no .tf or .tf.json file")
	}
	return zr, root, nil
}

// FilesFS makes one directory of uploaded files (name -> content): a
// configuration given as several .tf files, with their var files.
// Names are reduced to their base name.
func FilesFS(files map[string][]byte) (fs.FS, string, error) {
	fsys := fstest.MapFS{}
	for name, data := range files {
		base := path.Base(strings.ReplaceAll(name, "\\", "/"))
		if !fs.ValidPath(base) || base == "." {
			return nil, "", fmt.Errorf("file name %q is not usable", name)
		}
		if _, dup := fsys[base]; dup {
			return nil, "", fmt.Errorf("two files are called %s", base)
		}
		fsys[base] = &fstest.MapFile{Data: data}
	}
	return fsys, ".", nil
}

// isConfigFile reports whether a file name is a configuration file.
func isConfigFile(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// IsConfigFile reports whether an uploaded file's name makes it part of
// a configuration: .tf, .tf.json, or a variables file.
func IsConfigFile(name string) bool {
	return isConfigFile(name) || strings.HasSuffix(name, ".tfvars") || strings.HasSuffix(name, ".tfvars.json")
}

// shallowest returns the directory of fewest path elements, the first in
// lexical order among equals.
func shallowest(dirs []string) (string, bool) {
	if len(dirs) == 0 {
		return "", false
	}
	depth := func(d string) int {
		if d == "." {
			return 0
		}
		return strings.Count(d, "/") + 1
	}
	sort.Slice(dirs, func(i, j int) bool {
		if di, dj := depth(dirs[i]), depth(dirs[j]); di != dj {
			return di < dj
		}
		return dirs[i] < dirs[j]
	})
	return dirs[0], true
}
