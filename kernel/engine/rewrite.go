package engine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"
)

// edit replaces src[off:end] with text. Edits never add lines, so yaegi's
// line numbers stay the cell's.
type edit struct {
	off, end int
	text     string
}

func applyEdits(src string, edits []edit) string {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].off < edits[j].off })
	var b strings.Builder
	last := 0
	for _, e := range edits {
		if e.off < last {
			continue // overlapping edit: the outer one wins
		}
		b.WriteString(src[last:e.off])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(src[last:])
	return b.String()
}

// stmtPrefix wraps statements so that go/parser accepts them.
const stmtPrefix = "package main;func _(){"

// parsedStmts is a statement chunk parsed as a function body.
type parsedStmts struct {
	fset  *token.FileSet
	file  *ast.File
	body  *ast.BlockStmt
	src   string // the padded chunk source
	shift int    // subtract from a file offset to get an offset in src
}

func parseStmts(c chunk) (*parsedStmts, error) {
	p, err := parsePadded(c.padded())
	if err != nil {
		return nil, err
	}
	if src, changed := varToDefine(p); changed {
		return parsePadded(src)
	}
	return p, nil
}

// varToDefine turns top-level "var a, b = x, y" statements into
// "a, b := x, y" (see classify).
func varToDefine(p *parsedStmts) (string, bool) {
	var edits []edit
	for _, st := range p.body.List {
		ds, ok := st.(*ast.DeclStmt)
		if !ok {
			continue
		}
		g := ds.Decl.(*ast.GenDecl)
		if g.Tok != token.VAR || g.Lparen.IsValid() || len(g.Specs) != 1 {
			continue
		}
		vs := g.Specs[0].(*ast.ValueSpec)
		if vs.Type != nil || len(vs.Values) == 0 {
			continue
		}
		namesEnd := p.off(vs.Names[len(vs.Names)-1].End())
		eq := strings.IndexByte(p.src[namesEnd:], '=')
		if eq < 0 {
			continue
		}
		names := p.src[p.off(vs.Names[0].Pos()):namesEnd]
		edits = append(edits, edit{p.off(g.Pos()), namesEnd + eq + 1, names + " :="})
	}
	if len(edits) == 0 {
		return p.src, false
	}
	return applyEdits(p.src, edits), true
}

func parsePadded(src string) (*parsedStmts, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", stmtPrefix+src+"\n}", 0)
	if err != nil {
		return nil, shiftErr(err, -1)
	}
	fn := f.Decls[0].(*ast.FuncDecl)
	return &parsedStmts{fset: fset, file: f, body: fn.Body, src: src, shift: fset.File(f.Pos()).Base() + len(stmtPrefix)}, nil
}

func (p *parsedStmts) off(pos token.Pos) int { return int(pos) - p.shift }

// segment is a piece of a statement chunk evaluated on its own.
type segment struct {
	src string
	// expr is the cell's final expression: its value is the result if
	// showable says so, asked once the statements before it have run
	// (a variable they declare then has a type to look at).
	expr   ast.Expr
	define *defineN // a top-level := whose types must be found first
	line   int      // cell line of the statement
}

// defineN is a top-level "a, b := rhs" with a generic call in rhs: yaegi
// v0.16.1 dereferences a nil pointer on it (in its global type analysis),
// so the kernel finds the types, declares the variables, then assigns.
type defineN struct {
	names []string
	rhs   string
	line  int
}

// rewriteStmts plans a statement chunk: the text yaegi will run, cut where
// a generic := must be declared first.
func (e *Engine) rewriteStmts(c chunk) ([]segment, *parsedStmts, error) {
	p, err := parseStmts(c)
	if err != nil {
		return nil, nil, err
	}
	if err := e.usesPoisoned(p.file, p.fset); err != nil {
		return nil, nil, err
	}
	var edits []edit
	edits = append(edits, e.renameEdits(p.file, p.off)...)
	edits = append(edits, e.loopEdits(p)...)

	e.recordVarTypes(p)
	edits = append(edits, wrapEdits(p)...)
	// After wrapEdits: at the same offset, its "func(){" goes first.
	edits = append(edits, e.rangeFuncEdits(p.body, p.off, p.src)...)
	edits = append(edits, minMaxEdits(p.body, p.off)...)

	// One segment per top-level statement: a panic in the cell's own code
	// is then known to come from the statement being run (yaegi reports
	// the position of the enclosing call, not of the failing statement).
	var segs []segment
	list := p.body.List
	for i, st := range list {
		from, to := p.off(st.Pos()), len(p.src)
		if i+1 < len(list) {
			to = p.off(list[i+1].Pos())
		}
		line := p.fset.Position(st.Pos()).Line - 1
		if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && e.hasGenericCall(as.Rhs) {
			var names []string
			for _, l := range as.Lhs {
				names = append(names, l.(*ast.Ident).Name)
			}
			rhsOff, rhsEnd := p.off(as.Rhs[0].Pos()), p.off(as.Rhs[len(as.Rhs)-1].End())
			segs = append(segs, segment{line: line, define: &defineN{names: names,
				rhs:  applyEdits(p.src[rhsOff:rhsEnd], within(edits, rhsOff, rhsEnd, true)),
				line: line}})
			// the assignment itself: ":=" becomes "="
			edits = append(edits, edit{off: p.off(as.TokPos), end: p.off(as.TokPos) + 2, text: "= "})
		}
		seg := segment{src: blankOut(p.src, from, to, edits), line: line}
		if es, ok := st.(*ast.ExprStmt); ok && i == len(list)-1 {
			seg.expr = es.X
		}
		segs = append(segs, seg)
	}
	return segs, p, nil
}

