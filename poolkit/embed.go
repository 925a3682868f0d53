package poolkit

import _ "embed"

// GenericSource is the source of the generic layer of the package (the file
// generic.go: [Map], [IMap], [IMapUnordered], [Apply],
// [ApplyAsync], [Submit], [AsCompleted] and [Future]), for hosts that run it
// in an interpreter on top of the compiled package, such as the notebook
// kernel. It imports nothing, uses only exported identifiers of the rest of
// the package, and starts no goroutine.
//
//go:embed generic.go
var GenericSource string
