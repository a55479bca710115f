package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/vpcboard/vpcboard/internal/awsaccount"
	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/importer"
	"github.com/vpcboard/vpcboard/internal/ingest"
)

// maxInput is the largest design file or template read. Real templates are
// under 1 MB (CloudFormation's own limit); designs of thousands of
// resources are a few MB.
const maxInput = 16 << 20

// inputFlags are the flags of every command that reads designs or templates.
type inputFlags struct {
	params    multiFlag
	region    string
	account   string
	stackName string
	stacks    bool
	vars      multiFlag // Terraform -var name=value
	varFiles  multiFlag // Terraform -var-file
}

// defaultAccountFlag is --account's default.
const defaultAccountFlag = "123456789012"

func (f *inputFlags) register(fs *flag.FlagSet) {
	fs.Var(&f.params, "param", "template parameter `Key=Value` (repeatable)")
	fs.StringVar(&f.region, "region", "", "region of the templates' stacks (AWS::Region, Fn::GetAZs; default: the region the templates' zones, ARNs or service names name, else us-east-1)")
	fs.StringVar(&f.account, "account", defaultAccountFlag, "account of the templates' stacks (AWS::AccountId)")
	fs.StringVar(&f.stackName, "stack-name", "", "stack name (AWS::StackName; default: the file's base name)")
	fs.Var(&f.vars, "var", "Terraform variable `name=value` of a configuration directory (repeatable; after -var-file)")
	fs.Var(&f.varFiles, "var-file", "Terraform variable definitions `FILE` (.tfvars or .tfvars.json) of a configuration directory (repeatable, in order)")
	fs.BoolVar(&f.stacks, "stacks", false, "read the templates as stacks of one network: the exports of earlier files feed Fn::ImportValue in later ones")
}

// loaded is one design read from a file or made from templates.
type loaded struct {
	name     string
	design   *design.Design
	warnings []string
}

// oneDesign reports whether files make one design: one file, or with
// --stacks one template or more, read as the stacks of one network.
func oneDesign(files []string, stacks bool) bool {
	return len(files) == 1 || stacks && len(files) > 1
}

// load reads the files: each on its own, or all templates as one stack set
// with --stacks. Errors name the file.
func (f *inputFlags) load(files []string) ([]loaded, error) {
	params, err := f.params.pairs()
	if err != nil {
		return nil, err
	}
	if f.stacks {
		var srcs []importer.Source
		for _, name := range files {
			data, err := readInput(name)
			if err != nil {
				return nil, err
			}
			if f := ingest.Detect(data); f != ingest.FormatCloudFormation {
				// Else the template reader's words ("Resources: missing")
				// would describe a state or a design.
				return nil, fmt.Errorf("%s: --stacks reads CloudFormation templates only, and this is not one (it reads as %s; read it without --stacks)", name, f)
			}
			srcs = append(srcs, importer.Source{Name: name, Data: data, StackName: stackName(name)})
		}
		res, err := importer.ImportStacks(srcs, importer.Options{Params: params, Region: f.region, Account: f.account})
		if err != nil {
			return nil, err
		}
		l := loaded{name: strings.Join(files, "+"), design: res.Design, warnings: res.Warnings}
		f.noteIgnored(&l, string(ingest.FormatCloudFormation))
		return []loaded{l}, nil
	}
	var out []loaded
	for _, name := range files {
		if isDir(name) {
			l, err := f.directory(name)
			if err != nil {
				return nil, err
			}
			out = append(out, l)
			continue
		}
		data, err := readInput(name)
		if err != nil {
			return nil, err
		}
		l, err := f.parse(name, data, params)
		if err != nil {
			return nil, err
		}
		f.noteIgnored(&l, string(ingest.Detect(data)))
		out = append(out, l)
	}
	return out, nil
}

// folder reads a folder of the AWS CLI's describe output (--region names
// its region, else its zones do).
func (f *inputFlags) folder(name string) (loaded, error) {
	res, err := awsaccount.ImportFolder(name, f.region, filepath.Base(filepath.Clean(name)))
	if err != nil {
		return loaded{}, err
	}
	return loaded{name: name, design: res.Design, warnings: res.Warnings}, nil
}

func (f *inputFlags) parse(name string, data []byte, params map[string]string) (loaded, error) {
	if !ingest.Detect(data).Imported() {
		d, err := design.DecodeBytes(data)
		if err != nil {
			return loaded{}, fmt.Errorf("%s: %w", name, err)
		}
		return loaded{name: name, design: d}, nil
	}
	res, err := ingest.Import(data, name, f.ingestOptions(name, params))
	if err != nil {
		return loaded{}, err
	}
	return loaded{name: name, design: res.Design, warnings: res.Warnings}, nil
}

