package engine

import "github.com/aulago/gokernel/kernel"

func (e *Engine) Complete(req kernel.CompleteRequest) kernel.CompleteReply {
	return kernel.CompleteReply{Matches: []string{}, Metadata: map[string]any{}}
}

func (e *Engine) Inspect(req kernel.InspectRequest) kernel.InspectReply {
	return kernel.InspectReply{Data: map[string]any{}}
}
