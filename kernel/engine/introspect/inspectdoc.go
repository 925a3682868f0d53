package introspect

import (
	"fmt"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"go/ast"
	"go/doc/comment"
	"go/types"
	"strings"
)

// describe finds the declaration and doc comment of an object: the
// session's from what the cells declared, the request's own code from
// its tree, poolkit's, display's and the engine's slices, maps and cmp
// from their source, the standard library's from GOROOT. a is nil for an
// object found without analysis.
func (e *View) describe(a *analysis, obj types.Object) *description {
	if strings.HasPrefix(obj.Name(), "__") {
		return nil
	}
	if o, ok := obj.(*types.Func); ok {
		obj = o.Origin()
	}
	if o, ok := obj.(*types.Var); ok {
		obj = o.Origin()
	}
	if pn, ok := obj.(*types.PkgName); ok {
		return e.describePackage(pn.Imported().Path())
	}
	d := &description{header: objectString(obj)}
	switch {
	case obj.Pkg() == nil:
		d.path = "builtin"
		if src := gorootFile("builtin/builtin.go"); src != nil {
			src.describe(d, obj, func(id *ast.Ident) bool { return id.Name == obj.Name() })
		}
	case obj.Pkg().Path() == "main":
		if a == nil {
			return d
		}
		pos := a.p.Fset.Position(obj.Pos())
		switch {
		case pos.Filename == "session.go":
			e.describeSession(d, obj)
		case cell.CellOf(pos) == analysisCell:
			f := &docFile{fset: a.p.Fset, files: []*ast.File{a.p.File}, own: true}
			f.describe(d, obj, func(id *ast.Ident) bool { return id.Pos() == obj.Pos() })
		}
	default:
		d.path = obj.Pkg().Path()
		if ap := e.types.PackageDoc(d.path); ap != nil {
			f := &docFile{fset: e.types.FileSet()}
			for _, af := range ap.Files {
				f.files = append(f.files, af)
			}
			f.describe(d, obj, func(id *ast.Ident) bool { return id.Pos() == obj.Pos() })
			return d
		}
		pos := e.types.FileSet().Position(obj.Pos())
		if rel, ok := strings.CutPrefix(pos.Filename, "$GOROOT/src/"); ok {
			if src := gorootFile(rel); src != nil {
				if src.describe(d, obj, func(id *ast.Ident) bool {
					return id.Name == obj.Name() && src.fset.Position(id.Pos()).Line == pos.Line
				}) {
					return d
				}
			}
		}
		if obj.Parent() == obj.Pkg().Scope() {
			if src := gorootPackage(d.path); src != nil {
				src.topOnly = true
				src.describe(d, obj, func(id *ast.Ident) bool { return id.Name == obj.Name() })
			}
		}
	}
	return d
}

// describeSession gives the declaration and doc comment an earlier cell
// wrote for a session object.
func (e *View) describeSession(d *description, obj types.Object) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.sess
	var sd *cell.SessionDecl
	tierName := ""
	switch o := obj.(type) {
	case *types.TypeName:
		sd = s.Types[o.Name()]
	case *types.Func:
		if recv := RecvTypeName(o); recv != "" {
			sd = s.Methods[recv+"."+o.Name()]
			tierName = recv + "." + o.Name()
		} else {
			sd = s.Funcs[o.Name()]
		}
	case *types.Var:
		if !o.IsField() {
			sd = s.Vars[o.Name()]
		}
	case *types.Const:
		sd = s.Consts[o.Name()]
	}
	if sd == nil {
		return
	}
	decl := s.UserName(sd.Check)
	if sd.Kind == cell.TypeKind || sd.Kind == cell.FuncKind || sd.Kind == cell.MethodKind {
		d.header = decl
	}
	d.doc = strings.TrimSuffix(sd.Doc, decl)
	if sd.Kind == cell.FuncKind || sd.Kind == cell.MethodKind {
		// How it runs: the compiled tier's word (tier.go).
		if tierName == "" {
			tierName = sd.Name
		}
		how := e.tier.StatusOf(tierName)
		if how == "" {
			how = "interpreted"
		}
		d.doc = strings.TrimRight(d.doc, "\n") + "\n\nRuns " + how + "."
	}
}

// describePackage shows a package clause and the package's doc.
func (e *View) describePackage(path string) *description {
	d := &description{path: path}
	name := cell.ImportName(path)
	if ap := e.types.PackageDoc(path); ap != nil {
		name = ap.Name
		for _, f := range ap.Files {
			if f.Doc != nil {
				d.doc = f.Doc.Text()
				break
			}
		}
	} else if doc, pkgName := gorootPackageDoc(path); pkgName != "" {
		name, d.doc = pkgName, doc
	}
	d.header = fmt.Sprintf("package %s // import %q", name, path)
	return d
}

// docMarkdown renders a doc comment as Markdown, with links to
// pkg.go.dev for the standard library and poolkit.
func docMarkdown(doc, path string) string {
	p := comment.Parser{LookupSym: func(recv, name string) bool { return true }}
	pr := comment.Printer{DocLinkURL: func(l *comment.DocLink) string {
		lp := l.ImportPath
		if lp == "" {
			lp = path
		}
		if lp == "poolkit" {
			lp = cell.PoolkitPath
		}
		switch lp {
		case "", "main", "display", cell.IterseqPath:
			return ""
		}
		u := "https://pkg.go.dev/" + lp
		if l.Name != "" {
			u += "#" + l.Name
			if l.Recv != "" {
				u = "https://pkg.go.dev/" + lp + "#" + l.Recv + "." + l.Name
			}
		}
		return u
	}}
	return string(pr.Markdown(p.Parse(doc)))
}

// RecvTypeName is the name of a method's receiver type.
func RecvTypeName(f *types.Func) string {
	sig, ok := f.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return ""
	}
	t := sig.Recv().Type()
	if pt, ok := t.(*types.Pointer); ok {
		t = pt.Elem()
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}
