package rewrite

import (
	"fmt"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"sync"
)

// yaegi v0.16.1 names, for each frame a panic unwinds, the position of the
// first statement of the func (runCfg's recover reads an exec variable its
// loop shadows), never the statement that panicked. So the statements of
// the cells' funcs record where they are: "__pos7 = 196610; " (line<<16 |
// column) before a statement, into a variable of their func (__ln for a
// cell's own statements). Only the statements a panic cannot be told apart
// by record: a statement that can panic in a way no other statement of its
// func can (the only division, the only index) is found from the panic's
// value, and costs nothing; a call records, a step next to the call's cost.
// A func's first statement always records: the frame's position is then
// that of the record, which tells the func's own frames from those of the
// closures the engine wraps around statements (loops.go, goEdits).

// What a statement can panic with.
const (
	canIndex  uint8 = 1 << iota // index out of range, slice bounds
	canDivide                   // integer divide by zero
	canOther                    // nil pointer, nil map, type assertion, channel
	CallsFunc                   // a call: anything, and the frame's call in progress
	anyPanic  = canIndex | canDivide | canOther | CallsFunc
)

// posStmt is a statement of a func, in the cell's coordinates.
type posStmt struct {
	Line, Col int
	can       uint8
	calls     []string // the funcs and methods it calls, by name
	rec       bool     // it records its position
}

// PosFunc is a func body (or a cell's statements) whose statements record
// into v.
type PosFunc struct {
	cell     int
	Name     string // as the traceback names it: "", "isPrime", "P.m", "a func literal in f"
	Lit      bool
	From, To [2]int // line and column of the braces
	V        string
	stmts    []posStmt
}

// PosTable is every func body the engine compiled, newest last.
type PosTable struct {
	mu    sync.Mutex
	seq   int
	funcs []*PosFunc
}

func encodePos(line, col int) int { return line<<16 | col }

func DecodePos(v int64) (line, col int) { return int(v >> 16), int(v & 0xffff) }

