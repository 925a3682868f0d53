package main

import (
	"fmt"

	"github.com/aulago/gokernel/kernel/engine"
	"github.com/aulago/gokernel/kernel/engine/cell"
)

// runTypes writes the type cache an engine without a Go toolchain checks
// cells against (engine.TypesEnv).
func runTypes(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("types: usage: gokernel types DIR")
	}
	n, err := engine.WriteTypeCache(args[0])
	if err != nil {
		return err
	}
	fmt.Printf("wrote the type data of %d standard packages into %s (set %s=%s)\n", n, args[0], cell.TypesEnv, args[0])
	return nil
}
