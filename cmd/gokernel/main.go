// Command gokernel is a Jupyter kernel for Go, on the yaegi interpreter,
// with poolkit preloaded.
//
//	gokernel kernel -f CONNECTION_FILE   serve Jupyter (what kernel.json runs)
//	gokernel engine                      the child process that runs cells
//	gokernel run NOTEBOOK.ipynb [-p name=value ...] [-o OUT.ipynb]
//	gokernel export NOTEBOOK.ipynb [-o main.go]
//	gokernel cacheprog                   the plugin builds' GOCACHEPROG
//	gokernel buildcache DIR              write the shared plugin build cache
//	gokernel version
package main

import (
	"fmt"
	"os"
)

// version is the kernel's implementation version.
const version = "0.1.0"

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "kernel":
		err = runKernel(os.Args[2:])
	case "engine":
		err = runEngine()
	case "run":
		err = runNotebook(os.Args[2:])
	case "export":
		err = runExport(os.Args[2:])
	case "types":
		err = runTypes(os.Args[2:])
	case "cacheprog":
		err = runCacheProg(os.Args[2:])
	case "buildcache":
		err = runBuildCache(os.Args[2:])
	case "version":
		fmt.Println("gokernel", version)
	case "-h", "--help", "help":
		usage()
	default:
		fmt.Fprintf(os.Stderr, "gokernel: unknown command %q\n", os.Args[1])
		usage()
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gokernel:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprint(os.Stderr, `usage:
  gokernel kernel -f CONNECTION_FILE   serve Jupyter (kernel.json runs this)
  gokernel run NOTEBOOK.ipynb [-p name=value ...] [-o OUT.ipynb]
                                       run a notebook without Jupyter
  gokernel export NOTEBOOK.ipynb [-o main.go]
                                       write a notebook as one Go program
  gokernel types DIR                   write the standard library's type data into
                                       DIR, for GOKERNEL_TYPES (no toolchain needed)
  gokernel buildcache DIR              write into DIR the plugin build cache
                                       all users share (GOKERNEL_SHARED_CACHE)
  gokernel cacheprog [-write DIR]      serve the go command's build cache
                                       (GOCACHEPROG of the compiled tier)
  gokernel version
`)
}
