package web

// SetMatrixHook makes h run at the start of every matrix computation, for
// tests that count computations or hold one; it returns the undo.
func SetMatrixHook(h func()) (undo func()) {
	matrixHook.Store(&h)
	return func() { matrixHook.Store(nil) }
}
