package engine

import (
	"context"
	"fmt"
	"go/ast"
	"regexp"
	"strings"
)

// hasGenericCall reports whether exprs call a generic func: one the cells
// declared, an explicit instantiation, or a func of a source package
// (poolkit, slices, maps, cmp), whose funcs yaegi interprets.
func (e *Engine) hasGenericCall(exprs []ast.Expr) bool {
	found := false
	for _, x := range exprs {
		ast.Inspect(x, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || found {
				return !found
			}
			switch f := call.Fun.(type) {
			case *ast.Ident:
				e.decls.mu.Lock()
				found = e.decls.generic[f.Name]
				e.decls.mu.Unlock()
			case *ast.IndexExpr, *ast.IndexListExpr:
				found = true
			case *ast.SelectorExpr:
				if id, ok := f.X.(*ast.Ident); ok && id.Obj == nil {
					found = sourcePackages[e.imports[id.Name]]
				}
			}
			return !found
		})
	}
	return found
}

var probeErr = regexp.MustCompile(`(?:cannot use type|cannot convert) (.*?) (?:as type|to) struct \{ __probe int\}`)

var untyped = strings.NewReplacer("untyped float", "float64", "untyped int", "int", "untyped rune", "rune",
	"untyped string", "string", "untyped bool", "bool", "untyped complex", "complex128")

var mainPrefix = regexp.MustCompile(`\bmain\.`)

// defineTypes finds the static types of "names := rhs" without running rhs:
// it compiles a func that assigns each to a struct, and reads the type from
// yaegi's error message.
func (e *Engine) defineTypes(ctx context.Context, d *defineN) ([]string, error) {
	var types []string
	for i := range d.names {
		e.seq++
		vars := make([]string, len(d.names))
		for j := range vars {
			vars[j] = fmt.Sprintf("__v%d", j)
		}
		src := fmt.Sprintf("func __probe%d() { %s := %s; var __z struct{ __probe int } = __v%d; _ = __z }",
			e.seq, strings.Join(vars, ", "), d.rhs, i)
		_, err := e.eval(ctx, strings.Repeat("\n", d.line)+src)
		if err == nil {
			return nil, fmt.Errorf("cannot find the type of %s", d.names[i])
		}
		m := probeErr.FindStringSubmatch(err.Error())
		if m == nil {
			return nil, err
		}
		types = append(types, mainPrefix.ReplaceAllString(untyped.Replace(m[1]), ""))
	}
	return types, nil
}

// runDefine declares the variables of a generic := with their types.
func (e *Engine) runDefine(ctx context.Context, d *defineN) error {
	types, err := e.defineTypes(ctx, d)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(strings.Repeat("\n", d.line))
	for i, n := range d.names {
		if n == "_" {
			continue
		}
		fmt.Fprintf(&b, "var %s %s;", n, types[i])
	}
	_, err = e.eval(ctx, b.String())
	return err
}
