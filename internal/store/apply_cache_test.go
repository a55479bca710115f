package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/internal/store/storetest"
)

// Edits after the first reuse the document decoded for the version before
// them: a run of edits decodes the stored document once.
func TestApplyDecodesOnce(t *testing.T) {
	s, _ := storetest.New(t)
	info, err := s.CreateDesign(ctx, storetest.Team, example(t), "ana")
	if err != nil {
		t.Fatal(err)
	}
	before := s.Decodes()
	v := info.Version
	for i := range 10 {
		rev, err := s.Apply(ctx, info.ID, v, []design.Op{putSubnet(fmt.Sprintf("x%d", i), fmt.Sprintf("10.0.%d.0/24", 100+i))}, "ana")
		if err != nil {
			t.Fatal(err)
		}
		v = rev.Version
	}
	if n := s.Decodes() - before; n != 1 {
		t.Errorf("10 edits decoded the stored document %d times; want 1", n)
	}
	_, d, err := s.Design(ctx, info.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if _, ok := d.Lookup(fmt.Sprintf("x%d", i)); !ok {
			t.Errorf("subnet x%d missing from the stored document", i)
		}
	}
}

// An edit that fails after the design applied it (its transaction rolled
// back) or that the design refuses leaves nothing of it in the next edit
// from the same version: the decoded document kept for a version is never
// the one an edit changes.
func TestApplyCachedVersionDoesNotLeak(t *testing.T) {
	s, _ := storetest.New(t)
	info, err := s.CreateDesign(ctx, storetest.Team, example(t), "ana")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, info.ID, 1, []design.Op{putSubnet("first", "10.0.100.0/24")}, "ana"); err != nil {
		t.Fatal(err)
	}
	broken := errors.New("broken after the write")
	s.SetAfterWrite(func(context.Context, pgx.Tx) error { return broken })
	if _, err := s.Apply(ctx, info.ID, 2, []design.Op{putSubnet("rolled-back", "10.0.101.0/24")}, "ana"); !errors.Is(err, broken) {
		t.Fatalf("Apply with a failing write = %v; want %v", err, broken)
	}
	s.SetAfterWrite(nil)
	refused := []design.Op{putSubnet("refused", "10.0.102.0/24"), putSubnet("bad", "10.0.300.0/24")}
	if _, err := s.Apply(ctx, info.ID, 2, refused, "ana"); err == nil {
		t.Fatal("Apply of a bad batch succeeded")
	}
	rev, err := s.Apply(ctx, info.ID, 2, []design.Op{putSubnet("second", "10.0.103.0/24")}, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if rev.Version != 3 {
		t.Errorf("version %d after the edit; want 3", rev.Version)
	}
	// The next edit uses the document kept from the last one.
	if _, err := s.Apply(ctx, info.ID, 3, []design.Op{putSubnet("third", "10.0.104.0/24")}, "ana"); err != nil {
		t.Fatal(err)
	}
	_, d, err := s.Design(ctx, info.ID)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]bool{"first": true, "second": true, "third": true, "rolled-back": false, "refused": false} {
		if _, ok := d.Lookup(id); ok != want {
			t.Errorf("subnet %s in the stored document: %v; want %v", id, ok, want)
		}
	}
	replayed, err := s.DesignAt(ctx, info.ID, 4)
	if err != nil {
		t.Fatal(err)
	}
	if mustJSON(t, replayed) != mustJSON(t, d) {
		t.Error("the stored document differs from the revision log replayed")
	}
}

// Another store on the same database (another replica) editing between
// two edits of this one: the kept document is for an older version, so
// this store decodes the current one and loses nothing.
func TestApplyAfterAnotherReplica(t *testing.T) {
	s, dbURL := storetest.New(t)
	other, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	info, err := s.CreateDesign(ctx, storetest.Team, example(t), "ana")
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		s  *store.Store
		id string
	}{{s, "a"}, {other, "b"}, {s, "c"}, {other, "d"}, {s, "e"}}
	for i, st := range steps {
		if _, err := st.s.Apply(ctx, info.ID, int64(i+1), []design.Op{putSubnet(st.id, fmt.Sprintf("10.0.%d.0/24", 100+i))}, "ana"); err != nil {
			t.Fatalf("edit %s: %v", st.id, err)
		}
	}
	_, d, err := s.Design(ctx, info.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		if _, ok := d.Lookup(st.id); !ok {
			t.Errorf("subnet %s lost", st.id)
		}
	}
}

