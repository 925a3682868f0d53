"""nbgrader with Go cells: the course's shipped nbgrader folder, graded for real.

The course folder is notebooks/nbgrader (nbgrader_config.py, source/header.ipynb,
source/exercicios/exercicios-pools.ipynb, written by `go run ./notebooks/gen`).
The test copies it to a temporary folder and runs nbgrader 0.9.6 (installed in
the venv by scripts/venv.sh) with the installed Go kernel:

- generate_assignment makes the student version (solutions replaced by the Go
  stub, hidden tests removed, the Go header first);
- validate passes the source notebook and fails the released one;
- autograde grades four submissions with exact scores: a correct one; one wrong
  answer; a correct one with a scratch cell whose goroutine panics (the engine
  restarts; the test cells after it still need the session's variables); an
  endless loop in an answer, stopped by a short cell timeout;
- generate_feedback writes an HTML page for each.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "notebooks" / "nbgrader"
ASSIGNMENT = "exercicios"
NOTEBOOK = "exercicios-pools"
NBGRADER = [sys.executable, "-m", "nbgrader"]

# Points of each test cell (the source's points=), and the total.
POINTS = {"a-verificacao": 1, "b-verificacao": 2, "c-verificacao": 2}
TOTAL = sum(POINTS.values())

# The wrong answer of (a): the time without a Pool, entradas × espera.
WRONG_A = "previsao = float64(entradas) * espera.Seconds()"
# A scratch cell a student left in: its goroutine's panic ends the engine.
SCRATCH = 'go func() { panic("rascunho") }()\ntime.Sleep(100 * time.Millisecond)'
# (c) with the classic endless loop: the index is never incremented.
ENDLESS = ("for i := 0; i < len(valores); {\n"
           "\t\tmaior = math.Max(maior, valores[i])\n"
           "\t}")
TIMEOUT = 10  # seconds per cell for the endless loop's submission


def nbgrader(course: Path, *args: str) -> str:
    """Run an nbgrader command in the course folder; its output (stdout and stderr)."""
    # nbgrader runs the venv's `alembic` command for its gradebook: the venv's bin comes first.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    res = subprocess.run([*NBGRADER, *args], cwd=course, env=env, capture_output=True, text=True, timeout=600)
    out = res.stdout + res.stderr
    assert res.returncode == 0, f"nbgrader {' '.join(args)} exited {res.returncode}:\n{out[-4000:]}"
    return out


def by_id(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    return {c.get("id"): c for c in nb.cells}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory, go_kernel_name: str) -> Path:
    """A course folder copied from the shipped one, with the assignment generated."""
    path = tmp_path_factory.mktemp("grading") / "course"
    shutil.copytree(COURSE, path)
    nbgrader(path, "generate_assignment", ASSIGNMENT)
    return path


def test_release_has_stubs_header_and_no_hidden_tests(course: Path) -> None:
    source = nbformat.read(COURSE / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    release = nbformat.read(course / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    cells = by_id(release)
    # The Go header comes first; log writes to stdout from then on.
    assert release.cells[0].id == "cabecalho"
    assert "log.SetOutput(os.Stdout)" in cells["cabecalho-log"].source
    for cid in ["a-resposta", "b-resposta", "c-resposta"]:
        src = cells[cid].source
        assert "// YOUR CODE HERE" in src and 'panic("not implemented")' in src, src
        assert "SOLUTION" not in src and "Resposta de referência" not in src, src
    assert '\t// YOUR CODE HERE\n\tpanic("not implemented")\n}' in cells["c-resposta"].source
    assert "BEGIN HIDDEN TESTS" in by_id(source)["c-verificacao"].source
    assert "HIDDEN" not in cells["c-verificacao"].source
    assert "três" not in cells["c-verificacao"].source
    for cid, points in POINTS.items():
        meta = cells[cid].metadata["nbgrader"]
        assert meta["grade"] and meta["locked"] and meta["points"] == points, meta


def test_validate(course: Path) -> None:
    """The source notebook passes nbgrader validate; the released one fails its three test cells."""
    start = time.monotonic()
    source, release = f"source/{ASSIGNMENT}/{NOTEBOOK}.ipynb", f"release/{ASSIGNMENT}/{NOTEBOOK}.ipynb"
    out = nbgrader(course, "validate", source, release)  # one nbgrader start for both
    # Its report is in the order of the arguments: the source's, then the release's.
    ok, failed = out.find("Success! Your notebook passes all the tests."), out.find("VALIDATION FAILED ON 3 CELL(S)!")
    assert 0 <= ok < failed, out[-4000:]
    assert out.count("VALIDATION FAILED") == 1 and "panic: not implemented" in out[ok:], out[-4000:]
    print(f"\nvalidate, source and release: {time.monotonic() - start:.1f} s")


def submission(course: Path, student: str, edit) -> None:
    """Write a student's submission: the released notebook with the reference answers, then edit(cells)."""
    source = by_id(nbformat.read(COURSE / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4))
    nb = nbformat.read(course / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("solution"):
            c.source = source[c.id].source
    edit(nb)
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{NOTEBOOK}.ipynb")


def wrong_a(nb: nbformat.NotebookNode) -> None:
    c = by_id(nb)["a-resposta"]
    right = "previsao = float64((entradas+tamanho-1)/tamanho) * espera.Seconds()"
    assert right in c.source
    c.source = c.source.replace(right, WRONG_A)


def scratch_cell(nb: nbformat.NotebookNode) -> None:
    i = next(i for i, c in enumerate(nb.cells) if c.get("id") == "a-resposta")
    nb.cells.insert(i + 1, nbformat.v4.new_code_cell(SCRATCH))


def endless_loop(nb: nbformat.NotebookNode) -> None:
    c = by_id(nb)["c-resposta"]
    loop = "for _, v := range valores {\n\t\tmaior = math.Max(maior, v)\n\t}"
    assert loop in c.source
    c.source = c.source.replace(loop, ENDLESS)


# student: (how the submission differs from the reference answers, the expected score)
SUBMISSIONS = {
    "s1-certo": (lambda nb: None, TOTAL),
    "s2-errado": (wrong_a, TOTAL - POINTS["a-verificacao"]),
    "s3-rascunho": (scratch_cell, TOTAL),
    "s4-laco": (endless_loop, TOTAL - POINTS["c-verificacao"]),
}


@pytest.fixture(scope="module")
def graded(course: Path) -> dict[str, dict[str, float]]:
    """Autograde the four submissions; each student's score per test cell, and 'total'."""
    from nbgrader.api import Gradebook

    timings = {}
    for student, (edit, _) in SUBMISSIONS.items():
        if student != "s4-laco":
            submission(course, student, edit)
    start = time.monotonic()
    nbgrader(course, "autograde", ASSIGNMENT)
    timings["s1-s3"] = time.monotonic() - start
    # The endless loop's submission alone, with a short cell timeout.
    submission(course, "s4-laco", SUBMISSIONS["s4-laco"][0])
    start = time.monotonic()
    nbgrader(course, "autograde", ASSIGNMENT, "--student", "s4-laco", f"--Execute.timeout={TIMEOUT}")
    timings["s4"] = time.monotonic() - start

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in SUBMISSIONS:
            nb = gb.find_submission_notebook(NOTEBOOK, ASSIGNMENT, student)
            scores[student] = {g.name: g.score for g in nb.grades if g.name in POINTS}
            scores[student]["total"] = gb.find_submission(ASSIGNMENT, student).score
    print(f"\nautograde: {timings['s1-s3']:.1f} s for three submissions, {timings['s4']:.1f} s for the endless loop")
    for student, s in scores.items():
        print(f"  {student}: {s['total']:g}/{TOTAL}", {k: v for k, v in s.items() if k != "total"})
    return scores


@pytest.mark.parametrize("student", list(SUBMISSIONS))
def test_autograde_scores(graded: dict[str, dict[str, float]], course: Path, student: str) -> None:
    want = SUBMISSIONS[student][1]
    got = graded[student]
    if got["total"] != want:
        # Say which cell lost points, and what it printed.
        nb = nbformat.read(course / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
        lost = {cid: [o.get("text") or o.get("evalue") for o in by_id(nb)[cid].outputs]
                for cid, pts in POINTS.items() if got[cid] < pts}
        pytest.fail(f"{student}: {got['total']:g}/{TOTAL} points, want {want}; cells that lost points: {lost}")


def test_endless_loop_was_interrupted(graded: dict[str, dict[str, float]], course: Path) -> None:
    """The looping cell scored 0 after its timeout, and the kernel went on to the end."""
    nb = nbformat.read(course / "autograded" / "s4-laco" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    cells = by_id(nb)
    assert any(o.output_type == "error" for o in cells["c-verificacao"].outputs), cells["c-verificacao"].outputs
    assert graded["s4-laco"]["a-verificacao"] == POINTS["a-verificacao"]
    assert graded["s4-laco"]["b-verificacao"] == POINTS["b-verificacao"]


def test_feedback(graded: dict[str, dict[str, float]], course: Path) -> None:
    nbgrader(course, "generate_feedback", ASSIGNMENT)
    for student in SUBMISSIONS:
        page = course / "feedback" / student / ASSIGNMENT / f"{NOTEBOOK}.html"
        assert page.is_file(), f"no feedback page for {student}: {page}"
        html = page.read_text()
        assert f"{graded[student]['total']:g} / {TOTAL}" in html.replace(".0 ", " "), (student, html[:2000])
