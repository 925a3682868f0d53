package curve

import (
	"bytes"
	"errors"
	"testing"
)

func TestZ85(t *testing.T) {
	tests := []struct {
		name string
		raw  []byte
		z85  string
	}{
		{"spec 32 vector", []byte{0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B}, "HelloWorld"},
		{"empty", nil, ""},
		{"zeros", make([]byte, 4), "00000"},
		{"max", []byte{0xFF, 0xFF, 0xFF, 0xFF}, "%nSc0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Z85Encode(tc.raw)
			if err != nil || got != tc.z85 {
				t.Fatalf("Z85Encode = %q, %v; want %q", got, err, tc.z85)
			}
			back, err := Z85Decode(tc.z85)
			if err != nil || !bytes.Equal(back, tc.raw) && len(tc.raw)+len(back) > 0 {
				t.Fatalf("Z85Decode = %x, %v; want %x", back, err, tc.raw)
			}
		})
	}
}

func TestZ85Refuses(t *testing.T) {
	for _, s := range []string{"abcd", "Hello World", "%nSc1", "Hell\x00"} {
		if _, err := Z85Decode(s); !errors.Is(err, ErrZ85) {
			t.Errorf("Z85Decode(%q) error %v, want ErrZ85", s, err)
		}
	}
	if _, err := Z85Encode([]byte{1, 2, 3}); !errors.Is(err, ErrZ85) {
		t.Errorf("Z85Encode of 3 bytes: %v, want ErrZ85", err)
	}
}
