package introspect

import (
	"github.com/aulago/gokernel/kernel/engine/cell"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Completion and inspect read the code of a request the way a cell is
// checked: as the cell's file, type-checked with the session. The code
// is often unfinished, so analyze tries variants of it: the code as it
// is; cut at the cursor with its open brackets closed (and called, for
// "go func() {"); the cut code with the lines that do not parse blanked
// out, but the cursor's; and at last the parser's partial tree. go/types
// records what it can even when the code has errors. A package of the
// standard library the code names without importing it is imported.

// analysisCell is the cell number the code of a request is analyzed
// as: no cell that runs has it.
const analysisCell = 999_999

// cursorMark takes the place of the word being completed, so that the
// code around it parses and the word itself is never a candidate.
const cursorMark = "__gkcursor"

// analysis is a request's code, parsed and type-checked with the session
// as far as it goes.
type analysis struct {
	code  string       // the variant of the code analyzed
	p0    *cell.Parsed // the cell's file as built
	edits []cell.Edit  // the edits from p0 to p (names of types declared again)
	p     *cell.Parsed // the file that was checked
	c     *cell.Checked
}

// analyze checks the best variant of a request's code it can parse:
// full is the whole code, cut the code up to the cursor's word, and
// keepLine the cursor's line. It returns nil if nothing can be checked.
func (e *View) analyze(full, cut string, keepLine int) *analysis {
	closed := cell.CloseBrackets(cut)
	variants := []string{full, closed}
	if closed != cut {
		variants = append(variants, closed+"()")
	}
	// Imports first, outside the session's lock: the first import of a
	// package can take a while ("go list").
	extra := e.preImport(full)
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, code := range variants {
		if a, _ := e.analyzeLocked(code, extra, false); a != nil {
			return a
		}
	}
	code := closed
	for range 8 {
		a, bad := e.analyzeLocked(code, extra, false)
		if a != nil {
			return a
		}
		blanked := cell.BlankLines(code, bad, keepLine)
		if blanked == code {
			break
		}
		code = blanked
	}
	a, _ := e.analyzeLocked(code, extra, true)
	return a
}

// preImport imports the packages the code imports, and the standard
// packages it may name without importing them ("strings." before the
// import line is written); it returns the latter, name → path.
func (e *View) preImport(code string) map[string]string {
	var paths []string
	if src, err := cell.NewCellSource(analysisCell, code); err == nil {
		if imps, err := src.ImportNames(); err == nil {
			for _, path := range imps {
				paths = append(paths, path)
			}
		}
	}
	std := e.stdPackages()
	e.mu.Lock()
	imported := map[string]bool{}
	for n := range e.sess.Imports {
		imported[n] = true
	}
	e.mu.Unlock()
	extra := map[string]string{}
	for _, n := range cell.SelectorNames(code) {
		if path, ok := std[n]; ok && !imported[n] {
			extra[n] = path
			paths = append(paths, path)
		}
	}
	for _, path := range paths {
		_, _ = e.types.Import(path)
	}
	return extra
}

// analyzeLocked builds, parses and checks one variant, with the standard
// packages of extra imported if the code uses them undeclared; with
// lenient, a variant that does not parse is checked as far as the parser
// got. If it does not parse, it returns the lines of the syntax errors.
func (e *View) analyzeLocked(code string, extra map[string]string, lenient bool) (*analysis, []int) {
	a, bad := e.analyzeWith(code, nil, lenient)
	if a == nil || len(extra) == 0 {
		return a, bad
	}
	missing := map[string]string{}
	for _, te := range a.c.Errs {
		if n, ok := strings.CutPrefix(te.Msg, "undefined: "); ok && extra[n] != "" && cell.CellOf(te.Fset.Position(te.Pos)) == analysisCell {
			missing[n] = extra[n]
		}
	}
	if len(missing) == 0 {
		return a, nil
	}
	if b, _ := e.analyzeWith(code, missing, lenient); b != nil {
		return b, nil
	}
	return a, nil
}

func (e *View) analyzeWith(code string, missing map[string]string, lenient bool) (a *analysis, bad []int) {
	src, err := cell.NewCellSource(analysisCell, code)
	if err != nil {
		return nil, nil
	}
	skipImports := map[string]bool{}
	if names, err := src.ImportNames(); err == nil {
		for n := range names {
			skipImports[n] = true
		}
	}
	imports := e.sess.ImportLines(skipImports, nil)
	for _, n := range slices.Sorted(maps.Keys(missing)) {
		if !skipImports[n] {
			imports += "import " + n + " " + strconv.Quote(missing[n]) + "\n"
		}
	}
	text := src.Text(imports, "")
	p0, bad := parseForAnalysis(analysisCell, text, lenient)
	if p0 == nil {
		return nil, bad
	}
	edits := e.nameEdits(p0)
	p, _ := parseForAnalysis(analysisCell, cell.ApplyEdits(p0.Text, append([]cell.Edit(nil), edits...)), lenient)
	if p == nil {
		return nil, nil
	}
	// go/types should not fail on a partial tree; if it does, the
	// request gets no answer, not a crash.
	defer func() {
		if recover() != nil {
			a = nil
		}
	}()
	c, err := e.sess.Check(e.types, p, cell.DeclaredNames(p))
	if err != nil || c.Pkg == nil {
		return nil, nil
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].Off < edits[j].Off })
	return &analysis{code: code, p0: p0, edits: edits, p: p, c: c}, nil
}

