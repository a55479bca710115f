package export

import "sync"

// resources are the resources of a template in the order they are written,
// with what the split needs of each: its JSON text (as a member of
// Resources) and its references. An encoder goroutine takes them from the
// writer in batches, while they are fresh in memory, so that with more
// than one core writing and encoding overlap.
type resources struct {
	all     []*written
	index   map[string]int // logical ID -> position, made by resolve
	written arena[written]
	// resources are the resources the writer makes (newResource), which
	// the written records point to.
	resources arena[resource]
	ints      arena[int] // the split's scratch
	batch     []*written // added, not yet handed to the encoder
	batches   chan []*written
	done      chan struct{} // closed when all are encoded
	enc       encoder       // the encoder goroutine's
}

// batchSize is the number of resources handed to the encoder at a time.
const batchSize = 64

// An encoder writes the texts of resources and takes their references.
type encoder struct {
	texts []byte // the last block of texts
	// pooled are the blocks of maxTextBlock bytes taken from textBlocks,
	// handed back by release.
	pooled []*[]byte
	links  arena[link]
	refs   []link // the references of the resource being encoded
}

// The texts of resources are written to blocks, a new one when the last
// has less than textRoom left: twice as large as the last, up to
// maxTextBlock bytes.
const (
	maxTextBlock = 256 << 10
	textRoom     = 16 << 10
)

// A resource is one resource of a template, written as the object
// {"Type": ..., "Metadata": ..., "DependsOn": ..., "Properties": ...}
// without the keys it has no value for.
type resource struct {
	typ string
	// id is the design ID, which the resource's Metadata holds as
	// {"vpcboard": {"id": ...}} (written without building that object,
	// as every resource of the design has it); "" for the resources the
	// export adds.
	id string
	// facts are the other keys of Metadata's vpcboard (a subnet's tier,
	// an instance's OS), nil for none.
	facts     *object
	dependsOn []string // written as a string when there is one
	// policy is the DeletionPolicy and UpdateReplacePolicy, "" for
	// CloudFormation's default (Delete).
	policy string
	props  *object
}

// object returns r as the object it is written as.
func (r *resource) object() *object {
	var deps any
	switch len(r.dependsOn) {
	case 0:
	case 1:
		deps = r.dependsOn[0]
	default:
		deps = strList(r.dependsOn)
	}
	var policy any
	if r.policy != "" {
		policy = r.policy
	}
	return obj("Type", r.typ, "Metadata", r.metadata(), "DependsOn", deps, "DeletionPolicy", policy, "UpdateReplacePolicy", policy, "Properties", r.props)
}

// metadata returns r's Metadata as the object it is written as, nil when
// it has none.
func (r *resource) metadata() *object {
	if r.id == "" && r.facts == nil {
		return nil
	}
	vb := withRoom(1 + r.facts.len())
	if r.id != "" {
		vb.push("id", r.id)
	}
	if r.facts != nil {
		for _, m := range r.facts.members {
			vb.set(m.key, m.val)
		}
	}
	return obj("vpcboard", vb)
}

// written is one resource of a template. The writer sets the resource and
// its logical ID; the encoder its text, links and vpc, which are read once
// close has returned.
type written struct {
	encoded // the resource and its JSON text at depth 2
	res     *resource
	logical string
	links   []link
	vpc     bool // whether it is a VPC
}

// A link is one reference of a resource and, once resolved, the position
// of its target among the template's resources, -1 when it is not one of
// them (a parameter, a pseudo parameter).
type link struct {
	ref
	at int
}

// newResources starts the encoder of the resources of a template, which
// ends with close.
func newResources() *resources {
	rs := &resources{written: arena[written]{size: writtenBlock, pool: writtenBlocks}, batches: make(chan []*written, 4), done: make(chan struct{})}
	rs.enc.links = arena[link]{size: linkBlock, pool: linkBlocks}
	rs.resources = arena[resource]{size: resourceBlock, pool: resourceBlocks}
	rs.ints = arena[int]{size: intBlock, pool: intBlocks}
	go func() {
		defer close(rs.done)
		for batch := range rs.batches {
			for _, w := range batch {
				rs.enc.encode(w)
			}
		}
	}()
	return rs
}

func (rs *resources) len() int { return len(rs.all) }

// add appends resource r as logical, which the template does not have yet.
// r is not to be changed afterwards: the encoder reads it.
func (rs *resources) add(logical string, r *resource) {
	w := rs.written.new()
	w.encoded.v, w.res, w.logical = r, r, logical
	rs.all = append(rs.all, w)
	rs.batch = append(rs.batch, w)
	if len(rs.batch) == batchSize {
		rs.batches <- rs.batch
		rs.batch = make([]*written, 0, batchSize)
	}
}

// close hands the last resources to the encoder and waits until it has
// encoded them all; the texts and references are then complete.
func (rs *resources) close() {
	if len(rs.batch) > 0 {
		rs.batches <- rs.batch
		rs.batch = nil
	}
	close(rs.batches)
	<-rs.done
}

