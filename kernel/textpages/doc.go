// Package textpages keeps a process's view of its own executable small.
//
// The gokernel binary is large (yaegi's tables of the whole standard
// library), and Linux maps the page cache's large folios of its code and
// read-only data as 2 MiB pages: a kernel that ran a few functions shows
// most of the file as resident, 20-25 MB a process. Drop asks for small
// pages on those mappings and unmaps what is mapped, so each process maps
// again only the pages it touches next. Nothing is freed from the page
// cache, which every kernel on the machine shares; the figure it changes is
// each process's resident set, the number a classroom server's
// administrator reads.
//
// Small pages help only if the page cache holds the binary in small folios:
// a large folio (the linker writes in large pieces) is mapped whole when
// one byte of it is touched, which is why `go run ./install` writes the
// binary in 4 KiB writes.
//
// Only mappings without a private copy are dropped: the relocated,
// read-only GOT holds one, and dropping it would lose the relocations.
// GOKERNEL_HUGE_TEXT=1 turns Drop off.
package textpages
