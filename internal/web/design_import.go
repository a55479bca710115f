package web

import (
	"bytes"
	"fmt"
	"net/http"
	"path"
	"regexp"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/importer"
	"github.com/vpcboard/vpcboard/internal/ingest"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/web/templates"
)

// pageImport imports a file from the list page. A design file (vpcboard
// JSON), a Terraform state or plan (planned values) or an AWS snapshot
// (vpcboard snapshot) becomes a design at once. A CloudFormation template
// is read for
// its parameters first: the answer is a form of them with their defaults,
// which comes back here with the template's text (template_text) and the
// values (param.<name>) to import it. What the importer assumed is shown
// once on the designer after the redirect (importNotes).
func (srv *Server) pageImport(c echo.Context) error {
	team, err := srv.teamForNew(c, c.FormValue("team"))
	if err != nil {
		return err
	}
	if c.Request().MultipartForm != nil && c.Request().MultipartForm.Value["template_text"] != nil {
		return srv.importTemplate(c, team)
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return listError(c, "choose a design file or a CloudFormation template to import")
	}
	if fhs := c.Request().MultipartForm.File["file"]; isConfigUpload(fhs) {
		return srv.importConfigUpload(c, team, fhs)
	}
	data, err := readUpload(fh)
	if err != nil {
		return err
	}
	name := path.Base(fh.Filename)
	if len(data) > importer.MaxTemplateSize {
		return listError(c, fmt.Sprintf("%s is too large: the largest file accepted is %s", name, megabytes(importer.MaxTemplateSize)))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return listError(c, name+" is empty")
	}
	if f := ingest.Detect(data); f.Terraform() || f == ingest.FormatAWSSnapshot {
		res, err := ingest.Import(data, name, ingest.Options{})
		if err != nil {
			return listError(c, err.Error())
		}
		res.Design.Name = baseName(name)
		return srv.createImported(c, team, res.Design, res.Warnings)
	}
	if !isYAMLName(name) && !importer.IsTemplate(data) {
		d, err := design.DecodeBytes(data)
		if err != nil {
			return listError(c, name+": not a vpcboard design or a CloudFormation template: "+err.Error())
		}
		if d.Name == "" {
			d.Name = baseName(name)
		}
		return srv.createImported(c, team, d, nil)
	}
	params, err := importer.Parameters(data, name)
	if err != nil {
		return listError(c, err.Error())
	}
	v := templates.ImportParams{Page: srv.page(c, "Import "+name), Team: team, FileName: name,
		Name: baseName(name), Region: importer.DefaultRegion, Template: string(data)}
	for _, p := range params {
		v.Params = append(v.Params, templates.ImportParam{Name: p.Name, Type: p.Type, Description: p.Description,
			Value: p.Default, Allowed: p.AllowedValues, List: p.List, Required: !p.HasDefault})
	}
	return render(c, http.StatusOK, templates.ImportParamsPage(v))
}

// importTemplate is the second step of pageImport: the template with the
// values of its parameters.
func (srv *Server) importTemplate(c echo.Context, team string) error {
	form := c.Request().MultipartForm.Value
	data := []byte(c.FormValue("template_text"))
	name := path.Base(c.FormValue("filename"))
	params := map[string]string{}
	for k, vs := range form {
		if p, ok := strings.CutPrefix(k, "param."); ok && len(vs) > 0 && strings.TrimSpace(vs[0]) != "" {
			params[p] = strings.TrimSpace(vs[0])
		}
	}
	res, err := importer.Import(bytes.NewReader(data), name, importer.Options{Params: params, Region: strings.TrimSpace(c.FormValue("region"))})
	if err != nil {
		return listError(c, err.Error())
	}
	if errs := design.Check(res.Design); len(errs) > 0 {
		return listError(c, errs[0].Error())
	}
	if n := strings.TrimSpace(c.FormValue("name")); n != "" {
		if len(n) > 200 {
			return listError(c, "a design needs a name of 1 to 200 characters")
		}
		res.Design.Name = n
	}
	return srv.createImported(c, team, res.Design, res.Warnings)
}

// createImported stores an imported design and opens it; the importer's
// notes wait in the session for the designer's first showing of it.
func (srv *Server) createImported(c echo.Context, team string, d *design.Design, notes []string) error {
	if errs := design.Check(d); len(errs) > 0 {
		return listError(c, errs[0].Error())
	}
	info, err := srv.store.CreateDesign(c.Request().Context(), team, d, author(c))
	if err != nil {
		return err
	}
	if len(notes) > 0 {
		worded := make([]string, len(notes))
		for i, n := range notes {
			worded[i] = pageNote(n)
		}
		srv.sessions.Put(c.Request().Context(), importNotesKey(info), strings.Join(worded, "\n"))
	}
	return c.Redirect(http.StatusSeeOther, "/designs/"+info.ID)
}

// importNotes returns, once, the notes of the import that made the
// design of info.
func (srv *Server) importNotes(c echo.Context, info store.Info) []string {
	if principalOf(c).session == "" {
		return nil // a token's request, without a session
	}
	s := srv.sessions.PopString(c.Request().Context(), importNotesKey(info))
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func importNotesKey(info store.Info) string { return "import-notes:" + info.ID }

// cliParam is how the importer tells the command line to give a
// parameter a value.
var cliParam = regexp.MustCompile(`pass --param ([^= ]+)=\.\.\.`)

// pageNote words an importer's note for the page, where parameters are
// given in the import's form rather than with --param.
func pageNote(n string) string {
	return cliParam.ReplaceAllString(strings.ReplaceAll(n, "\n", " "), "give $1 a value in the import's parameters form")
}

// baseName is a file's name without its extensions (.template.yaml).
func baseName(name string) string {
	for ext := path.Ext(name); ext != "" && ext != name; ext = path.Ext(name) {
		name = strings.TrimSuffix(name, ext)
	}
	return name
}

// isYAMLName reports whether a file's name says it is YAML, which only
// templates are.
func isYAMLName(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".yaml", ".yml":
		return true
	}
	return false
}
