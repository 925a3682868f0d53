// Package snapshot copies session variables out of the interpreter's
// storage into a frame of bytes, and back into a new engine's (the
// kernel keeps a frame to restore the variables after a crash).
//
// It receives the variables as reflect.Values (Root) from the engine and
// hands on the frame (EncodeFrame); DecodeFrame sets a new engine's
// variables from one. It knows nothing of cells or of yaegi.
package snapshot
