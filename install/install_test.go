package main

import (
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestInstall(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "fake-kernel")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	prefix := t.TempDir()
	dataDir := t.TempDir()
	tests := []struct {
		name string
		args []string
		env  map[string]string
		dir  string
	}{
		{"prefix", []string{"--prefix", prefix}, nil, filepath.Join(prefix, "share", "jupyter", "kernels", "go")},
		{"prefix again (harmless)", []string{"--prefix", prefix}, nil, filepath.Join(prefix, "share", "jupyter", "kernels", "go")},
		{"user with JUPYTER_DATA_DIR", nil, map[string]string{"JUPYTER_DATA_DIR": dataDir}, filepath.Join(dataDir, "kernels", "go")},
		{"sys-prefix from VIRTUAL_ENV", []string{"--sys-prefix"}, map[string]string{"VIRTUAL_ENV": prefix}, filepath.Join(prefix, "share", "jupyter", "kernels", "go")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			if err := run(append(tc.args, "--binary", bin)); err != nil {
				t.Fatal(err)
			}
			var spec struct {
				Argv          []string `json:"argv"`
				Language      string   `json:"language"`
				InterruptMode string   `json:"interrupt_mode"`
				DisplayName   string   `json:"display_name"`
			}
			b, err := os.ReadFile(filepath.Join(tc.dir, "kernel.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &spec); err != nil {
				t.Fatal(err)
			}
			if spec.Language != "go" || spec.InterruptMode != "message" || len(spec.Argv) != 4 || spec.Argv[3] != "{connection_file}" {
				t.Errorf("kernel.json %+v", spec)
			}
			if st, err := os.Stat(spec.Argv[0]); err != nil || st.Mode()&0o111 == 0 {
				t.Errorf("argv[0] %s is not an executable file: %v", spec.Argv[0], err)
			}
			for name, size := range map[string]int{"logo-32x32.png": 32, "logo-64x64.png": 64} {
				f, err := os.Open(filepath.Join(tc.dir, name))
				if err != nil {
					t.Fatal(err)
				}
				img, err := png.Decode(f)
				f.Close()
				if err != nil || img.Bounds().Dx() != size || img.Bounds().Dy() != size {
					t.Errorf("%s: %v %v", name, err, img.Bounds())
				}
			}
			if _, err := os.Stat(filepath.Join(tc.dir, "logo-svg.svg")); err != nil {
				t.Error(err)
			}
		})
	}
}

// A relative --prefix still gives an absolute argv[0].
func TestInstallRelativePrefix(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "fake-kernel")
	_ = os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755)
	mod, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	if err := run([]string{"--prefix", "venv", "--binary", bin, "--source", mod}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join("venv", "share", "jupyter", "kernels", "go", "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct{ Argv []string }
	_ = json.Unmarshal(b, &spec)
	if len(spec.Argv) == 0 || !filepath.IsAbs(spec.Argv[0]) {
		t.Errorf("argv %v: want an absolute path", spec.Argv)
	}
}

func TestInstallBadFlags(t *testing.T) {
	if err := run([]string{"--prefix", "x", "--sys-prefix"}); err == nil {
		t.Error("both --prefix and --sys-prefix accepted")
	}
	if err := run([]string{"--binary", "/nonexistent/kernel", "--prefix", t.TempDir()}); err == nil {
		t.Error("missing binary accepted")
	}
}
