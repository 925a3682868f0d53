package engine

import (
	"fmt"
	"github.com/aulago/gokernel/kernel/engine/cell"
	"github.com/aulago/gokernel/kernel/engine/rewrite"
	"github.com/aulago/gokernel/kernel/engine/tier"
	"go/token"
	"go/types"
	"strings"
)

// plan is a cell made ready to run: the interpreter's file and what the
// session learns from it once it has run.
type plan struct {
	n       int
	run     string // the interpreter's source of the cell's file
	initSrc string // what runs the cell's statements (added to run)
	decls   string // the hoisted var declarations
	checked *cell.Parsed
	info    *types.Info
	imports map[string]string // the cell's imports
	hidden  map[string]string // imports added to spell types
	vars    []cell.Hoisted
	newVars map[string]string   // hoisted vars that need new storage: name → type
	varType map[string]string   // every hoisted var: name → type
	rerun   []*cell.SessionDecl // earlier funcs run again (they call a redefined func)
	program bool
	used    map[string]bool // the identifiers of the cell (its file imports those)
	// typeNames are the import names the hoisted variables' types use.
	typeNames map[string]bool
	// baseEdits are the edits of step 2 not applied to checked (see
	// source); declsInText says the hoisted declarations are in it.
	baseEdits   []cell.Edit
	declsInText bool
	fix         *rewrite.Fix
	// trampolines are those of the cell's funcs (tier/trampoline.go).
	trampolines []tier.Trampoline
	// viaInterface are edits that call methods the interpreter's tables
	// lack through an interface (methodFallback).
	viaInterface []cell.Edit
	// lifts are the func literals lifted into session funcs (lift.go).
	lifts []liftUse
}