// BenchmarkApply is one editor's edit of a design like those of loadgen
// ops: a VPC of ~30 subnets, each edit putting or deleting a subnet.
func BenchmarkApply(b *testing.B) {
	s, _ := storetest.New(b)
	d := design.New("bench")
	d.Region = "us-east-1"
	v := &design.VPC{CIDR: "10.0.0.0/8"}
	v.ID = "vpc"
	if err := design.Apply(d, design.NewVPCOps(v)...); err != nil {
		b.Fatal(err)
	}
	sub := func(i int) *design.Subnet {
		s := &design.Subnet{VPC: "vpc", AZ: "us-east-1a", CIDR: fmt.Sprintf("10.%d.%d.0/24", i/256%256, i%256)}
		s.ID = fmt.Sprintf("s%d", i)
		return s
	}
	for i := range 30 {
		if err := design.Apply(d, design.Put(sub(i))); err != nil {
			b.Fatal(err)
		}
	}
	info, err := s.CreateDesign(ctx, storetest.Team, d, "ana")
	if err != nil {
		b.Fatal(err)
	}
	version := info.Version
	n := 30
	for b.Loop() {
		op := design.Put(sub(n))
		if n%2 == 1 {
			op = design.Op{Op: design.OpDelete, Kind: design.KindSubnet, ID: fmt.Sprintf("s%d", n-1)}
		}
		rev, err := s.Apply(ctx, info.ID, version, []design.Op{op}, "ana")
		if err != nil {
			b.Fatal(err)
		}
		version = rev.Version
		n++
	}
}

// A cascading delete from an old base conflicts with a later change of a
// resource the cascade changes, though the op does not name it.
func TestApplyCascadeConflicts(t *testing.T) {
	s, _ := storetest.New(t)
	info, err := s.CreateDesign(ctx, storetest.Team, example(t), "ana")
	if err != nil {
		t.Fatal(err)
	}
	rt := design.Op{Op: design.OpPut, Kind: design.KindRouteTable, ID: "data-rt",
		Value: []byte(`{"vpc":"web-vpc","subnets":["data-a","data-b"],"tags":{"Owner":"bo"}}`)}
	if _, err := s.Apply(ctx, info.ID, 1, []design.Op{rt}, "bo"); err != nil {
		t.Fatal(err)
	}
	del := design.Op{Op: design.OpDelete, Kind: design.KindSubnet, ID: "data-a", Cascade: true}
	_, err = s.Apply(ctx, info.ID, 1, []design.Op{del}, "ana")
	var ce *store.ConflictError
	if !errors.As(err, &ce) || ce.Changed["data-rt"] != 2 {
		t.Fatalf("cascading delete from version 1 = %v; want a conflict on data-rt, changed at 2", err)
	}
	if _, err := s.Apply(ctx, info.ID, 2, []design.Op{del}, "ana"); err != nil {
		t.Errorf("the same delete from version 2 = %v; want it applied", err)
	}
}

// Readers of a version share its decoded document (DesignShared): a second
// read of the version is the same document, not decoded again; an edit
// makes the next read the new version, which an edit through Apply does
// not change in place; a deleted design is not found.
func TestDesignSharedPerVersion(t *testing.T) {
	s, _ := storetest.New(t)
	info, err := s.CreateDesign(ctx, storetest.Team, example(t), "ana")
	if err != nil {
		t.Fatal(err)
	}
	_, first, err := s.DesignShared(ctx, info.ID)
	if err != nil {
		t.Fatal(err)
	}
	got, again, err := s.DesignShared(ctx, info.ID)
	if err != nil || again != first || got.Version != info.Version {
		t.Fatalf("a second read of version %d: %v, the same document %v, version %d; want the same document", info.Version, err, again == first, got.Version)
	}
	if _, err := s.Apply(ctx, info.ID, info.Version, []design.Op{putSubnet("later", "10.0.100.0/24")}, "ana"); err != nil {
		t.Fatal(err)
	}
	if _, ok := first.Lookup("later"); ok {
		t.Error("the edit changed the shared document of the version before it")
	}
	got, next, err := s.DesignShared(ctx, info.ID)
	if err != nil || got.Version != info.Version+1 || next == first {
		t.Fatalf("after an edit: %v, version %d, a new document %v", err, got.Version, next != first)
	}
	if _, ok := next.Lookup("later"); !ok {
		t.Error("the read after the edit does not hold the edit")
	}
	if err := s.DeleteDesign(ctx, info.ID, "ana"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.DesignShared(ctx, info.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a deleted design: %v; want ErrNotFound", err)
	}
}

// An edit starts from the version its readers share, and its new version
// is shared with them as the edit left it: neither the first edit after a
// read nor the first read after the edit decodes the document.
func TestDesignSharedAfterAnEditDecodesNothing(t *testing.T) {
	s, _ := storetest.New(t)
	info, err := s.CreateDesign(ctx, storetest.Team, example(t), "ana")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.DesignShared(ctx, info.ID); err != nil {
		t.Fatal(err)
	}
	decodes := s.Decodes()
	rev, err := s.Apply(ctx, info.ID, info.Version, []design.Op{putSubnet("later", "10.0.100.0/24")}, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if n := s.Decodes() - decodes; n != 0 {
		t.Errorf("the first edit after a read decoded the document %d times; want 0", n)
	}
	before := s.SharedDecodes()
	got, d, err := s.DesignShared(ctx, info.ID)
	if err != nil || got.Version != rev.Version {
		t.Fatalf("after the edit: %v, version %d; want %d", err, got.Version, rev.Version)
	}
	if _, ok := d.Lookup("later"); !ok {
		t.Error("the read after the edit does not hold it")
	}
	if n := s.SharedDecodes() - before; n != 0 {
		t.Errorf("the first read after an edit decoded the document %d times; want 0", n)
	}
}
