package snapshot

import (
	"reflect"
	"testing"
)

// TestRoundTrip copies variables into a frame and back into fresh
// storage, as a new engine reads the frame of a crashed one.
func TestRoundTrip(t *testing.T) {
	type point struct{ X, Y int }
	shared := []int{1, 2, 3}
	tests := []struct {
		name string
		vars map[string]any
		lost []string
	}{
		{"scalars", map[string]any{"n": 42, "s": "hello", "f": 2.5}, nil},
		{"struct and map", map[string]any{"p": point{1, 2}, "m": map[string]int{"a": 1}}, nil},
		{"shared slice", map[string]any{"a": shared, "b": shared[1:]}, nil},
		{"chan is lost", map[string]any{"c": make(chan int), "n": 1}, []string{"c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var roots []Root
			fresh := map[string]reflect.Value{}
			current := map[string]bool{}
			for name, v := range tt.vars {
				p := reflect.New(reflect.TypeOf(v))
				p.Elem().Set(reflect.ValueOf(v))
				roots = append(roots, Root{Name: name, V: p.Elem()})
				fresh[name] = reflect.New(reflect.TypeOf(v)).Elem()
				current[name] = true
			}
			data, lost, _, _ := EncodeFrame(roots)
			for _, name := range tt.lost {
				if _, ok := lost[name]; !ok {
					t.Errorf("%s: not lost", name)
				}
				delete(current, name)
			}
			if len(lost) != len(tt.lost) {
				t.Errorf("lost %v, want %v", lost, tt.lost)
			}
			if _, err := DecodeFrame(data, fresh, current); err != nil {
				t.Fatalf("DecodeFrame: %v", err)
			}
			for name := range current {
				if got, want := fresh[name].Interface(), tt.vars[name]; !reflect.DeepEqual(got, want) {
					t.Errorf("%s = %v, want %v", name, got, want)
				}
			}
			if a, b := fresh["a"], fresh["b"]; a.IsValid() && b.IsValid() {
				a.Index(1).SetInt(20)
				if b.Index(0).Int() != 20 {
					t.Errorf("a and b no longer share their array")
				}
			}
		})
	}
}

func TestDamagedFrame(t *testing.T) {
	if _, err := DecodeFrame([]byte("not a frame"), nil, nil); err == nil {
		t.Fatal("DecodeFrame of a damaged frame: no error")
	}
}
