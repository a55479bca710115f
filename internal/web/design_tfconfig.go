package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/importer"
	"github.com/vpcboard/vpcboard/internal/tfconfig"
	"github.com/vpcboard/vpcboard/internal/tfconfig/sandbox"
	"github.com/vpcboard/vpcboard/internal/tfimport"
)

// A Terraform configuration is uploaded as a zip of its directory (the
// API's body with Content-Type application/zip, or a file of the list
// page's import) or, on the page, as several .tf, .tf.json and .tfvars
// files. Local modules resolve within the upload; variables come from
// its tfvars files and, on the API, from var=name=value query
// parameters (root names the root module's directory in the zip).

// configOptions reads the query's region, account and var parameters.
func configOptions(q url.Values) (tfconfig.Options, error) {
	opts := tfconfig.Options{Region: q.Get("region"), Account: q.Get("account"), Vars: map[string]string{}}
	for _, kv := range q["var"] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return opts, badRequest("var", "var %q: want name=value", kv)
		}
		opts.Vars[k] = v
	}
	return opts, nil
}

// configsOff is why a server that does not evaluate uploaded Terraform
// configurations refuses one, in the user's words.
const configsOff = "This server does not evaluate uploaded Terraform configurations (its administrator turned it off " +
	"with TERRAFORM_CONFIGS=false). Run `vpcboard import DIR -o design.json` and upload the design, or upload " +
	"the configuration's state or plan (terraform show -json)."

// useTheCLI is what to do with a configuration over the server's limits.
const useTheCLI = "import it on your own machine with `vpcboard import DIR -o design.json` and upload the design, " +
	"or upload the configuration's state or plan (terraform show -json)"

// evaluate evaluates an uploaded configuration in a bounded child
// process (package tfconfig/sandbox) and words why it could not for the
// user: a 422 bad_terraform for the configuration's own error, a limit it
// needs more than (named) and a child that died, a 503 busy (Retry-After,
// errors.go) when the server runs as many evaluations as it allows. Any
// other error (the child could not be started) is the server's.
func (srv *Server) evaluate(ctx context.Context, req sandbox.Request) (*tfimport.Result, error) {
	res, err := srv.configs.Import(ctx, req)
	var le *sandbox.LimitError
	var ee *sandbox.EvalError
	var ce *sandbox.CrashError
	switch {
	case err == nil:
		return res, nil
	case errors.As(err, &ee):
		return nil, apiErrorf(http.StatusUnprocessableEntity, "bad_terraform", "body", "%s", ee.Msg)
	case errors.As(err, &le):
		srv.log.WarnContext(ctx, "terraform configuration over a limit", "limit", string(le.Limit), "bound", le.Bound, "child", le.Detail)
		return nil, apiErrorf(http.StatusUnprocessableEntity, "bad_terraform", "body", "%s: %s", le.Error(), useTheCLI)
	case errors.As(err, &ce):
		srv.log.WarnContext(ctx, "terraform configuration child failed", "child", ce.Detail)
		return nil, apiErrorf(http.StatusUnprocessableEntity, "bad_terraform", "body", "%s; %s", ce.Error(), useTheCLI)
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil:
		// The request's own time-out (Options.Timeout) came first.
		return nil, apiErrorf(http.StatusUnprocessableEntity, "bad_terraform", "body",
			"the configuration needs more time than the server allows to evaluate it (limit %v, the time of a request): %s", srv.opts.Timeout, useTheCLI)
	case errors.Is(err, sandbox.ErrBusy):
		return nil, apiErrorf(http.StatusServiceUnavailable, "busy", "", "%s: try again in a few seconds", err.Error())
	}
	return nil, err
}

// createFromZip is designCreate's case of a zip body: the configuration
// whose root module is the query's root, else the shallowest directory
// of .tf files, evaluated in a child (evaluate). The zip's directory and
// the root are checked here, which reads no file.
func (srv *Server) createFromZip(ctx context.Context, data []byte, q url.Values) (*tfimport.Result, error) {
	opts, err := configOptions(q)
	if err != nil {
		return nil, err
	}
	fsys, root, err := tfconfig.ZipFS(data)
	if err != nil {
		return nil, apiErrorf(http.StatusUnprocessableEntity, "bad_terraform", "body", "%s", err.Error())
	}
	if r := q.Get("root"); r != "" {
		if root, err = zipRoot(fsys, r); err != nil {
			return nil, err
		}
	}
	res, err := srv.evaluate(ctx, sandbox.Request{Zip: data, Root: root, Options: opts})
	if err != nil {
		return nil, err
	}
	if res.Design.Name == "." || res.Design.Name == "" {
		res.Design.Name = "imported Terraform"
	}
	return res, nil
}

