//go:build !cgo

package tier

// cgoEnabled says the engine was built with cgo: Go plugins need it.
const cgoEnabled = false
