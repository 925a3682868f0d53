package engine

import (
	"go/scanner"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aulago/gokernel/kernel"
)

// keywords are offered by completion with the session's names.
var keywords = []string{"break", "case", "chan", "const", "continue", "default", "defer", "else",
	"fallthrough", "for", "func", "go", "goto", "if", "import", "interface", "map", "package",
	"range", "return", "select", "struct", "switch", "type", "var"}

// Complete completes the identifier before the cursor: a package member
// after "pkg.", else the session's names, packages and keywords. Cursor
// positions are in code points, as the protocol says.
func (e *Engine) Complete(req kernel.CompleteRequest) kernel.CompleteReply {
	runes := []rune(req.Code)
	cur := req.CursorPos
	if cur > len(runes) || cur < 0 {
		cur = len(runes)
	}
	start := cur
	for start > 0 && isIdent(runes[start-1]) {
		start--
	}
	prefix := string(runes[start:cur])
	var cands []string
	if start > 0 && runes[start-1] == '.' {
		qs := start - 1
		for qs > 0 && isIdent(runes[qs-1]) {
			qs--
		}
		cands = e.members(string(runes[qs : start-1]))
	} else {
		cands = append(cands, e.decls.sortedNames()...)
		for n := range e.imports {
			cands = append(cands, n)
		}
		for n := range e.globals() {
			if !strings.HasPrefix(n, "__") {
				cands = append(cands, n)
			}
		}
		cands = append(cands, keywords...)
		cands = append(cands, e.packageNames()...)
		cands = append(cands, identsIn(req.Code)...)
		cands = append(cands, "len", "cap", "append", "make", "new", "panic", "print", "println", "min", "max", "copy", "delete", "close")
	}
	matches := []string{}
	seen := map[string]bool{}
	for _, c := range cands {
		if strings.HasPrefix(c, prefix) && !seen[c] && !strings.HasPrefix(c, "__") {
			seen[c] = true
			matches = append(matches, c)
		}
	}
	sort.Strings(matches)
	return kernel.CompleteReply{Matches: matches, CursorStart: start, CursorEnd: cur, Metadata: map[string]any{}}
}

func isIdent(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// members lists what follows "x.": a package's exported names (imported or
// not: completing before the import line is common), or the fields and
// methods of a session variable or type.
func (e *Engine) members(x string) []string {
	var out []string
	path, ok := e.imports[x]
	if !ok {
		path = e.stdPath(x)
	}
	if path != "" {
		if path == "poolkit" {
			for n := range e.syms[poolkitCore+"/core"] {
				out = append(out, n)
			}
		}
		if syms, ok := e.syms[path+"/"+pathName(path)]; ok {
			for n := range syms {
				if isExported(n) {
					out = append(out, n)
				}
			}
		}
		for k := range sourceResults {
			if p, n, ok := strings.Cut(k, "."); ok && p == path && isExported(n) {
				out = append(out, n)
			}
		}
		return out
	}
	if g, ok := e.globals()[x]; ok {
		t := g.Type()
		for i := 0; i < t.NumMethod(); i++ {
			out = append(out, t.Method(i).Name)
		}
		for t.Kind() == reflect.Ptr {
			t = t.Elem()
		}
		if t.Kind() == reflect.Struct {
			for i := 0; i < t.NumField(); i++ {
				out = append(out, t.Field(i).Name)
			}
		}
	}
	e.decls.mu.Lock()
	out = append(out, e.decls.fields[x]...)
	if t := e.decls.varTypes[x]; t != "" {
		out = append(out, e.decls.fields[t]...)
	}
	e.decls.mu.Unlock()
	return out
}

// stdPath finds a standard package by its name ("fmt", "rand" → math/rand).
func (e *Engine) stdPath(name string) string {
	best := ""
	for k := range e.syms {
		i := strings.LastIndex(k, "/")
		if i < 0 || k[i+1:] != name {
			continue
		}
		p := k[:i]
		if best == "" || len(p) < len(best) {
			best = p
		}
	}
	if best == "" && sourcePackages[name] {
		return name
	}
	return best
}

func isExported(n string) bool {
	r, _ := utf8.DecodeRuneInString(n)
	return unicode.IsUpper(r)
}

// IsComplete tells the console whether code is ready to run: open
// brackets or a trailing operator mean more is coming.
func (e *Engine) IsComplete(req kernel.IsCompleteRequest) kernel.IsCompleteReply {
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(req.Code))
	var s scanner.Scanner
	bad := false
	s.Init(f, []byte(req.Code), func(token.Position, string) { bad = true }, 0)
	depth := 0
	var last token.Token
	for {
		_, tok, _ := s.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
			if depth < 0 {
				return kernel.IsCompleteReply{Status: "invalid"}
			}
		}
		if tok != token.SEMICOLON {
			last = tok
		}
	}
	if bad {
		if strings.Count(req.Code, "`")%2 == 1 {
			return kernel.IsCompleteReply{Status: "incomplete", Indent: ""}
		}
		return kernel.IsCompleteReply{Status: "invalid"}
	}
	if depth > 0 {
		return kernel.IsCompleteReply{Status: "incomplete", Indent: strings.Repeat("\t", depth)}
	}
	switch {
	case last.IsOperator() && last != token.RPAREN && last != token.RBRACK && last != token.RBRACE && last != token.INC && last != token.DEC:
		return kernel.IsCompleteReply{Status: "incomplete", Indent: "\t"}
	}
	return kernel.IsCompleteReply{Status: "complete"}
}

// packageNames lists the packages a cell can import, by name.
func (e *Engine) packageNames() []string {
	var out []string
	for k := range e.syms {
		if i := strings.LastIndex(k, "/"); i > 0 && !strings.Contains(k[:i], ".") && !strings.HasPrefix(k, poolkitCore) {
			out = append(out, k[i+1:])
		}
	}
	for p := range sourcePackages {
		out = append(out, p)
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
