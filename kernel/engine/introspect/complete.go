package introspect

import (
	"go/ast"
	"go/constant"
	"go/types"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/engine/cell"
)

// candidate is one completion: a name, its kind as JupyterLab shows it
// ("function", "variable", "class", "module", "keyword", "constant",
// "field", "method") and its signature.
type candidate struct {
	name, kind, sig string
}

// Complete completes the identifier before the cursor from the type
// information of the code: after "x." the members of x (a package's
// exported names, imported or not; the fields and methods of x's type),
// else the names in scope at the cursor, packages and keywords. The word
// being typed is never a candidate itself. Cursor positions are in code
// points, as the protocol says; the metadata gives each match's kind
// under "_jupyter_types_experimental", as ipykernel does.
func (e *View) Complete(req kernel.CompleteRequest) kernel.CompleteReply {
	code := req.Code
	off := cell.ByteOffset(code, req.CursorPos)
	start, end := cell.WordAround(code, off)
	prefix := code[start:off]
	reply := kernel.CompleteReply{Matches: []string{}, CursorStart: cell.RuneOffset(code, start),
		CursorEnd: cell.RuneOffset(code, off), Metadata: map[string]any{}}
	if r, _ := utf8.DecodeRuneInString(prefix); unicode.IsDigit(r) || cell.InLiteralOrComment(code[:off]) {
		return withTypes(reply, nil)
	}
	dot := start > 0 && code[start-1] == '.'
	marked := code[:start] + cursorMark
	var cands []candidate
	ok := false
	if a := e.analyze(marked+code[end:], marked, cell.OffsetPosition(code, off).Line); a != nil {
		cands, ok = e.candidates(a, dot)
	}
	if !ok {
		cands = e.textCandidates(code, start, end, dot)
	}
	seen := map[string]bool{}
	var items []candidate
	for _, c := range cands {
		if !strings.HasPrefix(c.name, prefix) || seen[c.name] || hiddenName(c.name) {
			continue
		}
		seen[c.name] = true
		items = append(items, c)
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].name < items[j].name })
	for _, c := range items {
		reply.Matches = append(reply.Matches, c.name)
	}
	return withTypes(reply, items)
}

// withTypes adds the kinds of the matches to a reply's metadata.
func withTypes(r kernel.CompleteReply, items []candidate) kernel.CompleteReply {
	list := make([]any, 0, len(items))
	for _, c := range items {
		list = append(list, map[string]any{"start": r.CursorStart, "end": r.CursorEnd,
			"text": c.name, "type": c.kind, "signature": c.sig})
	}
	r.Metadata["_jupyter_types_experimental"] = list
	return r
}

// hiddenName reports whether a name is the engine's own: helpers
// (__show, __cell3 ...) and the internal names of types declared again.
func hiddenName(n string) bool {
	return n == "" || n == "_" || strings.HasPrefix(n, "__") || cell.InternalName.MatchString(n)
}

// candidates lists what may go at the cursor mark of an analysis; false
// if the mark is not in the tree the parser made.
func (e *View) candidates(a *analysis, dot bool) ([]candidate, bool) {
	mark, parent := a.findMark()
	if mark == nil {
		return nil, false
	}
	if sel, ok := parent.(*ast.SelectorExpr); ok && sel.Sel == mark {
		return e.selectorCandidates(a, sel.X), true
	}
	if dot {
		return nil, true
	}
	out := a.scopeCandidates(mark)
	out = append(out, e.packageCandidates()...)
	return append(out, keywordCandidates()...), true
}

// findMark returns the cursor mark's identifier and the node around it.
func (a *analysis) findMark() (mark *ast.Ident, parent ast.Node) {
	var stack []ast.Node
	ast.Inspect(a.p.File, func(n ast.Node) bool {
		if mark != nil {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if id, ok := n.(*ast.Ident); ok && id.Name == cursorMark {
			mark = id
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			return false
		}
		stack = append(stack, n)
		return true
	})
	return mark, parent
}

// scopeCandidates lists the names in scope at the mark: the cell's
// locals declared before it, the session's and the cell's package-level
// names, the imports and the universe.
func (a *analysis) scopeCandidates(mark *ast.Ident) []candidate {
	pos := mark.Pos()
	inner := a.c.Pkg.Scope().Innermost(pos)
	if inner == nil {
		inner = a.c.Pkg.Scope()
	}
	var out []candidate
	seen := map[string]bool{}
	for s := inner; s != nil; s = s.Parent() {
		for _, n := range s.Names() {
			if seen[n] {
				continue
			}
			seen[n] = true
			if _, obj := inner.LookupParent(n, pos); obj != nil {
				out = append(out, objectCandidate(obj))
			}
		}
	}
	return out
}

// objectCandidate is the completion of an object.
func objectCandidate(obj types.Object) candidate {
	return candidate{name: obj.Name(), kind: objectKind(obj), sig: objectString(obj)}
}

// objectKind is an object's kind, in JupyterLab's words.
func objectKind(obj types.Object) string {
	switch o := obj.(type) {
	case *types.PkgName:
		return "module"
	case *types.TypeName:
		return "class"
	case *types.Func:
		if sig, ok := o.Type().(*types.Signature); ok && sig.Recv() != nil {
			return "method"
		}
		return "function"
	case *types.Builtin:
		return "function"
	case *types.Var:
		if o.IsField() {
			return "field"
		}
		return "variable"
	case *types.Const, *types.Nil:
		return "constant"
	}
	return "variable"
}

// objectString is an object's declaration as the cells write it: other
// packages by name, the session's types by their user names.
func objectString(obj types.Object) string {
	s := types.ObjectString(obj, nameQualifier)
	if c, ok := obj.(*types.Const); ok && c.Val().Kind() != constant.Unknown {
		s += " = " + c.Val().String()
	}
	return cell.InternalName.ReplaceAllString(s, "$1")
}

// nameQualifier names packages by name, and the session's package not at all.
func nameQualifier(p *types.Package) string {
	if p.Path() == "main" {
		return ""
	}
	return p.Name()
}
