package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"

	"github.com/aulago/gokernel/kernel"
)

var _ kernel.Engine = (*Engine)(nil)

// Inspect shows the signature and doc comment of the name at the cursor
// (Shift+Tab): a package member, or something a cell declared.
func (e *Engine) Inspect(req kernel.InspectRequest) kernel.InspectReply {
	runes := []rune(req.Code)
	cur := req.CursorPos
	if cur > len(runes) || cur < 0 {
		cur = len(runes)
	}
	start, end := cur, cur
	for start > 0 && (isIdent(runes[start-1]) || runes[start-1] == '.') {
		start--
	}
	for end < len(runes) && isIdent(runes[end]) {
		end++
	}
	name := strings.Trim(string(runes[start:end]), ".")
	if name == "" {
		return kernel.InspectReply{Data: map[string]any{}}
	}
	text := e.describe(name)
	if text == "" {
		return kernel.InspectReply{Data: map[string]any{}}
	}
	return kernel.InspectReply{Found: true, Data: map[string]any{"text/plain": text}}
}

func (e *Engine) describe(name string) string {
	pkg, member, qualified := strings.Cut(name, ".")
	if !qualified {
		e.decls.mu.Lock()
		doc := e.decls.docs[name]
		e.decls.mu.Unlock()
		if doc != "" {
			return strings.TrimSpace(doc)
		}
		if g, ok := e.globals()[name]; ok {
			return fmt.Sprintf("var %s %s = %v", name, g.Type(), g)
		}
		return ""
	}
	if g, ok := e.globals()[pkg]; ok {
		if d := e.methodDoc(g.Type(), pkg, member); d != "" {
			return d
		}
	}
	path, ok := e.imports[pkg]
	if !ok {
		path = e.stdPath(pkg)
	}
	if path == "" {
		e.decls.mu.Lock()
		doc := e.decls.docs[pkg+"."+member]
		e.decls.mu.Unlock()
		return strings.TrimSpace(doc)
	}
	if sourcePackages[path] {
		if path == "poolkit" {
			if d := poolkitDocOf(member); d != "" {
				return d
			}
		}
		if b, err := stdsrc.ReadFile("stdsrc/" + path + "/" + path + ".go"); err == nil {
			if d := docFromSource(string(b), member); d != "" {
				return d
			}
		}
	}
	if d := docFromGoroot(path, member); d != "" {
		return d
	}
	if syms, ok := e.syms[path+"/"+pathName(path)]; ok {
		if v, ok := syms[member]; ok {
			return fmt.Sprintf("%s.%s: %s", pkg, member, v.Type())
		}
	}
	return ""
}

// docFromGoroot reads a standard package's source for a declaration.
func docFromGoroot(path, name string) string {
	dir := filepath.Join(runtime.GOROOT(), "src", path)
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil || !strings.Contains(string(b), name) {
			continue
		}
		if d := docFromSource(string(b), name); d != "" {
			return d
		}
	}
	return ""
}

// docFromSource finds a top-level func or type named name in src and
// returns its signature and doc comment.
func docFromSource(src, name string) string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return ""
	}
	for _, d := range f.Decls {
		switch x := d.(type) {
		case *ast.FuncDecl:
			if x.Recv == nil && x.Name.Name == name {
				var b strings.Builder
				_ = printer.Fprint(&b, fset, &ast.FuncDecl{Name: x.Name, Type: x.Type})
				return b.String() + "\n\n" + x.Doc.Text()
			}
		case *ast.GenDecl:
			for _, s := range x.Specs {
				var id *ast.Ident
				switch sp := s.(type) {
				case *ast.TypeSpec:
					id = sp.Name
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						if n.Name == name {
							id = n
						}
					}
				}
				if id != nil && id.Name == name {
					var b strings.Builder
					_ = printer.Fprint(&b, fset, &ast.GenDecl{Tok: x.Tok, Specs: []ast.Spec{s}})
					doc := x.Doc.Text()
					if doc == "" {
						if ts, ok := s.(*ast.TypeSpec); ok {
							doc = ts.Doc.Text()
						}
					}
					return b.String() + "\n\n" + doc
				}
			}
		}
	}
	return ""
}

// methodDoc documents x.member for a session variable x: a method of a
// compiled type (poolkit's or the standard library's), or a field or method
// of a type the cells declared.
func (e *Engine) methodDoc(t reflect.Type, x, member string) string {
	e.decls.mu.Lock()
	tn := e.decls.varTypes[x]
	d := e.decls.docs[tn+"."+member]
	e.decls.mu.Unlock()
	if d != "" {
		return strings.TrimSpace(d)
	}
	for t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	if t.PkgPath() == "" {
		return ""
	}
	if strings.HasSuffix(t.PkgPath(), "/poolkit") {
		return poolkitDocOf(member)
	}
	dir := filepath.Join(runtime.GOROOT(), "src", t.PkgPath())
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil || !strings.Contains(string(b), ") "+member+"(") {
			continue
		}
		fset := token.NewFileSet()
		af, err := parser.ParseFile(fset, "", b, parser.ParseComments)
		if err != nil {
			continue
		}
		for _, decl := range af.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if ok && fd.Recv != nil && fd.Name.Name == member && recvName(fd.Recv.List[0].Type) == t.Name() {
				var sb strings.Builder
				_ = printer.Fprint(&sb, fset, &ast.FuncDecl{Recv: fd.Recv, Name: fd.Name, Type: fd.Type})
				return sb.String() + "\n\n" + fd.Doc.Text()
			}
		}
	}
	return ""
}
