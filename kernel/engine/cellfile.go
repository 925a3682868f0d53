package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// A cell becomes one Go file of the session's package: its imports and
// declarations at package level, its top-level statements as the body of
// func __cellN, which runs once. Every piece of the cell is preceded by a
// //line directive, so that go/parser, go/types and the interpreter all
// report positions as "cell[N]:line:col" of the cell as typed.
//
// The file goes through an ordered pipeline of text edits, each step
// parsing the text of the step before (see pipeline.go):
//
//	names   types declared again get fresh internal names (session.go)
//	show    the final expression is passed to __show
//	hoist   top-level := and var declare session variables (hoist.go)
//	yaegi   rewrites around the interpreter's gaps (yaegifix.go)

// cellFuncName is the func a cell's statements run in.
func cellFuncName(n int) string { return fmt.Sprintf("__cell%d", n) }

// cellName is the file name positions of cell n carry.
func cellName(n int) string { return fmt.Sprintf("cell[%d]", n) }

var cellNameRE = regexp.MustCompile(`^cell\[(\d+)\](?:/.*)?$`)

// cellOf returns the cell a position is in, or 0.
func cellOf(p token.Position) int {
	m := cellNameRE.FindStringSubmatch(p.Filename)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func lineDirective(cell, line, col int) string {
	return fmt.Sprintf("//line %s:%d:%d\n", cellName(cell), line, col)
}

// genDirective ends a piece of the cell: what follows is the pipeline's.
const genDirective = "\n//line gen.go:1\n"

// cellSource is a cell cut into chunks, before any edit.
type cellSource struct {
	n       int
	code    string
	chunks  []chunk
	program bool // the cell is a whole program: it starts with "package main"
}

// packageClause matches a cell that starts with a package clause.
var packageClause = regexp.MustCompile(`^(?:\s|//[^\n]*\n|/\*(?:[^*]|\*[^/])*\*/)*package\s+(\w+)`)

func newCellSource(n int, code string) (*cellSource, error) {
	c := &cellSource{n: n, code: code}
	if m := packageClause.FindStringSubmatchIndex(code); m != nil {
		if name := code[m[2]:m[3]]; name != "main" {
			p := offsetPosition(code, m[2])
			return nil, &cellError{cell: n, line: p.Line, col: p.Column,
				msg: fmt.Sprintf("a cell that is a program must be package main, not package %s", name)}
		}
		c.program = true
		// Blank the clause out, keeping the offsets of what follows.
		code = code[:m[0]] + strings.Repeat(" ", m[1]-m[0]) + code[m[1]:]
	}
	c.chunks = splitCell(code, c.program)
	return c, nil
}

func offsetPosition(code string, off int) token.Position {
	line := 1 + strings.Count(code[:off], "\n")
	col := off - strings.LastIndexByte(code[:off], '\n')
	return token.Position{Line: line, Column: col}
}

// text builds the file of the cell with the session's imports (those the
// cell does not import itself) and decls added at package level.
func (c *cellSource) text(imports, decls string) string {
	var b strings.Builder
	b.WriteString("package main\n\n")
	b.WriteString(imports)
	for _, ch := range c.chunks {
		if ch.kind == stmtChunk {
			continue
		}
		b.WriteString(lineDirective(c.n, ch.line, ch.col))
		b.WriteString(ch.src)
		b.WriteString(genDirective)
	}
	b.WriteString(decls)
	b.WriteString("\nfunc " + cellFuncName(c.n) + "() {\n")
	for _, ch := range c.chunks {
		if ch.kind != stmtChunk {
			continue
		}
		b.WriteString(lineDirective(c.n, ch.line, ch.col))
		b.WriteString(ch.src)
		b.WriteString(genDirective)
	}
	if c.program {
		b.WriteString(";main()\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// importNames returns the names the cell's import chunks declare, with
// their paths.
func (c *cellSource) importNames() (map[string]string, error) {
	out := map[string]string{}
	for _, ch := range c.chunks {
		if ch.kind != importChunk {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "", "package main\n"+lineDirective(c.n, ch.line, ch.col)+ch.src, parser.ImportsOnly)
		if err != nil {
			return nil, parseError(err)
		}
		for _, spec := range f.Imports {
			path, _ := strconv.Unquote(spec.Path.Value)
			name := importName(path)
			if spec.Name != nil {
				name = spec.Name.Name
			}
			if name == "." {
				p := fset.Position(spec.Pos())
				return nil, &cellError{cell: c.n, line: p.Line, col: p.Column,
					msg: "dot imports are not supported in cells: import the package by name"}
			}
			if name != "_" {
				out[name] = path
			}
		}
	}
	return out, nil
}

// importName is the default name of an import path.
func importName(path string) string {
	if path == poolkitPath {
		return "poolkit"
	}
	if i := strings.LastIndex(path, "/"); i >= 0 {
		path = path[i+1:]
	}
	return path
}

// parsed is one step's text, parsed.
type parsed struct {
	text string
	fset *token.FileSet
	file *ast.File
	cell *ast.FuncDecl // func __cellN
}

func parseCellText(fset *token.FileSet, n int, text string) (*parsed, error) {
	f, err := parser.ParseFile(fset, "_.go", text, parser.ParseComments)
	if err != nil {
		return nil, parseError(err)
	}
	p := &parsed{text: text, fset: fset, file: f}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == cellFuncName(n) {
			p.cell = fd
		}
	}
	return p, nil
}

// off is the byte offset of pos in the text.
func (p *parsed) off(pos token.Pos) int { return p.fset.File(pos).Offset(pos) }

// src is the text of a node.
func (p *parsed) src(n ast.Node) string { return p.text[p.off(n.Pos()):p.off(n.End())] }

// inCell reports whether a node comes from the cell (not from the lines
// the pipeline added).
func (p *parsed) inCell(n ast.Node) bool { return cellOf(p.fset.Position(n.Pos())) != 0 }

// topStmts are the cell's top-level statements.
func (p *parsed) topStmts() []ast.Stmt {
	if p.cell == nil {
		return nil
	}
	return p.cell.Body.List
}

// cellDecls are the cell's package-level declarations, without the
// pipeline's own.
func (p *parsed) cellDecls() []ast.Decl {
	var out []ast.Decl
	for _, d := range p.file.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			continue
		}
		if fd, ok := d.(*ast.FuncDecl); ok && fd == p.cell {
			continue
		}
		if p.inCell(d) {
			out = append(out, d)
		}
	}
	return out
}

// parseError turns go/parser's errors into cellErrors.
func parseError(err error) error {
	list, ok := err.(scanner.ErrorList)
	if !ok || len(list) == 0 {
		return err
	}
	var out cellErrors
	for _, e := range list {
		out = append(out, &cellError{cell: cellOf(e.Pos), line: e.Pos.Line, col: e.Pos.Column, msg: e.Msg})
	}
	return out
}

// edit replaces text[off:end] with text.
type edit struct {
	off, end int
	text     string
}

// applyEdits applies edits; of two overlapping edits, the first in
// order of offset wins. At one offset, insertions go before a
// replacement, in the order given.
func applyEdits(src string, edits []edit) string {
	sort.SliceStable(edits, func(i, j int) bool {
		a, b := edits[i], edits[j]
		if a.off != b.off {
			return a.off < b.off
		}
		return a.end == a.off && b.end != b.off
	})
	var b strings.Builder
	last := 0
	for _, e := range edits {
		if e.off < last {
			continue
		}
		b.WriteString(src[last:e.off])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(src[last:])
	return b.String()
}

// insertBefore inserts s before node n without moving n: the inserted
// text ends with a //line directive that gives n its own position back.
func (p *parsed) insertBefore(n ast.Node, s string) edit {
	pos := p.fset.Position(n.Pos())
	o := p.off(n.Pos())
	return edit{o, o, s + "\n" + lineDirective(cellOf(pos), pos.Line, pos.Column)}
}

// applyEditsKeepingPos is applyEdits for a text whose positions must stay
// those of the cell as typed: after an edit that moves what follows it on
// its line (or adds lines), a /*line :L:C*/ comment gives the
// text after the edit its position back, so that go/types, yaegi's panics
// and its errors name the user's columns, not the rewritten text's.
func applyEditsKeepingPos(p *parsed, edits []edit) string {
	out := make([]edit, 0, len(edits))
	for _, e := range edits {
		if e.end < len(p.text) && p.text[e.end] != '\n' && moves(p.text[e.off:e.end], e.text) {
			if pos := p.fset.File(p.file.Pos()).Position(p.fset.File(p.file.Pos()).Pos(e.end)); cellOf(pos) != 0 {
				// No file name: the directive keeps the one in effect,
				// which compileRun gives the file's own base name.
				e.text += fmt.Sprintf("/*line :%d:%d*/", pos.Line, pos.Column)
			}
		}
		out = append(out, e)
	}
	return applyEdits(p.text, out)
}

// moves reports whether replacing old with new moves the text after it.
func moves(old, new string) bool {
	return len(old) != len(new) || strings.Count(old, "\n") != strings.Count(new, "\n")
}
