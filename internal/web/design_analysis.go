package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/export"
	"github.com/vpcboard/vpcboard/internal/reach"
	"github.com/vpcboard/vpcboard/internal/validate"
)

func itoa(i int) string { return strconv.Itoa(i) }

// designFindings validates a design (at ?version=).
func (srv *Server) designFindings(c echo.Context) error {
	_, d, err := srv.load(c)
	if err != nil {
		return err
	}
	ds := validate.Validate(d, validate.Config{Quotas: validate.DefaultQuotas})
	return c.JSON(http.StatusOK, map[string]any{"findings": nonNil(ds)})
}

// traceRequest is the body of POST /designs/{id}/trace.
type traceRequest struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Protocol string `json:"protocol"`
	Port     int    `json:"port"`
}

// designTrace traces one flow: the JSON of vpcboard trace --format json.
func (srv *Server) designTrace(c echo.Context) error {
	var req traceRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.From == "" || req.To == "" {
		return badRequest("from", "a trace needs from and to (a workload ID, internet, or a CIDR)")
	}
	if req.Protocol == "" {
		req.Protocol = "tcp"
	}
	_, d, err := srv.load(c)
	if err != nil {
		return err
	}
	flow, err := reach.ParseFlow(d, req.From, req.To, req.Protocol, req.Port)
	if err == nil {
		var res reach.Result
		if res, err = reach.Trace(d, flow); err == nil {
			return c.JSON(http.StatusOK, res)
		}
	}
	field, msg := flowWords(err)
	return apiErrorf(http.StatusUnprocessableEntity, "bad_flow", field, "%s", msg)
}

// designMatrix returns what can talk to what: the JSON of vpcboard matrix
// --format json.
// The matrix of a version is computed once (srv.matrices) and written as
// it is read: millions of pairs are never held as one response in memory.
func (srv *Server) designMatrix(c echo.Context) error {
	info, d, err := srv.load(c)
	if err != nil {
		return err
	}
	if err := charge(c, matrixUnits(d)); err != nil {
		return err
	}
	m, err := srv.matrices.of(info, d)
	if err != nil {
		return err
	}
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	res.Header().Set("X-Design-Version", strconv.FormatInt(info.Version, 10))
	res.WriteHeader(http.StatusOK)
	return m.WriteJSON(res)
}

// portableParam reads the export's portable parameter: true for a
// region-portable CloudFormation template (export.Options.Portable).
func portableParam(v, format string) (bool, error) {
	switch {
	case v == "" || v == "false":
		return false, nil
	case v != "true":
		return false, badRequest("portable", "portable %q: want true or false", v)
	case format != "cloudformation":
		return false, badRequest("portable", "portable applies to CloudFormation, not %s", format)
	}
	return true, nil
}

// designExport writes CloudFormation (?syntax=yaml for YAML) or Terraform
// (?syntax=hcl for HCL's four .tf files); several files come as a zip. A
// design with validation errors exports
// only with ?force=true, and the output lists its findings.
func (srv *Server) designExport(c echo.Context) error {
	format := c.QueryParam("format")
	if format != "cloudformation" && format != "terraform" {
		return badRequest("format", "format %q: want cloudformation or terraform", format)
	}
	syntax := c.QueryParam("syntax")
	switch {
	case syntax == "" || syntax == "json":
	case format == "cloudformation" && syntax != "yaml":
		return badRequest("syntax", "syntax %q: want json or yaml for CloudFormation", syntax)
	case format == "terraform" && syntax != "hcl":
		return badRequest("syntax", "syntax %q: want json or hcl for Terraform", syntax)
	}
	portable, err := portableParam(c.QueryParam("portable"), format)
	if err != nil {
		return err
	}
	info, d, err := srv.load(c)
	if err != nil {
		return err
	}
	ds := validate.Validate(d, validate.Config{Quotas: validate.DefaultQuotas})
	var carried []string
	for _, f := range ds {
		if f.Severity == validate.Error || f.Severity == validate.Warning {
			carried = append(carried, f.Severity.String()+" "+f.Code+" "+f.Path+": "+f.Message)
		}
	}
	if validate.HasErrors(ds) && c.QueryParam("force") != "true" {
		return &apiError{Status: http.StatusUnprocessableEntity, Code: "has_errors",
			Message: "the design has validation errors; export with force=true to export it anyway, listing them",
			extra:   map[string]any{"findings": ds}}
	}
	opts := export.Options{YAML: syntax == "yaml", HCL: syntax == "hcl", Findings: carried}
	opts.Portable = portable
	var out *export.Output
	if format == "cloudformation" {
		out, err = export.CloudFormation(d, opts)
	} else {
		out, err = export.Terraform(d, opts)
	}
	if err != nil {
		return apiErrorf(http.StatusUnprocessableEntity, "invalid", "", "%v", err)
	}
	h := c.Response().Header()
	h.Set("X-Design-Version", strconv.FormatInt(info.Version, 10))
	if len(out.Files) == 1 {
		f := out.Files[0]
		h.Set(echo.HeaderContentDisposition, `attachment; filename="`+f.Path+`"`)
		ct := echo.MIMEApplicationJSON
		if strings.HasSuffix(f.Path, ".yaml") {
			ct = "application/yaml"
		}
		return c.Blob(http.StatusOK, ct, f.Data)
	}
	data, err := out.Zip()
	if err != nil {
		return err
	}
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+format+`.zip"`)
	return c.Blob(http.StatusOK, "application/zip", data)
}
