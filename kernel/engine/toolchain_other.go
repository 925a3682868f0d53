//go:build !unix

package engine

// privateTempDir: no fallback folder where accounts cannot be told apart
// by owner.
func privateTempDir() (string, bool) { return "", false }
