package engine

import (
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/poolkit"
	"github.com/traefik/yaegi/interp"
)

// Engine is a yaegi session: the state of every cell run so far.
type Engine struct {
	in      *interp.Interpreter
	imports map[string]string // import name → path, in the session
	decls   *declIndex        // what the cells declared, for results and completion
	stderr  *panicFilter
	stdin   *inputReader
	syms    interp.Exports
	code    string // the running cell, for error lines
	// stmtLine is the cell line of the top-level statement being run.
	stmtLine int

	lastGlobals map[string]reflect.Value

	mu  sync.Mutex
	pub kernel.Publisher // the running cell's publisher
	seq int              // probe counter, for unique helper names
}

// Options configure a new Engine.
type Options struct {
	Stdout, Stderr io.Writer
}

// New starts a session with the standard library, poolkit and display.
func New(opt Options) (*Engine, error) {
	if opt.Stdout == nil {
		opt.Stdout = os.Stdout
	}
	if opt.Stderr == nil {
		opt.Stderr = os.Stderr
	}
	// Cells' funcs are interpreted: Map calls them once per chunk, in a
	// loop inside the interpreter, not once per task from compiled code.
	poolkit.SetChunkCalls(true)
	e := &Engine{imports: map[string]string{}, decls: newDeclIndex()}
	e.stderr = &panicFilter{w: opt.Stderr}
	e.stdin = &inputReader{e: e}
	e.in = interp.New(interp.Options{Stdout: opt.Stdout, Stderr: e.stderr, Stdin: e.stdin,
		GoPath: goPath, SourcecodeFilesystem: sourceFS()})
	if err := e.in.Use(symbols(e)); err != nil {
		return nil, fmt.Errorf("engine: loading symbols: %w", err)
	}
	if err := loadStdsrc(e.in); err != nil {
		return nil, err
	}
	if err := e.prelude(); err != nil {
		return nil, err
	}
	return e, nil
}

func (e *Engine) setPublisher(p kernel.Publisher) {
	e.mu.Lock()
	e.pub = p
	e.mu.Unlock()
}

func (e *Engine) publisher() kernel.Publisher {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.pub
}

// Execute runs a cell chunk by chunk; the last chunk's final expression,
// if any, becomes the result.
func (e *Engine) Execute(ctx context.Context, req kernel.ExecuteRequest, out kernel.Publisher) kernel.ExecuteResult {
	e.setPublisher(out)
	e.code = req.Code
	e.stmtLine = 0
	// Interrupting the cell stops poolkit's work too: no task starts after
	// it, and results of tasks cut short are never passed off as real.
	stop := context.AfterFunc(ctx, func() { poolkit.StopAll(ErrInterrupted) })
	defer stop()
	chunks := splitCell(req.Code)
	var declared []string
	for i, c := range chunks {
		last := i == len(chunks)-1
		var err error
		switch c.kind {
		case importChunk:
			err = e.runImports(ctx, c)
		case declChunk:
			err = e.runDecls(ctx, c)
		case stmtChunk:
			err = e.runStmts(ctx, c, last && !req.Silent, out)
		}
		if err != nil {
			info := e.errorInfo(ctx, err)
			out.Error(info)
			return kernel.ExecuteResult{Status: "error", Error: &info, Declared: declared}
		}
		if c.kind == importChunk || c.kind == declChunk {
			declared = append(declared, c.padded())
		}
	}
	return kernel.ExecuteResult{Status: "ok", Declared: declared}
}

// eval runs source in the session, turning compiler panics into errors.
func (e *Engine) eval(ctx context.Context, src string) (v reflect.Value, err error) {
	e.stderr.reset()
	return e.in.EvalWithContext(ctx, src)
}

// runImports imports what the session does not have yet. Importing a
// package twice is an error in yaegi ("redeclared"), but a notebook
// imports in many cells, so a repeated import is skipped.
func (e *Engine) runImports(ctx context.Context, c chunk) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package main\n"+c.src, parser.ImportsOnly)
	if err != nil {
		return shiftErr(err, c.line-2)
	}
	for _, spec := range f.Imports {
		path, _ := strconv.Unquote(spec.Path.Value)
		name := pathName(path)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if old, ok := e.imports[name]; ok && old == path {
			continue
		}
		line := c.line + fset.Position(spec.Pos()).Line - 2
		src := strings.Repeat("\n", line) + "import "
		if spec.Name != nil {
			src += spec.Name.Name + " "
		}
		src += strconv.Quote(path)
		if _, err := e.eval(ctx, src); err != nil {
			return importError(path, err)
		}
		e.imports[name] = path
	}
	return nil
}

func pathName(path string) string {
	if i := strings.LastIndex(path, "/"); i >= 0 {
		path = path[i+1:]
	}
	return path
}

// runDecls evaluates declarations after recording them.
func (e *Engine) runDecls(ctx context.Context, c chunk) error {
	src, names, err := e.rewriteDecls(c)
	if err != nil {
		return err
	}
	_, err = e.eval(ctx, src)
	e.setPoisoned(names, err != nil)
	return err
}

// runStmts evaluates statements; when show is set and the last statement
// is an expression with one value, that value is published as the result.
func (e *Engine) runStmts(ctx context.Context, c chunk, show bool, out kernel.Publisher) error {
	segs, parsed, err := e.rewriteStmts(c)
	if err != nil {
		return err
	}
	for _, s := range segs {
		if s.define != nil {
			if err := e.runDefine(ctx, s.define); err != nil {
				return err
			}
			continue
		}
		if strings.TrimSpace(s.src) == "" {
			continue
		}
		src := s.src
		if strings.HasPrefix(strings.TrimSpace(src), "func") {
			// yaegi parses a source starting with "func" as a file; for a
			// func literal that fails and it retries with the statements in
			// a func main, which it then runs again after every later
			// evaluation. A leading empty statement avoids that path.
			src = ";" + src[1:]
		}
		e.stmtLine = s.line
		v, err := e.eval(ctx, src)
		if err != nil {
			return e.betterUndefined(err, parsed)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if show && s.expr != nil && v.IsValid() && e.showable(s.expr) {
			e.showResult(v, out)
		}
	}
	return nil
}

// ErrInterrupted is what poolkit calls waiting in an interrupted cell end with.
var ErrInterrupted = errors.New("interrupted")
