package rewrite

import (
	"fmt"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"go/ast"
	"go/constant"
	"go/types"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// yaegi v0.16.1 builds the types cells declare with reflect.StructOf: they
// have no name, and their unexported fields are renamed (x becomes Xx), so
// fmt prints point{1, 2} with %T as "struct { Xx int; Xy int }" and with
// %+v as "{Xx:1 Xy:2}". Where a constant format gives such a value the
// verb %T, %+v or %#v, the argument is passed through __fmtv with a
// description of its type made by go/types, and printed as Go prints it.

// typeDesc is what printing a value of a cell's type needs to know.
type typeDesc struct {
	name   string // as %T prints it: "main.point", "[]main.point"
	kind   reflect.Kind
	fields []fieldDesc // structs
	elem   *typeDesc   // pointers, slices, arrays
	own    bool        // a type the cells declared (named)
	method bool        // it has String or Error: fmt calls it
}

type fieldDesc struct {
	name string
	desc *typeDesc
}

// TypeDescs holds the descriptions an engine's cells refer to, by index.
type TypeDescs struct {
	mu   sync.Mutex
	list []*typeDesc
}

func (ds *TypeDescs) add(d *typeDesc) int {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	ds.list = append(ds.list, d)
	return len(ds.list) - 1
}

func (ds *TypeDescs) at(i int) *typeDesc {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if i < 0 || i >= len(ds.list) {
		return nil
	}
	return ds.list[i]
}

// describe makes the description of a go/types type.
func describe(t types.Type, depth int) *typeDesc {
	d := &typeDesc{name: types.TypeString(t, func(p *types.Package) string { return p.Name() })}
	if depth > 8 {
		return d
	}
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Name() == "main" {
		d.own = true
		d.name = "main." + cell.InternalName.ReplaceAllString(n.Obj().Name(), "$1")
		if args := n.TypeArgs(); args != nil && args.Len() > 0 {
			d.name = cell.InternalName.ReplaceAllString(types.TypeString(t, func(p *types.Package) string { return p.Name() }), "$1")
		}
		for _, m := range []string{"String", "Error", "Format", "GoString"} {
			if obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(t), true, n.Obj().Pkg(), m); obj != nil {
				if _, isFunc := obj.(*types.Func); isFunc {
					d.method = true
				}
			}
		}
	}
	d.name = cell.InternalName.ReplaceAllString(d.name, "$1")
	switch u := t.Underlying().(type) {
	case *types.Struct:
		d.kind = reflect.Struct
		for i := 0; i < u.NumFields(); i++ {
			d.fields = append(d.fields, fieldDesc{u.Field(i).Name(), describe(u.Field(i).Type(), depth+1)})
		}
	case *types.Pointer:
		d.kind = reflect.Pointer
		d.elem = describe(u.Elem(), depth+1)
	case *types.Slice:
		d.kind = reflect.Slice
		d.elem = describe(u.Elem(), depth+1)
	case *types.Array:
		d.kind = reflect.Array
		d.elem = describe(u.Elem(), depth+1)
	}
	return d
}

// typeName is what %T prints for a value of d.
func typeName(d *typeDesc) string {
	if d == nil {
		return "?"
	}
	return d.name
}

// Value is v as the verbs of description i print it (__fmtv).
func (ds *TypeDescs) Value(v any, i int) any { return fmtValue{v, ds.at(i)} }

// Name is what %T prints for a value of description i (__fmtT).
func (ds *TypeDescs) Name(i int) string { return typeName(ds.at(i)) }

// fmtValue prints v as described, for the %T, %+v and %#v verbs.
type fmtValue struct {
	v any
	d *typeDesc
}

// Format implements fmt.Formatter.
func (f fmtValue) Format(s fmt.State, verb rune) {
	switch {
	case verb == 'T':
		fmt.Fprint(s, f.d.name)
	case verb == 'v' && (s.Flag('+') || s.Flag('#')):
		var b strings.Builder
		writeValue(&b, reflect.ValueOf(f.v), f.d, s.Flag('#'), true)
		fmt.Fprint(s, b.String())
	default:
		fmt.Fprintf(s, fmt.FormatString(s, verb), f.v)
	}
}