// compile takes a cell through the pipeline (cellfile.go) to the source
// the interpreter runs. It changes nothing in the session: a cell that
// does not compile leaves no trace.
func (e *Engine) compile(n int, code string, silent bool) (*plan, error) {
	src, err := cell.NewCellSource(n, code)
	if err != nil {
		return nil, err
	}
	cellImports, err := src.ImportNames()
	if err != nil {
		return nil, err
	}
	skipImports := map[string]bool{}
	for name := range cellImports {
		skipImports[name] = true
	}
	used := cell.Identifiers(code)
	used[cell.IterseqName] = true
	imports := e.sess.ImportLines(skipImports, used)

	// Step 0: the cell as written, for syntax errors and names.
	p0, err := cell.ParseCellText(token.NewFileSet(), n, src.Text(imports, ""))
	if err != nil {
		return nil, err
	}
	edits := e.nameEdits(p0)
	if !silent {
		edits = append(edits, showEditsBare(p0)...)
	}
	p1, err := cell.ParseCellText(e.fset, n, cell.ApplyEdits(p0.Text, edits))
	if err != nil {
		return nil, err
	}

	// Step 1: the statements as one func, as Go sees them: the types of
	// the variables the top level declares, and Go's errors in it.
	skip := cell.DeclaredNames(p1)
	c1, err := e.sess.Check(e.types, p1, skip)
	if err != nil {
		return nil, err
	}
	vars := cell.HoistVars(p1, c1.Info)
	top := map[string]bool{}
	for _, v := range vars {
		top[v.Name] = true
	}
	var stmtErrs cell.CellErrors
	final := finalExpr(p1)
	for _, te := range c1.Errs {
		if final != nil && te.Pos == final.Pos() && strings.HasSuffix(te.Msg, " is not used") {
			continue // a builtin or a conversion: shown (showEditsCall)
		}
		// An import that failed stops the cell here too: the names it
		// gives have invalid types, which no session variable can have.
		if cell.StmtRegion(p1, te.Pos) || strings.HasPrefix(te.Msg, "could not import ") {
			stmtErrs = append(stmtErrs, cell.CellErrorsOf(e.sess, []types.Error{te}, top)...)
		}
	}
	if len(stmtErrs) > 0 {
		return nil, stmtErrs
	}

	// Step 2: the session variables at package level, the statements
	// assigning them: the program that runs.
	sp := cell.NewTypeSpeller(e.sess)
	pl := &plan{n: n, imports: cellImports, newVars: map[string]string{}, varType: map[string]string{}, program: src.Program, used: used}
	var decls strings.Builder
	for _, v := range vars {
		ts, err := sp.Spell(v.Typ, cellImports)
		if err != nil {
			return nil, &cell.CellError{Cell: n, Line: v.Pos.Line, Col: v.Pos.Column,
				Msg: fmt.Sprintf("%s cannot be a session variable: %v; declare it inside a func, or convert it to a type a cell can name", v.Name, err)}
		}
		fmt.Fprintf(&decls, "var %s %s\n", v.Name, ts)
		pl.varType[v.Name] = ts
		if old, ok := e.sess.Vars[v.Name]; !ok || old.Typ != ts {
			pl.newVars[v.Name] = ts
		}
		skip[v.Name] = true
	}
	pl.vars, pl.decls, pl.typeNames = vars, decls.String(), sp.Used
	edits = cell.HoistEdits(p1)
	if !silent {
		edits = append(edits, showEditsCall(p1, c1.Info)...)
	}
	rerun := e.dependents(p1, c1)
	liftEd, liftDecls, lifts := e.liftEdits(pl, p1, c1.Info)
	if len(cell.CellErrorsOf(e.sess, c1.Errs, top)) == 0 && len(rerun) == 0 && len(lifts) == 0 {
		// The check of step 1 stands: the session variables have the
		// types it gave the locals, so the hoisted file is checked too.
		// Its edits are applied with the interpreter's (interpreterFile).
		pl.checked, pl.info, pl.baseEdits = p1, c1.Info, edits
	} else {
		// Errors outside the statements (a func using a variable of the
		// cell's top level is one, as a local), funcs to run again, or
		// literals lifted: the hoisted file is checked itself.
		text2 := cell.ApplyEdits(p1.Text, append(edits, liftEd...))
		text2 = addImports(text2, sp.Added)
		text2 = addImports(text2, e.missingImports(pl, true))
		text2 = appendDecls(text2, pl.decls, rerun) + liftDecls
		p2, err := cell.ParseCellText(e.fset, n, text2)
		if err != nil {
			return nil, fmt.Errorf("engine: the rewritten cell does not parse (a bug of the engine): %w", err)
		}
		for _, d := range rerun {
			skip[d.Name] = true
		}
		c2, err := e.sess.Check(e.types, p2, skip)
		if err != nil {
			return nil, err
		}
		if errs := cell.CellErrorsOf(e.sess, c2.Errs, top); len(errs) > 0 {
			if len(lifts) > 0 {
				return e.compileNoLift(n, code, silent) // the cell as written
			}
			// A func run again that no longer compiles keeps its old body.
			if len(rerun) > 0 && allOtherCells(errs, n) {
				return e.compileWithout(n, code, silent)
			}
			return nil, errs
		}
		pl.checked, pl.info, pl.rerun, pl.declsInText, pl.lifts = p2, c2.Info, rerun, true, lifts
	}
	pl.hidden = map[string]string{}
	for n, p := range sp.Added {
		pl.hidden[n] = p
	}

	// Step 3: the interpreter's file.
	pl.fix = &rewrite.Fix{P: pl.checked, Info: pl.info, Sp: sp, Imp: cellImports, Descs: &e.descs}
	if err := e.interpreterFile(pl); err != nil {
		return nil, err
	}
	return pl, nil
}

// source is the checked file with the edits of step 2 still to apply
// (extra are applied with them), and the hoisted declarations of the
// variables in keep.
func (pl *plan) source(extra []cell.Edit, keep map[string]string) string {
	return pl.sourceWith(extra, dropVarDecls(pl.decls, pl.decls, keep))
}

