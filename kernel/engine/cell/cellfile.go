package cell

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
// parsing the text of the step before (see the engine's pipeline.go):
//
//	names   types declared again get fresh internal names (session.go)
//	show    the final expression is passed to __show
//	hoist   top-level := and var declare session variables (hoist.go)
//	yaegi   rewrites around the interpreter's gaps (rewrite/yaegifix.go)

// CellFuncName is the func a cell's statements run in.
func CellFuncName(n int) string { return fmt.Sprintf("__cell%d", n) }

// CellName is the file name positions of cell n carry.
func CellName(n int) string { return fmt.Sprintf("cell[%d]", n) }

// CellNameRE matches the file names of cells (CellName), capturing n.
var CellNameRE = regexp.MustCompile(`^cell\[(\d+)\](?:/.*)?$`)

// CellOf returns the cell a position is in, or 0.
func CellOf(p token.Position) int {
	m := CellNameRE.FindStringSubmatch(p.Filename)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// LineDirective is a //line directive giving what follows line and col
// of cell.
func LineDirective(cell, line, col int) string {
	return fmt.Sprintf("//line %s:%d:%d\n", CellName(cell), line, col)
}

// GenDirective ends a piece of the cell: what follows is the pipeline's.
const GenDirective = "\n//line gen.go:1\n"

// cellSource is a cell cut into chunks, before any edit.
type cellSource struct {
	n       int
	code    string
	Chunks  []chunk
	Program bool // the cell is a whole program: it starts with "package main"
}

// PackageClause matches a cell that starts with a package clause.
var PackageClause = regexp.MustCompile(`^(?:\s|//[^\n]*\n|/\*(?:[^*]|\*[^/])*\*/)*package\s+(\w+)`)

// NewCellSource splits cell n's code into its chunks (split.go).
func NewCellSource(n int, code string) (*cellSource, error) {
	c := &cellSource{n: n, code: code}
	if m := PackageClause.FindStringSubmatchIndex(code); m != nil {
		if name := code[m[2]:m[3]]; name != "main" {
			p := OffsetPosition(code, m[2])
			return nil, &CellError{Cell: n, Line: p.Line, Col: p.Column,
				Msg: fmt.Sprintf("a cell that is a program must be package main, not package %s", name)}
		}
		c.Program = true
		// Blank the clause out, keeping the offsets of what follows.
		code = code[:m[0]] + strings.Repeat(" ", m[1]-m[0]) + code[m[1]:]
	}
	c.Chunks = splitCell(code, c.Program)
	return c, nil
}

// OffsetPosition is the line and column of byte offset off in code.
func OffsetPosition(code string, off int) token.Position {
	line := 1 + strings.Count(code[:off], "\n")
	col := off - strings.LastIndexByte(code[:off], '\n')
	return token.Position{Line: line, Column: col}
}

// Text builds the file of the cell with the session's imports (those the
// cell does not import itself) and decls added at package level.
func (c *cellSource) Text(imports, decls string) string {
	var b strings.Builder
	b.WriteString("package main\n\n")
	b.WriteString(imports)
	for _, ch := range c.Chunks {
		if ch.Kind == StmtChunk {
			continue
		}
		b.WriteString(LineDirective(c.n, ch.line, ch.col))
		b.WriteString(ch.Src)
		b.WriteString(GenDirective)
	}
	b.WriteString(decls)
	b.WriteString("\nfunc " + CellFuncName(c.n) + "() {\n")
	for _, ch := range c.Chunks {
		if ch.Kind != StmtChunk {
			continue
		}
		b.WriteString(LineDirective(c.n, ch.line, ch.col))
		b.WriteString(ch.Src)
		b.WriteString(GenDirective)
	}
	if c.Program {
		b.WriteString(";main()\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// ImportNames returns the names the cell's import chunks declare, with
// their paths.
func (c *cellSource) ImportNames() (map[string]string, error) {
	out := map[string]string{}
	for _, ch := range c.Chunks {
		if ch.Kind != importChunk {
			continue
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "", "package main\n"+LineDirective(c.n, ch.line, ch.col)+ch.Src, parser.ImportsOnly)
		if err != nil {
			return nil, ParseError(err)
		}
		for _, spec := range f.Imports {
			path, _ := strconv.Unquote(spec.Path.Value)
			name := ImportName(path)
			if spec.Name != nil {
				name = spec.Name.Name
			}
			if name == "." {
				p := fset.Position(spec.Pos())
				return nil, &CellError{Cell: c.n, Line: p.Line, Col: p.Column,
					Msg: "dot imports are not supported in cells: import the package by name"}
			}
			if name != "_" {
				out[name] = path
			}
		}
	}
	return out, nil
}

// ImportName is the default name of an import path.
func ImportName(path string) string {
	if path == PoolkitPath {
		return "poolkit"
	}
	if i := strings.LastIndex(path, "/"); i >= 0 {
		path = path[i+1:]
	}
	return path
}

// Parsed is one step's text, parsed.
type Parsed struct {
	Text string
	Fset *token.FileSet
	File *ast.File
	Cell *ast.FuncDecl // func __cellN
}

// ParseCellText parses text, the file of cell n, into fset.
func ParseCellText(fset *token.FileSet, n int, text string) (*Parsed, error) {
	f, err := parser.ParseFile(fset, "_.go", text, parser.ParseComments)
	if err != nil {
		return nil, ParseError(err)
	}
	p := &Parsed{Text: text, Fset: fset, File: f}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == CellFuncName(n) {
			p.Cell = fd
		}
	}
	return p, nil
}

// Off is the byte offset of pos in the text.
func (p *Parsed) Off(pos token.Pos) int { return p.Fset.File(pos).Offset(pos) }

// Src is the text of a node.
func (p *Parsed) Src(n ast.Node) string { return p.Text[p.Off(n.Pos()):p.Off(n.End())] }

// InCell reports whether a node comes from the cell (not from the lines
// the pipeline added).
func (p *Parsed) InCell(n ast.Node) bool { return CellOf(p.Fset.Position(n.Pos())) != 0 }

// TopStmts are the cell's top-level statements.
func (p *Parsed) TopStmts() []ast.Stmt {
	if p.Cell == nil {
		return nil
	}
	return p.Cell.Body.List
}

// CellDecls are the cell's package-level declarations, without the
// pipeline's own.
func (p *Parsed) CellDecls() []ast.Decl {
	var out []ast.Decl
	for _, d := range p.File.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			continue
		}
		if fd, ok := d.(*ast.FuncDecl); ok && fd == p.Cell {
			continue
		}
		if p.InCell(d) {
			out = append(out, d)
		}
	}
	return out
}

// ParseError turns go/parser's errors into cellErrors.
func ParseError(err error) error {
	list, ok := err.(scanner.ErrorList)
	if !ok || len(list) == 0 {
		return err
	}
	var out CellErrors
	for _, e := range list {
		out = append(out, &CellError{Cell: CellOf(e.Pos), Line: e.Pos.Line, Col: e.Pos.Column, Msg: e.Msg})
	}
	return out
}

// Edit replaces text[off:end] with text.
type Edit struct {
	Off, End int
	Text     string
}

// ApplyEdits applies edits; of two overlapping edits, the first in
// order of offset wins. At one offset, insertions go before a
// replacement, in the order given.
func ApplyEdits(src string, edits []Edit) string {
	sort.SliceStable(edits, func(i, j int) bool {
		a, b := edits[i], edits[j]
		if a.Off != b.Off {
			return a.Off < b.Off
		}
		return a.End == a.Off && b.End != b.Off
	})
	var b strings.Builder
	last := 0
	for _, e := range edits {
		if e.Off < last {
			continue
		}
		b.WriteString(src[last:e.Off])
		b.WriteString(e.Text)
		last = e.End
	}
	b.WriteString(src[last:])
	return b.String()
}

// InsertBefore inserts s before node n without moving n: the inserted
// text ends with a //line directive that gives n its own position back.
func (p *Parsed) InsertBefore(n ast.Node, s string) Edit {
	pos := p.Fset.Position(n.Pos())
	o := p.Off(n.Pos())
	return Edit{o, o, s + "\n" + LineDirective(CellOf(pos), pos.Line, pos.Column)}
}

// ApplyEditsKeepingPos is applyEdits for a text whose positions must stay
// those of the cell as typed: after an edit that moves what follows it on
// its line (or adds lines), a /*line :L:C*/ comment gives the
// text after the edit its position back, so that go/types, yaegi's panics
// and its errors name the user's columns, not the rewritten text's.
func ApplyEditsKeepingPos(p *Parsed, edits []Edit) string {
	out := make([]Edit, 0, len(edits))
	for _, e := range edits {
		if e.End < len(p.Text) && p.Text[e.End] != '\n' && moves(p.Text[e.Off:e.End], e.Text) {
			if pos := p.Fset.File(p.File.Pos()).Position(p.Fset.File(p.File.Pos()).Pos(e.End)); CellOf(pos) != 0 {
				// No file name: the directive keeps the one in effect,
				// which compileRun gives the file's own base name.
				e.Text += fmt.Sprintf("/*line :%d:%d*/", pos.Line, pos.Column)
			}
		}
		out = append(out, e)
	}
	return ApplyEdits(p.Text, out)
}

// moves reports whether replacing old with new moves the text after it.
func moves(old, new string) bool {
	return len(old) != len(new) || strings.Count(old, "\n") != strings.Count(new, "\n")
}
