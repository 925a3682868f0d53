package cell

import (
	"fmt"
	"go/types"
)

// TypeSpeller writes types as Go source in the session's package: cell
// types by their internal names, package types by the name the session
// imports them under, adding a hidden import (__gk1 "io/fs") for a
// package no cell imported.
type TypeSpeller struct {
	s      *Session
	Added  map[string]string // hidden imports this cell adds: name → path
	byPath map[string]string
	Used   map[string]bool // the import names spelled types use
}

// NewTypeSpeller spells types for a file of session s.
func NewTypeSpeller(s *Session) *TypeSpeller {
	t := &TypeSpeller{s: s, Added: map[string]string{}, byPath: map[string]string{}, Used: map[string]bool{}}
	for n, p := range s.Imports {
		t.byPath[p] = n
	}
	for n, p := range s.Hidden {
		t.byPath[p] = n
	}
	return t
}

// Spell returns the source of t, or an error naming the part of t that
// no cell can write (an unexported type of a package, a local type).
func (t *TypeSpeller) Spell(typ types.Type, cellImports map[string]string) (string, error) {
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
	WalkTypes(typ, check, map[types.Type]bool{})
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
			t.Used[n] = true
			return n
		}
		n := fmt.Sprintf("__gk%d", len(t.s.Hidden)+len(t.Added)+1)
		t.Added[n] = p.Path()
		t.byPath[p.Path()] = n
		return n
	}
	return types.TypeString(typ, q), nil
}

// WalkTypes calls f on typ and every type it is made of.
func WalkTypes(typ types.Type, f func(types.Type), seen map[types.Type]bool) {
	if typ == nil || seen[typ] {
		return
	}
	seen[typ] = true
	f(typ)
	switch t := typ.(type) {
	case *types.Named:
		if args := t.TypeArgs(); args != nil {
			for i := 0; i < args.Len(); i++ {
				WalkTypes(args.At(i), f, seen)
			}
		}
	case *types.Pointer:
		WalkTypes(t.Elem(), f, seen)
	case *types.Slice:
		WalkTypes(t.Elem(), f, seen)
	case *types.Array:
		WalkTypes(t.Elem(), f, seen)
	case *types.Map:
		WalkTypes(t.Key(), f, seen)
		WalkTypes(t.Elem(), f, seen)
	case *types.Chan:
		WalkTypes(t.Elem(), f, seen)
	case *types.Signature:
		WalkTypes(t.Params(), f, seen)
		WalkTypes(t.Results(), f, seen)
	case *types.Tuple:
		for i := 0; i < t.Len(); i++ {
			WalkTypes(t.At(i).Type(), f, seen)
		}
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			WalkTypes(t.Field(i).Type(), f, seen)
		}
	case *types.Alias:
		WalkTypes(types.Unalias(t), f, seen)
	}
}
