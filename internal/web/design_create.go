package web

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/awsaccount"
	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/importer"
	"github.com/vpcboard/vpcboard/internal/ingest"
	"github.com/vpcboard/vpcboard/internal/tfconfig"
)

// designCreate makes a design: empty, from a design file, from a
// CloudFormation template (JSON, or YAML with a YAML content type), from a
// Terraform state or plan (its planned values), from an AWS snapshot
// (vpcboard snapshot), or from a zip of a Terraform configuration
// (design_tfconfig.go), told apart by content.
func (srv *Server) designCreate(c echo.Context) error {
	q := c.QueryParams()
	team, err := srv.teamForNew(c, q.Get("team"))
	if err != nil {
		return err
	}
	data, err := readBody(c)
	if err != nil {
		return err
	}
	name := q.Get("name")
	if len(name) > 200 {
		return badRequest("name", "the name is %d characters; at most 200", len(name))
	}
	var d *design.Design
	var warnings []string
	ct, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	yaml := strings.Contains(ct, "yaml")
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		d = design.New(name)
	case tfconfig.IsZip(data) && srv.configs == nil:
		return apiErrorf(http.StatusUnprocessableEntity, "terraform_configs_off", "body", "%s", configsOff)
	case tfconfig.IsZip(data):
		res, err := srv.createFromZip(c.Request().Context(), data, q)
		if err != nil {
			return err
		}
		d, warnings = res.Design, res.Warnings
	case !yaml && ingest.Detect(data) == ingest.FormatAWSSnapshot:
		res, err := ingest.Import(data, "AWS account", ingest.Options{})
		if err != nil {
			field := "body"
			if se := (*awsaccount.Error)(nil); errors.As(err, &se) && se.Field != "" {
				field = se.Field
			}
			return apiErrorf(http.StatusUnprocessableEntity, "bad_snapshot", field, "%s", err.Error())
		}
		d, warnings = res.Design, res.Warnings
	case !yaml && ingest.Detect(data).Terraform():
		res, err := ingest.Import(data, "terraform", ingest.Options{CloudFormation: importer.Options{Region: q.Get("region"), Account: q.Get("account")}})
		if err != nil {
			return apiErrorf(http.StatusUnprocessableEntity, "bad_terraform", "body", "%s", err.Error())
		}
		d, warnings = res.Design, res.Warnings
		if d.Name == "terraform" {
			d.Name = "imported Terraform"
		}
	case yaml || importer.IsTemplate(data):
		res, err := importer.Import(bytes.NewReader(data), "template", importer.Options{Region: q.Get("region"), Account: q.Get("account")})
		if err != nil {
			return err
		}
		d, warnings = res.Design, res.Warnings
		if d.Name == "template" || d.Name == "" {
			d.Name = "imported template"
		}
	default:
		d, err = design.DecodeBytes(data)
		if err != nil {
			fe := err.(*design.FieldError)
			return apiErrorf(http.StatusBadRequest, "bad_design", fe.Path, "%s", fe.Error())
		}
	}
	if errs := design.Check(d); len(errs) > 0 {
		return errs[0]
	}
	if name != "" {
		d.Name = name
	}
	info, err := srv.store.CreateDesign(c.Request().Context(), team, d, author(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/designs/"+info.ID)
	return c.JSON(http.StatusCreated, map[string]any{"id": info.ID, "version": info.Version, "warnings": nonNil(warnings)})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
