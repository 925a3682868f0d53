package snapshot

import (
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"time"
	"unsafe"
)

// decoder reads a frame (snapshot.go) into a new engine's variables.
type decoder struct {
	data   []byte
	pos    int
	types  []reflect.Type
	blocks []unsafe.Pointer
	keep   []reflect.Value // the new blocks, alive until the variables hold them
	maps   []reflect.Value
}

var errFrame = errors.New("the copy is damaged")

// DecodeFrame sets the variables of vars (the interpreter's storage,
// addressable) named in current from the frame. It returns the roots it
// set; an error means it set none.
func DecodeFrame(data []byte, vars map[string]reflect.Value, current map[string]bool) (restored []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			restored = nil
			if e, ok := r.(error); ok && errors.Is(e, errFrame) {
				err = e
				return
			}
			err = fmt.Errorf("%w: %v", errFrame, r)
		}
	}()
	if len(data) < len(frameMagic) || string(data[:len(frameMagic)]) != frameMagic {
		return nil, errFrame
	}
	d := &decoder{data: data, pos: len(frameMagic)}
	if err := d.readTypes(vars); err != nil {
		return nil, err
	}
	nRoots := d.uint()
	type root struct {
		name  string
		block int
	}
	roots := make([]root, nRoots)
	for i := range roots {
		roots[i] = root{d.str(), d.uint() - 1}
	}
	nBlocks := d.uint()
	d.blocks = make([]unsafe.Pointer, nBlocks)
	blockType := make([]reflect.Type, nBlocks)
	for i := range d.blocks {
		t := d.typ()
		r := d.uint() - 1
		blockType[i] = t
		if r >= 0 && r < len(roots) && current[roots[r].name] {
			v := vars[roots[r].name]
			if v.Type() != t {
				return nil, fmt.Errorf("%s: its type changed", roots[r].name)
			}
			d.blocks[i] = unsafe.Pointer(v.UnsafeAddr())
			continue
		}
		nv := reflect.New(t)
		d.keep = append(d.keep, nv)
		d.blocks[i] = nv.UnsafePointer()
	}
	nMaps := d.uint()
	d.maps = make([]reflect.Value, nMaps)
	mapType := make([]reflect.Type, nMaps)
	for i := range d.maps {
		mapType[i] = d.typ()
		d.maps[i] = reflect.MakeMapWithSize(mapType[i], min(d.uint(), len(d.data))) // a size hint
	}
	for i, t := range blockType {
		d.value(t, d.blocks[i])
	}
	for i, m := range d.maps {
		kt, vt := mapType[i].Key(), mapType[i].Elem()
		n := d.uint()
		// value writes the whole of a key or value, and SetMapIndex
		// copies them: one of each serves every entry.
		k, v := reflect.New(kt), reflect.New(vt)
		for j := 0; j < n; j++ {
			d.value(kt, k.UnsafePointer())
			d.value(vt, v.UnsafePointer())
			m.SetMapIndex(k.Elem(), v.Elem())
		}
	}
	for _, r := range roots {
		if current[r.name] {
			restored = append(restored, r.name)
		}
	}
	return restored, nil
}

// readTypes follows the frame's type paths in this engine's types.
func (d *decoder) readTypes(vars map[string]reflect.Value) error {
	n := d.uint()
	d.types = make([]reflect.Type, n)
	for i := range d.types {
		parent, step, arg := d.uint()-1, d.byte(), d.uint()
		name, str := d.str(), d.str()
		var p, t reflect.Type
		if parent >= 0 {
			if parent >= i {
				return errFrame
			}
			p = d.types[parent]
		}
		switch {
		case step == 'v':
			v, ok := vars[name]
			if !ok {
				return fmt.Errorf("%s is not declared any more", name)
			}
			t = v.Type()
		case p == nil:
			return errFrame
		case step == 'e':
			t = p.Elem()
		case step == 'k':
			t = p.Key()
		case step == 'f':
			if arg >= p.NumField() {
				return errFrame
			}
			t = p.Field(arg).Type
		case step == 'A':
			t = reflect.ArrayOf(arg, p)
		default:
			return errFrame
		}
		if t.String() != str {
			return fmt.Errorf("a type changed (%s, now %s)", str, t)
		}
		d.types[i] = t
	}
	return nil
}

