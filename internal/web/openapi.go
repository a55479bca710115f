package web

import (
	_ "embed"
	"net/http"

	"github.com/labstack/echo/v4"
)

// openAPIDoc describes every route; TestOpenAPICoversRoutes keeps it
// true.
//
//go:embed openapi.json
var openAPIDoc []byte

func (srv *Server) openAPI(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, openAPIDoc)
}
