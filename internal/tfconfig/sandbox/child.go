package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/tfconfig"
	"github.com/vpcboard/vpcboard/internal/tfimport"
)

// Arg is the argument of the default child command: a server's main runs
// Main when it is its only argument.
const Arg = "-tfconfig-eval"

// Request is one configuration to evaluate: a zip of it, or the files of
// one folder (name -> content), with the inputs it does not hold.
type Request struct {
	// Zip is a zip of the configuration (tfconfig.ZipFS).
	Zip []byte `json:"zip,omitempty"`
	// Root is the root module's folder in Zip; "" is the shallowest
	// folder of .tf files.
	Root string `json:"root,omitempty"`
	// Files are the files of a configuration of one folder
	// (tfconfig.FilesFS), when Zip is empty.
	Files map[string][]byte `json:"files,omitempty"`
	// Options are the variables, region and account.
	Options tfconfig.Options `json:"options"`
}

// response is what the child writes: the design file and warnings of the
// evaluation, or the error that refused the configuration.
type response struct {
	Design   json.RawMessage `json:"design,omitempty"`
	Warnings []string        `json:"warnings,omitempty"`
	Error    string          `json:"error,omitempty"`
}

// maxRequest bounds what the child reads: the server refuses much smaller
// uploads before it starts one.
const maxRequest = 256 << 20

// Main is the child: it reads one Request (JSON) from stdin, evaluates it
// as the CLI does in-process (Evaluate), writes the response (JSON) to
// stdout and returns the process exit code: 0 when it answered, an
// evaluation error included; 1 when the request could not be read or the
// answer written.
//
// Main sets no limit of its own: the parent set them on the process
// before it sent the request (Evaluator), and the Go runtime started
// under them.
func Main(stdin io.Reader, stdout io.Writer) int {
	data, err := io.ReadAll(io.LimitReader(stdin, maxRequest+1))
	if err != nil || len(data) > maxRequest {
		fmt.Fprintf(os.Stderr, "tfconfig child: read the request: %v (%d bytes)\n", err, len(data))
		return 1
	}
	var req Request
	if err := json.Unmarshal(data, &req); err != nil {
		fmt.Fprintf(os.Stderr, "tfconfig child: decode the request: %v\n", err)
		return 1
	}
	data = nil
	var resp response
	res, err := Evaluate(req)
	if err == nil {
		resp.Design, err = design.MarshalCompact(res.Design)
		resp.Warnings = res.Warnings
	}
	if err != nil {
		resp = response{Error: err.Error()}
	}
	out, err := json.Marshal(resp)
	if err == nil {
		_, err = stdout.Write(out)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "tfconfig child: write the answer: %v\n", err)
		return 1
	}
	return 0
}

// Evaluate evaluates req in this process: what the child runs, and the
// reference its answers are compared with in tests.
func Evaluate(req Request) (*tfimport.Result, error) {
	if len(req.Zip) > 0 {
		fsys, root, err := tfconfig.ZipFS(req.Zip)
		if err != nil {
			return nil, err
		}
		if req.Root != "" {
			root = req.Root
		}
		return tfconfig.Import(fsys, root, req.Options)
	}
	fsys, root, err := tfconfig.FilesFS(req.Files)
	if err != nil {
		return nil, err
	}
	return tfconfig.Import(fsys, root, req.Options)
}
