package introspect

import (
	"github.com/aulago/gokernel/kernel/engine/cell"
	"go/scanner"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// keywords are offered by completion with the names in scope.
var keywords = []string{"break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map", "package",
	"range", "return", "select", "struct", "switch", "type", "var"}

func keywordCandidates() []candidate {
	out := make([]candidate, len(keywords))
	for i, k := range keywords {
		out[i] = candidate{name: k, kind: "keyword"}
	}
	return out
}

// packageCandidates are the packages a cell can import, by name.
func (e *View) packageCandidates() []candidate {
	var out []candidate
	for name, path := range e.stdPackages() {
		out = append(out, candidate{name: name, kind: "module", sig: "package " + name + " (" + strconv.Quote(path) + ")"})
	}
	return out
}

// stdPackages maps the name of each package a cell can import (the
// standard library as the interpreter has it, poolkit, display, and the
// engine's slices, maps and cmp) to its path; of two packages with one
// name (math/rand, crypto/rand), the shorter path, then the first.
func (e *View) stdPackages() map[string]string {
	out := map[string]string{}
	add := func(name, path string) {
		if old, ok := out[name]; !ok || len(path) < len(old) || (len(path) == len(old) && path < old) {
			out[name] = path
		}
	}
	for k := range e.syms {
		i := strings.LastIndex(k, "/")
		if i <= 0 {
			continue
		}
		path := k[:i]
		if strings.Contains(path, ".") || strings.HasPrefix(path, "gokernel/") || strings.HasPrefix(path, e.poolkitCore) ||
			strings.Contains(path, "internal") {
			continue
		}
		add(k[i+1:], path)
	}
	for p := range e.sourcePackages {
		add(p, p)
	}
	return out
}

// stdPath finds a package a cell can import by its name ("fmt"; "rand"
// is math/rand), or "".
func (e *View) stdPath(name string) string { return e.stdPackages()[name] }

// textCandidates completes without type information, from the words of
// the code and the session's names: when no variant of the code parses
// far enough to hold the cursor.
func (e *View) textCandidates(code string, start, end int, dot bool) []candidate {
	if dot {
		qs, _ := cell.WordAround(code, start-1)
		name := code[qs : start-1]
		e.mu.Lock()
		path := e.sess.Imports[name]
		e.mu.Unlock()
		if path != "" {
			if pkg, err := e.types.Import(path); err == nil {
				return packageMembers(pkg)
			}
		}
		return e.stdMembers(name)
	}
	var out []candidate
	e.mu.Lock()
	kinds := map[cell.DeclKind]string{cell.TypeKind: "class", cell.FuncKind: "function", cell.VarKind: "variable", cell.ConstKind: "constant"}
	for _, m := range []map[string]*cell.SessionDecl{e.sess.Funcs, e.sess.Vars, e.sess.Consts} {
		for n, d := range m {
			sig := e.sess.UserName(d.Check)
			if strings.Contains(sig, "__") {
				sig = "" // a type spelled with an import the engine added
			}
			out = append(out, candidate{name: n, kind: kinds[d.Kind], sig: sig})
		}
	}
	for user, internal := range e.sess.TypeNames {
		out = append(out, candidate{name: user, kind: "class", sig: e.sess.UserName(e.sess.Types[internal].Check)})
	}
	for n, path := range e.sess.Imports {
		out = append(out, candidate{name: n, kind: "module", sig: "package " + n + " (" + strconv.Quote(path) + ")"})
	}
	e.mu.Unlock()
	for _, n := range types.Universe.Names() {
		out = append(out, objectCandidate(types.Universe.Lookup(n)))
	}
	out = append(out, e.packageCandidates()...)
	out = append(out, keywordCandidates()...)
	for _, id := range identsIn(code[:start] + " " + code[end:]) {
		out = append(out, candidate{name: id, kind: "variable"})
	}
	return out
}

// identsIn lists the identifiers of code, so that names the cell being
// written declares complete before it runs.
func identsIn(code string) []string {
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(code))
	var s scanner.Scanner
	s.Init(f, []byte(code), nil, 0)
	var out []string
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.IDENT {
			out = append(out, lit)
		}
	}
}