// PosEdits returns the edits that make p's funcs record their statements'
// positions, and the declarations of the variables they record into. The
// funcs are added to the table.
func (t *PosTable) PosEdits(p *cell.Parsed, info *types.Info) ([]cell.Edit, string) {
	var funcs []*PosFunc
	var edits []cell.Edit
	var decls strings.Builder
	t.mu.Lock()
	defer t.mu.Unlock()
	newFunc := func(name string, lit bool, body *ast.BlockStmt) *PosFunc {
		from, to := p.Fset.Position(body.Lbrace), p.Fset.Position(body.Rbrace)
		if body == p.Cell.Body {
			// The braces are the pipeline's: the cell's statements span
			// from the first to the end of the last.
			from, to = token.Position{}, token.Position{}
			for _, s := range body.List {
				if !p.InCell(s) {
					continue
				}
				if from.Line == 0 {
					from = p.Fset.Position(s.Pos())
				}
				to = p.Fset.Position(s.End())
			}
		}
		f := &PosFunc{cell: cell.CellOf(from), Name: name, Lit: lit, From: [2]int{from.Line, from.Column}, To: [2]int{to.Line, to.Column}}
		if name == "" && !lit {
			f.V = cell.LineVar
		} else {
			t.seq++
			f.V = fmt.Sprintf("__pos%d", t.seq)
			fmt.Fprintf(&decls, "var %s int\n", f.V)
		}
		return f
	}
	var walk func(f *PosFunc, body *ast.BlockStmt, top bool)
	walk = func(f *PosFunc, body *ast.BlockStmt, top bool) {
		var nodes []ast.Stmt
		var lits []*ast.FuncLit
		var list func(l []ast.Stmt)
		list = func(l []ast.Stmt) {
			for _, s := range l {
				if !p.InCell(s) {
					continue // the pipeline's own
				}
				pos := p.Fset.Position(s.Pos())
				st := posStmt{Line: pos.Line, Col: pos.Column}
				idx := len(f.stmts)
				nodes = append(nodes, s)
				f.stmts = append(f.stmts, st)
				ast.Inspect(s, func(n ast.Node) bool {
					switch x := n.(type) {
					case *ast.FuncLit:
						lits = append(lits, x)
						return false
					case *ast.BlockStmt:
						for _, c := range x.List {
							switch cc := c.(type) {
							case *ast.CaseClause:
								for _, e := range cc.List {
									st.can |= exprCan(info, e, &st.calls, &lits)
								}
								list(cc.Body)
							case *ast.CommClause:
								if cc.Comm != nil {
									st.can |= exprCan(info, cc.Comm, &st.calls, &lits)
								}
								list(cc.Body)
							}
						}
						if len(x.List) > 0 {
							if _, ok := x.List[0].(*ast.CaseClause); ok {
								return false
							}
							if _, ok := x.List[0].(*ast.CommClause); ok {
								return false
							}
						}
						list(x.List)
						return false
					}
					if e, ok := n.(ast.Expr); ok {
						st.can |= exprCan(info, e, &st.calls, &lits)
						return false
					}
					switch x := n.(type) {
					case *ast.SendStmt:
						st.can |= canOther
					case *ast.AssignStmt:
						if x.Tok == token.QUO_ASSIGN || x.Tok == token.REM_ASSIGN {
							if tv := info.Types[x.Rhs[0]]; tv.Value == nil && isInteger(tv.Type) {
								st.can |= canDivide
							}
						}
						for _, l := range x.Lhs {
							if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok {
								if _, isMap := under(info.TypeOf(ix.X)).(*types.Map); isMap {
									st.can |= canOther
								}
							}
						}
					case *ast.GoStmt:
						// The call runs in another goroutine: only its
						// arguments are evaluated here.
						for _, a := range x.Call.Args {
							st.can |= exprCan(info, a, &st.calls, &lits)
						}
						if fl, ok := x.Call.Fun.(*ast.FuncLit); ok {
							lits = append(lits, fl)
						}
						return false
					}
					return true
				})
				f.stmts[idx].can, f.stmts[idx].calls = st.can, st.calls
			}
		}
		list(body.List)
		for i := range f.stmts {
			st := &f.stmts[i]
			st.rec = top && isTop(p, nodes[i]) || i == 0
			for j := range f.stmts {
				if j != i && st.can&f.stmts[j].can != 0 {
					st.rec = true
				}
			}
			if st.rec {
				o := p.Off(nodes[i].Pos())
				edits = append(edits, cell.Edit{Off: o, End: o, Text: fmt.Sprintf("%s = %d; ", f.V, encodePos(st.Line, st.Col))})
			}
		}
		funcs = append(funcs, f)
		for _, l := range lits {
			name := "a func literal"
			if f.Name != "" {
				name += " in " + strings.TrimPrefix(f.Name, "a func literal in ")
			}
			walk(newFunc(name, true, l.Body), l.Body, false)
		}
	}
	for _, d := range p.File.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || fd != p.Cell && !p.InCell(fd.Body) {
			continue
		}
		name := fd.Name.Name
		if fd == p.Cell {
			name = ""
		} else if fd.Recv != nil {
			name = cell.RecvName(fd.Recv.List[0].Type) + "." + name
		}
		if name == MainName {
			name = "main"
		}
		walk(newFunc(cell.InternalName.ReplaceAllString(name, "$1"), false, fd.Body), fd.Body, fd == p.Cell)
	}
	t.funcs = append(t.funcs, funcs...)
	return edits, decls.String()
}

// isTop reports whether s is one of the cell's top-level statements.
func isTop(p *cell.Parsed, s ast.Stmt) bool {
	for _, t := range p.TopStmts() {
		if t == s {
			return true
		}
	}
	return false
}

// exprCan is what an expression can panic with; it notes the funcs it
// calls and the func literals it holds.
func exprCan(info *types.Info, e ast.Node, calls *[]string, lits *[]*ast.FuncLit) uint8 {
	var can uint8
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			*lits = append(*lits, x)
			return false
		case *ast.CallExpr:
			if tv, ok := info.Types[x.Fun]; ok && tv.IsType() {
				return true // a conversion
			}
			fun := ast.Unparen(x.Fun)
			if id, ok := fun.(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok {
					switch b.Name() {
					case "panic":
						can |= anyPanic
					case "close", "make":
						can |= canOther
					}
					return true
				}
			}
			can |= anyPanic
			switch f := fun.(type) {
			case *ast.Ident:
				*calls = append(*calls, f.Name)
			case *ast.SelectorExpr:
				*calls = append(*calls, f.Sel.Name)
			case *ast.IndexExpr: // an instance: f[int](x)
				if id, ok := f.X.(*ast.Ident); ok {
					*calls = append(*calls, id.Name)
				}
			}
		case *ast.IndexExpr:
			switch under(info.TypeOf(x.X)).(type) {
			case *types.Map, *types.Signature, nil:
			default:
				can |= canIndex
			}
		case *ast.SliceExpr:
			can |= canIndex
		case *ast.BinaryExpr:
			if x.Op == token.QUO || x.Op == token.REM {
				if tv := info.Types[x.Y]; tv.Value == nil && isInteger(tv.Type) {
					can |= canDivide
				}
			}
		case *ast.StarExpr:
			if tv, ok := info.Types[x]; !ok || !tv.IsType() {
				can |= canOther
			}
		case *ast.TypeAssertExpr:
			can |= canOther
		case *ast.SelectorExpr:
			if sel := info.Selections[x]; sel != nil && sel.Indirect() {
				can |= canOther
			} else if sel != nil {
				if _, ptr := under(sel.Recv()).(*types.Pointer); ptr && sel.Kind() == types.FieldVal {
					can |= canOther
				}
			}
		}
		return true
	})
	return can
}

