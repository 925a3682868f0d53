"""Real-browser UI test: JupyterLab + headless Debian chromium + the Go kernel.

Starts ``jupyter lab`` on a temp dir holding a copy of the Portuguese course
notebook, drives it with Playwright (sync API) and checks, as a user sees it:

* the launcher's Notebook section has the "Go (poolkit)" card, and clicking it
  opens a notebook on an idle Go kernel;
* ``6 * 7`` run with Shift+Enter shows ``42``;
* a loop printing ``linha 0..2`` with sleeps streams: ``linha 0`` is on the page
  while the cell still runs (prompt ``[*]`` / kernel busy), then all three lines;
* ``poolkit.Map`` + ``p.Timeline()`` renders an SVG image;
* the course notebook opens on the Go kernel with no kernel-choice dialog.

Screenshots go to a temp dir; their paths are printed. Chromium is Debian's
/usr/bin/chromium (scripts/apt.sh); never ``playwright install``. When chromium
or the ``go`` kernelspec (found through JUPYTER_PATH) is missing, the test
FAILS, never skips.

    go run ./install --prefix "$PWD/.venv"
    JUPYTER_PATH=$PWD/.venv/share/jupyter .venv/bin/python -m pytest e2e/test_ui.py -q
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import pytest

from gokernel_spec import require_kernelspec
from ui_helpers import (
    ACTIVE_PANEL,
    CELL,
    CELL_STATE_JS,
    EXEC_INDICATOR,
    KERNEL_NAME_BUTTON,
    REPO,
    launch_chromium,
    require_chromium,
    start_lab,
)

DISPLAY_NAME = "Go (poolkit)"
COURSE = REPO / "notebooks" / "aula-process-pools-go.ipynb"

# Generous per-step timeouts (ms): a first JupyterLab load takes 10-20 s on a
# small machine, and a Go kernel's first cell compiles the interpreter's stdlib.
LOAD_MS = 60_000
STEP_MS = 30_000

LOOP_CELL = (
    'import ("fmt"; "time")\n'
    'for i := 0; i < 3; i++ { fmt.Println("linha", i); time.Sleep(700 * time.Millisecond) }'
)
POOL_CELL = (
    "p := poolkit.NewPool(2)\n"
    "r := poolkit.Map(p, func(x int) int { return x * x }, []int{1, 2, 3, 4})\n"
    "p.Timeline()"
)


# --- fixtures -----------------------------------------------------------------


@pytest.fixture(scope="module")
def lab(go_kernel_name, tmp_path_factory, request):
    """A real JupyterLab server; always stopped (kernels shut down, process group killed)."""
    spec = require_kernelspec()
    exe = spec.argv[0]
    if not os.path.isabs(exe):
        # JupyterLab starts a kernel in the notebook's directory, where a
        # relative argv[0] does not resolve.
        pytest.fail(
            f"kernelspec {go_kernel_name!r} ({spec.resource_dir}) has a relative argv[0] {exe!r}: "
            "JupyterLab starts kernels in the notebook's directory, where it is not found. "
            'Install with an absolute prefix: go run ./install --prefix "$PWD/.venv"',
            pytrace=False,
        )
    problem = None
    try:
        require_chromium()
    except AssertionError as exc:
        problem = str(exc)
    if problem:
        pytest.fail(problem, pytrace=False)
    assert COURSE.is_file(), f"missing {COURSE}"
    server = start_lab(tmp_path_factory.mktemp("jupyterlab"), [COURSE])  # stops itself if not ready
    request.addfinalizer(server.stop)
    return server


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ui-screenshots")


@pytest.fixture(scope="module")
def page(lab, tmp_path_factory):
    """One headless chromium page (fresh profile) with JupyterLab loaded, launcher visible."""
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    ctx = None
    try:
        ctx, pg = launch_chromium(pw, tmp_path_factory.mktemp("chromium-profile"))
        pg.set_default_timeout(STEP_MS)
        pg.goto(lab.url("/lab"), timeout=LOAD_MS)
        pg.wait_for_selector(".jp-Launcher .jp-LauncherCard", timeout=LOAD_MS)
        yield pg
    finally:
        if ctx is not None:
            ctx.close()
        pw.stop()


@pytest.fixture
def shot(page, shots, capsys):
    """shot(name) saves a full-page screenshot; paths are printed at the end of the test,
    and a failing test leaves a ``FAILED-<test>.png``."""
    saved: list[Path] = []

    def take(name: str, locator=None) -> Path:
        path = shots / f"{len(list(shots.iterdir())):02d}-{name}.png"
        (locator or page).screenshot(path=str(path))
        saved.append(path)
        return path

    yield take
    with capsys.disabled():
        for p in saved:
            print(f"\n[screenshot] {p}", end="")
        print()


@contextlib.contextmanager
def on_failure_screenshot(take, lab, name: str):
    """On failure: a screenshot and the server log's tail go into the test's report."""
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            p = take(f"FAILED-{name}")
            print(f"failure screenshot: {p}")
        print(f"jupyter lab log ({lab.log_path}):\n{lab.log_tail()}")
        raise


# --- helpers ------------------------------------------------------------------


def active_panel(page):
    return page.locator(ACTIVE_PANEL)


def wait_kernel_idle(page, timeout=LOAD_MS):
    """Wait until the active notebook's toolbar indicator says the kernel is idle."""
    ind = active_panel(page).locator(EXEC_INDICATOR)
    ind.wait_for(timeout=timeout)
    page.wait_for_function(
        """(sel) => {
            const el = document.querySelector(sel);
            return el && el.getAttribute('data-status') === 'idle';
        }""",
        arg=f"{ACTIVE_PANEL} {EXEC_INDICATOR}",
        timeout=timeout,
    )


