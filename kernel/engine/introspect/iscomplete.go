package introspect

import (
	"go/scanner"
	"go/token"
	"strings"

	"github.com/aulago/gokernel/kernel"
)

// IsComplete tells the console whether code is ready to run: open
// brackets or a trailing operator mean more is coming.
func (e *View) IsComplete(req kernel.IsCompleteRequest) kernel.IsCompleteReply {
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(req.Code))
	var s scanner.Scanner
	bad := false
	s.Init(f, []byte(req.Code), func(token.Position, string) { bad = true }, 0)
	depth := 0
	var last token.Token
	for {
		_, tok, _ := s.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
			if depth < 0 {
				return kernel.IsCompleteReply{Status: "invalid"}
			}
		}
		if tok != token.SEMICOLON {
			last = tok
		}
	}
	if bad {
		if strings.Count(req.Code, "`")%2 == 1 {
			return kernel.IsCompleteReply{Status: "incomplete", Indent: ""}
		}
		return kernel.IsCompleteReply{Status: "invalid"}
	}
	if depth > 0 {
		return kernel.IsCompleteReply{Status: "incomplete", Indent: strings.Repeat("\t", depth)}
	}
	switch {
	case last.IsOperator() && last != token.RPAREN && last != token.RBRACK && last != token.RBRACE && last != token.INC && last != token.DEC:
		return kernel.IsCompleteReply{Status: "incomplete", Indent: "\t"}
	}
	return kernel.IsCompleteReply{Status: "complete"}
}