// ingestOptions are the import options of the file called name.
func (f *inputFlags) ingestOptions(name string, params map[string]string) ingest.Options {
	sn := f.stackName
	if sn == "" {
		sn = stackName(name)
	}
	return ingest.Options{CloudFormation: importer.Options{Params: params, Region: f.region, Account: f.account, StackName: sn}}
}

// stackName derives a stack name from a file name: "vpc-3azs.yaml" ->
// "vpc-3azs".
func stackName(file string) string {
	base := filepath.Base(file)
	for _, ext := range []string{".json", ".yaml", ".yml", ".template"} {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}

// readInput reads a file ("-" is standard input), refusing files over
// maxInput without reading them whole.
func readInput(name string) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		r = os.Stdin
	} else {
		fh, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer fh.Close()
		if st, err := fh.Stat(); err == nil && st.IsDir() {
			return nil, fmt.Errorf("%s: is a directory; a directory (a Terraform configuration or a folder of the AWS CLI's describe output) is read on its own, not with --stacks", name)
		}
		r = fh
	}
	data, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > maxInput {
		return nil, fmt.Errorf("%s: larger than the %d MiB limit for a design file or template", name, maxInput>>20)
	}
	return data, nil
}

// multiFlag collects a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// pairs parses Key=Value entries.
func (m multiFlag) pairs() (map[string]string, error) {
	out := map[string]string{}
	for _, kv := range m {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("--param %q: want Key=Value", kv)
		}
		out[k] = v
	}
	return out, nil
}

// parseFlags parses a command's flags, allowing them after the positional
// arguments too ("vpcboard validate a.json --format json").
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, int, bool) {
	fs.SetOutput(stderr)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitInput, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// directory reads a directory: a Terraform configuration when it holds
// .tf or .tf.json files, else a folder of the AWS CLI's describe output.
func (f *inputFlags) directory(name string) (loaded, error) {
	if hasTerraformFiles(name) {
		l, err := f.loadTerraform(name)
		if err == nil {
			f.noteIgnored(&l, kindConfiguration)
		}
		return l, err
	}
	l, err := f.folder(name)
	if err != nil {
		return loaded{}, fmt.Errorf("%w; and it has no .tf or .tf.json files, so it is not a Terraform configuration either", err)
	}
	f.noteIgnored(&l, kindCLIFolder)
	return l, nil
}

// The kinds of input a directory is, beside ingest's formats of a file.
const (
	kindCLIFolder     = "aws-cli-folder"
	kindConfiguration = "terraform-configuration"
)

// unread lists, for each kind of input, the input flags it does not read
// (-var and -var-file aside: only a configuration reads them).
var unread = map[string][]string{
	string(ingest.FormatDesign):         {"--param", "--stack-name", "--region", "--account"},
	string(ingest.FormatTerraformState): {"--param", "--stack-name"},
	string(ingest.FormatTerraformShow):  {"--param", "--stack-name"},
	string(ingest.FormatTerraformPlan):  {"--param", "--stack-name"},
	string(ingest.FormatAWSSnapshot):    {"--param", "--region", "--account"},
	kindCLIFolder:                       {"--param", "--stack-name", "--account"},
	kindConfiguration:                   {"--param", "--stack-name"},
}

// noteIgnored warns of the flags given that an input of this kind does
// not read: a value meant to change the network (a -var, a --region)
// would otherwise be dropped without a word.
func (f *inputFlags) noteIgnored(l *loaded, kind string) {
	if kind != kindConfiguration && len(f.vars)+len(f.varFiles) > 0 {
		l.warnings = append(l.warnings, "-var and -var-file are read only for a Terraform configuration directory (.tf files); ignored for this input")
	}
	given := map[string]bool{
		"--param":      len(f.params) > 0,
		"--stack-name": f.stackName != "",
		"--region":     f.region != "",
		"--account":    f.account != defaultAccountFlag,
	}
	var ignored []string
	for _, flag := range unread[kind] {
		if given[flag] {
			ignored = append(ignored, flag)
		}
	}
	if len(ignored) > 0 {
		l.warnings = append(l.warnings, fmt.Sprintf("%s: not read for this input (%s); ignored", strings.Join(ignored, ", "), kind))
	}
}

// hasTerraformFiles reports whether directory dir holds a .tf or .tf.json
// file (not its subdirectories: modules live there).
func hasTerraformFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json")) {
			return true
		}
	}
	return false
}
