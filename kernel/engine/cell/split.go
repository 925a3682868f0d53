package cell

import (
	"go/scanner"
	"go/token"
	"strings"
)

// chunkKind says how a piece of a cell is evaluated.
type chunkKind int

const (
	importChunk chunkKind = iota // import declarations
	declChunk                    // func, type, var and const declarations
	StmtChunk                    // statements, run in order
)

// chunk is a run of top-level items of one kind, with its place in the cell.
type chunk struct {
	Kind chunkKind
	Src  string
	line int // 1-based line of the first item in the cell
	col  int // 1-based column of the first item
	// Off and end are the byte offsets of src in the cell.
	Off, End int
}

// item is one top-level declaration or statement.
type item struct {
	kind     chunkKind
	off, end int // byte offsets in the cell
}

// splitCell cuts a cell into chunks: imports, declarations (package
// level) and statements (the cell's func). A top-level var is a statement,
// run in its place among the others, unless the cell is a whole program.
func splitCell(code string, program bool) []chunk {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), nil, 0) // errors are the compiler's to report

	type tok struct {
		pos token.Pos
		tok token.Token
		lit string
	}
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, tok{pos, t, lit})
	}
	var items []item
	depth := 0
	start := -1
	for i, t := range toks {
		if start < 0 {
			if t.tok == token.SEMICOLON && t.lit == "\n" {
				continue
			}
			start = i
		}
		switch t.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		}
		last := i == len(toks)-1
		if (t.tok == token.SEMICOLON && depth <= 0) || last {
			endTok := i
			if t.tok == token.SEMICOLON && i > start {
				endTok = i - 1
			}
			first := toks[start]
			off := file.Offset(first.pos)
			lt := toks[endTok]
			end := file.Offset(lt.pos) + tokLen(lt.tok, lt.lit)
			if end > len(code) {
				end = len(code)
			}
			if !(first.tok == token.SEMICOLON && endTok == start) {
				kind := classify(toks[start:], func(j int) token.Token { return toks[start+j].tok })
				if toks[start].tok == token.VAR {
					kind = StmtChunk
					if program {
						kind = declChunk
					}
				}
				items = append(items, item{kind: kind, off: off, end: end})
			}
			start = -1
			if depth < 0 {
				depth = 0
			}
		}
	}
	var chunks []chunk
	for _, it := range items {
		if n := len(chunks); n > 0 && chunks[n-1].Kind == it.kind && it.kind != importChunk {
			chunks[n-1].End = it.end
			chunks[n-1].Src = code[chunks[n-1].Off:it.end]
			continue
		}
		if it.kind == declChunk {
			it.off = withDocComment(code, it.off)
		}
		p := file.Position(file.Pos(it.off))
		chunks = append(chunks, chunk{Kind: it.kind, Src: code[it.off:it.end], line: p.Line, col: p.Column, Off: it.off, End: it.end})
	}
	return chunks
}

// classify tells an item's kind from its first tokens.
func classify[T any](toks []T, at func(int) token.Token) chunkKind {
	switch at(0) {
	case token.IMPORT:
		return importChunk
	case token.TYPE, token.CONST:
		return declChunk
	case token.FUNC:
		if len(toks) < 2 {
			return declChunk
		}
		switch at(1) {
		case token.IDENT:
			return declChunk
		case token.LPAREN:
			// A method has a receiver then a name; a func literal has
			// parameters then a result type or a body.
			depth := 0
			for j := 1; j < len(toks); j++ {
				switch at(j) {
				case token.LPAREN:
					depth++
				case token.RPAREN:
					depth--
					if depth == 0 {
						if j+1 < len(toks) && at(j+1) == token.IDENT && j+2 < len(toks) && (at(j+2) == token.LPAREN || at(j+2) == token.LBRACK) {
							return declChunk
						}
						return StmtChunk
					}
				}
			}
		}
		return StmtChunk
	}
	return StmtChunk
}

func tokLen(t token.Token, lit string) int {
	if lit != "" && t != token.SEMICOLON {
		return len(lit)
	}
	if t == token.SEMICOLON {
		return 0
	}
	return len(t.String())
}

// withDocComment moves a declaration's start up over the "//" comment
// lines right above it: its doc comment, which inspect shows.
func withDocComment(code string, off int) int {
	lineStart := strings.LastIndexByte(code[:off], '\n') + 1
	if strings.TrimSpace(code[lineStart:off]) != "" {
		return off
	}
	start := off
	for lineStart > 0 {
		prev := strings.LastIndexByte(code[:lineStart-1], '\n') + 1
		if !strings.HasPrefix(strings.TrimSpace(code[prev:lineStart-1]), "//") {
			break
		}
		start, lineStart = prev, prev
	}
	if start == off {
		return off
	}
	return start
}
