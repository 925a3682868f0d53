// Package tier is the compiled tier: it compiles the session's funcs with
// the Go toolchain, in the background, as a Go plugin, and swaps them in.
// It receives a checked cell's funcs (Funcs, from the cell's cell.Parsed,
// its types.Info and the trampolines TrampolineEdits wrote into the
// interpreter's file) once the cell has run (Tier.Declared), and hands
// compiled funcs back to the engine through Host: it stores each into its
// trampoline variable, found by Host.Eval, between cells. The engine
// implements Host; the tier imports neither the engine nor the
// interpreter, so it runs in tests with a fake Host (tier_fake_test.go).
package tier