// sourceWith is source with decls for the hoisted declarations (export
// writes them with their names of the program).
func (pl *plan) sourceWith(extra []cell.Edit, decls string) string {
	// extra first: at one offset, the line a statement records goes
	// before the __show a final expression gets (applyEdits keeps order).
	edits := append(append([]cell.Edit{}, extra...), pl.baseEdits...)
	if pl.declsInText && pl.decls != "" {
		// The checked file's own copy goes: an edit inside it (a name
		// export gives a version) would keep it from being found.
		if i := strings.LastIndex(pl.checked.Text, pl.decls); i >= 0 {
			edits = append(edits, cell.Edit{Off: i, End: i + len(pl.decls), Text: cell.BlankText(pl.decls)})
		}
	}
	return cell.ApplyEditsKeepingPos(pl.checked, edits) + "\n" + decls
}

// interpreterFile writes the interpreter's file of a checked cell, with
// the yaegi edits and the method calls that go through an interface
// (pl.viaInterface, see methodFallback).
func (e *Engine) interpreterFile(pl *plan) error {
	fix := pl.fix
	yedits, err := fix.Edits()
	if err != nil {
		return &cell.CellError{Cell: pl.n, Line: 1, Col: 1, Msg: err.Error()}
	}
	// The statements record their position first (before a __show the
	// final expression may get at the same place): rewrite/panicpos.go.
	e.stderr.bind(e.in)
	posEdits, posDecls := e.stderr.pos.PosEdits(pl.checked, pl.info)
	yedits = append(append(posEdits, yedits...), pl.viaInterface...)
	pl.trampolines = nil
	if e.tier.On {
		e.tramps++
		var tedits []cell.Edit
		tedits, pl.trampolines = tier.TrampolineEdits(fix, e.tramps)
		yedits = append(yedits, tedits...)
		yedits = append(yedits, tier.MapEdits(fix, pl.trampolines, e.tier.MapVar)...)
	}
	hidden := map[string]string{}
	for n, p := range pl.hidden {
		hidden[n] = p
	}
	run := pl.source(yedits, pl.newVars)
	if !pl.declsInText {
		run = addImports(run, hidden)
	}
	// The interpreter's file imports every package of the session: the
	// yaegi edits may name types of any (yaegi does not mind unused ones).
	missing := e.missingImports(pl, false)
	if pl.declsInText {
		for name := range e.missingImports(pl, true) {
			delete(missing, name) // in the checked file already
		}
	}
	run = addImports(run, missing)
	// The yaegi edits may have named more types (min's T, errors.As'
	// target) than the check did.
	extra := map[string]string{}
	for n, p := range fix.Sp.Added {
		if _, ok := hidden[n]; !ok {
			extra[n] = p
			hidden[n] = p
		}
	}
	run = addImports(run, extra)
	pl.hidden = hidden
	for _, t := range pl.trampolines {
		if t.MapV != "" {
			run = addImports(run, map[string]string{tier.CoreImport: poolkitCore})
			break
		}
	}
	pl.run = run + "\n" + posDecls + tier.TrampolineDecls(pl.trampolines)
	pl.initSrc = "\nfunc init() { " + cell.CellFuncName(pl.n) + "() }\n"
	return nil
}

// compileNoLift compiles a cell without lifting its func literals.
func (e *Engine) compileNoLift(n int, code string, silent bool) (*plan, error) {
	e.noLift = true
	defer func() { e.noLift = false }()
	return e.compile(n, code, silent)
}

// methodFallback adds the edit for the method of msg, an interpreter
// error, and writes the interpreter's file again; it reports false when
// msg is not about a method it can reach so.
func (e *Engine) methodFallback(pl *plan, msg string) bool {
	edit, ok := pl.fix.MethodFallback(msg, len(pl.viaInterface))
	if !ok {
		return false
	}
	pl.viaInterface = append(pl.viaInterface, edit)
	return e.interpreterFile(pl) == nil
}

// compileWithout compiles a cell without running earlier funcs again.
func (e *Engine) compileWithout(n int, code string, silent bool) (*plan, error) {
	e.noRerun = true
	defer func() { e.noRerun = false }()
	return e.compile(n, code, silent)
}
