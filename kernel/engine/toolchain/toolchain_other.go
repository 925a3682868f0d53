//go:build !unix

package toolchain

// privateTempDir: no fallback folder where accounts cannot be told apart
// by owner.
func privateTempDir() (string, bool) { return "", false }
