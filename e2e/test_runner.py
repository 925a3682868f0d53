"""The course notebooks through the headless runner (`gokernel run`), the
same engine without Jupyter: each notebook runs end to end with scaled
parameters, and the executed notebook it writes is checked like the ones
nbclient produces (see test_course.py). Bad notebooks get a clear error and
are never modified."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from gokernel_spec import require_kernelspec
from test_course import (
    AULA,
    EXERCICIOS,
    EXERCISE_PARAMETERS,
    LESSON,
    LESSON_PARAMETERS,
    N_VALORES,
    cell,
    check_lines,
    cube_lines,
    cubes,
    processing_time,
    stdout,
)


def runner() -> str:
    return require_kernelspec().argv[0]


def params(source: str) -> list[str]:
    """-p flags from the 'name = value' lines of a parameter cell."""
    out = []
    for line in source.splitlines():
        name, value = (s.strip() for s in line.split("=", 1))
        out += ["-p", f"{name}={value}"]
    return out


def run(path: Path, out: Path, parameters: str) -> subprocess.CompletedProcess:
    return subprocess.run([runner(), "run", str(path), "-o", str(out), *params(parameters)],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("path", [AULA, LESSON], ids=["pt", "en"])
def test_runner_lesson(path: Path, tmp_path: Path) -> None:
    before = path.read_bytes()
    out = tmp_path / "out.ipynb"
    res = run(path, out, LESSON_PARAMETERS)
    assert res.returncode == 0, res.stderr[-2000:]
    assert path.read_bytes() == before, "the input notebook was modified"
    nb = nbformat.read(out, as_version=4)
    nbformat.validate(nb)
    seq = stdout(cell(nb, "sequential"))
    assert cube_lines(seq) == cubes(N_VALORES)
    pool = stdout(cell(nb, "pool-map"))
    assert f"[{' '.join(str(x**3) for x in range(N_VALORES))}]" in pool.splitlines()
    assert processing_time(pool) < 0.75 * processing_time(seq)
    # The terminal got the outputs as they came, cell by cell.
    assert "2 8" in res.stdout


def test_runner_exercises(tmp_path: Path) -> None:
    out = tmp_path / "out.ipynb"
    for attempt in range(3):  # the CPU check needs free cores; see test_course
        res = run(EXERCICIOS, out, EXERCISE_PARAMETERS)
        assert res.returncode == 0, res.stderr[-2000:]
        checks = check_lines(nbformat.read(out, as_version=4))
        failed = [ln for lines in checks.values() for ln in lines if not ln.startswith("✅")]
        if not failed:
            break
    assert [len(checks[p]) for p in "abc"] == [1, 2, 2], checks
    assert not failed, failed


@pytest.mark.parametrize("content, message", [
    ("{not json", "invalid JSON"),
    ('{"nbformat": 3, "nbformat_minor": 0, "cells": [], "metadata": {}}', "nbformat 3"),
])
def test_runner_rejects_bad_notebooks(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.ipynb"
    bad.write_text(content)
    res = subprocess.run([runner(), "run", str(bad)], capture_output=True, text=True, timeout=60)
    assert res.returncode == 2
    assert message in res.stderr and str(bad) in res.stderr, res.stderr
    assert bad.read_text() == content


def test_runner_names_the_failing_cell(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "go", "display_name": "Go (poolkit)", "language": "go"}
    nb.cells = [nbformat.v4.new_code_cell("x := 1"), nbformat.v4.new_code_cell('panic("boom")'),
                nbformat.v4.new_code_cell("x + 1")]
    path = tmp_path / "fails.ipynb"
    nbformat.write(nb, path)
    res = subprocess.run([runner(), "run", str(path), "-o", str(tmp_path / "o.ipynb")],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 1
    assert "cell 2 failed" in res.stderr and "boom" in res.stderr, res.stderr


@pytest.fixture(scope="module")
def runner_without_cgo(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The kernel built without cgo: no Go plugins, so no compiled tier."""
    out = tmp_path_factory.mktemp("nocgo") / "gokernel"
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "CGO_ENABLED": "0"}
    subprocess.run(["go", "build", "-o", str(out), "./cmd/gokernel"], cwd=root, env=env, check=True, timeout=600)
    return str(out)


@pytest.mark.parametrize("path, parameters", [(AULA, LESSON_PARAMETERS), (EXERCICIOS, EXERCISE_PARAMETERS)],
                         ids=["lesson", "exercises"])
def test_runner_course_without_compiled_tier(path: Path, parameters: str, tmp_path: Path,
                                             runner_without_cgo: str) -> None:
    """Where Go plugins cannot work (no C compiler: an engine built without
    cgo; no Go toolchain at all: only the type cache the installed
    kernelspec carries), or GOKERNEL_COMPILE=off, the course runs
    interpreted, end to end."""
    no_toolchain = {
        "PATH": os.pathsep.join(d for d in os.environ["PATH"].split(os.pathsep)
                                if not os.access(os.path.join(d, "go"), os.X_OK)),
        "GOROOT": "",
        "GOKERNEL_TYPES": require_kernelspec().env["GOKERNEL_TYPES"],
    }
    assert shutil.which("go", path=no_toolchain["PATH"]) is None
    for extra in ({}, {"GOKERNEL_COMPILE": "off"}, no_toolchain):
        binary = runner_without_cgo if not extra else runner()
        out = tmp_path / "out.ipynb"
        for attempt in range(3):  # the CPU check needs free cores; see test_course
            res = subprocess.run([binary, "run", str(path), "-o", str(out), *params(parameters)],
                                 capture_output=True, text=True, timeout=300, env={**os.environ, **extra})
            assert res.returncode == 0, res.stderr[-2000:]
            if extra is no_toolchain:
                assert "no go command" in res.stderr, res.stderr[-2000:]
            failed = []
            if path == EXERCICIOS:
                failed = [ln for lines in check_lines(nbformat.read(out, as_version=4)).values()
                          for ln in lines if not ln.startswith("✅")]
            if not failed:
                break
        assert not failed, (extra, failed)
