package engine

import (
	"github.com/aulago/gokernel/kernel"
	"github.com/aulago/gokernel/kernel/engine/importer"
	"github.com/aulago/gokernel/kernel/engine/introspect"
)

var _ kernel.Engine = (*Engine)(nil)

// view is the session as package introspect reads it.
func (e *Engine) view() *introspect.View {
	return introspect.New(introspect.Options{Session: e.sess, Types: e.types, Symbols: e.syms, Tier: e.tier,
		Mu: &e.mu, NameEdits: e.nameEdits, PoolkitCore: poolkitCore, SourcePackages: importer.SourcePackages})
}

// Complete implements kernel.Engine (introspect.View.Complete).
func (e *Engine) Complete(req kernel.CompleteRequest) kernel.CompleteReply {
	return e.view().Complete(req)
}

// Inspect implements kernel.Engine (introspect.View.Inspect).
func (e *Engine) Inspect(req kernel.InspectRequest) kernel.InspectReply {
	return e.view().Inspect(req)
}

// IsComplete implements kernel.Engine (introspect.View.IsComplete).
func (e *Engine) IsComplete(req kernel.IsCompleteRequest) kernel.IsCompleteReply {
	return e.view().IsComplete(req)
}
