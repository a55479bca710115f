package importer

// MaxTemplateSize is the largest template Import reads, in bytes.
// CloudFormation itself accepts at most 1 MB; anything larger is refused
// before it is parsed.
const MaxTemplateSize = 4 << 20

// errTooLarge is the error for a template over MaxTemplateSize.
func errTooLarge() *Error {
	return errorf(0, "larger than the %d MiB limit for a template (CloudFormation's own limit is 1 MB)", MaxTemplateSize>>20)
}

// The caps on the work one import may do, so that a small hostile template
// (YAML aliases, Fn::ForEach, deep nesting) cannot exhaust memory or time.
const (
	// maxNodes caps the values of the template after alias and Fn::ForEach
	// expansion.
	maxNodes = 1_000_000
	// maxDepth caps nesting.
	maxDepth = 256
	// maxSteps caps evaluation steps (one per value evaluated).
	maxSteps = 5_000_000
	// maxString caps the length of a string built by Fn::Join or Fn::Sub.
	maxString = 1 << 20
	// maxBytes caps the bytes of all the strings built by functions.
	maxBytes = 64 << 20
)

// budget counts the work of one import against the caps.
type budget struct {
	nodes int
	steps int
	bytes int
}

// node counts one template value.
func (b *budget) node(line int) error {
	b.nodes++
	if b.nodes > maxNodes {
		return errorf(line, "template expands to more than %d values (YAML aliases or Fn::ForEach); refusing to import it", maxNodes)
	}
	return nil
}

// step counts one evaluation step.
func (b *budget) step(line int) error {
	b.steps++
	if b.steps > maxSteps {
		return errorf(line, "template needs more than %d evaluation steps; refusing to import it", maxSteps)
	}
	return nil
}

// built counts n values made by a function (Fn::Split, Fn::Cidr, Fn::GetAZs)
// and size bytes of strings.
func (b *budget) built(line, n, size int) error {
	b.nodes += n
	b.bytes += size
	switch {
	case b.nodes > maxNodes:
		return errorf(line, "template evaluates to more than %d values; refusing to import it", maxNodes)
	case b.bytes > maxBytes:
		return errorf(line, "template builds more than %d MiB of strings; refusing to import it", maxBytes>>20)
	}
	return nil
}
