package tier

import (
	"fmt"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"github.com/aulago/gokernel/kernel/engine/rewrite"
	"go/ast"
	"go/constant"
	"go/types"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Funcs are the funcs of a cell that ran, as the compiled tier takes
// them: each with its text for the plugin (session variables read through
// pointers, interrupt checks in loops and sleeps, prints to the cell's
// stdout), or the reason it stays interpreted.
func Funcs(p *cell.Parsed, info *types.Info, trs []Trampoline) []*tierFunc {
	var out []*tierFunc
	for _, tr := range trs {
		out = append(out, tierFuncOf(p, info, tr))
	}
	return out
}

func tierFuncOf(p *cell.Parsed, info *types.Info, tr Trampoline) *tierFunc {
	if tr.why != "" {
		return &tierFunc{name: tr.Name, cell: tr.cell, status: "interpreted: " + tr.why}
	}
	fd := tr.fd
	f := &tierFunc{name: tr.Name, cell: tr.cell, v: tr.V, typ: tr.typ, mapV: tr.MapV, vars: map[string]string{},
		imps: map[string]string{}, varTypes: map[string]types.Type{}, constObjs: map[string]*types.Const{},
		cellTypes: map[string]*types.Named{}}
	if tr.MapV != "" {
		sig := info.Defs[fd.Name].(*types.Func).Signature()
		f.mapInT, f.mapOutT = sig.Params().At(0).Type(), sig.Results().At(0).Type()
		f.mapOut = tr.out
	}
	base := p.Off(fd.Pos())
	why := ""
	renamed := false // it names a field the plugin renames
	add := func(n ast.Node, text string) {
		f.edits = append(f.edits, tierEdit{p.Off(n.Pos()) - base, p.Off(n.End()) - base, text})
	}
	add(&ast.Ident{NamePos: fd.Body.Lbrace + 1, Name: ""}, loopCounter)
	ast.Inspect(fd, func(n ast.Node) bool {
		if why != "" {
			return false
		}
		switch x := n.(type) {
		case ast.Expr:
			if tv, ok := info.Types[x]; ok && tv.Type != nil && rewrite.CellTyped(tv.Type) {
				if !compilableType(tv.Type) {
					why = "it uses a type a cell declared other than a struct of exported fields (generic, embedding, or not a struct)"
					return false
				}
				cell.WalkTypes(tv.Type, func(tt types.Type) {
					if n, ok := tt.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Name() == "main" {
						f.cellTypes[n.Obj().Name()] = n
					}
				}, map[types.Type]bool{})
			}
		}
		switch x := n.(type) {
		case *ast.Ident:
			obj := info.Uses[x]
			if obj == nil || obj.Pkg() == nil {
				return true
			}
			if pn, ok := obj.(*types.PkgName); ok {
				path := pn.Imported().Path()
				switch path {
				case "display", cell.IterseqPath:
					why = "it uses package " + path + ", which only the interpreter has"
				}
				f.imps[x.Name] = path
				return true
			}
			if rewrite.StdioName(obj) == "Stdin" {
				why = "it reads os.Stdin" // the plugin's is the engine's fd 0 (stdinfix.go)
				return false
			}
			if v, ok := obj.(*types.Var); ok && renamedField(v) {
				add(x, pluginField(v.Name())) // a selector's, or a composite literal's key
				renamed = true
				return true
			}
			if fn, ok := obj.(*types.Func); ok && obj.Pkg().Name() == "main" && fn.Signature().Recv() != nil {
				// A method of a cell's type: compiled with its type.
				if tn := receiverType(fn.Signature().Recv().Type()); tn != nil {
					f.calls = append(f.calls, tn.Obj().Name()+"."+fn.Name())
				}
				return true
			}
			if obj.Pkg().Name() != "main" || obj.Parent() != obj.Pkg().Scope() {
				return true
			}
			switch o := obj.(type) {
			case *types.Var:
				f.varTypes[o.Name()] = o.Type()
				add(x, "(*__v_"+o.Name()+")")
			case *types.Func:
				if o.Signature().TypeParams() != nil {
					why = "it calls the generic func " + o.Name()
				}
				if o.Name() != tr.Name {
					f.calls = append(f.calls, o.Name())
				}
			case *types.Const:
				f.constObjs[o.Name()] = o
			case *types.TypeName:
				if n, ok := o.Type().(*types.Named); ok && tierStruct(n) && compilableType(n) {
					f.cellTypes[o.Name()] = n
				} else {
					why = "it uses type " + o.Name() + ", declared in a cell"
				}
			}
		case *ast.SelectorExpr:
			if fn, ok := info.Uses[x.Sel].(*types.Func); ok {
				switch fn.FullName() {
				case "time.Sleep":
					add(x, "__gkSleep")
					f.sleeps = true
				case "fmt.Scan", "fmt.Scanf", "fmt.Scanln":
					why = "it reads os.Stdin"
				case "fmt.Println", "fmt.Printf", "fmt.Print":
					add(x, p.Src(x.X)+".F"+strings.ToLower(fn.Name()[:1])+fn.Name()[1:]+"(Stdout, ")
					// The call's "(" is dropped below.
					f.edits = append(f.edits, tierEdit{-1, -1, ""})
				}
			}
		case *ast.ForStmt:
			add(&ast.Ident{NamePos: x.Body.Lbrace + 1, Name: ""}, loopCheck)
		case *ast.RangeStmt:
			add(&ast.Ident{NamePos: x.Body.Lbrace + 1, Name: ""}, loopCheck)
		case *ast.FuncLit:
			add(&ast.Ident{NamePos: x.Body.Lbrace + 1, Name: ""}, loopCounter)
		}
		return true
	})
	for _, n := range f.cellTypes {
		if st, ok := n.Underlying().(*types.Struct); ok {
			for i := 0; i < st.NumFields(); i++ {
				renamed = renamed || !st.Field(i).Exported()
			}
		}
	}
	if renamed && (strings.Contains(p.Src(fd), "%+v") || strings.Contains(p.Src(fd), "%#v")) {
		why = "it prints with %+v or %#v a struct whose unexported fields the plugin renames"
	}
	if why != "" {
		f.status = "interpreted: " + why
		return f
	}
	// The plugin declares the cells' types it uses with all their methods:
	// the func is compiled only with them.
	for _, n := range f.cellTypes {
		for i := 0; i < n.NumMethods(); i++ {
			f.calls = append(f.calls, n.Obj().Name()+"."+n.Method(i).Name())
		}
	}
	f.calls = slices.DeleteFunc(f.calls, func(c string) bool { return c == tr.Name })
	f.expr = tr.Name
	if recv := fd.Recv; recv != nil {
		if _, ptr := info.TypeOf(recv.List[0].Type).(*types.Pointer); ptr {
			t, m, _ := strings.Cut(tr.Name, ".")
			f.expr = "(*" + t + ")." + m
		}
	}
	text := p.Src(fd)
	text = applyTierEdits(text, f.edits)
	pos := p.Fset.Position(fd.Pos())
	f.text = cell.LineDirective(cell.CellOf(pos), pos.Line, pos.Column) + text
	f.status = "interpreted: being compiled"
	return f
}

// A compiled loop checks for an interrupt every 256 turns: a counter per
// func body (and func literal), in a register, costs next to nothing,
// where a check of the plugin's Stop at every turn made the exercises'
// busy loop about 1.6x slower than go build's (1.1x with the counter).
const (
	loopCounter = "var __gkc int; _ = __gkc;"
	loopCheck   = "if __gkc++; __gkc&255 == 0 { __gkCheck() };"
)

// applyTierEdits applies a func's plugin edits; a print call's selector
// edit is followed by a marker that drops the "(" after it.
func applyTierEdits(text string, edits []tierEdit) string {
	var es []cell.Edit
	for i := 0; i < len(edits); i++ {
		e := edits[i]
		if e.off < 0 {
			continue
		}
		if i+1 < len(edits) && edits[i+1].off < 0 {
			// fmt.Println( becomes __fmt.Fprintln(Stdout,
			es = append(es, cell.Edit{Off: e.off, End: e.end + 1, Text: e.text})
			continue
		}
		es = append(es, cell.Edit{Off: e.off, End: e.end, Text: e.text})
	}
	return cell.ApplyEdits(text, es)
}

// pluginSource is the source of a plugin compiling funcs (with poolkit.Map
// over those of one argument when withPoolkit); it reports whether the
// plugin imports poolkit.
func pluginSource(funcs []*tierFunc, withPoolkit bool) (string, bool) {
	imps := map[string]string{"__atomic": "sync/atomic", "__time": "time", "__fmt": "fmt", "__io": "io",
		"__runtime": "runtime", "__strings": "strings"}
	byPath := map[string]string{}
	q := func(p *types.Package) string {
		if p.Name() == "main" {
			return "" // the session's own types, which the plugin declares
		}
		if n, ok := byPath[p.Path()]; ok {
			return n
		}
		n := fmt.Sprintf("__p%d", len(byPath))
		byPath[p.Path()] = n
		imps[n] = p.Path()
		return n
	}
	vars := map[string]string{}
	consts := map[string]string{}
	typeDecls := map[string]string{}
	var body strings.Builder
	for _, f := range funcs {
		for name, path := range f.imps {
			imps[name] = path
		}
		for name, t := range f.varTypes {
			vars[name] = types.TypeString(t, q)
		}
		for name, c := range f.constObjs {
			consts[name] = pluginConst(c, q)
		}
		for name, n := range f.cellTypes {
			typeDecls[name] = pluginTypeDecl(n, q)
		}
		body.WriteString(f.text)
		body.WriteString("\n\n")
	}
	// Exports: the funcs, and poolkit.Map over those of one argument.
	pk := "__poolkit"
	var exports strings.Builder
	exports.WriteString("\nvar Exports = map[string]any{\n")
	for _, f := range funcs {
		fmt.Fprintf(&exports, "\t%q: %s,\n", f.name, f.expr)
		if f.mapInT != nil && withPoolkit {
			imps[pk] = cell.PoolkitPath
			fmt.Fprintf(&exports, "\t%q: func(p *%s.Pool, xs []%s) []%s { return %s.Map(p, %s, xs) },\n",
				"Map:"+f.name, pk, types.TypeString(f.mapInT, q), types.TypeString(f.mapOutT, q), pk, f.name)
		}
	}
	// Only the imports the edited text still uses (a sleep or a print
	// may have been its only use of time or fmt).
	used := cell.Identifiers(body.String())
	for _, t := range vars {
		for n := range cell.Identifiers(t) {
			used[n] = true
		}
	}
	for _, c := range consts {
		for n := range cell.Identifiers(c) {
			used[n] = true
		}
	}
	for _, d := range typeDecls {
		for n := range cell.Identifiers(d) {
			used[n] = true
		}
	}
	for n := range imps {
		if !strings.HasPrefix(n, "__") && !used[n] {
			delete(imps, n)
		}
	}
	var b strings.Builder
	b.WriteString("// Code generated by gokernel's compiled tier from the session's funcs.\n\npackage main\n\n")
	block, usesPoolkit := ImportBlock(imps)
	b.WriteString(block)
	b.WriteString("\n")
	b.WriteString(pluginRuntime)
	writeSorted(&b, vars, func(n, t string) string { return fmt.Sprintf("var __v_%s *%s\n", n, t) })
	writeSorted(&b, consts, func(n, c string) string { return c + "\n" })
	writeSorted(&b, typeDecls, func(n, d string) string { return d + "\n" })
	b.WriteString(exports.String())
	b.WriteString("}\n\nvar Vars = map[string]any{\n")
	writeSorted(&b, vars, func(n, _ string) string { return fmt.Sprintf("\t%q: &__v_%s,\n", n, n) })
	b.WriteString("}\n\n")
	b.WriteString(body.String())
	return b.String(), usesPoolkit
}

// pluginRuntime is what the plugin's funcs call: interrupt checks, an
// interruptible sleep, and the cell's stdout. The engine sets them.
const pluginRuntime = `// Stop is set when the cell running is interrupted; Interrupted is the
// panic value then; Stdout is the cell's stdout.
var (
	Stop        *__atomic.Bool
	Interrupted error
	Stdout      __io.Writer
)

// __gkCheck stops an interrupted func: where the interpreter or poolkit
// called it (the cell, a goroutine a cell started, a pool's worker) it
// panics with Interrupted, which they recover; in a goroutine compiled code
// started, nothing would recover that panic, so the goroutine just ends.
//
// It is small enough to be inlined in every loop: the stopping itself is
// __gkStop's.
func __gkCheck() {
	if Stop != nil && Stop.Load() {
		__gkStop()
	}
}

func __gkStop() {
	{
		buf := make([]byte, 64<<10)
		stack := string(buf[:__runtime.Stack(buf, false)])
		if __strings.Contains(stack, "traefik/yaegi/interp.") || __strings.Contains(stack, "poolkit.(*run)") {
			panic(Interrupted)
		}
		__runtime.Goexit()
	}
}

func __gkSleep(d __time.Duration) {
	end := __time.Now().Add(d)
	for {
		__gkCheck()
		left := __time.Until(end)
		if left <= 0 {
			return
		}
		__time.Sleep(min(left, 20*__time.Millisecond))
	}
}

var _ = __fmt.Sprint

`

// pluginConst declares a const of the session in the plugin.
func pluginConst(c *types.Const, q types.Qualifier) string {
	return ConstDecl(c, func(t types.Type) (string, error) { return types.TypeString(t, q), nil })
}

// ImportBlock writes the import declaration of a generated program (name
// → path, poolkit by its module path), and says whether it imports poolkit.
func ImportBlock(imps map[string]string) (string, bool) {
	var b strings.Builder
	usesPoolkit := false
	b.WriteString("import (\n")
	for _, n := range sortedKeys(imps) {
		path := imps[n]
		if path == "poolkit" || path == cell.PoolkitPath {
			path, usesPoolkit = cell.PoolkitPath, true
		}
		fmt.Fprintf(&b, "\t%s %q\n", n, path)
	}
	b.WriteString(")\n")
	return b.String(), usesPoolkit
}

// sortedKeys returns the keys of m, sorted.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// writeSorted writes a line for each entry of m, in the order of its keys.
func writeSorted(b *strings.Builder, m map[string]string, line func(k, v string) string) {
	for _, k := range sortedKeys(m) {
		b.WriteString(line(k, m[k]))
	}
}

// ConstDecl writes a const of the session with its value, its type (if
// it has one) written by typeName.
func ConstDecl(c *types.Const, typeName func(types.Type) (string, error)) string {
	v := c.Val()
	lit := v.ExactString()
	b, basic := c.Type().(*types.Basic)
	switch {
	case v.Kind() == constant.Float && strings.Contains(lit, "/"):
		num, den, _ := strings.Cut(lit, "/")
		lit = num + ".0/" + den
	case v.Kind() == constant.Complex:
		lit = v.String()
	case basic && b.Kind() == types.UntypedRune:
		if r, ok := constant.Int64Val(v); ok {
			lit = strconv.QuoteRune(rune(r))
		}
	}
	if basic && b.Info()&types.IsUntyped != 0 {
		return fmt.Sprintf("const %s = %s", c.Name(), lit)
	}
	ts, err := typeName(c.Type())
	if err != nil {
		return fmt.Sprintf("const %s = %s", c.Name(), lit)
	}
	return fmt.Sprintf("const %s %s = %s", c.Name(), ts, lit)
}
