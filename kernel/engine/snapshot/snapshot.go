package snapshot

import (
	"fmt"
	"reflect"
	"sort"
	"sync"
	"time"
	"unsafe"
)

// A snapshot frame is a copy of some session variables, taken from the
// interpreter's storage, that a new engine of the same binary reads back
// into its own (restore.go). It keeps sharing: memory is copied as blocks
// (a variable's storage, what a pointer points to, a slice's backing
// array), each once, and every pointer or slice becomes a block and an
// offset, so two variables sharing one slice or pointer share it again
// after the restore. Maps are kept by identity too.
//
// Types are not written out: each is a path from a variable's type (field
// 2 of the element of x's type), which the new engine, whose cells
// declared the same types again, follows in its own (checking the names
// match). Values of types that cannot be copied (chan, func, unsafe
// pointers, non-empty interfaces, a package's struct with unexported
// fields such as sync.Mutex or poolkit.Pool) make their variable lost,
// unless nil.

// Size caps: a variable whose copy is larger is lost; so are those past
// the total (the kernel keeps the total across snapshots too).
const (
	maxKeptVar   = 64 << 20
	MaxKeptTotal = 128 << 20
)

const frameMagic = "GKS1"

// typeStep is one step of a type path.
type typeStep struct {
	parent int    // index in the table, -1 for a variable's type
	step   byte   // 'v' variable, 'e' elem, 'k' map key, 'f' field, 'A' array of, 'r' registry
	arg    int    // field index, array length
	name   string // variable or registry name
	str    string // reflect's String of the type, checked on restore
}

// typeTable numbers the types a frame uses.
type typeTable struct {
	steps  []typeStep
	byType map[reflect.Type]int
}

func (tt *typeTable) add(t reflect.Type, s typeStep) int {
	if id, ok := tt.byType[t]; ok {
		return id
	}
	s.str = t.String()
	tt.steps = append(tt.steps, s)
	id := len(tt.steps) - 1
	tt.byType[t] = id
	return id
}

// object is memory a frame copies: a variable's storage, the target of
// a pointer, or a slice's backing array up to its capacity.
type object struct {
	p      unsafe.Pointer
	lo, hi uintptr
	t      reflect.Type // the type at lo: for a slice, its element type
	tid    int
	slice  bool
	root   int // the variable that first reached it
	isRoot bool
}

// block is overlapping objects merged: one allocation in the new engine,
// of type t (tid).
type block struct {
	p      unsafe.Pointer
	lo, hi uintptr
	t      reflect.Type
	tid    int
	root   int // a variable's own storage, or -1
}

// encoder builds one frame.
type encoder struct {
	tt      typeTable
	roots   []Root
	objs    []object
	seen    map[objKey]int
	maps    map[unsafe.Pointer]int // map → index in mapList
	mapList []mapObj
	blocks  []block
	parent  []int // union-find of roots that share memory
	buf     []byte
	cur     int // the root being walked
	lost    string
}

type objKey struct {
	lo, hi uintptr
	t      reflect.Type
}

type mapObj struct {
	v        reflect.Value
	tid      int
	kid, vid int
	root     int
}

// Root is a variable to copy: its storage.
type Root struct {
	Name string
	V    reflect.Value // addressable
}

var (
	timeType     = reflect.TypeOf(time.Time{})
	durationType = reflect.TypeOf(time.Duration(0))
)

// registry are the dynamic types an any may hold and still be copied.
var registry = func() map[string]reflect.Type {
	m := map[string]reflect.Type{}
	for _, v := range []any{false, 0, int8(0), int16(0), int32(0), int64(0), uint(0), uint8(0), uint16(0),
		uint32(0), uint64(0), uintptr(0), float32(0), float64(0), complex64(0), complex128(0), "",
		time.Duration(0), time.Time{}} {
		t := reflect.TypeOf(v)
		m[t.String()] = t
	}
	return m
}()

