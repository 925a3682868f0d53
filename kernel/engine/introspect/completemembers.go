package introspect

// The members completion offers after "x.".

import (
	"go/ast"
	"go/types"
)

// selectorCandidates lists the members of x in "x.": a package's
// exported names, or the fields and methods of x's type (the methods of
// a type, for a method expression).
func (e *View) selectorCandidates(a *analysis, x ast.Expr) []candidate {
	info := a.c.Info
	if id, ok := x.(*ast.Ident); ok {
		if pn, ok := info.Uses[id].(*types.PkgName); ok {
			return packageMembers(pn.Imported())
		}
	}
	if tv, ok := info.Types[x]; ok && tv.Type != nil && tv.Type != types.Typ[types.Invalid] {
		return typeMembers(tv.Type, tv.IsType(), a.c.Pkg)
	}
	if id, ok := x.(*ast.Ident); ok && info.Uses[id] == nil {
		return e.stdMembers(id.Name)
	}
	return nil
}

// stdMembers lists the exported names of a package the cell may not
// have imported yet, by its name.
func (e *View) stdMembers(name string) []candidate {
	path := e.stdPath(name)
	if path == "" {
		return nil
	}
	pkg, err := e.types.Import(path)
	if err != nil {
		return nil
	}
	return packageMembers(pkg)
}

// packageMembers lists a package's exported names.
func packageMembers(pkg *types.Package) []candidate {
	var out []candidate
	for _, n := range pkg.Scope().Names() {
		if obj := pkg.Scope().Lookup(n); obj.Exported() {
			out = append(out, objectCandidate(obj))
		}
	}
	return out
}

// typeMembers lists the fields (promoted ones too) and methods of a
// value of type t, or the methods of type t itself when isType.
func typeMembers(t types.Type, isType bool, pkg *types.Package) []candidate {
	var out []candidate
	if isType {
		ms := types.NewMethodSet(t)
		for i := range ms.Len() {
			if obj := ms.At(i).Obj(); visible(obj, pkg) {
				out = append(out, objectCandidate(obj))
			}
		}
		return out
	}
	names := map[string]bool{}
	fieldNames(t, names, map[types.Type]bool{})
	mt := t
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr && !types.IsInterface(t) {
		mt = types.NewPointer(t)
	}
	ms := types.NewMethodSet(mt)
	for i := range ms.Len() {
		names[ms.At(i).Obj().Name()] = true
	}
	for n := range names {
		obj, _, _ := types.LookupFieldOrMethod(t, true, pkg, n)
		if obj != nil && visible(obj, pkg) {
			out = append(out, objectCandidate(obj))
		}
	}
	return out
}

// fieldNames collects the names of t's fields, through embedded fields.
func fieldNames(t types.Type, names map[string]bool, seen map[types.Type]bool) {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if seen[t] {
		return
	}
	seen[t] = true
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for f := range st.Fields() {
		names[f.Name()] = true
		if f.Embedded() {
			fieldNames(f.Type(), names, seen)
		}
	}
}

// visible reports whether a member can be named from package pkg.
func visible(obj types.Object, pkg *types.Package) bool {
	return obj.Exported() || obj.Pkg() == nil || obj.Pkg() == pkg
}
