package cell

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// goVersion is the language version cells are checked at. The rewrites
// (rewrite/yaegifix.go) bring what yaegi v0.16.1 lacks of it.
const goVersion = "go1.26"

// TypesEnv names the environment variable that points the engine at a
// cache of the standard library's export data (written by the engine's WriteTypeCache;
// `go run ./install` makes one beside the kernel and sets it in
// kernel.json). With it, the engine needs no Go toolchain at run time:
// cells are type-checked against the cache, and the compiled tier, which
// needs the toolchain, is off.
const TypesEnv = "GOKERNEL_TYPES"

// Checked is the result of type-checking a cell's file with the session.
type Checked struct {
	Info *types.Info
	Pkg  *types.Package
	Errs []types.Error
}

func newInfo() *types.Info {
	return &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
		Implicits:  map[ast.Node]types.Object{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
}

// Check type-checks the cell's file against the session's prelude (the
// declarations of earlier cells, without the names in skip), importing
// packages with imp.
func (s *Session) Check(imp types.Importer, p *Parsed, skip map[string]bool) (*Checked, error) {
	prelude, err := s.preludeFile(p.Fset, skip)
	if err != nil {
		return nil, err // a bug of the engine: the prelude is generated
	}
	c := &Checked{Info: newInfo()}
	conf := types.Config{
		GoVersion: goVersion,
		Importer:  imp,
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				c.Errs = append(c.Errs, te)
			}
		},
	}
	c.Pkg, _ = conf.Check("main", p.Fset, []*ast.File{prelude, p.File}, c.Info)
	return c, nil
}

// DeclaredNames are the package-level names of a cell's file (funcs,
// types, consts, program vars, and methods as "T.m"), which the prelude
// must not declare again.
func DeclaredNames(p *Parsed) map[string]bool {
	names := map[string]bool{}
	for _, d := range p.CellDecls() {
		switch x := d.(type) {
		case *ast.FuncDecl:
			if x.Recv != nil {
				names[RecvName(x.Recv.List[0].Type)+"."+x.Name.Name] = true
			} else {
				names[x.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, s := range x.Specs {
				switch sp := s.(type) {
				case *ast.TypeSpec:
					names[sp.Name.Name] = true
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						names[n.Name] = true
					}
				}
			}
		}
	}
	return names
}

// RecvName is the type name of a method's receiver t.
func RecvName(t ast.Expr) string {
	switch x := t.(type) {
	case *ast.StarExpr:
		return RecvName(x.X)
	case *ast.ParenExpr:
		return RecvName(x.X)
	case *ast.Ident:
		return x.Name
	case *ast.IndexExpr:
		return RecvName(x.X)
	case *ast.IndexListExpr:
		return RecvName(x.X)
	}
	return ""
}

// CellErrorsOf keeps the errors a user must see: those in cell n (or in an
// earlier cell's func run again), without the ones a notebook does not
// have: an import not used by this cell, and, when topVars says so, a
// top-level variable not used (it is a session variable).
func CellErrorsOf(s *Session, errs []types.Error, topVars map[string]bool) CellErrors {
	var out CellErrors
	seen := map[string]bool{}
	for _, te := range errs {
		msg := te.Msg
		if strings.Contains(msg, "imported and not used") {
			continue
		}
		if name, ok := strings.CutPrefix(msg, "declared and not used: "); ok && topVars[name] {
			continue
		}
		if path, ok := strings.CutPrefix(msg, "could not import "); ok && strings.Contains(msg, "executable file not found") {
			path, _, _ = strings.Cut(path, " ")
			msg = fmt.Sprintf("package %s: the engine has no type data for it: without the Go toolchain it needs a type cache (%s; go run ./install writes one beside the kernel)", path, TypesEnv)
		} else if path, ok := strings.CutPrefix(msg, "could not import "); ok {
			path, _, _ = strings.Cut(path, " ")
			msg = fmt.Sprintf("package %s is not in this kernel: cells can import the standard library (as the interpreter, yaegi v0.16.1, has it: Go 1.22), poolkit and display; third-party modules cannot be imported", path)
		}
		pos := te.Fset.Position(te.Pos)
		n := CellOf(pos)
		if n == 0 {
			continue
		}
		ce := &CellError{Cell: n, Line: pos.Line, Col: pos.Column, Msg: s.UserName(msg)}
		if k := ce.Error(); !seen[k] {
			seen[k] = true
			out = append(out, ce)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Cell != b.Cell {
			return a.Cell < b.Cell
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return out
}

// StmtRegion reports whether a position is inside the cell's statements
// (the body of __cellN).
func StmtRegion(p *Parsed, pos token.Pos) bool {
	return p.Cell != nil && pos >= p.Cell.Body.Pos() && pos <= p.Cell.Body.End()
}

// preludeKey says which prelude file a check can reuse: one parsed in the
// check's file set, for the session as it is, without the same names.
type preludeKey struct {
	fset    *token.FileSet
	version int
	skip    string
}

// preludeFile returns the prelude parsed, from a cache: go/types does not
// change the files it checks.
func (s *Session) preludeFile(fset *token.FileSet, skip map[string]bool) (*ast.File, error) {
	names := make([]string, 0, len(skip))
	for n := range skip {
		names = append(names, n)
	}
	sort.Strings(names)
	key := preludeKey{fset, s.Version, strings.Join(names, " ")}
	if f, ok := s.preludes[key]; ok {
		return f, nil
	}
	f, err := parser.ParseFile(fset, "session.go", s.prelude(skip), 0)
	if err != nil {
		return nil, err
	}
	if len(s.preludes) > 8 {
		s.preludes = map[preludeKey]*ast.File{}
	}
	s.preludes[key] = f
	return f, nil
}
