package engine

import (
	"fmt"
	"go/types"
)

// typeSpeller writes types as Go source in the session's package: cell
// types by their internal names, package types by the name the session
// imports them under, adding a hidden import (__gk1 "io/fs") for a
// package no cell imported.
type typeSpeller struct {
	s      *session
	added  map[string]string // hidden imports this cell adds: name → path
	byPath map[string]string
	used   map[string]bool // the import names spelled types use
}

func newTypeSpeller(s *session) *typeSpeller {
	t := &typeSpeller{s: s, added: map[string]string{}, byPath: map[string]string{}, used: map[string]bool{}}
	for n, p := range s.imports {
		t.byPath[p] = n
	}
	for n, p := range s.hidden {
		t.byPath[p] = n
	}
	return t
}

// spell returns the source of t, or an error naming the part of t that
// no cell can write (an unexported type of a package, a local type).
func (t *typeSpeller) spell(typ types.Type, cellImports map[string]string) (string, error) {
	var bad error
	check := func(tt types.Type) {
		if n, ok := tt.(*types.Named); ok && bad == nil {
			obj := n.Obj()
			if obj.Pkg() == nil {
				return // error, comparable
			}
			if obj.Pkg().Name() == "main" {
				if obj.Parent() != nil && obj.Parent() != obj.Pkg().Scope() {
					bad = fmt.Errorf("its type %s is declared inside a func", obj.Name())
				}
				return
			}
			if !obj.Exported() {
				bad = fmt.Errorf("its type %s.%s is not exported", obj.Pkg().Name(), obj.Name())
			}
		}
	}
	walkTypes(typ, check, map[types.Type]bool{})
	if bad != nil {
		return "", bad
	}
	q := func(p *types.Package) string {
		if p.Name() == "main" {
			return ""
		}
		for n, path := range cellImports {
			if path == p.Path() {
				return n
			}
		}
		if n, ok := t.byPath[p.Path()]; ok {
			t.used[n] = true
			return n
		}
		n := fmt.Sprintf("__gk%d", len(t.s.hidden)+len(t.added)+1)
		t.added[n] = p.Path()
		t.byPath[p.Path()] = n
		return n
	}
	return types.TypeString(typ, q), nil
}

// walkTypes calls f on typ and every type it is made of.
func walkTypes(typ types.Type, f func(types.Type), seen map[types.Type]bool) {
	if typ == nil || seen[typ] {
		return
	}
	seen[typ] = true
	f(typ)
	switch t := typ.(type) {
	case *types.Named:
		if args := t.TypeArgs(); args != nil {
			for i := 0; i < args.Len(); i++ {
				walkTypes(args.At(i), f, seen)
			}
		}
	case *types.Pointer:
		walkTypes(t.Elem(), f, seen)
	case *types.Slice:
		walkTypes(t.Elem(), f, seen)
	case *types.Array:
		walkTypes(t.Elem(), f, seen)
	case *types.Map:
		walkTypes(t.Key(), f, seen)
		walkTypes(t.Elem(), f, seen)
	case *types.Chan:
		walkTypes(t.Elem(), f, seen)
	case *types.Signature:
		walkTypes(t.Params(), f, seen)
		walkTypes(t.Results(), f, seen)
	case *types.Tuple:
		for i := 0; i < t.Len(); i++ {
			walkTypes(t.At(i).Type(), f, seen)
		}
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			walkTypes(t.Field(i).Type(), f, seen)
		}
	case *types.Alias:
		walkTypes(types.Unalias(t), f, seen)
	}
}
