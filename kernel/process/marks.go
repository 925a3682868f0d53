package process

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// markScanner splits an engine's output stream into text and marks
// (see markerPrefix), holding back a mark cut in two by a read. Only marks
// that carry the engine's secret are marks; anything else that looks like
// one is text.
type markScanner struct {
	secret  string
	pending []byte
}

// maxMark bounds a mark's length; anything longer is plain text.
const maxMark = 128

func (m *markScanner) feed(b []byte, text func([]byte), mark func(string)) {
	data := append(m.pending, b...)
	m.pending = nil
	prefix := []byte(markerPrefix)
	for len(data) > 0 {
		i := bytes.Index(data, prefix)
		if i < 0 {
			keep := partialPrefix(data, prefix)
			if len(data)-keep > 0 {
				text(data[:len(data)-keep])
			}
			m.pending = append([]byte(nil), data[len(data)-keep:]...)
			return
		}
		if i > 0 {
			text(data[:i])
		}
		rest := data[i+len(prefix):]
		end := bytes.IndexByte(rest, markerEnd)
		if end < 0 {
			if len(rest) > maxMark {
				text(data[i : i+len(prefix)])
				data = rest
				continue
			}
			m.pending = append([]byte(nil), data[i:]...)
			return
		}
		payload, ok := strings.CutPrefix(string(rest[:end]), m.secret+":")
		if !ok || m.secret == "" {
			text(data[i : i+len(prefix)+end+1])
		} else {
			mark(payload)
		}
		data = rest[end+1:]
	}
}

// flush returns what is held back, as text, when the stream ends.
func (m *markScanner) flush() []byte {
	p := m.pending
	m.pending = nil
	return p
}

// partialPrefix returns the length of the longest suffix of data that is a
// proper prefix of prefix.
func partialPrefix(data, prefix []byte) int {
	n := len(prefix) - 1
	if n > len(data) {
		n = len(data)
	}
	for k := n; k > 0; k-- {
		if bytes.Equal(data[len(data)-k:], prefix[:k]) {
			return k
		}
	}
	return 0
}

// completeUTF8 returns how many leading bytes of b end on a rune boundary,
// so that a rune cut by a read is sent whole with the next batch.
func completeUTF8(b []byte) int {
	for k := 1; k <= 3 && k <= len(b); k++ {
		c := b[len(b)-k]
		if !utf8.RuneStart(c) {
			continue
		}
		if !utf8.FullRune(b[len(b)-k:]) {
			return len(b) - k
		}
		return len(b)
	}
	return len(b)
}
