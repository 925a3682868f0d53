package buildcache

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"
)

// The GOCACHEPROG protocol (cmd/go/internal/cacheprog): the program says
// which commands it knows, then answers one JSON request a line; a put's
// body follows its request as a base64 JSON string on a line of its own.

type request struct {
	ID       int64
	Command  string
	ActionID []byte `json:",omitempty"`
	OutputID []byte `json:",omitempty"`
	BodySize int64  `json:",omitempty"`
}

type response struct {
	ID            int64
	Err           string     `json:",omitempty"`
	KnownCommands []string   `json:",omitempty"`
	Miss          bool       `json:",omitempty"`
	OutputID      []byte     `json:",omitempty"`
	Size          int64      `json:",omitempty"`
	Time          *time.Time `json:",omitempty"`
	DiskPath      string     `json:",omitempty"`
}

// Program is a build cache served to the go command: gets look in Shared
// (read-only, if set), then in Dir; puts go to Dir.
type Program struct {
	// Shared is the read-only folder prepared at install, or "".
	Shared string
	// Dir is the writable folder.
	Dir string
	// Max caps Dir's size in bytes: past it, when the go command closes
	// the program, the least recently used files go (0: no cap).
	Max int64
	// Write makes Dir a shared folder: written for every user to read,
	// never trimmed (the install's mode).
	Write bool

	// Stats, once Serve returns.
	Gets, SharedHits, Hits, Puts int
}

// Serve answers the go command on r and w until it sends close or r ends.
func (p *Program) Serve(r io.Reader, w io.Writer) error {
	user := &store{dir: p.Dir, shared: p.Write}
	var shared *store
	if p.Shared != "" && p.Shared != p.Dir {
		shared = &store{dir: p.Shared, shared: true}
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	send := func(res *response) error {
		if err := enc.Encode(res); err != nil {
			return err
		}
		return bw.Flush()
	}
	if err := send(&response{KnownCommands: []string{"get", "put", "close"}}); err != nil {
		return err
	}
	dec := json.NewDecoder(bufio.NewReaderSize(r, 1<<16))
	put := false
	defer func() {
		if put && p.Max > 0 && !p.Write {
			_, _ = Trim(p.Dir, p.Max)
		}
	}()
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
		res := &response{ID: req.ID}
		switch req.Command {
		case "get":
			p.Gets++
			if shared != nil {
				if out, size, body, ok := shared.get(req.ActionID); ok {
					p.SharedHits++
					res.OutputID, res.Size, res.DiskPath = out, size, body
					break
				}
			}
			if out, size, body, ok := user.get(req.ActionID); ok {
				p.Hits++
				res.OutputID, res.Size, res.DiskPath = out, size, body
				break
			}
			res.Miss = true
		case "put":
			var body []byte
			if req.BodySize > 0 {
				// encoding/json decodes a base64 string into a []byte.
				if err := dec.Decode(&body); err != nil {
					return fmt.Errorf("cacheprog: reading the body of put %d: %w", req.ID, err)
				}
			}
			if int64(len(body)) != req.BodySize {
				res.Err = fmt.Sprintf("put %d: %d bytes of body, want %d", req.ID, len(body), req.BodySize)
				break
			}
			path, err := user.put(req.ActionID, req.OutputID, body)
			if err != nil {
				res.Err = err.Error()
				break
			}
			p.Puts++
			put = true
			res.DiskPath = path
		case "close":
			return send(res)
		default:
			res.Err = "unknown command " + req.Command
		}
		if err := send(res); err != nil {
			return err
		}
	}
}

// FromEnv is the Program a kernel's go command runs: Shared from
// GOKERNEL_SHARED_CACHE, Dir the user's build cache, Max from
// GOKERNEL_CACHE_MAX.
func FromEnv() (*Program, error) {
	dir, err := UserBuildDir()
	if err != nil {
		return nil, err
	}
	max, err := MaxFromEnv()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gokernel cacheprog:", err)
	}
	return &Program{Shared: os.Getenv("GOKERNEL_SHARED_CACHE"), Dir: dir, Max: max}, nil
}