// within returns the edits inside [off, end), moved to start at 0. An
// insertion at end belongs to what follows end, unless nothing does.
func within(edits []edit, off, end int, atEnd bool) []edit {
	var out []edit
	for _, e := range edits {
		if e.off == end && e.end == end && !atEnd {
			continue
		}
		if e.off >= off && e.end <= end {
			out = append(out, edit{e.off - off, e.end - off, e.text})
		}
	}
	return out
}

// blankOut returns src with everything outside [from, to) replaced by
// spaces (newlines kept), and the edits inside applied: positions in the
// result are the cell's.
func blankOut(src string, from, to int, edits []edit) string {
	var b strings.Builder
	for i := 0; i < from; i++ {
		if src[i] == '\n' {
			b.WriteByte('\n')
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteString(applyEdits(src[from:to], within(edits, from, to, to == len(src))))
	return b.String()
}

// rewriteDecls records a declaration chunk's names and returns the text
// yaegi will run.
func (e *Engine) rewriteDecls(c chunk) (string, []string, error) {
	src := c.padded()
	fset := token.NewFileSet()
	const prefix = "package main;"
	f, err := parser.ParseFile(fset, "", prefix+src, parser.ParseComments)
	if err != nil {
		return "", nil, shiftErr(err, -1)
	}
	if err := e.usesPoisoned(f, fset); err != nil {
		return "", nil, err
	}
	shift := fset.File(f.Pos()).Base() + len(prefix)
	off := func(p token.Pos) int { return int(p) - shift }
	edits := e.redefineEdits(f, off)
	edits = append(edits, e.renameEdits(f, off)...)
	edits = append(edits, e.loopEditsFile(f, fset, off)...)
	edits = append(edits, minMaxEdits(f, off)...)
	edits = append(edits, e.rangeFuncEdits(f, off, src)...)
	e.record(f, src, off)
	return applyEdits(src, edits), declNames(f), nil
}

// wrapEdits puts each top-level compound statement (for, if, switch,
// select, a block) in a func literal that is called at once. yaegi v0.16.1
// makes every ":=" of the cell's top level a global, even inside a loop
// body, so per-iteration copies ("i := i") and goroutines started in a
// top-level loop misbehave (a WaitGroup never reaches zero); inside a
// function they behave as in compiled Go. Their variables are block-scoped
// in Go anyway, so nothing visible changes.
func wrapEdits(p *parsedStmts) []edit {
	var edits []edit
	for _, st := range p.body.List {
		switch st.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt,
			*ast.SelectStmt, *ast.BlockStmt, *ast.LabeledStmt:
			edits = append(edits, edit{p.off(st.Pos()), p.off(st.Pos()), "func(){"},
				edit{p.off(st.End()), p.off(st.End()), "}();"})
		}
	}
	return edits
}

// recordVarTypes remembers the type of top-level variables made from a
// composite literal of a declared type (pt := Point{1, 2}, q := &Q{}), so
// that completion and inspect know pt's fields and methods.
func (e *Engine) recordVarTypes(p *parsedStmts) {
	e.decls.mu.Lock()
	defer e.decls.mu.Unlock()
	for _, st := range p.body.List {
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != len(as.Rhs) {
			continue
		}
		for i, l := range as.Lhs {
			id, ok := l.(*ast.Ident)
			if !ok {
				continue
			}
			x := as.Rhs[i]
			if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
				x = u.X
			}
			if cl, ok := x.(*ast.CompositeLit); ok {
				e.decls.varTypes[id.Name] = recvName(cl.Type)
			} else {
				delete(e.decls.varTypes, id.Name)
			}
		}
	}
}