// writeValue writes v as %+v (or %#v, when sharp) prints a value of d.
func writeValue(b *strings.Builder, v reflect.Value, d *typeDesc, sharp, top bool) {
	verb := "%+v"
	if sharp {
		verb = "%#v"
	}
	if !v.IsValid() {
		b.WriteString("<nil>")
		return
	}
	if d == nil || d.method || !v.CanInterface() {
		if v.CanInterface() {
			fmt.Fprintf(b, verb, v.Interface())
		} else {
			fmt.Fprintf(b, verb, v)
		}
		return
	}
	switch {
	case d.kind == reflect.Struct && v.Kind() == reflect.Struct && v.NumField() == len(d.fields):
		if sharp {
			b.WriteString(d.name)
		}
		b.WriteString("{")
		for i, fd := range d.fields {
			if i > 0 {
				if sharp {
					b.WriteString(", ")
				} else {
					b.WriteString(" ")
				}
			}
			b.WriteString(fd.name + ":")
			writeValue(b, v.Field(i), fd.desc, sharp, false)
		}
		b.WriteString("}")
	case d.kind == reflect.Pointer && v.Kind() == reflect.Pointer && top && !v.IsNil() && d.elem != nil && d.elem.kind == reflect.Struct:
		b.WriteString("&")
		writeValue(b, v.Elem(), d.elem, sharp, false)
	case (d.kind == reflect.Slice || d.kind == reflect.Array) && (v.Kind() == reflect.Slice || v.Kind() == reflect.Array) && d.elem != nil && d.elem.own:
		if sharp {
			b.WriteString(d.name + "{")
		} else {
			b.WriteString("[")
		}
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				if sharp {
					b.WriteString(", ")
				} else {
					b.WriteString(" ")
				}
			}
			writeValue(b, v.Index(i), d.elem, sharp, false)
		}
		if sharp {
			b.WriteString("}")
		} else {
			b.WriteString("]")
		}
	default:
		fmt.Fprintf(b, verb, v.Interface())
	}
}

// fmtFuncs are the funcs whose format argument fmtEdits reads: the index of
// the format among the arguments.
var fmtFuncs = map[string]int{"fmt.Printf": 0, "fmt.Sprintf": 0, "fmt.Errorf": 0, "fmt.Fprintf": 1, "fmt.Appendf": 1,
	"log.Printf": 0, "log.Fatalf": 0, "log.Panicf": 0}

// fmtEdits wraps the arguments that need it (see the top of this file).
func (y *Fix) fmtEdits() []cell.Edit {
	var edits []cell.Edit
	p := y.P
	ast.Inspect(p.File, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Ellipsis.IsValid() {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		f, ok := y.Info.Uses[sel.Sel].(*types.Func)
		if !ok {
			return true
		}
		at, ok := fmtFuncs[f.FullName()]
		if !ok || len(call.Args) <= at {
			return true
		}
		tv := y.Info.Types[call.Args[at]]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			return true
		}
		format := constant.StringVal(tv.Value)
		verbs, ok := formatVerbs(format)
		if !ok {
			return true
		}
		newFormat := []byte(format)
		for i, v := range verbs {
			k := at + 1 + i
			if k >= len(call.Args) || v.verb == "" {
				continue
			}
			a := call.Args[k]
			t := y.Info.Types[a].Type
			if t == nil || !CellTyped(t) {
				continue
			}
			d := describe(t, 0)
			if v.verb != "T" && d.method {
				continue // fmt calls its String or Error method
			}
			id := y.Descs.add(d)
			wrap := "__fmtv("
			if v.verb == "T" {
				// fmt prints %T itself, from reflect: the name goes as %s.
				wrap = "__fmtT("
				newFormat[v.at] = 's'
			}
			edits = append(edits, cell.Edit{Off: p.Off(a.Pos()), End: p.Off(a.Pos()), Text: wrap}, cell.Edit{Off: p.Off(a.End()), End: p.Off(a.End()), Text: fmt.Sprintf(", %d)", id)})
		}
		if string(newFormat) != format {
			fa := call.Args[at]
			edits = append(edits, cell.Edit{Off: p.Off(fa.Pos()), End: p.Off(fa.End()), Text: strconv.Quote(string(newFormat))})
		}
		return true
	})
	return edits
}

// formatVerb is the verb of an argument, if fmtEdits handles it (T, +v,
// #v), at its offset in the format.
type formatVerb struct {
	verb string
	at   int
}

// formatVerbs lists the verbs of the arguments a format consumes. ok is
// false for formats it does not follow (explicit argument indexes, *
// widths).
func formatVerbs(format string) ([]formatVerb, bool) {
	var out []formatVerb
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		flags := ""
		for i < len(format) && strings.ContainsRune("+-# 0", rune(format[i])) {
			flags += string(format[i])
			i++
		}
		for i < len(format) && (format[i] >= '0' && format[i] <= '9' || format[i] == '.') {
			i++
		}
		if i >= len(format) {
			break
		}
		switch c := format[i]; {
		case c == '%':
		case c == '[' || c == '*':
			return nil, false
		case c == 'T':
			out = append(out, formatVerb{"T", i})
		case c == 'v' && (strings.Contains(flags, "+") || strings.Contains(flags, "#")):
			out = append(out, formatVerb{flags + "v", i})
		default:
			out = append(out, formatVerb{})
		}
	}
	return out, true
}
