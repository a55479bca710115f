package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/puddle/v2"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/importer"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/web/templates"
)

// apiError is an error with its HTTP status and the body's fields.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// limit is the limit a too_large body went over, in bytes.
	limit int64
	// extra is merged into the body beside "error" (a conflict's current
	// state).
	extra map[string]any
}

func (e *apiError) Error() string { return e.Message }

func apiErrorf(status int, code, field, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// handleError writes every error as {"error":{...}}: the sentinels of the
// store and the core by their meaning, echo's own (404 route, 405) as they
// are, anything else as 500 without its details.
func (srv *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	ae := srv.classify(err)
	if ae.Status == http.StatusServiceUnavailable && c.Response().Header().Get("Retry-After") == "" {
		// Unavailable for now: the database (or the work) may answer
		// again in a few seconds.
		c.Response().Header().Set("Retry-After", outageRetryAfter)
	}
	if ae.Status >= 500 {
		srv.log.ErrorContext(c.Request().Context(), "internal error", "error", err.Error(), "path", loggedPath(c))
	}
	body := map[string]any{"error": ae}
	for k, v := range ae.extra {
		body[k] = v
	}
	r := c.Request()
	switch {
	case r.Method == http.MethodHead:
		err = c.NoContent(ae.Status)
	case !answersPages(r.URL.Path):
		err = c.JSON(ae.Status, body)
	case r.Header.Get("HX-Request") != "":
		// A request of the page's own script: a fragment it shows in the
		// page (web/static/page.js).
		err = render(c, ae.Status, templates.ErrorFragment(errorView(ae)))
	default:
		// A page or a form a person opened or sent: a page, never JSON.
		err = render(c, ae.Status, templates.RequestErrorPage(srv.page(c, http.StatusText(ae.Status)), errorView(ae)))
	}
	if err != nil {
		srv.log.ErrorContext(c.Request().Context(), "write error response", "error", err.Error())
	}
}

// answersPages reports whether the route of path is the page's: all but
// the API and the probes, which answer JSON.
func answersPages(path string) bool {
	return !strings.HasPrefix(path, "/api/") && path != "/healthz" && path != "/readyz"
}

func errorView(ae *apiError) templates.ErrorView {
	return templates.ErrorView{Title: http.StatusText(ae.Status), Message: pageMessage(ae), Code: ae.Code, Field: ae.Field}
}

// pageMessage words an error for a person at the page: a body over the
// limit is a file too large, in megabytes.
func pageMessage(ae *apiError) string {
	if ae.Code == "too_large" {
		return fmt.Sprintf("The file is too large: the largest accepted is %s.", megabytes(ae.limit))
	}
	return ae.Message
}

// megabytes words n bytes for people.
func megabytes(n int64) string {
	if n <= 0 {
		return "the server's limit"
	}
	return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
}

func (srv *Server) classify(err error) *apiError {
	var ae *apiError
	var fe *design.FieldError
	var ce *store.ConflictError
	var be *store.BaseError
	var ie *importer.Error
	var he *echo.HTTPError
	var mbe *http.MaxBytesError
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &ce):
		return &apiError{Status: http.StatusConflict, Code: "conflict", Message: ce.Error(),
			extra: map[string]any{"version": ce.Version, "current": ce.Current, "changed": ce.Changed}}
	case errors.As(err, &be):
		return &apiError{Status: http.StatusConflict, Code: "bad_base_version", Field: "base_version", Message: be.Error(),
			extra: map[string]any{"version": be.Version}}
	case errors.As(err, &fe):
		return &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: fe.Path, Message: fe.Error()}
	case errors.As(err, &ie):
		return &apiError{Status: http.StatusUnprocessableEntity, Code: "bad_template", Field: ie.Path, Message: ie.Error()}
	case errors.Is(err, store.ErrNotFound):
		return &apiError{Status: http.StatusNotFound, Code: "not_found", Message: "no such design or version"}
	case errors.As(err, &mbe):
		return &apiError{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Field: "body", limit: mbe.Limit,
			Message: fmt.Sprintf("the body is larger than the limit of %d bytes", mbe.Limit)}
	case errors.As(err, &se), errors.As(err, &te):
		return &apiError{Status: http.StatusBadRequest, Code: "bad_json", Field: "body", Message: "malformed JSON: " + err.Error()}
	case errors.Is(err, context.DeadlineExceeded):
		return &apiError{Status: http.StatusServiceUnavailable, Code: "timeout", Message: "the request took too long"}
	case srv.databaseDown(err):
		return &apiError{Status: http.StatusServiceUnavailable, Code: "unavailable",
			Message: "the database is unavailable: try again in a few seconds"}
	case errors.As(err, &he):
		msg := http.StatusText(he.Code)
		if m, ok := he.Message.(string); ok {
			msg = m
		}
		return &apiError{Status: he.Code, Code: codeOf(he.Code), Message: msg}
	}
	return &apiError{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error"}
}

func codeOf(status int) string {
	switch status {
	case http.StatusNotFound:
		return "not_found"
	case http.StatusMethodNotAllowed:
		return "method_not_allowed"
	case http.StatusRequestEntityTooLarge:
		return "too_large"
	}
	if status < 500 {
		return "bad_request"
	}
	return "internal"
}

// outageRetryAfter is the Retry-After of a 503 for an unavailable database, in seconds: the LISTEN
// connection retries within 5 s too.
const outageRetryAfter = "5"

// databaseDown reports whether err says the database cannot be reached,
// rather than that it refused a statement: a connection that could not be
// made (refused, or the database not accepting connections), the server
// shutting down or out of connection slots, the pool closed; or a
// connection lost (EOF, a network error) while the database does not
// answer a ping now either (an EOF may also come from a decoder).
func (srv *Server) databaseDown(err error) bool {
	var ce *pgconn.ConnectError
	var pe *pgconn.PgError
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return false // the client went away
	case errors.As(err, &ce), errors.Is(err, puddle.ErrClosedPool), pgconn.SafeToRetry(err):
		return true
	case errors.As(err, &pe):
		// Class 08: connection exception; 57P01-03: admin shutdown, crash
		// shutdown, cannot connect now; 53300: too many connections.
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03" ||
			pe.Code == "53300"
	case errors.As(err, &ne), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		return srv.store.Ping(ctx) != nil
	}
	return false
}
