package cell

import (
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Session is the Go package the cells have declared so far, as the engine
// keeps it: for go/types, the declarations without their bodies (a
// prelude file that each new cell is checked against); for the
// interpreter, the source each declaration was run as (replayed after a
// crash, and run again when a func it calls is redefined).
//
// Names: a cell refers to the newest declaration of a name. A type
// declared again gets a fresh internal name (P, then P__2, ...), because
// the interpreter keeps the first definition of a type name; values and
// funcs made from the older type keep it. Funcs, vars and consts keep
// their names: the newest declaration replaces the older one.
type Session struct {
	Imports map[string]string // import name → path, as cells wrote them
	Hidden  map[string]string // import name → path, added to spell types (__gk1 ...)

	Types     map[string]*SessionDecl // internal type name → declaration (every version)
	TypeNames map[string]string       // user type name → newest internal name
	TypeCount map[string]int          // user type name → versions declared
	Funcs     map[string]*SessionDecl // func name → newest declaration
	Methods   map[string]*SessionDecl // "T.m" (T internal) → newest declaration
	Vars      map[string]*SessionDecl // var name → newest declaration
	Consts    map[string]*SessionDecl // const name → newest declaration

	// Version counts the changes of the session (commit); preludes caches
	// the parsed prelude (check.go).
	Version  int
	preludes map[preludeKey]*ast.File
}

// DeclKind is what a session declaration declares.
type DeclKind int

const (
	TypeKind DeclKind = iota
	FuncKind
	MethodKind
	VarKind
	ConstKind
)

// SessionDecl is one declaration of the session.
type SessionDecl struct {
	Kind DeclKind
	Name string // user name (a method: "T.m")
	Cell int    // the cell it was declared in
	// Check is the declaration for go/types: a type's declaration, a
	// func's signature, "var x T", "const k T = v".
	Check string
	// Full is a func's or method's whole declaration as checked, with a
	// //line directive naming its cell: run again when a func it calls is
	// redefined.
	Full string
	// SigType is a func's type, to tell a redefinition that keeps it.
	SigType string
	// From and to are the cell lines of a func's body; exact says the
	// body is one statement on one line (see panicInfo).
	From, To int
	Exact    bool
	// Typ is a var's type, in internal names.
	Typ string
	// Since is, for a var, the cell whose declaration made its storage:
	// declared again with the same type, a variable keeps it (the engine's
	// lifted literals name the storage they use).
	Since int
	// Doc is the doc comment and signature, for inspect.
	Doc string
	// Uses are the funcs and methods ("T.m") its body calls, for running
	// it again when one of them is redefined.
	Uses []string
	// Vars are the session variables its body mentions (keepvars.go).
	Vars []string
}

// NewSession is an empty session.
func NewSession() *Session {
	return &Session{Imports: map[string]string{}, Hidden: map[string]string{},
		Types: map[string]*SessionDecl{}, TypeNames: map[string]string{}, TypeCount: map[string]int{},
		Funcs: map[string]*SessionDecl{}, Methods: map[string]*SessionDecl{},
		Vars: map[string]*SessionDecl{}, Consts: map[string]*SessionDecl{},
		preludes: map[preludeKey]*ast.File{}}
}

// ImportLines returns the import block of a file of the session: the
// imports whose names the file uses (all of them when used is nil),
// without the names in skip (which the cell imports itself). An unused
// import costs go/types a formatted error.
func (s *Session) ImportLines(skip, used map[string]bool) string {
	var names []string
	for n := range s.Imports {
		if !skip[n] && (used == nil || used[n]) {
			names = append(names, n)
		}
	}
	for n := range s.Hidden {
		if used == nil || used[n] {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("import (\n")
	fmt.Fprintf(&b, "\t%s %q\n", IterseqName, IterseqPath)
	for _, n := range names {
		p, ok := s.Imports[n]
		if !ok {
			p = s.Hidden[n]
		}
		fmt.Fprintf(&b, "\t%s %q\n", n, p)
	}
	b.WriteString(")\n")
	return b.String()
}

// prelude is the go/types file of the session: every declaration without
// its body, except the names the cell declares again (skip).
func (s *Session) prelude(skip map[string]bool) string {
	var b strings.Builder
	b.WriteString(builtinsAPI)
	write := func(m map[string]*SessionDecl, key func(string) string) {
		for _, n := range slices.Sorted(maps.Keys(m)) {
			if skip[key(n)] {
				continue
			}
			b.WriteString(m[n].Check)
			b.WriteString("\n")
		}
	}
	same := func(n string) string { return n }
	write(s.Types, same)
	write(s.Funcs, same)
	write(s.Methods, same)
	write(s.Vars, same)
	write(s.Consts, same)
	decls := b.String()
	return "package main\n\n" + s.ImportLines(nil, Identifiers(decls)) + decls
}

// Identifiers returns the identifiers of Go source.
func Identifiers(src string) map[string]bool {
	fset := token.NewFileSet()
	var sc scanner.Scanner
	sc.Init(fset.AddFile("", -1, len(src)), []byte(src), nil, 0)
	out := map[string]bool{}
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.IDENT {
			out[lit] = true
		}
	}
}

// UserName turns the internal names of types in s back into the names
// the cells wrote (P__2 → P), for messages.
func (s *Session) UserName(msg string) string {
	return InternalName.ReplaceAllString(msg, "$1")
}

// NewTypeName returns the internal name of the next declaration of type
// name, and records it as the newest.
func (s *Session) NewTypeName(name string) string {
	n := s.TypeCount[name] + 1
	internal := name
	if n > 1 {
		internal = fmt.Sprintf("%s__%d", name, n)
	}
	return internal
}