// parseForAnalysis parses a cell's file; with lenient, a file with
// syntax errors gives the parser's partial tree. If it does not parse, it
// returns the cell's lines with syntax errors.
func parseForAnalysis(n int, text string, lenient bool) (*cell.Parsed, []int) {
	fset := token.NewFileSet()
	p, err := cell.ParseCellText(fset, n, text)
	if err == nil {
		return p, nil
	}
	var bad []int
	if list, ok := err.(cell.CellErrors); ok {
		for _, ce := range list {
			if ce.Cell == n {
				bad = append(bad, ce.Line)
			}
		}
	}
	if !lenient {
		return nil, bad
	}
	fset = token.NewFileSet()
	f, _ := parser.ParseFile(fset, "_.go", text, parser.ParseComments)
	if f == nil {
		return nil, bad
	}
	p = &cell.Parsed{Text: text, Fset: fset, File: f}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == cell.CellFuncName(n) && fd.Body != nil {
			p.Cell = fd
		}
	}
	return p, bad
}

// posAt is the position in the checked file of a byte offset of the
// code, or token.NoPos.
func (a *analysis) posAt(off int) token.Pos {
	want := cell.OffsetPosition(a.code, off)
	tf := a.p0.Fset.File(a.p0.File.Pos())
	name := cell.CellName(analysisCell)
	o0 := -1
	text := a.p0.Text
	directive := false // a //line line belongs to the lines before it
	for o := 0; o <= tf.Size(); o++ {
		if o == 0 || text[o-1] == '\n' {
			directive = strings.HasPrefix(text[o:], "//line ")
		}
		if directive {
			continue
		}
		p := tf.PositionFor(tf.Pos(o), true)
		if p.Filename == name && p.Line == want.Line && p.Column == want.Column {
			o0 = o
			break
		}
	}
	if o0 < 0 {
		return token.NoPos
	}
	o1 := o0
	for _, ed := range a.edits {
		switch {
		case ed.End <= o0 && ed.Off < o0:
			o1 += len(ed.Text) - (ed.End - ed.Off)
		case ed.Off < o0: // inside a renamed name
			o1 = o1 - (o0 - ed.Off) + min(o0-ed.Off, len(ed.Text))
		}
	}
	tf1 := a.p.Fset.File(a.p.File.Pos())
	if o1 > tf1.Size() {
		return token.NoPos
	}
	return tf1.Pos(o1)
}

// inCellNode reports whether a node of the checked file comes from the
// request's code.
func (a *analysis) inCellNode(n ast.Node) bool {
	return cell.CellOf(a.p.Fset.Position(n.Pos())) == analysisCell
}
