package snapshot

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"time"
	"unsafe"
)

// write writes the frame of the walked roots (the layout restore.go
// reads): the type table, the roots, the blocks and maps, then what each
// block and map holds. again says a map made its variable too large.
func (enc *encoder) write(lost map[string]string) ([]byte, map[string]int, bool) {
	enc.buf = append(enc.buf[:0], frameMagic...)
	enc.uint(len(enc.tt.steps))
	for _, s := range enc.tt.steps {
		enc.uint(s.parent + 1)
		enc.buf = append(enc.buf, s.step)
		enc.uint(s.arg)
		enc.str(s.name)
		enc.str(s.str)
	}
	rootBlock := make([]int, len(enc.roots))
	for i := range rootBlock {
		rootBlock[i] = -1
	}
	for i, b := range enc.blocks {
		if b.root >= 0 {
			rootBlock[b.root] = i
		}
	}
	// Lost roots are left out: written is each root's index in the frame.
	written := make([]int, len(enc.roots))
	kept := 0
	for i, r := range enc.roots {
		written[i] = -1
		if _, ok := lost[r.Name]; !ok {
			written[i] = kept
			kept++
		}
	}
	enc.uint(kept)
	for i, r := range enc.roots {
		if written[i] >= 0 {
			enc.str(r.Name)
			enc.uint(rootBlock[i] + 1) // 0: a zero-size variable
		}
	}
	enc.uint(len(enc.blocks))
	for _, b := range enc.blocks {
		enc.uint(b.tid)
		if b.root >= 0 {
			enc.uint(written[b.root] + 1)
		} else {
			enc.uint(0)
		}
	}
	enc.uint(len(enc.mapList))
	for _, m := range enc.mapList {
		enc.uint(m.tid)
		enc.uint(m.v.Len())
	}
	sizes := map[string]int{}
	for _, o := range enc.objs {
		sizes[enc.roots[o.root].Name] += int(o.hi - o.lo)
	}
	for _, b := range enc.blocks {
		enc.value(b.t, b.p)
	}
	again := false
	for _, m := range enc.mapList {
		start := len(enc.buf)
		enc.uint(m.v.Len())
		kt, vt := m.v.Type().Key(), m.v.Type().Elem()
		k, v := reflect.New(kt).Elem(), reflect.New(vt).Elem()
		it := m.v.MapRange()
		for it.Next() {
			k.SetIterKey(it)
			v.SetIterValue(it)
			enc.value(kt, unsafe.Pointer(k.UnsafeAddr()))
			enc.value(vt, unsafe.Pointer(v.UnsafeAddr()))
		}
		name := enc.roots[m.root].Name
		if sizes[name] += len(enc.buf) - start; sizes[name] > maxKeptVar {
			lost[name] = fmt.Sprintf("it is larger than %d MiB", maxKeptVar>>20)
			again = true
		}
	}
	return enc.buf, sizes, again
}

func (enc *encoder) uint(n int) { enc.buf = binary.AppendUvarint(enc.buf, uint64(n)) }

func (enc *encoder) str(s string) {
	enc.uint(len(s))
	enc.buf = append(enc.buf, s...)
}

// value writes the value of type t at p.
func (enc *encoder) value(t reflect.Type, p unsafe.Pointer) {
	if rawFree(t) {
		enc.buf = append(enc.buf, unsafe.Slice((*byte)(p), t.Size())...)
		return
	}
	if t == timeType {
		b, _ := (*time.Time)(p).MarshalBinary()
		enc.str(string(b))
		return
	}
	switch t.Kind() {
	case reflect.String:
		enc.str(*(*string)(p))
	case reflect.Pointer:
		enc.ref(*(*unsafe.Pointer)(p), t.Elem().Size())
	case reflect.Slice:
		h := (*sliceHeader)(p)
		switch {
		case h.data == nil:
			enc.uint(0)
		case h.cap == 0:
			enc.uint(1)
		default:
			enc.uint(2)
			enc.ref(h.data, t.Elem().Size())
			enc.uint(h.len)
			enc.uint(h.cap)
		}
	case reflect.Map:
		m := reflect.NewAt(t, p).Elem()
		if m.IsNil() {
			enc.uint(0)
			return
		}
		enc.uint(enc.maps[m.UnsafePointer()] + 1)
	case reflect.Interface:
		v := reflect.NewAt(t, p).Elem()
		if v.IsNil() {
			enc.str("")
			return
		}
		dt := v.Elem().Type()
		enc.str(dt.String())
		tmp := reflect.New(dt).Elem()
		tmp.Set(v.Elem())
		enc.value(dt, unsafe.Pointer(tmp.UnsafeAddr()))
	case reflect.Array:
		et := t.Elem()
		for i := 0; i < t.Len(); i++ {
			enc.value(et, unsafe.Add(p, uintptr(i)*et.Size()))
		}
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			enc.value(f.Type, unsafe.Add(p, f.Offset))
		}
	}
	// chan, func, unsafe.Pointer: nil (visit made the variable lost
	// otherwise), written as nothing.
}

// ref writes a pointer as its block and offset: 0 is nil, one past the
// last block a pointer to a zero-size value.
func (enc *encoder) ref(q unsafe.Pointer, size uintptr) {
	if q == nil {
		enc.uint(0)
		return
	}
	i, off := enc.blockAt(uintptr(q))
	if i < 0 || size == 0 {
		enc.uint(len(enc.blocks) + 1)
		return
	}
	enc.uint(i + 1)
	enc.uint(int(off))
}