func under(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

func isInteger(t types.Type) bool {
	b, ok := under(t).(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// Find returns the funcs whose body holds the cell position, innermost
// first (the newest of equal ones first).
func (t *PosTable) Find(cell, line, col int) []*PosFunc {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []*PosFunc
	for i := len(t.funcs) - 1; i >= 0; i-- {
		f := t.funcs[i]
		if f.cell == cell && !before([2]int{line, col}, f.From) && !before(f.To, [2]int{line, col}) {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return before(out[j].From, out[i].From) })
	return out
}

// StmtCol is the column of the statement starting on a line of a cell
// (in the newest func holding it) that can panic with can, or else of the
// first statement on it, or 0.
func (t *PosTable) StmtCol(cell, line int, can uint8) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := len(t.funcs) - 1; i >= 0; i-- {
		f := t.funcs[i]
		if f.cell != cell || line < f.From[0] || line > f.To[0] {
			continue
		}
		first, match, n := 0, 0, 0
		for _, st := range f.stmts {
			if st.Line != line {
				continue
			}
			if first == 0 {
				first = st.Col
			}
			if st.can&can != 0 {
				match, n = st.Col, n+1
			}
		}
		if n == 1 {
			return match
		}
		if first > 0 {
			return first
		}
	}
	return 0
}

func before(a, b [2]int) bool { return a[0] < b[0] || a[0] == b[0] && a[1] < b[1] }

// at returns the statement of f that starts at line:col.
func (f *PosFunc) at(line, col int) *posStmt {
	for i := range f.stmts {
		if f.stmts[i].Line == line && f.stmts[i].Col == col {
			return &f.stmts[i]
		}
	}
	return nil
}

// Own reports whether a frame at line:col that yaegi names yaegiName is
// f's Own, not that of a closure the engine wrapped around some of f's
// statements: yaegi names closures "f.func", and a func literal's Own
// frame is at the record of its first statement.
func (f *PosFunc) Own(line, col int, yaegiName string) bool {
	lit := strings.HasSuffix(strings.TrimSuffix(strings.TrimSpace(yaegiName), "(...)"), ".func")
	if !f.Lit {
		return !lit
	}
	return lit && len(f.stmts) > 0 && f.stmts[0].Line == line && f.stmts[0].Col == col
}

// Statement picks the Statement of f a frame is at: the one Statement that
// can panic with can (that calls inner, for an outer frame), else the one
// the func recorded last (rec, 0 when none).
func (f *PosFunc) Statement(can uint8, inner string, rec int64) (posStmt, bool) {
	var cands []posStmt
	for _, s := range f.stmts {
		if s.can&can != 0 {
			cands = append(cands, s)
		}
	}
	if len(cands) == 1 {
		return cands[0], true
	}
	if inner != "" {
		var calling []posStmt
		for _, s := range cands {
			for _, c := range s.calls {
				if c == inner {
					calling = append(calling, s)
					break
				}
			}
		}
		if len(calling) == 1 {
			return calling[0], true
		}
	}
	if rec != 0 {
		if s := f.at(DecodePos(rec)); s != nil {
			return *s, true
		}
	}
	return posStmt{}, false
}

// PanicCan is what a panic's value (in Go's words) says the statement did.
func PanicCan(val string) uint8 {
	switch {
	case strings.Contains(val, "index out of range"), strings.Contains(val, "slice bounds out of range"):
		return canIndex
	case strings.Contains(val, "integer divide by zero"):
		return canDivide
	case strings.Contains(val, "nil pointer dereference"), strings.Contains(val, "nil map"),
		strings.Contains(val, "interface conversion"), strings.Contains(val, "closed channel"):
		return canOther
	}
	return CallsFunc
}