def enter_cell(page, index: int, code: str, type_keys: bool = False):
    """Put ``code`` into cell ``index`` of the active notebook and return the cell locator."""
    cells = active_panel(page).locator(CELL)
    cells.nth(index).wait_for()
    cell = cells.nth(index)
    editor = cell.locator(".cm-content")
    editor.click()
    if type_keys:
        page.keyboard.type(code)
    else:
        page.keyboard.insert_text(code)
    got = cell.evaluate(
        "(c) => [...c.querySelectorAll('.cm-line')].map(l => l.textContent).join('\\n')"
    )
    assert got == code, f"cell {index} editor holds {got!r}, typed {code!r}"
    return cell


def cell_state(cell) -> dict:
    return cell.evaluate(CELL_STATE_JS)


# --- tests --------------------------------------------------------------------


def test_launcher_go_notebook_runs_streams_and_draws(page, lab, shot):
    from playwright.sync_api import expect

    with on_failure_screenshot(shot, lab, "launcher-notebook"):
        # The Go card is in the launcher's Notebook section.
        section = page.locator(".jp-Launcher-section").filter(
            has=page.locator(".jp-Launcher-sectionTitle", has_text="Notebook")
        )
        card = section.locator(f'.jp-LauncherCard[title="{DISPLAY_NAME}"]')
        expect(card).to_have_count(1)
        expect(card.locator(".jp-LauncherCard-label")).to_have_text(DISPLAY_NAME)
        assert card.get_attribute("data-category") == "Notebook"
        shot("launcher")

        t0 = time.monotonic()
        card.click()
        active_panel(page).locator(CELL).first.wait_for(timeout=LOAD_MS)
        expect(active_panel(page).locator(KERNEL_NAME_BUTTON)).to_have_text(DISPLAY_NAME)
        wait_kernel_idle(page)
        print(f"new Go notebook idle after {time.monotonic() - t0:.1f}s")
        sessions = lab.api("GET", "/api/sessions")
        assert [s["kernel"]["name"] for s in sessions] == ["go"], sessions

        # 1. An expression: Shift+Enter shows its value.
        cell = enter_cell(page, 0, "6 * 7", type_keys=True)
        page.keyboard.press("Shift+Enter")
        out = cell.locator(".jp-OutputArea-output")
        expect(out.filter(has_text="42")).to_have_count(1, timeout=STEP_MS)
        expect(out.first).to_have_text("42")
        expect(cell.locator(".jp-InputArea-prompt")).to_have_text("[1]:")

        # 2. Live streaming: "linha 0" shows while the cell still runs.
        cell = enter_cell(page, 1, LOOP_CELL)
        page.keyboard.press("Shift+Enter")
        handle = cell.element_handle()
        first = page.wait_for_function(
            f"""(cell) => {{
                const s = ({CELL_STATE_JS})(cell);
                return s.output.includes('linha 0') ? s : null;
            }}""",
            arg=handle,
            polling=50,
            timeout=STEP_MS,
        ).json_value()
        shot("streaming-linha-0")
        assert "[*]" in first["prompt"] or first["status"] == "busy", (
            f"'linha 0' appeared only after the cell finished (no live streaming): {first}"
        )
        assert "linha 2" not in first["output"], f"all output arrived at once: {first}"
        expect(cell.locator(".jp-InputArea-prompt")).to_have_text("[2]:", timeout=STEP_MS)
        final = cell_state(cell)
        lines = [ln for ln in final["output"].splitlines() if ln.strip()]
        assert lines == ["linha 0", "linha 1", "linha 2"], final
        print(f"streaming: first line seen with prompt {first['prompt']!r}, status {first['status']!r}")

        # 3. poolkit.Map and the pool's timeline as SVG.
        cell = enter_cell(page, 2, POOL_CELL)
        page.keyboard.press("Shift+Enter")
        expect(cell.locator(".jp-InputArea-prompt")).to_have_text("[3]:", timeout=STEP_MS)
        # JupyterLab renders image/svg+xml as <img src="data:image/svg+xml,...">;
        # an inline <svg> (e.g. from text/html) is accepted too.
        svg_out = cell.locator(
            ".jp-OutputArea-output svg, .jp-OutputArea-output img[src^='data:image/svg+xml']"
        ).first
        svg_out.wait_for(timeout=STEP_MS)
        info = svg_out.evaluate(
            """async (el) => {
                if (el.tagName.toLowerCase() === 'svg') {
                    const r = el.getBoundingClientRect();
                    return {kind: 'inline', root: 'svg', shapes: el.querySelectorAll('rect,line,path,text').length,
                            width: r.width, height: r.height};
                }
                await el.decode().catch(() => {});
                const src = decodeURIComponent(el.src.slice(el.src.indexOf(',') + 1));
                const doc = new DOMParser().parseFromString(src, 'image/svg+xml');
                return {kind: 'img', root: doc.documentElement.nodeName,
                        shapes: doc.querySelectorAll('rect,line,path,text').length,
                        width: el.naturalWidth, height: el.naturalHeight,
                        error: doc.querySelector('parsererror') ? 'parsererror' : ''};
            }"""
        )
        assert info["root"] == "svg" and not info.get("error"), info
        assert info["width"] > 0 and info["height"] > 0, f"SVG did not render: {info}"
        assert info["shapes"] >= 4, f"timeline SVG has too few shapes for 4 tasks: {info}"
        print(f"timeline SVG: {info}")
        svg_out.scroll_into_view_if_needed()
        shot("timeline-svg")
        errors = cell.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        expect(errors).to_have_count(0)


def test_course_notebook_opens_on_go_kernel(page, lab, shot):
    from playwright.sync_api import expect

    with on_failure_screenshot(shot, lab, "course-notebook"):
        page.locator(".jp-DirListing-item", has_text=COURSE.name).first.dblclick()
        tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=COURSE.name)
        expect(tab).to_have_count(1, timeout=STEP_MS)
        panel = active_panel(page)
        expect(panel.locator(".jp-Notebook .jp-Cell").first).to_be_visible(timeout=LOAD_MS)
        expect(panel.locator(KERNEL_NAME_BUTTON)).to_have_text(DISPLAY_NAME, timeout=STEP_MS)
        wait_kernel_idle(page)
        # The notebook's kernelspec metadata picked the kernel: no "Select Kernel" dialog.
        expect(page.locator(".jp-Dialog")).to_have_count(0)
        expect(page.locator("#jp-main-statusbar")).to_contain_text(f"{DISPLAY_NAME} | Idle")
        sessions = {s["path"]: s["kernel"]["name"] for s in lab.api("GET", "/api/sessions")}
        assert sessions.get(COURSE.name) == "go", sessions
        shot("course-notebook")