// EncodeFrame copies roots. It returns the frame, the variables it could
// not copy with why, the copied size of each variable, and which copied
// variables share memory (each a group, by the name of one of them).
func EncodeFrame(roots []Root) (data []byte, lost map[string]string, sizes map[string]int, group map[string]string) {
	lost = map[string]string{}
	for {
		enc := &encoder{tt: typeTable{byType: map[reflect.Type]int{}}, seen: map[objKey]int{}, maps: map[unsafe.Pointer]int{}}
		var kept []Root
		for _, r := range roots {
			if _, ok := lost[r.Name]; !ok {
				kept = append(kept, r)
			}
		}
		data, sizes, again := enc.encode(kept, lost)
		if again {
			continue // a variable was found lost late: encode without it
		}
		group = map[string]string{}
		for i, r := range enc.roots {
			group[r.Name] = enc.roots[enc.find(i)].Name
		}
		return data, lost, sizes, group
	}
}

func (enc *encoder) find(i int) int {
	for enc.parent[i] != i {
		enc.parent[i] = enc.parent[enc.parent[i]]
		i = enc.parent[i]
	}
	return i
}

func (enc *encoder) union(a, b int) {
	if a, b = enc.find(a), enc.find(b); a != b {
		enc.parent[a] = b
	}
}

// encode walks the roots (dropping those that cannot be copied into
// lost), merges their objects into blocks, and writes the frame. again
// says a root was found lost after the walk: the caller encodes anew.
func (enc *encoder) encode(roots []Root, lost map[string]string) ([]byte, map[string]int, bool) {
	for _, r := range roots {
		nObjs, nMaps := len(enc.objs), len(enc.mapList)
		idx := len(enc.roots)
		enc.roots = append(enc.roots, r)
		enc.parent = append(enc.parent, idx)
		enc.cur, enc.lost = idx, ""
		t := r.V.Type()
		tid := enc.tt.add(t, typeStep{parent: -1, step: 'v', name: r.Name})
		addr := unsafe.Pointer(r.V.UnsafeAddr())
		enc.addObject(addr, t.Size(), t, tid, false, true)
		var size uintptr
		if enc.lost == "" {
			enc.visit(t, tid, addr)
			for _, o := range enc.objs[nObjs:] {
				size += o.hi - o.lo
			}
			if size > maxKeptVar {
				enc.lost = fmt.Sprintf("it is larger than %d MiB", maxKeptVar>>20)
			}
		}
		if enc.lost != "" {
			lost[r.Name] = enc.lost
			for _, o := range enc.objs[nObjs:] {
				delete(enc.seen, objKey{o.lo, o.hi, o.t})
			}
			for _, m := range enc.mapList[nMaps:] {
				delete(enc.maps, m.v.UnsafePointer())
			}
			// The root stays (unions may name it); write skips it.
			enc.objs, enc.mapList = enc.objs[:nObjs], enc.mapList[:nMaps]
		}
	}
	if bad := enc.makeBlocks(); len(bad) > 0 {
		for _, r := range bad {
			lost[enc.roots[r].Name] = "it shares memory with another value in a way that cannot be copied"
		}
		return nil, nil, true
	}
	return enc.write(lost)
}

// addObject records memory to copy; it reports whether it is new.
func (enc *encoder) addObject(p unsafe.Pointer, size uintptr, t reflect.Type, tid int, slice, root bool) bool {
	if size == 0 {
		return false
	}
	k := objKey{uintptr(p), uintptr(p) + size, t}
	if i, ok := enc.seen[k]; ok {
		enc.union(enc.objs[i].root, enc.cur)
		if root {
			// A variable another one points to: its block is its storage.
			enc.objs[i].isRoot, enc.objs[i].root = true, enc.cur
		}
		return false
	}
	enc.seen[k] = len(enc.objs)
	enc.objs = append(enc.objs, object{p: p, lo: k.lo, hi: k.hi, t: t, tid: tid, slice: slice, root: enc.cur, isRoot: root})
	return true
}

// refFree reports whether values of t hold nothing that refers to other
// memory (strings aside, which cannot change): they are copied as they
// are, without a walk.
func refFree(t reflect.Type) bool {
	if v, ok := refFreeMemo.Load(t); ok {
		return v.(bool)
	}
	v := refFreeOf(t)
	refFreeMemo.Store(t, v)
	return v
}

// refFreeMemo and rawFreeMemo cache refFree and rawFree: types do not
// change, and the walk asks about each element.
var refFreeMemo, rawFreeMemo sync.Map

