// Package introspect answers the kernel's complete, inspect and
// is_complete requests. It receives a View of the session from the engine
// (its declarations, the type importer, the interpreter's symbols, the
// compiled tier's status, the engine's lock) and the request's code and
// cursor; it checks a copy of the code against the session with go/types
// (analyze.go) and hands back candidates, a description in Markdown, or
// whether the code is complete. It reads the session and never changes
// it; it imports neither the engine nor the interpreter.
package introspect
