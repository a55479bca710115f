package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/vpcboard/vpcboard/internal/design"
)

// opsRequest is the body of POST /designs/{id}/ops.
type opsRequest struct {
	BaseVersion *int64      `json:"base_version"`
	Ops         []design.Op `json:"ops"`
}

// maxOps bounds one batch.
const maxOps = 10000

// designOps applies a batch of ops from a base version: 200 with the new
// version, 409 with the current state of the resources changed since the
// base, 422 naming the field of an op the design refuses.
func (srv *Server) designOps(c echo.Context) error {
	var req opsRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	switch {
	case req.BaseVersion == nil:
		return badRequest("base_version", "missing base_version (the version the edit is based on)")
	case len(req.Ops) == 0:
		return badRequest("ops", "no ops")
	case len(req.Ops) > maxOps:
		return badRequest("ops", "%d ops; at most %d in one batch", len(req.Ops), maxOps)
	}
	for i, o := range req.Ops {
		if o.Op != design.OpPut && o.Op != design.OpDelete {
			return apiErrorf(http.StatusUnprocessableEntity, "invalid", "ops["+itoa(i)+"].op", "%q is not an op (want put or delete)", string(o.Op))
		}
		if o.Op == design.OpPut && o.Cascade {
			return apiErrorf(http.StatusUnprocessableEntity, "invalid", "ops["+itoa(i)+"].cascade", "cascade applies to delete")
		}
	}
	rev, err := srv.store.Apply(c.Request().Context(), c.Param("id"), *req.BaseVersion, req.Ops, author(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"version": rev.Version, "summary": rev.Summary, "ops": rev.Ops})
}
