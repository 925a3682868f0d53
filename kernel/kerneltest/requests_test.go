package kerneltest_test

import (
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/kerneltest"
)

// Every request type of the spec gets its reply, inside busy and idle.
func TestEveryRequestIsAnswered(t *testing.T) {
	f := kerneltest.Start(t, binary)
	f.Execute("x := 1", 20*time.Second)
	tests := []struct {
		msgType string
		content map[string]any
		check   func(map[string]any) bool
	}{
		{"comm_info_request", map[string]any{}, func(r map[string]any) bool { return len(r["comms"].(map[string]any)) == 0 }},
		{"history_request", map[string]any{"hist_access_type": "tail", "n": 5, "output": false, "raw": true},
			func(r map[string]any) bool { return len(r["history"].([]any)) == 1 }},
		{"is_complete_request", map[string]any{"code": "func f() {"}, func(r map[string]any) bool { return r["status"] == "incomplete" }},
		{"is_complete_request", map[string]any{"code": "x + 1"}, func(r map[string]any) bool { return r["status"] == "complete" }},
		{"complete_request", map[string]any{"code": "olá := 1; ol", "cursor_pos": 12},
			func(r map[string]any) bool { return r["cursor_start"] == float64(10) && r["cursor_end"] == float64(12) }},
		{"inspect_request", map[string]any{"code": "fmt.Println", "cursor_pos": 11, "detail_level": 0},
			func(r map[string]any) bool { return r["found"] == true }},
		{"kernel_info_request", map[string]any{}, func(r map[string]any) bool { return r["implementation"] == "gokernel" }},
	}
	for _, tc := range tests {
		t.Run(tc.msgType, func(t *testing.T) {
			run := f.Collect(f.Send(f.Shell, tc.msgType, tc.content), f.Shell, 10*time.Second)
			// is_complete_reply's status is the verdict; the others say ok.
			if (tc.msgType != "is_complete_request" && run.Reply["status"] != "ok") || !tc.check(run.Reply) {
				t.Errorf("reply %v", run.Reply)
			}
			if len(run.Outputs) == 0 || run.Outputs[0].Content["execution_state"] != "busy" {
				t.Errorf("no busy before the reply: %v", run.Outputs)
			}
		})
	}
}
