package engine

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
// (yaegifix.go) bring what yaegi v0.16.1 lacks of it.
const goVersion = "go1.26"

// checked is the result of type-checking a cell's file with the session.
type checked struct {
	info *types.Info
	pkg  *types.Package
	errs []types.Error
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

// check type-checks the cell's file against the session's prelude (the
// declarations of earlier cells, without the names in skip).
func (e *Engine) check(p *parsed, skip map[string]bool) (*checked, error) {
	prelude, err := e.preludeFile(p.fset, skip)
	if err != nil {
		return nil, err // a bug of the engine: the prelude is generated
	}
	c := &checked{info: newInfo()}
	conf := types.Config{
		GoVersion: goVersion,
		Importer:  e.types,
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				c.errs = append(c.errs, te)
			}
		},
	}
	c.pkg, _ = conf.Check("main", p.fset, []*ast.File{prelude, p.file}, c.info)
	return c, nil
}

// declaredNames are the package-level names of a cell's file (funcs,
// types, consts, program vars, and methods as "T.m"), which the prelude
// must not declare again.
func declaredNames(p *parsed) map[string]bool {
	names := map[string]bool{}
	for _, d := range p.cellDecls() {
		switch x := d.(type) {
		case *ast.FuncDecl:
			if x.Recv != nil {
				names[recvName(x.Recv.List[0].Type)+"."+x.Name.Name] = true
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

func recvName(t ast.Expr) string {
	switch x := t.(type) {
	case *ast.StarExpr:
		return recvName(x.X)
	case *ast.ParenExpr:
		return recvName(x.X)
	case *ast.Ident:
		return x.Name
	case *ast.IndexExpr:
		return recvName(x.X)
	case *ast.IndexListExpr:
		return recvName(x.X)
	}
	return ""
}

// cellErrorsOf keeps the errors a user must see: those in cell n (or in an
// earlier cell's func run again), without the ones a notebook does not
// have: an import not used by this cell, and, when topVars says so, a
// top-level variable not used (it is a session variable).
func cellErrorsOf(s *session, errs []types.Error, topVars map[string]bool) cellErrors {
	var out cellErrors
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
		n := cellOf(pos)
		if n == 0 {
			continue
		}
		ce := &cellError{cell: n, line: pos.Line, col: pos.Column, msg: s.userName(msg)}
		if k := ce.Error(); !seen[k] {
			seen[k] = true
			out = append(out, ce)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.cell != b.cell {
			return a.cell < b.cell
		}
		if a.line != b.line {
			return a.line < b.line
		}
		return a.col < b.col
	})
	return out
}

// stmtRegion reports whether a position is inside the cell's statements
// (the body of __cellN).
func stmtRegion(p *parsed, pos token.Pos) bool {
	return p.cell != nil && pos >= p.cell.Body.Pos() && pos <= p.cell.Body.End()
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
func (e *Engine) preludeFile(fset *token.FileSet, skip map[string]bool) (*ast.File, error) {
	names := make([]string, 0, len(skip))
	for n := range skip {
		names = append(names, n)
	}
	sort.Strings(names)
	key := preludeKey{fset, e.version, strings.Join(names, " ")}
	if f, ok := e.preludes[key]; ok {
		return f, nil
	}
	f, err := parser.ParseFile(fset, "session.go", e.sess.prelude(skip), 0)
	if err != nil {
		return nil, err
	}
	if len(e.preludes) > 8 {
		e.preludes = map[preludeKey]*ast.File{}
	}
	e.preludes[key] = f
	return f, nil
}
