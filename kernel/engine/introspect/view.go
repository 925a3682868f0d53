package introspect

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sync"

	"github.com/aulago/gokernel/kernel/engine/cell"
)

// Importer is the engine's type importer as introspection reads it: the
// packages' types, their docs, and the file set of their positions.
type Importer interface {
	Import(path string) (*types.Package, error)
	PackageDoc(path string) *ast.Package
	FileSet() *token.FileSet
}

// Tier is what inspect asks the compiled tier: how a func runs, after
// binding a plugin that landed while no cell ran.
type Tier interface {
	BindIdle()
	StatusOf(name string) string
}

// View is the session as completion and inspect read it, never change
// it: the engine hands a new one to each request.
type View struct {
	sess  *cell.Session
	types Importer
	syms  map[string]map[string]reflect.Value
	tier  Tier
	mu    *sync.Mutex // held while the session is read (the engine's)
	// nameEdits are the engine's edits of a cell's names (pipeline step 0).
	nameEdits func(*cell.Parsed) []cell.Edit
	// poolkitCore is the path of poolkit's core package, which
	// completion leaves out; sourcePackages are the packages the engine
	// reads from source.
	poolkitCore    string
	sourcePackages map[string]bool
}

// Options are what a View is made of (see View's fields).
type Options struct {
	Session        *cell.Session
	Types          Importer
	Symbols        map[string]map[string]reflect.Value
	Tier           Tier
	Mu             *sync.Mutex
	NameEdits      func(*cell.Parsed) []cell.Edit
	PoolkitCore    string
	SourcePackages map[string]bool
}

// New returns the view o describes.
func New(o Options) *View {
	return &View{sess: o.Session, types: o.Types, syms: o.Symbols, tier: o.Tier, mu: o.Mu,
		nameEdits: o.NameEdits, poolkitCore: o.PoolkitCore, sourcePackages: o.SourcePackages}
}
