package engine

import (
	"go/ast"
	"go/token"
	"sort"
	"sync"
)

// declIndex remembers what the session's cells declared: how many results
// each func returns (to know whether a call is worth showing), which funcs
// are generic, and every name, for completion.
type declIndex struct {
	mu        sync.Mutex
	results   map[string]int      // func name → number of results
	methods   map[string][]int    // method name → result counts seen
	generic   map[string]bool     // generic func names
	types     map[string]int      // type name → times declared
	names     map[string]string   // every top-level name → its kind
	fields    map[string][]string // type name → field and method names
	docs      map[string]string   // name → signature and doc for inspect
	renamed   map[string]string   // type name → name yaegi knows it by
	varTypes  map[string]string   // var name → type, when written down
	intFuncs  map[string]bool     // funcs returning one integer
	intConsts map[string]bool     // integer consts and vars, by syntax
	poisoned  map[string]bool     // declared by a chunk that failed (see poison.go)
}

func newDeclIndex() *declIndex {
	return &declIndex{results: map[string]int{}, methods: map[string][]int{}, generic: map[string]bool{},
		types: map[string]int{}, names: map[string]string{}, fields: map[string][]string{},
		docs: map[string]string{}, renamed: map[string]string{}, varTypes: map[string]string{},
		intFuncs: map[string]bool{}, intConsts: map[string]bool{}, poisoned: map[string]bool{}}
}

func countResults(ft *ast.FuncType) int {
	if ft.Results == nil {
		return 0
	}
	n := 0
	for _, f := range ft.Results.List {
		if len(f.Names) == 0 {
			n++
		} else {
			n += len(f.Names)
		}
	}
	return n
}

// sortedNames returns the session's names, sorted.
func (d *declIndex) sortedNames() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.names))
	for n := range d.names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// record remembers what a declaration chunk declares.
func (e *Engine) record(f *ast.File, src string, off func(token.Pos) int) {
	d := e.decls
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, decl := range f.Decls {
		switch x := decl.(type) {
		case *ast.FuncDecl:
			n := countResults(x.Type)
			sig := src[off(x.Pos()):off(x.Type.End())]
			doc := ""
			if x.Doc != nil {
				doc = x.Doc.Text()
			}
			if x.Recv != nil && len(x.Recv.List) > 0 {
				d.methods[x.Name.Name] = append(d.methods[x.Name.Name], n)
				if t := recvName(x.Recv.List[0].Type); t != "" {
					d.fields[t] = appendUnique(d.fields[t], x.Name.Name)
					d.docs[t+"."+x.Name.Name] = sig + "\n\n" + doc
				}
				continue
			}
			d.results[x.Name.Name] = n
			d.names[x.Name.Name] = "function"
			d.docs[x.Name.Name] = sig + "\n\n" + doc
			d.generic[x.Name.Name] = x.Type.TypeParams != nil && len(x.Type.TypeParams.List) > 0
			d.intFuncs[x.Name.Name] = n == 1 && isIntType(x.Type.Results.List[0].Type)
		case *ast.GenDecl:
			for _, s := range x.Specs {
				switch sp := s.(type) {
				case *ast.TypeSpec:
					d.names[sp.Name.Name] = "class"
					d.docs[sp.Name.Name] = src[off(x.Pos()):off(sp.End())]
					if st, ok := sp.Type.(*ast.StructType); ok {
						for _, fl := range st.Fields.List {
							for _, nm := range fl.Names {
								d.fields[sp.Name.Name] = appendUnique(d.fields[sp.Name.Name], nm.Name)
							}
						}
					}
				case *ast.ValueSpec:
					for i, nm := range sp.Names {
						kind := "variable"
						if x.Tok == token.CONST {
							kind = "constant"
						}
						d.names[nm.Name] = kind
						isInt := sp.Type != nil && isIntType(sp.Type)
						if sp.Type == nil && i < len(sp.Values) {
							if b, ok := sp.Values[i].(*ast.BasicLit); ok && b.Kind == token.INT {
								isInt = true
							}
						}
						d.intConsts[nm.Name] = isInt
					}
				}
			}
		}
	}
}

func recvName(t ast.Expr) string {
	switch x := t.(type) {
	case *ast.StarExpr:
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

func appendUnique(xs []string, s string) []string {
	for _, x := range xs {
		if x == s {
			return xs
		}
	}
	return append(xs, s)
}
