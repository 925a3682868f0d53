package main

import "github.com/aulago/gokernel/kernel/textpages"

// Every process of the binary (kernel, engine, runner) starts by dropping
// the large pages its packages' init mapped (package textpages says why);
// the main package's init runs after all the others'.
func init() { textpages.Drop() }