func (d *decoder) uint() int {
	v, n := binary.Uvarint(d.data[d.pos:])
	if n <= 0 || v > uint64(len(d.data))*8+1<<20 {
		panic(errFrame)
	}
	d.pos += n
	return int(v)
}

func (d *decoder) byte() byte {
	if d.pos >= len(d.data) {
		panic(errFrame)
	}
	d.pos++
	return d.data[d.pos-1]
}

func (d *decoder) bytes(n int) []byte {
	if n < 0 || d.pos+n > len(d.data) {
		panic(errFrame)
	}
	d.pos += n
	return d.data[d.pos-n : d.pos]
}

func (d *decoder) str() string { return string(d.bytes(d.uint())) }

func (d *decoder) typ() reflect.Type {
	i := d.uint()
	if i >= len(d.types) {
		panic(errFrame)
	}
	return d.types[i]
}

// emptyBase is where empty, non-nil slices and pointers to zero-size
// values point.
var emptyBase [1]byte

// value reads a value of type t into p.
func (d *decoder) value(t reflect.Type, p unsafe.Pointer) {
	if rawFree(t) {
		copy(unsafe.Slice((*byte)(p), t.Size()), d.bytes(int(t.Size())))
		return
	}
	if t == timeType {
		if err := (*time.Time)(p).UnmarshalBinary(d.bytes(d.uint())); err != nil {
			panic(errFrame)
		}
		return
	}
	switch t.Kind() {
	case reflect.String:
		*(*string)(p) = d.str()
	case reflect.Pointer:
		*(*unsafe.Pointer)(p) = d.ref()
	case reflect.Slice:
		switch d.uint() {
		case 0:
			*(*sliceHeader)(p) = sliceHeader{}
		case 1:
			*(*sliceHeader)(p) = sliceHeader{data: unsafe.Pointer(&emptyBase)}
		default:
			q := d.ref()
			l, c := d.uint(), d.uint()
			if l > c {
				panic(errFrame)
			}
			*(*sliceHeader)(p) = sliceHeader{data: q, len: l, cap: c}
		}
	case reflect.Map:
		i := d.uint()
		dst := reflect.NewAt(t, p).Elem()
		if i == 0 {
			dst.SetZero()
			return
		}
		if i > len(d.maps) || d.maps[i-1].Type() != t {
			panic(errFrame)
		}
		dst.Set(d.maps[i-1])
	case reflect.Interface:
		dst := reflect.NewAt(t, p).Elem()
		name := d.str()
		if name == "" {
			dst.SetZero()
			return
		}
		dt, ok := registry[name]
		if !ok {
			panic(errFrame)
		}
		tmp := reflect.New(dt)
		d.value(dt, tmp.UnsafePointer())
		dst.Set(tmp.Elem())
	case reflect.Array:
		et := t.Elem()
		for i := 0; i < t.Len(); i++ {
			d.value(et, unsafe.Add(p, uintptr(i)*et.Size()))
		}
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			d.value(f.Type, unsafe.Add(p, f.Offset))
		}
	default:
		// chan, func, unsafe.Pointer: nil in a frame.
		reflect.NewAt(t, p).Elem().SetZero()
	}
}

// ref reads a pointer written by encoder.ref.
func (d *decoder) ref() unsafe.Pointer {
	i := d.uint()
	switch {
	case i == 0:
		return nil
	case i == len(d.blocks)+1:
		return unsafe.Pointer(&emptyBase)
	case i > len(d.blocks):
		panic(errFrame)
	}
	return unsafe.Add(d.blocks[i-1], d.uint())
}
