// Package buildcache keeps what the compiled tier's plugin builds leave on
// a shared machine (a classroom server) in the user's own cache folder,
// bounded, and shares what can be shared between users:
//
//   - a GOCACHEPROG program (Serve, `gokernel cacheprog`) that answers the
//     go command's build cache from a read-only folder prepared once at
//     install (GOKERNEL_SHARED_CACHE: the standard library and poolkit
//     compiled for plugins), then from the user's own folder
//     ($XDG_CACHE_HOME/gokernel/build), which it caps
//     (GOKERNEL_CACHE_MAX, default 256 MiB) by evicting the least recently
//     used;
//   - build slots (Slots): advisory locks on files every user can open,
//     so that at most max(1, NumCPU/2) plugin builds run at once on the
//     machine, whoever's kernels start them;
//   - work folders (NewWorkDir) under $XDG_CACHE_HOME/gokernel/run, locked
//     by their owner for its life, so that the folders of kernels that
//     died are found and removed.
package buildcache
