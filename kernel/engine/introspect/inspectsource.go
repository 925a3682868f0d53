package introspect

// Declarations and doc comments found in parsed source, shown the way go
// doc shows them.

import (
	"go/ast"
	"go/printer"
	"go/token"
	"go/types"
	"strings"
)

// docFile is parsed source to find declarations in.
type docFile struct {
	fset  *token.FileSet
	files []*ast.File
	own   bool // the session's code: shown whole
	// topOnly matches package-level names only, not fields and
	// methods: for a match by name alone.
	topOnly bool
}

// describe fills d with the declaration whose name matches, and its doc
// comment; false if there is none. A func's or type's declaration is
// shown as in the source, without body or unexported fields; the others
// keep the header go/types gave.
func (f *docFile) describe(d *description, obj types.Object, match func(*ast.Ident) bool) bool {
	for _, file := range f.files {
		for _, decl := range file.Decls {
			switch x := decl.(type) {
			case *ast.FuncDecl:
				if match(x.Name) {
					if h := f.print(&ast.FuncDecl{Recv: x.Recv, Name: x.Name, Type: x.Type}); h != "" {
						d.header = h
					}
					d.doc = x.Doc.Text()
					return true
				}
			case *ast.GenDecl:
				if f.describeSpecs(d, x, match) {
					return true
				}
			}
		}
	}
	return false
}

func (f *docFile) describeSpecs(d *description, g *ast.GenDecl, match func(*ast.Ident) bool) bool {
	for _, spec := range g.Specs {
		switch s := spec.(type) {
		case *ast.TypeSpec:
			if match(s.Name) {
				ts := *s
				ts.Doc, ts.Comment = nil, nil
				dropped := false
				if !f.own {
					ts.Type, dropped = exportedOnly(ts.Type)
				}
				if h := f.print(&ast.GenDecl{Tok: token.TYPE, Specs: []ast.Spec{&ts}}); h != "" {
					d.header = h
					if dropped {
						d.header = markUnexported(h)
					}
				}
				d.doc = firstDoc(s.Doc, g.Doc, s.Comment)
				return true
			}
			if f.topOnly {
				continue
			}
			if doc, ok := memberDoc(s.Type, match); ok {
				d.doc = doc
				return true
			}
		case *ast.ValueSpec:
			for _, n := range s.Names {
				if match(n) {
					d.doc = firstDoc(s.Doc, s.Comment, g.Doc)
					return true
				}
			}
		}
	}
	return false
}

// memberDoc finds a struct field or interface method in a type and
// returns its doc comment.
func memberDoc(t ast.Expr, match func(*ast.Ident) bool) (string, bool) {
	var fields *ast.FieldList
	switch x := t.(type) {
	case *ast.StructType:
		fields = x.Fields
	case *ast.InterfaceType:
		fields = x.Methods
	default:
		return "", false
	}
	for _, fl := range fields.List {
		for _, n := range fl.Names {
			if match(n) {
				return firstDoc(fl.Doc, fl.Comment), true
			}
		}
		if doc, ok := memberDoc(fl.Type, match); ok {
			return doc, true
		}
	}
	return "", false
}

func firstDoc(groups ...*ast.CommentGroup) string {
	for _, g := range groups {
		if t := g.Text(); t != "" {
			return t
		}
	}
	return ""
}

// exportedOnly drops the unexported fields of a struct type and the
// unexported methods of an interface type; dropped says if any were.
func exportedOnly(t ast.Expr) (ast.Expr, bool) {
	var list *ast.FieldList
	switch x := t.(type) {
	case *ast.StructType:
		list = x.Fields
	case *ast.InterfaceType:
		list = x.Methods
	default:
		return t, false
	}
	if list == nil {
		return t, false
	}
	keep := &ast.FieldList{Opening: list.Opening, Closing: list.Closing}
	dropped := false
	for _, fl := range list.List {
		var names []*ast.Ident
		for _, n := range fl.Names {
			if n.IsExported() {
				names = append(names, n)
			}
		}
		switch {
		case len(fl.Names) == 0 && !ast.IsExported(embeddedName(fl.Type)) && !isInterfaceElem(t, fl.Type):
			dropped = true
		case len(fl.Names) > 0 && len(names) == 0:
			dropped = true
		default:
			c := *fl
			c.Doc, c.Comment = nil, nil
			if len(fl.Names) > 0 {
				dropped = dropped || len(names) < len(fl.Names)
				c.Names = names
			}
			keep.List = append(keep.List, &c)
		}
	}
	switch x := t.(type) {
	case *ast.StructType:
		c := *x
		c.Fields = keep
		return &c, dropped
	case *ast.InterfaceType:
		c := *x
		c.Methods = keep
		return &c, dropped
	}
	return t, dropped
}

// isInterfaceElem reports whether an unnamed entry of t is an interface's
// type element (~int | string), which is kept.
func isInterfaceElem(t, elem ast.Expr) bool {
	_, isIface := t.(*ast.InterfaceType)
	if !isIface {
		return false
	}
	_, isIdent := elem.(*ast.Ident)
	_, isSel := elem.(*ast.SelectorExpr)
	return !isIdent && !isSel
}

// embeddedName is the type name of an embedded field.
func embeddedName(t ast.Expr) string {
	switch x := t.(type) {
	case *ast.StarExpr:
		return embeddedName(x.X)
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.IndexExpr:
		return embeddedName(x.X)
	case *ast.IndexListExpr:
		return embeddedName(x.X)
	}
	return ""
}

// markUnexported says, as go doc does, that a type has members it hides.
func markUnexported(s string) string {
	const note = "// Has unexported fields."
	i := strings.LastIndex(s, "}")
	if i < 0 {
		return s
	}
	head := strings.TrimRight(s[:i], " \t\n")
	if strings.HasSuffix(head, "{") {
		return head + "\n\t" + note + "\n}"
	}
	return head + "\n\n\t" + note + "\n}"
}

// compact drops the blank lines of a declaration, left where the
// comments it is printed without were.
func compact(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// print formats a declaration as gofmt does, without its comments and
// blank lines.
func (f *docFile) print(n ast.Node) string {
	var b strings.Builder
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(&b, f.fset, n); err != nil {
		return ""
	}
	return compact(b.String())
}
