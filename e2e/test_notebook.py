"""Run small notebooks on the Go kernel with nbclient, the way Jupyter tools do."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbformat.v4 import new_code_cell, new_notebook

TIMEOUT = 60


def make_notebook(*sources: str) -> nbformat.NotebookNode:
    nb = new_notebook(cells=[new_code_cell(src) for src in sources])
    nb.metadata["kernelspec"] = {"name": "go", "display_name": "Go", "language": "go"}
    return nb


def run(nb: nbformat.NotebookNode, kernel_name: str, **kwargs) -> nbformat.NotebookNode:
    client = NotebookClient(
        nb, kernel_name=kernel_name, timeout=TIMEOUT, startup_timeout=TIMEOUT, **kwargs
    )
    client.execute()
    nbformat.validate(nb)
    return nb


def test_notebook_runs_top_to_bottom(go_kernel_name: str) -> None:
    nb = run(
        make_notebook(
            'import "fmt"\n\nfmt.Println("hello, world")',
            "x := 40",
            "x + 2",
            'display.Markdown("**bold**")',
            'import "fmt"\n\nfmt.Println("again")',  # re-importing must work
        ),
        go_kernel_name,
    )
    hello, define, result, markdown, again = nb.cells

    assert [o.output_type for o in hello.outputs] == ["stream"], hello.outputs
    assert hello.outputs[0].name == "stdout"
    assert "hello, world" in hello.outputs[0].text

    assert not [o for o in define.outputs if o.output_type == "error"], define.outputs

    results = [o for o in result.outputs if o.output_type == "execute_result"]
    assert len(results) == 1, result.outputs
    assert results[0].data["text/plain"] == "42"
    assert result.execution_count is not None

    displays = [o for o in markdown.outputs if o.output_type == "display_data"]
    assert len(displays) == 1, markdown.outputs
    assert "text/markdown" in displays[0].data

    assert any(
        o.output_type == "stream" and "again" in o.text for o in again.outputs
    ), again.outputs


def test_notebook_error_cell(go_kernel_name: str) -> None:
    nb = make_notebook('panic("boom")', "1 + 1")
    with pytest.raises(CellExecutionError):
        run(nb, go_kernel_name)

    nb = run(make_notebook('panic("boom")', "1 + 1"), go_kernel_name, allow_errors=True)
    errors = [o for o in nb.cells[0].outputs if o.output_type == "error"]
    assert len(errors) == 1, nb.cells[0].outputs
    assert "boom" in errors[0].evalue + "\n".join(errors[0].traceback)
    # The kernel keeps working after a panic.
    assert nb.cells[1].outputs[0].data["text/plain"] == "2"
