package poolkit_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aulago/gokernel/poolkit"
)

func TestGenericSourceIsGenericGo(t *testing.T) {
	b, err := os.ReadFile("generic.go")
	if err != nil {
		t.Fatal(err)
	}
	if poolkit.GenericSource != string(b) {
		t.Error("GenericSource differs from generic.go")
	}
}

// TestGenericLayerRules checks the rules that let an interpreter (yaegi
// v0.16.1) run generic.go on top of the compiled package; see the comment at
// the top of generic.go.
func TestGenericLayerRules(t *testing.T) {
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	var generic *ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		if name == "generic.go" {
			generic = f
		}
	}
	if generic == nil {
		t.Fatal("no generic.go")
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("github.com/aulago/gokernel/poolkit", fset, files, info)
	if err != nil {
		t.Fatal(err)
	}
	pos := func(n ast.Node) string { return fset.Position(n.Pos()).String() }
	inGeneric := func(p token.Pos) bool { return fset.File(p) == fset.File(generic.Pos()) }

	// Generic declarations live in generic.go only.
	for _, f := range files {
		if f == generic {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncType:
				if n.TypeParams != nil {
					t.Errorf("%s: generic function outside generic.go", pos(n))
				}
			case *ast.TypeSpec:
				if n.TypeParams != nil {
					t.Errorf("%s: generic type outside generic.go", pos(n))
				}
			}
			return true
		})
	}

	if len(generic.Imports) > 0 {
		t.Errorf("generic.go imports %d packages, want none", len(generic.Imports))
	}
	// Selector expressions used as the function of a call.
	called := map[ast.Expr]bool{}
	ast.Inspect(generic, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			called[ast.Unparen(c.Fun)] = true
		}
		return true
	})
	ast.Inspect(generic, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			t.Errorf("%s: go statement", pos(n))
		case *ast.SelectStmt:
			t.Errorf("%s: select statement", pos(n))
		case *ast.RangeStmt:
			switch u := info.Types[n.X].Type.Underlying().(type) {
			case *types.Basic:
				if u.Info()&types.IsInteger != 0 {
					t.Errorf("%s: range over an integer", pos(n))
				}
			case *types.Signature:
				t.Errorf("%s: range over a function", pos(n))
			}
		case *ast.FuncDecl:
			if n.Type.TypeParams != nil {
				for _, field := range n.Type.Params.List {
					if len(field.Names) > 1 {
						t.Errorf("%s: %s groups parameters under one type", pos(field), n.Name)
					}
					if _, ok := field.Type.(*ast.Ellipsis); ok {
						t.Errorf("%s: %s is variadic", pos(field), n.Name)
					}
				}
			}
		case *ast.FuncLit:
			for _, field := range n.Type.Params.List {
				if len(field.Names) == 0 {
					t.Errorf("%s: closure with an unnamed parameter", pos(field))
				}
			}
		case *ast.SelectorExpr:
			if sel := info.Selections[n]; sel != nil && sel.Kind() == types.MethodVal && !called[n] {
				t.Errorf("%s: method value %s", pos(n), n.Sel.Name)
			}
		case *ast.Ident:
			obj := info.Uses[n]
			switch {
			case obj == nil:
			case obj.Pkg() == nil:
				if _, ok := obj.(*types.Builtin); ok && (n.Name == "min" || n.Name == "max" || n.Name == "clear") {
					t.Errorf("%s: builtin %s", pos(n), n.Name)
				}
			case obj.Pkg() == pkg && !obj.Exported() && !inGeneric(obj.Pos()):
				if v, ok := obj.(*types.Var); !ok || !v.IsField() || !inGeneric(v.Pos()) {
					t.Errorf("%s: unexported %s of the compiled package", pos(n), n.Name)
				}
			case obj.Pkg() != pkg:
				t.Errorf("%s: %s from package %s", pos(n), n.Name, obj.Pkg().Path())
			}
		}
		return true
	})
	// Generic types are instantiated with type parameters or with types
	// free of them, never with a composite such as []R.
	for id, inst := range info.Instances {
		if !inGeneric(id.Pos()) {
			continue
		}
		if _, isType := info.Uses[id].(*types.TypeName); !isType {
			continue
		}
		for i := 0; i < inst.TypeArgs.Len(); i++ {
			arg := inst.TypeArgs.At(i)
			if _, ok := arg.(*types.TypeParam); !ok && hasTypeParam(arg) {
				t.Errorf("%s: %s instantiated with %s", pos(id), id.Name, arg)
			}
		}
	}
}

// hasTypeParam reports whether t mentions a type parameter.
func hasTypeParam(t types.Type) bool {
	switch t := t.(type) {
	case *types.TypeParam:
		return true
	case *types.Slice:
		return hasTypeParam(t.Elem())
	case *types.Array:
		return hasTypeParam(t.Elem())
	case *types.Pointer:
		return hasTypeParam(t.Elem())
	case *types.Chan:
		return hasTypeParam(t.Elem())
	case *types.Map:
		return hasTypeParam(t.Key()) || hasTypeParam(t.Elem())
	case *types.Named:
		args := t.TypeArgs()
		for i := 0; i < args.Len(); i++ {
			if hasTypeParam(args.At(i)) {
				return true
			}
		}
	case *types.Signature:
		for _, tup := range []*types.Tuple{t.Params(), t.Results()} {
			for i := 0; i < tup.Len(); i++ {
				if hasTypeParam(tup.At(i).Type()) {
					return true
				}
			}
		}
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			if hasTypeParam(t.Field(i).Type()) {
				return true
			}
		}
	}
	return false
}

func ExampleGenericSource() {
	// A host that interprets the generic layer evaluates this source on top
	// of the compiled package.
	fmt.Println(strings.HasPrefix(poolkit.GenericSource, "package poolkit"))
	fmt.Println(strings.Contains(poolkit.GenericSource, "func Map[T, R any]("))
	// Output:
	// true
	// true
}
