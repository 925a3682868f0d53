package engine

import (
	"fmt"
	"go/scanner"
	"go/token"
	"sort"
	"strings"
)

// session is the Go package the cells have declared so far, as the engine
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
type session struct {
	imports map[string]string // import name → path, as cells wrote them
	hidden  map[string]string // import name → path, added to spell types (__gk1 ...)

	types     map[string]*sessionDecl // internal type name → declaration (every version)
	typeNames map[string]string       // user type name → newest internal name
	typeCount map[string]int          // user type name → versions declared
	funcs     map[string]*sessionDecl // func name → newest declaration
	methods   map[string]*sessionDecl // "T.m" (T internal) → newest declaration
	vars      map[string]*sessionDecl // var name → newest declaration
	consts    map[string]*sessionDecl // const name → newest declaration
}

// declKind is what a session declaration declares.
type declKind int

const (
	typeKind declKind = iota
	funcKind
	methodKind
	varKind
	constKind
)

// sessionDecl is one declaration of the session.
type sessionDecl struct {
	kind declKind
	name string // user name (a method: "T.m")
	cell int    // the cell it was declared in
	// check is the declaration for go/types: a type's declaration, a
	// func's signature, "var x T", "const k T = v".
	check string
	// full is a func's or method's whole declaration as checked, with a
	// //line directive naming its cell: run again when a func it calls is
	// redefined.
	full string
	// sigType is a func's type, to tell a redefinition that keeps it.
	sigType string
	// from and to are the cell lines of a func's body; exact says the
	// body is one statement on one line (see panicInfo).
	from, to int
	exact    bool
	// typ is a var's type, in internal names.
	typ string
	// since is, for a var, the cell whose declaration made its storage:
	// declared again with the same type, a variable keeps it (lift.go).
	since int
	// doc is the doc comment and signature, for inspect.
	doc string
	// uses are the funcs and methods ("T.m") its body calls, for running
	// it again when one of them is redefined.
	uses []string
	// vars are the session variables its body mentions (keepvars.go).
	vars []string
}

func newSession() *session {
	return &session{imports: map[string]string{}, hidden: map[string]string{},
		types: map[string]*sessionDecl{}, typeNames: map[string]string{}, typeCount: map[string]int{},
		funcs: map[string]*sessionDecl{}, methods: map[string]*sessionDecl{},
		vars: map[string]*sessionDecl{}, consts: map[string]*sessionDecl{}}
}

// importLines returns the import block of a file of the session: the
// imports whose names the file uses (all of them when used is nil),
// without the names in skip (which the cell imports itself). An unused
// import costs go/types a formatted error.
func (s *session) importLines(skip, used map[string]bool) string {
	var names []string
	for n := range s.imports {
		if !skip[n] && (used == nil || used[n]) {
			names = append(names, n)
		}
	}
	for n := range s.hidden {
		if used == nil || used[n] {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("import (\n")
	fmt.Fprintf(&b, "\t%s %q\n", iterseqName, iterseqPath)
	for _, n := range names {
		p, ok := s.imports[n]
		if !ok {
			p = s.hidden[n]
		}
		fmt.Fprintf(&b, "\t%s %q\n", n, p)
	}
	b.WriteString(")\n")
	return b.String()
}

// prelude is the go/types file of the session: every declaration without
// its body, except the names the cell declares again (skip).
func (s *session) prelude(skip map[string]bool) string {
	var b strings.Builder
	b.WriteString(builtinsAPI)
	write := func(m map[string]*sessionDecl, key func(string) string) {
		for _, n := range sortedKeys(m) {
			if skip[key(n)] {
				continue
			}
			b.WriteString(m[n].check)
			b.WriteString("\n")
		}
	}
	same := func(n string) string { return n }
	write(s.types, same)
	write(s.funcs, same)
	write(s.methods, same)
	write(s.vars, same)
	write(s.consts, same)
	decls := b.String()
	return "package main\n\n" + s.importLines(nil, identifiers(decls)) + decls
}

// identifiers returns the identifiers of Go source.
func identifiers(src string) map[string]bool {
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

// userName turns the internal names of types in s back into the names
// the cells wrote (P__2 → P), for messages.
func (s *session) userName(msg string) string {
	return internalName.ReplaceAllString(msg, "$1")
}

// typeVersion returns the internal name of the next declaration of type
// name, and records it as the newest.
func (s *session) newTypeName(name string) string {
	n := s.typeCount[name] + 1
	internal := name
	if n > 1 {
		internal = fmt.Sprintf("%s__%d", name, n)
	}
	return internal
}
