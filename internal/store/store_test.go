package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/vpcboard/vpcboard/migrations"

	"github.com/vpcboard/vpcboard/internal/design"
	"github.com/vpcboard/vpcboard/internal/store"
	"github.com/vpcboard/vpcboard/internal/store/storetest"
)

var ctx = context.Background()

func example(t testing.TB) *design.Design {
	t.Helper()
	data, err := os.ReadFile("../../examples/three-tier.json")
	if err != nil {
		t.Fatal(err)
	}
	d, err := design.DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func putSubnet(id, cidr string) design.Op {
	s := &design.Subnet{VPC: "web-vpc", AZ: "us-east-1a", CIDR: cidr}
	s.ID = id
	return design.Put(s)
}

func mustJSON(t testing.TB, d *design.Design) string {
	t.Helper()
	b, err := design.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCreateGetListDelete(t *testing.T) {
	s, _ := storetest.New(t)
	d := example(t)
	info, err := s.CreateDesign(ctx, storetest.Team, d, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if info.Version != 1 || info.ID == "" || info.Name != d.Name {
		t.Errorf("CreateDesign = %+v; want version 1, an ID and the name", info)
	}
	got, gd, err := s.Design(ctx, info.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 1 || mustJSON(t, gd) != mustJSON(t, d) {
		t.Errorf("Design(%s) = version %d and a different document; want what was stored", info.ID, got.Version)
	}
	list, err := s.Designs(ctx, []string{storetest.Team})
	if err != nil || len(list) != 1 || list[0].ID != info.ID {
		t.Errorf("Designs = %v, %v; want the one design", list, err)
	}
	revs, err := s.Revisions(ctx, info.ID)
	if err != nil || len(revs) != 1 || revs[0].Author != "ana" {
		t.Errorf("Revisions = %+v, %v; want the creation by ana", revs, err)
	}
	if err := s.DeleteDesign(ctx, info.ID, "ana"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Design(ctx, info.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Design after delete = %v; want ErrNotFound", err)
	}
	if err := s.DeleteDesign(ctx, info.ID, "ana"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second DeleteDesign = %v; want ErrNotFound", err)
	}
	if _, err := s.Apply(ctx, "nope", 1, []design.Op{putSubnet("x", "10.0.99.0/24")}, "ana"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Apply to a missing design = %v; want ErrNotFound", err)
	}
}

// Two editors from the same base version: edits of different resources
// both land; edits of the same resource, exactly one does and the others
// get a conflict with the resource's current state.
func TestConcurrentEdits(t *testing.T) {
	s, _ := storetest.New(t)
	info, err := s.CreateDesign(ctx, storetest.Team, example(t), "ana")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, info.ID, 1, []design.Op{putSubnet("x-a", "10.0.100.0/24")}, "ana"); err != nil {
		t.Fatalf("ana: %v", err)
	}
	if _, err := s.Apply(ctx, info.ID, 1, []design.Op{putSubnet("x-b", "10.0.101.0/24")}, "bo"); err != nil {
		t.Fatalf("bo, on another resource from the same base: %v", err)
	}
	const editors = 8
	var wg sync.WaitGroup
	errs := make([]error, editors)
	for i := range editors {
		wg.Go(func() {
			_, errs[i] = s.Apply(ctx, info.ID, 3, []design.Op{putSubnet("x-a", fmt.Sprintf("10.0.%d.0/24", 110+i))}, fmt.Sprint("editor", i))
		})
	}
	wg.Wait()
	ok, conflicts := 0, 0
	for _, err := range errs {
		var ce *store.ConflictError
		switch {
		case err == nil:
			ok++
		case errors.As(err, &ce):
			conflicts++
			if _, has := ce.Current["x-a"]; !has || ce.Changed["x-a"] != 4 {
				t.Errorf("conflict %+v; want x-a's current state, changed at version 4", ce)
			}
		default:
			t.Errorf("Apply: %v", err)
		}
	}
	if ok != 1 || conflicts != editors-1 {
		t.Errorf("%d editors on one resource: %d succeeded, %d conflicts; want 1 and %d", editors, ok, conflicts, editors-1)
	}
	revs, _ := s.Revisions(ctx, info.ID)
	if len(revs) != 4 {
		t.Errorf("%d revisions; want 4 (create, two edits, the winner)", len(revs))
	}
	for i, r := range revs {
		if r.Version != int64(i+1) {
			t.Errorf("revision %d has version %d", i, r.Version)
		}
	}
}

// A refused op and an edit from a stale or future base write nothing.
func TestRefusedEditWritesNothing(t *testing.T) {
	s, _ := storetest.New(t)
	info, _ := s.CreateDesign(ctx, storetest.Team, example(t), "ana")
	_, before, _ := s.Design(ctx, info.ID)
	bad := []design.Op{putSubnet("ok", "10.0.120.0/24"), putSubnet("bad", "10.0.300.0/24")}
	_, err := s.Apply(ctx, info.ID, 1, bad, "ana")
	var fe *design.FieldError
	if !errors.As(err, &fe) || fe.Path != "ops[1].subnet[bad].cidr" {
		t.Errorf("Apply of a bad batch = %v; want a field error at ops[1].subnet[bad].cidr", err)
	}
	var be *store.BaseError
	if _, err := s.Apply(ctx, info.ID, 7, []design.Op{putSubnet("ok", "10.0.120.0/24")}, "ana"); !errors.As(err, &be) {
		t.Errorf("Apply from version 7 of a design at 1 = %v; want a BaseError", err)
	}
	got, after, _ := s.Design(ctx, info.ID)
	if got.Version != 1 || mustJSON(t, after) != mustJSON(t, before) {
		t.Errorf("after refused edits: version %d, document changed %v; want version 1 unchanged", got.Version, mustJSON(t, after) != mustJSON(t, before))
	}
}

// A transaction killed half way (its connection terminated after the
// document is written) leaves nothing of it; the next edit works.
func TestKilledApplyWritesNothing(t *testing.T) {
	s, dbURL := storetest.New(t)
	info, _ := s.CreateDesign(ctx, storetest.Team, example(t), "ana")
	if _, err := s.Apply(ctx, info.ID, 1, []design.Op{putSubnet("kept", "10.0.130.0/24")}, "ana"); err != nil {
		t.Fatal(err)
	}
	s.SetAfterWrite(func(ctx context.Context, tx pgx.Tx) error {
		var pid int
		if err := tx.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
			return err
		}
		other, err := pgx.Connect(ctx, dbURL)
		if err != nil {
			return err
		}
		defer other.Close(ctx)
		_, err = other.Exec(ctx, "SELECT pg_terminate_backend($1)", pid)
		return err
	})
	if _, err := s.Apply(ctx, info.ID, 2, []design.Op{putSubnet("lost", "10.0.131.0/24")}, "ana"); err == nil {
		t.Fatal("Apply with its backend killed succeeded")
	}
	s.SetAfterWrite(nil)
	got, d, err := s.Design(ctx, info.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, lost := d.Lookup("lost")
	_, kept := d.Lookup("kept")
	if got.Version != 2 || lost || !kept {
		t.Errorf("after the killed edit: version %d, lost subnet present %v, kept present %v; want 2, false, true", got.Version, lost, kept)
	}
	revs, _ := s.Revisions(ctx, info.ID)
	if len(revs) != 2 {
		t.Errorf("%d revisions after the killed edit; want 2", len(revs))
	}
	if _, err := s.Apply(ctx, info.ID, 2, []design.Op{putSubnet("after", "10.0.132.0/24")}, "ana"); err != nil {
		t.Errorf("the edit after: %v", err)
	}
}

// Every version reads back exactly as it was, across snapshots, and the
// revision log replays to the current document.
func TestEveryVersionReadsBack(t *testing.T) {
	s, _ := storetest.New(t)
	d := example(t)
	info, _ := s.CreateDesign(ctx, storetest.Team, d, "ana")
	want := map[int64]string{1: mustJSON(t, d)}
	r := rand.New(rand.NewPCG(1, 2))
	var ids []string
	v := int64(1)
	for i := 0; v < store.SnapshotEvery*2+7; i++ {
		var op design.Op
		if len(ids) > 0 && r.IntN(3) == 0 {
			k := r.IntN(len(ids))
			op = design.Op{Op: design.OpDelete, ID: ids[k]}
			ids = append(ids[:k], ids[k+1:]...)
		} else {
			id := fmt.Sprintf("n%d", i)
			op = putSubnet(id, fmt.Sprintf("10.0.%d.%d/28", 140+i/16, i%16*16))
			ids = append(ids, id)
		}
		rev, err := s.Apply(ctx, info.ID, v, []design.Op{op}, "ana")
		if err != nil {
			t.Fatalf("op %d: %v", i, err)
		}
		if err := design.Apply(d, op); err != nil {
			t.Fatal(err)
		}
		v = rev.Version
		want[v] = mustJSON(t, d)
	}
	for ver := int64(1); ver <= v; ver++ {
		got, err := s.DesignAt(ctx, info.ID, ver)
		if err != nil {
			t.Fatalf("DesignAt(%d): %v", ver, err)
		}
		if mustJSON(t, got) != want[ver] {
			t.Errorf("DesignAt(%d) differs from the design as it was at %d", ver, ver)
		}
	}
	if _, err := s.DesignAt(ctx, info.ID, v+1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DesignAt(%d) of a design at %d = %v; want ErrNotFound", v+1, v, err)
	}
	// Replaying the whole log from the creation gives the current design.
	revs, _ := s.Revisions(ctx, info.ID)
	replay := example(t)
	for _, rev := range revs[1:] {
		if err := design.Apply(replay, rev.Ops...); err != nil {
			t.Fatalf("replay of %d: %v", rev.Version, err)
		}
	}
	if mustJSON(t, replay) != want[v] {
		t.Error("replaying the revision log does not give the current design")
	}
}

// A cascading delete is recorded as the ops it expanded to, so that the
// revision replays without the cascade logic.
func TestCascadeRecordedExpanded(t *testing.T) {
	s, _ := storetest.New(t)
	info, _ := s.CreateDesign(ctx, storetest.Team, example(t), "ana")
	rev, err := s.Apply(ctx, info.ID, 1, []design.Op{{Op: design.OpDelete, ID: "public-a", Cascade: true}}, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if len(rev.Ops) < 2 {
		t.Fatalf("revision ops = %d; want the expanded cascade", len(rev.Ops))
	}
	for _, o := range rev.Ops {
		if o.Cascade || o.Kind == "" {
			t.Errorf("recorded op %+v; want kinds set and no cascade", o)
		}
	}
	stored, _ := s.Revision(ctx, info.ID, 2)
	var a, b any
	ja, _ := json.Marshal(stored.Ops)
	jb, _ := json.Marshal(rev.Ops)
	json.Unmarshal(ja, &a)
	json.Unmarshal(jb, &b)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("stored ops %s; want %s", ja, jb)
	}
}

// A database of the first schema, with designs, gets access control: its
// designs go to the team "default", which has no members until an
// administrator gives it some.
func TestMigrationGivesOldDesignsATeam(t *testing.T) {
	dbURL := storetest.Database(t)
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO designs (id, name, version, document) VALUES ('old', 'old', 1, '{"format":1}')`); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if team, err := s.DesignTeam(ctx, "old"); err != nil || team != "default" {
		t.Errorf("the old design's team = %q, %v; want default", team, err)
	}
}

// Replicas starting together migrate once; a schema newer than the binary
// is refused; a reopened store has everything.
func TestMigrations(t *testing.T) {
	dbURL := storetest.Database(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	stores := make([]*store.Store, 4)
	for i := range errs {
		wg.Go(func() { stores[i], errs[i] = store.Open(ctx, dbURL) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Open %d: %v", i, err)
		}
		defer stores[i].Close()
	}
	if _, err := stores[0].Pool().Exec(ctx, `INSERT INTO teams (id, name) VALUES ($1, 'T')`, storetest.Team); err != nil {
		t.Fatal(err)
	}
	info, err := stores[0].CreateDesign(ctx, storetest.Team, example(t), "ana")
	if err != nil {
		t.Fatal(err)
	}
	stores[0].Close()
	again, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := again.Design(ctx, info.ID); err != nil {
		t.Errorf("after reopening: %v", err)
	}
	if _, err := again.Pool().Exec(ctx, "INSERT INTO goose_db_version (version_id, is_applied) VALUES (999, true)"); err != nil {
		t.Fatal(err)
	}
	again.Close()
	if _, err := store.Open(ctx, dbURL); !errors.Is(err, store.ErrSchemaTooNew) {
		t.Errorf("Open on a newer schema = %v; want ErrSchemaTooNew", err)
	}
}