func refFreeOf(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return false
	case reflect.Array:
		return t.Len() == 0 || refFree(t.Elem())
	case reflect.Struct:
		if t == timeType {
			return true
		}
		if uncopyable(t) {
			return false
		}
		for i := 0; i < t.NumField(); i++ {
			if !refFree(t.Field(i).Type) {
				return false
			}
		}
	}
	return true
}

// rawFree reports whether values of t are plain bytes (no pointer at
// all): copied as memory.
func rawFree(t reflect.Type) bool {
	if v, ok := rawFreeMemo.Load(t); ok {
		return v.(bool)
	}
	v := rawFreeOf(t)
	rawFreeMemo.Store(t, v)
	return v
}

func rawFreeOf(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String:
		return false
	case reflect.Array:
		return t.Len() == 0 || rawFree(t.Elem())
	case reflect.Struct:
		if t == timeType || uncopyable(t) {
			return false
		}
		for i := 0; i < t.NumField(); i++ {
			if !rawFree(t.Field(i).Type) {
				return false
			}
		}
		return true
	}
	return refFree(t)
}

// uncopyable reports whether t is a package's struct with unexported
// fields (sync.Mutex, poolkit.Pool): its insides are not the cell's to
// copy. Cells' own types, made by the interpreter, have no package path.
func uncopyable(t reflect.Type) bool {
	if t.Kind() != reflect.Struct || t.PkgPath() == "" || t == timeType {
		return false
	}
	for i := 0; i < t.NumField(); i++ {
		if !t.Field(i).IsExported() {
			return true
		}
	}
	return false
}

// visit walks the value of type t at p, recording what it refers to.
func (enc *encoder) visit(t reflect.Type, tid int, p unsafe.Pointer) {
	if enc.lost != "" || refFree(t) {
		if uncopyable(t) {
			enc.lost = "its " + t.String() + " cannot be copied"
		}
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		q := *(*unsafe.Pointer)(p)
		if q == nil {
			return
		}
		et := t.Elem()
		eid := enc.tt.add(et, typeStep{parent: tid, step: 'e'})
		if uncopyable(et) {
			enc.lost = "its " + t.String() + " cannot be copied"
			return
		}
		if enc.addObject(q, et.Size(), et, eid, false, false) {
			enc.visit(et, eid, q)
		}
	case reflect.Slice:
		h := (*sliceHeader)(p)
		if h.data == nil || h.cap == 0 {
			return
		}
		et := t.Elem()
		eid := enc.tt.add(et, typeStep{parent: tid, step: 'e'})
		if enc.addObject(h.data, uintptr(h.cap)*et.Size(), et, eid, true, false) && !refFree(et) {
			for i := 0; i < h.cap && enc.lost == ""; i++ {
				enc.visit(et, eid, unsafe.Add(h.data, uintptr(i)*et.Size()))
			}
		}
	case reflect.Array:
		et := t.Elem()
		eid := enc.tt.add(et, typeStep{parent: tid, step: 'e'})
		for i := 0; i < t.Len() && enc.lost == ""; i++ {
			enc.visit(et, eid, unsafe.Add(p, uintptr(i)*et.Size()))
		}
	case reflect.Struct:
		if uncopyable(t) {
			enc.lost = "its " + t.String() + " cannot be copied"
			return
		}
		for i := 0; i < t.NumField() && enc.lost == ""; i++ {
			f := t.Field(i)
			fid := enc.tt.add(f.Type, typeStep{parent: tid, step: 'f', arg: i})
			enc.visit(f.Type, fid, unsafe.Add(p, f.Offset))
		}
	case reflect.Map:
		m := reflect.NewAt(t, p).Elem()
		if m.IsNil() {
			return
		}
		if i, ok := enc.maps[m.UnsafePointer()]; ok {
			enc.union(enc.mapList[i].root, enc.cur)
			return
		}
		kt, vt := t.Key(), t.Elem()
		mo := mapObj{v: m, tid: tid, root: enc.cur,
			kid: enc.tt.add(kt, typeStep{parent: tid, step: 'k'}), vid: enc.tt.add(vt, typeStep{parent: tid, step: 'e'})}
		enc.maps[m.UnsafePointer()] = len(enc.mapList)
		enc.mapList = append(enc.mapList, mo)
		if refFree(kt) && refFree(vt) {
			return
		}
		k, v := reflect.New(kt).Elem(), reflect.New(vt).Elem()
		it := m.MapRange()
		for it.Next() && enc.lost == "" {
			// A key or value is copied out of the map: what it points to
			// is memory to copy, the copy itself is not.
			k.SetIterKey(it)
			v.SetIterValue(it)
			enc.visit(kt, mo.kid, unsafe.Pointer(k.UnsafeAddr()))
			enc.visit(vt, mo.vid, unsafe.Pointer(v.UnsafeAddr()))
		}
	case reflect.Interface:
		v := reflect.NewAt(t, p).Elem()
		if v.IsNil() {
			return
		}
		if t.NumMethod() > 0 || registry[v.Elem().Type().String()] != v.Elem().Type() {
			enc.lost = fmt.Sprintf("an %s holding a %s cannot be copied", t, v.Elem().Type())
		}
	case reflect.Chan, reflect.Func, reflect.UnsafePointer:
		if *(*unsafe.Pointer)(p) != nil {
			enc.lost = "a " + t.String() + " cannot be copied"
		}
	}
}

