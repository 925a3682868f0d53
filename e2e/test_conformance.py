"""Jupyter community conformance suite (jupyter_kernel_test) for the Go kernel.

jupyter_kernel_test.KernelTests (0.7.0) defines these tests; each one is
skipped by the suite itself when its sample attribute below is left empty:

    test_kernel_info      language_name, file_extension
    test_execute_stdout   code_hello_world
    test_execute_stderr   code_stderr
    test_completion       completion_samples  (reply matches must EQUAL the set given)
    test_is_complete      complete_code_samples, incomplete_code_samples, invalid_code_samples
    test_pager            code_page_something  (not supported by the Go kernel: skipped)
    test_error            code_generate_error  (reply status "error", exactly one iopub "error")
    test_execute_result   code_execute_result  (text/plain must equal "result" exactly)
    test_display_data     code_display_data
    test_history          code_execute_result, supported_history_operations, code_history_pattern
    test_inspect          code_inspect_sample
    test_clear_output     code_clear_output

The suite starts one kernel for the whole class and runs the tests in
alphabetical order, so all of them share one interpreter session.
(jupyter_kernel_test.IopubWelcomeTests, the protocol 5.4 iopub_welcome message,
is not used: the Go kernel does not send it.)
"""

from __future__ import annotations

from typing import Any

import jupyter_kernel_test
from jupyter_kernel_test.msgspec_v5 import validate_message

from gokernel_spec import KERNEL_NAME, LANGUAGE, require_kernelspec

TIMEOUT = 30


class GoKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME

    @classmethod
    def setUpClass(cls) -> None:
        # A missing kernelspec must be an error with a clear message, not a skip.
        require_kernelspec()
        super().setUpClass()

    # --- test_kernel_info -------------------------------------------------
    language_name = LANGUAGE
    file_extension = ".go"

    # --- test_execute_stdout / test_execute_stderr ------------------------
    # Cells repeat their imports, as a notebook's cells do: re-importing a
    # package that the session already has must work.
    code_hello_world = 'import "fmt"\n\nfmt.Println("hello, world")'
    code_stderr = 'import (\n\t"fmt"\n\t"os"\n)\n\nfmt.Fprintln(os.Stderr, "oops")'

    # --- test_completion --------------------------------------------------
    # The suite asserts set(reply matches) == set(sample matches). The kernel
    # answers with bare member names, replacing from just after the dot.
    completion_samples: list[dict[str, Any]] = [
        {"text": "fmt.Printl", "matches": ["Println"]},
        {"text": "fmt.Pri", "matches": ["Print", "Printf", "Println"]},
        {"text": "fm"},  # only checks that the reply is well formed
    ]

    # --- test_is_complete -------------------------------------------------
    complete_code_samples = [
        'fmt.Println("a")',
        "x := 1",
        "func f() {}",
        "func g() {\n\treturn\n}",
    ]
    incomplete_code_samples = [
        "func f() {",
        "for i := 0; i < 3; i++ {",
        "type T struct {\n\tX int",
    ]
    invalid_code_samples = [
        "}{",
    ]

    # --- test_pager: the Go kernel has no pager payloads ------------------
    code_page_something = ""

    # --- test_error -------------------------------------------------------
    code_generate_error = 'panic("boom")'

    # --- test_execute_result and test_history -----------------------------
    # A cell's final expression becomes an execute_result.
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "1+2", "result": "3"},
    ]
    # test_history: a glob that matches exactly one distinct cell above ("1+2").
    code_history_pattern = "1?2*"
    supported_history_operations = ("tail", "range", "search")

    # --- test_display_data: the preloaded `display` package ---------------
    code_display_data = [
        {"code": 'display.HTML("<b>hi</b>")', "mime": "text/html"},
        {"code": 'display.Markdown("**hi**")', "mime": "text/markdown"},
        {
            "code": 'display.SVG(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>`)',
            "mime": "image/svg+xml",
        },
        {"code": 'display.JSON(map[string]int{"a": 1})', "mime": "application/json"},
    ]

    # --- test_inspect -----------------------------------------------------
    code_inspect_sample = "fmt.Println"

    # --- test_clear_output ------------------------------------------------
    code_clear_output = "display.Clear(false)"

    # --- Go-kernel checks beyond the community suite ----------------------

    def test_go_completion_cursor_after_dot(self) -> None:
        """Member completion replaces from just after the dot to the cursor."""
        self.flush_channels()
        text = "fmt.Printl"
        msg_id = self.kc.complete(text)
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        assert reply is not None
        validate_message(reply, "complete_reply", msg_id)
        content = reply["content"]
        self.assertEqual(content["status"], "ok")
        self.assertIn("Println", content["matches"])
        self.assertEqual(content["cursor_start"], len("fmt."))
        self.assertEqual(content["cursor_end"], len(text))

    def test_go_inspect_shows_signature(self) -> None:
        self.flush_channels()
        msg_id = self.kc.inspect("fmt.Println")
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        assert reply is not None
        validate_message(reply, "inspect_reply", msg_id)
        content = reply["content"]
        self.assertEqual(content["status"], "ok")
        self.assertTrue(content["found"])
        self.assertIn("func", content["data"].get("text/plain", ""))

    def test_go_compile_error(self) -> None:
        """A cell that does not compile gives an error reply and one error output."""
        self.flush_channels()
        reply, output_msgs = self.execute_helper("x :=")
        self.assertEqual(reply["content"]["status"], "error")
        errors = [m for m in output_msgs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1, output_msgs)

    def test_go_state_persists_between_cells(self) -> None:
        self.flush_channels()
        reply, _ = self.execute_helper("answer := 40")
        self.assertEqual(reply["content"]["status"], "ok")
        reply, output_msgs = self.execute_helper("answer + 2")
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m for m in output_msgs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1, output_msgs)
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")
