// Package web is the HTTP face of vpcboard: the JSON API under /api/v1
// (and, in later issues, the pages and the websockets). Handlers are thin:
// decode, call the core or the store, encode. One error handler maps the
// store's and the core's sentinels to status codes and to the error body
// {"error":{"code":"...","message":"...","field":"..."}}.
package web