// encode writes the text of w and takes its references.
func (e *encoder) encode(w *written) {
	if cap(e.texts)-len(e.texts) < textRoom {
		e.texts = e.block(min(maxTextBlock, max(4*textRoom, 2*cap(e.texts))))
	}
	start := len(e.texts)
	e.texts = appendValue(e.texts, w.res, 2, asWritten)
	w.text = e.texts[start:len(e.texts):len(e.texts)]
	e.refs = e.refs[:0]
	walkRefs(w.res, func(x ref) { e.refs = append(e.refs, link{x, -1}) })
	w.links = e.links.copy(e.refs)
	w.vpc = w.res.typ == "AWS::EC2::VPC"
}

// textBlocks are blocks of maxTextBlock bytes for the texts of resources,
// which are dead once the templates are written: the base design's texts
// are ~7 MB an export, which the collector counted against its goal and
// the runtime zeroed when they were new allocations.
var textBlocks = sync.Pool{New: func() any { b := make([]byte, 0, maxTextBlock); return &b }}

// block returns an empty block of n bytes, from textBlocks when n is
// maxTextBlock.
func (e *encoder) block(n int) []byte {
	if n != maxTextBlock {
		return make([]byte, 0, n)
	}
	b := textBlocks.Get().(*[]byte)
	e.pooled = append(e.pooled, b)
	return (*b)[:0]
}

// release hands the blocks of texts and of the arenas back to their pools
// once nothing reads the resources any more: the templates are written.
func (rs *resources) release() {
	for _, b := range rs.enc.pooled {
		textBlocks.Put(b)
	}
	rs.enc.pooled = nil
	rs.written.release()
	rs.resources.release()
	rs.ints.release()
	rs.enc.links.release()
	if rs.index != nil {
		clear(rs.index)
		indexMaps.Put(rs.index)
		rs.index = nil
	}
}

// indexMaps are cleared maps for the index of resolve, which keep their
// room for the next export (~20,000 logical IDs, ~1 MB, for the base
// design).
var indexMaps sync.Pool

// object returns the Resources object of a template: logical ID -> the
// resource with its text.
func (rs *resources) object() *object {
	o := &object{members: make([]member, len(rs.all))}
	for i, w := range rs.all {
		o.members[i] = member{w.logical, &w.encoded}
	}
	return o
}

// resolve finds the position of the target of each reference.
func (rs *resources) resolve() {
	if m, ok := indexMaps.Get().(map[string]int); ok {
		rs.index = m
	} else {
		rs.index = make(map[string]int, rs.len())
	}
	for i, w := range rs.all {
		rs.index[w.logical] = i
	}
	for _, w := range rs.all {
		for k := range w.links {
			w.links[k].at = rs.position(w.links[k].target)
		}
	}
}

// position returns the position of the resource logical, -1 for none; the
// references must be resolved.
func (rs *resources) position(logical string) int {
	if i, ok := rs.index[logical]; ok {
		return i
	}
	return -1
}

// arena hands out copies of slices cut from large blocks: many small
// slices for few allocations, and none copied again as more are added.
// With a pool, its blocks come from the pool and go back, cleared, on
// release.
type arena[T any] struct {
	block []T        // the last block, used up to its length
	size  int        // of a block
	pool  *sync.Pool // of *[]T of size, nil for none
	taken []*[]T     // the blocks taken from pool
}

// newBlock returns an empty block of n Ts (zero up to its capacity).
func (a *arena[T]) newBlock(n int) []T {
	if a.pool == nil || n != a.size {
		return make([]T, 0, n)
	}
	p := a.pool.Get().(*[]T)
	a.taken = append(a.taken, p)
	return *p
}

// release clears the blocks taken from the pool and hands them back,
// once nothing reads what the arena handed out.
func (a *arena[T]) release() {
	for _, p := range a.taken {
		clear((*p)[:cap(*p)])
		a.pool.Put(p)
	}
	a.taken, a.block = nil, nil
}

// blockPool returns a pool of blocks of n Ts.
func blockPool[T any](n int) *sync.Pool {
	return &sync.Pool{New: func() any { b := make([]T, 0, n); return &b }}
}

// Pools of the blocks of the arenas of resources, which are dead once the
// templates are written (~5 MB an export of the base design).
var (
	writtenBlocks  = blockPool[written](writtenBlock)
	linkBlocks     = blockPool[link](linkBlock)
	resourceBlocks = blockPool[resource](resourceBlock)
	intBlocks      = blockPool[int](intBlock)
)

const (
	writtenBlock  = 1 << 10
	linkBlock     = 4 << 10
	resourceBlock = 1 << 10
	intBlock      = 32 << 10
)

// new returns a new zero T in the arena.
func (a *arena[T]) new() *T {
	if len(a.block) == cap(a.block) {
		a.block = a.newBlock(a.size)
	}
	a.block = a.block[:len(a.block)+1]
	return &a.block[len(a.block)-1]
}

// make returns n zero Ts in the arena.
func (a *arena[T]) make(n int) []T {
	if len(a.block)+n > cap(a.block) {
		a.block = a.newBlock(max(a.size, n))
	}
	a.block = a.block[:len(a.block)+n]
	return a.block[len(a.block)-n : len(a.block) : len(a.block)]
}

// copy returns a copy of s in the arena.
func (a *arena[T]) copy(s []T) []T {
	if len(s) == 0 {
		return nil
	}
	if len(a.block)+len(s) > cap(a.block) {
		a.block = a.newBlock(max(a.size, len(s)))
	}
	a.block = append(a.block, s...)
	return a.block[len(a.block)-len(s) : len(a.block) : len(a.block)]
}
