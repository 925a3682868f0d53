package cell

// Text helpers of the analysis: cursor offsets, words, brackets and
// literals, read with go/scanner before anything is parsed.

import (
	"go/scanner"
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SelectorNames lists the identifiers of code that are followed by a dot.
func SelectorNames(code string) []string {
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(code))
	var s scanner.Scanner
	s.Init(f, []byte(code), func(token.Position, string) {}, 0)
	var out []string
	prev, prevLit := token.ILLEGAL, ""
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.PERIOD && prev == token.IDENT {
			out = append(out, prevLit)
		}
		prev, prevLit = tok, lit
	}
}

// BlankLines replaces the given lines of code with spaces (keeping every
// offset), but keep.
func BlankLines(code string, lines []int, keep int) string {
	drop := map[int]bool{}
	for _, l := range lines {
		if l != keep {
			drop[l] = true
		}
	}
	if len(drop) == 0 {
		return code
	}
	b := []byte(code)
	line := 1
	for i, c := range b {
		if c == '\n' {
			line++
			continue
		}
		if drop[line] && c != '\t' {
			b[i] = ' '
		}
	}
	return string(b)
}

// CloseBrackets ends code with the closing brackets of those it leaves
// open, so that code cut at the cursor parses.
func CloseBrackets(code string) string {
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(code))
	var s scanner.Scanner
	s.Init(f, []byte(code), func(token.Position, string) {}, 0)
	var open []token.Token
	for {
		_, tok, _ := s.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			open = append(open, tok)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if n := len(open); n > 0 {
				open = open[:n-1]
			}
		}
	}
	if len(open) == 0 {
		return code
	}
	var b strings.Builder
	b.WriteString(code)
	if InLiteralOrComment(code) {
		b.WriteString("\n")
	}
	for i := len(open) - 1; i >= 0; i-- {
		switch open[i] {
		case token.LPAREN:
			b.WriteString(")")
		case token.LBRACK:
			b.WriteString("]")
		default:
			b.WriteString("}")
		}
	}
	return b.String()
}

// InLiteralOrComment reports whether the end of code is inside a
// comment, a string or a rune literal.
func InLiteralOrComment(code string) bool {
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(code))
	var s scanner.Scanner
	unterminated := false
	s.Init(f, []byte(code), func(_ token.Position, msg string) {
		if strings.Contains(msg, "not terminated") {
			unterminated = true
		}
	}, scanner.ScanComments)
	lastTok, lastEnd, lastLit := token.ILLEGAL, -1, ""
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue
		}
		lastTok, lastLit = tok, lit
		lastEnd = f.Offset(pos) + len(lit)
	}
	if unterminated {
		return true
	}
	return lastTok == token.COMMENT && lastEnd == len(code) && strings.HasPrefix(lastLit, "//")
}

// isIdent reports whether r can be part of a Go identifier.
func isIdent(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// WordAround returns the byte offsets of the identifier around off in
// code: code[start:off] is the part before the cursor.
func WordAround(code string, off int) (start, end int) {
	start, end = off, off
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(code[:start])
		if !isIdent(r) {
			break
		}
		start -= size
	}
	for end < len(code) {
		r, size := utf8.DecodeRuneInString(code[end:])
		if !isIdent(r) {
			break
		}
		end += size
	}
	return start, end
}

// ByteOffset turns a cursor in code points (as the protocol counts)
// into a byte offset of code, clamped to the code.
func ByteOffset(code string, cursor int) int {
	if cursor < 0 {
		return len(code)
	}
	n := 0
	for i := range code {
		if n == cursor {
			return i
		}
		n++
	}
	return len(code)
}

// RuneOffset is byteOffset's inverse.
func RuneOffset(code string, off int) int { return utf8.RuneCountInString(code[:off]) }