// zipRoot checks the query's root, a folder of the zip: not one out of
// it ("..") nor one it lacks, which the answer names as the field.
func zipRoot(fsys fs.FS, r string) (string, error) {
	root := strings.Trim(r, "/")
	if root == "" {
		root = "." // "/": the zip's top folder
	}
	if st, err := fs.Stat(fsys, root); !fs.ValidPath(root) || err != nil || !st.IsDir() {
		return "", apiErrorf(http.StatusUnprocessableEntity, "bad_terraform", "root", "root %q is not a folder of the zip", r)
	}
	return root, nil
}

// isConfigUpload reports whether the page's import files are a
// Terraform configuration: several files, a zip, or .tf files.
func isConfigUpload(fhs []*multipart.FileHeader) bool {
	return len(fhs) > 1 || len(fhs) == 1 && (tfconfig.IsConfigFile(fhs[0].Filename) || strings.HasSuffix(fhs[0].Filename, ".zip"))
}

// importConfigUpload is pageImport's case of a configuration: it is
// evaluated and opened, or the list page says what is wrong.
func (srv *Server) importConfigUpload(c echo.Context, team string, fhs []*multipart.FileHeader) error {
	if srv.configs == nil {
		return listError(c, configsOff)
	}
	files := map[string][]byte{}
	total := 0
	for _, fh := range fhs {
		name := path.Base(fh.Filename)
		if len(fhs) > 1 && !tfconfig.IsConfigFile(name) {
			return listError(c, name+": several files are read as a Terraform configuration: .tf, .tf.json, .tfvars and .tfvars.json files only")
		}
		if _, dup := files[name]; dup {
			// One folder is read: a second main.tf would replace the first.
			return listError(c, name+": two files have this name; a configuration of several files is one folder")
		}
		data, err := readUpload(fh)
		if err != nil {
			return err
		}
		if total += len(data); len(data) > importer.MaxTemplateSize || total > 4*importer.MaxTemplateSize {
			return listError(c, fmt.Sprintf("%s: the upload is too large: at most %s a file and %s in all", name,
				megabytes(importer.MaxTemplateSize), megabytes(4*importer.MaxTemplateSize)))
		}
		files[name] = data
	}
	req := sandbox.Request{Options: tfconfig.Options{Region: strings.TrimSpace(c.FormValue("region"))}}
	name := path.Base(fhs[0].Filename)
	if len(fhs) == 1 && tfconfig.IsZip(files[name]) {
		_, root, err := tfconfig.ZipFS(files[name])
		if err != nil {
			return listError(c, name+": "+err.Error())
		}
		req.Zip, req.Root = files[name], root
		// The form's root picks one of several root modules in the zip
		// (an example of a module's repository), as the API's root does;
		// the design is named after it.
		if r := strings.Trim(strings.TrimSpace(c.FormValue("root")), "/"); r != "" {
			req.Root, name = r, path.Base(r)
		}
	} else {
		if _, _, err := tfconfig.FilesFS(files); err != nil {
			return listError(c, "terraform: "+err.Error())
		}
		req.Files = files
		name = "terraform"
	}
	res, err := srv.evaluate(c.Request().Context(), req)
	if ae := (*apiError)(nil); errors.As(err, &ae) {
		return listError(c, name+": "+ae.Message)
	} else if err != nil {
		return err
	}
	res.Design.Name = baseName(name)
	return srv.createImported(c, team, res.Design, res.Warnings)
}

// readUpload reads one uploaded file, at most one byte over the limit.
func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("web: open the uploaded file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, importer.MaxTemplateSize+1))
	if err != nil {
		return nil, fmt.Errorf("web: read the uploaded file: %w", err)
	}
	return data, nil
}
