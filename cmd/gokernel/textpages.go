package main

import (
	"os"

	"github.com/aulago/gokernel/kernel/textpages"
)

// Every process of the binary (engine, runner) starts by dropping the large
// pages its packages' init mapped (package textpages says why); the main
// package's init runs after all the others'. The kernel process drops them
// once it has answered its first request (startLate): its first reply does
// not wait for it.
func init() {
	if len(os.Args) > 1 && os.Args[1] == "kernel" {
		return
	}
	textpages.Drop()
}