// sliceHeader is a slice's layout.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

// makeBlocks merges overlapping objects into blocks, each of the type of
// the object that covers it (a variable's storage first), or an array of
// the element type its slices share. It returns the roots of objects no
// block can hold.
func (enc *encoder) makeBlocks() []int {
	sort.Slice(enc.objs, func(i, j int) bool {
		a, b := enc.objs[i], enc.objs[j]
		if a.lo != b.lo {
			return a.lo < b.lo
		}
		return a.hi > b.hi
	})
	var bad []int
	for i := 0; i < len(enc.objs); {
		j, hi := i+1, enc.objs[i].hi
		for j < len(enc.objs) && enc.objs[j].lo < hi {
			hi = max(hi, enc.objs[j].hi)
			j++
		}
		group := enc.objs[i:j]
		b, ok := enc.blockOf(group, hi)
		if !ok {
			for _, o := range group {
				bad = append(bad, o.root)
			}
		}
		for _, o := range group[1:] {
			enc.union(o.root, group[0].root)
		}
		enc.blocks = append(enc.blocks, b)
		i = j
	}
	return bad
}

// blockOf picks the type of a block of objects spanning [group[0].lo, hi).
func (enc *encoder) blockOf(group []object, hi uintptr) (block, bool) {
	lo := group[0].lo
	b := block{p: group[0].p, lo: lo, hi: hi, root: -1}
	var cover *object
	for i := range group {
		o := &group[i]
		if o.lo == lo && o.hi == hi && (cover == nil || o.isRoot || (cover.slice && !o.slice)) {
			cover = o
		}
	}
	if cover != nil && !cover.slice {
		b.t, b.tid = cover.t, cover.tid
		if cover.isRoot {
			b.root = cover.root
		}
		return b, true
	}
	if cover != nil {
		// A slice's whole backing array: other objects are within it.
		n := int((hi - lo) / cover.t.Size())
		b.t = reflect.ArrayOf(n, cover.t)
		b.tid = enc.tt.add(b.t, typeStep{parent: cover.tid, step: 'A', arg: n})
		return b, true
	}
	// Slices (and pointers to elements) of one element type: an array.
	et := group[0].t
	for _, o := range group {
		if o.isRoot || o.t != et || (o.lo-lo)%et.Size() != 0 {
			return b, false
		}
	}
	n := int((hi - lo) / et.Size())
	b.t = reflect.ArrayOf(n, et)
	b.tid = enc.tt.add(b.t, typeStep{parent: group[0].tid, step: 'A', arg: n})
	return b, true
}

// blockAt finds the block holding address a.
func (enc *encoder) blockAt(a uintptr) (int, uintptr) {
	i := sort.Search(len(enc.blocks), func(i int) bool { return enc.blocks[i].hi > a })
	if i == len(enc.blocks) || enc.blocks[i].lo > a {
		return -1, 0
	}
	return i, a - enc.blocks[i].lo
}
