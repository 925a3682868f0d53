package process

import (
	"strings"
	"testing"
)

func TestMarkScanner(t *testing.T) {
	const secret = "s3cr3t"
	engineSecret.Store(ptr(secret))
	defer engineSecret.Store(nil)
	mk := string(marker(secret, 7))
	pos := string(PanicMark(3, 5))
	forged := string(marker("guess", 7))
	bare := markerPrefix + "gok:1" + string(markerEnd)
	tests := []struct {
		name   string
		chunks []string
		text   string
		marks  string
	}{
		{"plain", []string{"hello\n"}, "hello\n", ""},
		{"mark alone", []string{mk}, "", "gok:7,"},
		{"text around", []string{"a" + mk + "b"}, "ab", "gok:7,"},
		{"mark cut in two", []string{"a" + mk[:5], mk[5:] + "b"}, "ab", "gok:7,"},
		{"mark cut at every byte", strings.Split("x"+mk+pos+"y", ""), "xy", "gok:7,pos:3:5,"},
		{"escape that is not a mark", []string{"\x1b[31mred\x1b[0m"}, "\x1b[31mred\x1b[0m", ""},
		{"forged mark is text", []string{"a" + forged + "b"}, "a" + forged + "b", ""},
		{"the old unkeyed mark is text", []string{bare + mk}, bare, "gok:7,"},
		{"forged mark cut at every byte", strings.Split(forged+mk, ""), forged, "gok:7,"},
		{"unterminated prefix long", []string{markerPrefix + strings.Repeat("z", 100)}, markerPrefix + strings.Repeat("z", 100), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := markScanner{secret: secret}
			var text, marks strings.Builder
			for _, c := range tc.chunks {
				sc.feed([]byte(c), func(b []byte) { text.Write(b) }, func(m string) { marks.WriteString(m + ",") })
			}
			text.Write(sc.flush())
			if text.String() != tc.text || marks.String() != tc.marks {
				t.Errorf("text %q marks %q, want %q %q", text.String(), marks.String(), tc.text, tc.marks)
			}
		})
	}
}

func TestCompleteUTF8(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"abc", 3}, {"olá", 4}, {"ol\xc3", 2}, {"\xe2\x82", 0}, {"€", 3}, {"", 0},
	}
	for _, tc := range tests {
		if got := completeUTF8([]byte(tc.in)); got != tc.want {
			t.Errorf("completeUTF8(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
