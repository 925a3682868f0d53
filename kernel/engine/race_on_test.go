//go:build race

package engine

// raceBuild is set under -race. yaegi v0.16.1 has data races of its own
// (interp.run writing a frame that goroutines of the same session read in
// newFrame), so tests whose cells run goroutines are skipped under -race;
// scripts/test.sh runs them again without it.
const raceBuild = true
