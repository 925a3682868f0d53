"""End-to-end tests of the course notebooks in notebooks/ on the Go kernel.

- aula-process-pools-go.ipynb: the Portuguese lesson (a Go translation of the
  Python lesson "Paralelismo em Python com Process Pools");
- lesson-process-pools-go.ipynb: the same lesson in English;
- exercicios-pools.ipynb: classroom exercises, each with a check cell that
  prints "✅ ..." or "❌ ...".

The notebooks are stored without outputs. Their first code cell is tagged
``parameters`` (the papermill convention); to run them quickly, the tests
insert a cell right after it that re-assigns the parameters with smaller
values (``espera = 50 * time.Millisecond``), as papermill would.

The timing checks are relative (Pool(2) against the sequential loop, the
first streamed result against the cell's whole run), so they hold on a slow
machine; they need at least two cores, as the course does.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
AULA = NOTEBOOKS / "aula-process-pools-go.ipynb"
LESSON = NOTEBOOKS / "lesson-process-pools-go.ipynb"
EXERCICIOS = NOTEBOOKS / "exercicios-pools.ipynb"
ALL_NOTEBOOKS = [AULA, LESSON, EXERCICIOS]

KERNELSPEC = {"name": "go", "display_name": "Go (poolkit)", "language": "go"}
TIMEOUT = 120

# Scaled parameters of the lessons: cube sleeps ESPERA seconds.
ESPERA = 0.05
N_VALORES = 20
N_LAZY = 40
N_RAND = 40
LESSON_PARAMETERS = f"""\
espera = {int(ESPERA * 1000)} * time.Millisecond
nValores = {N_VALORES}
tamanhoPool = 2
nLazy = {N_LAZY}
nRand = {N_RAND}"""

# Scaled parameters of the exercises: each task sleeps or computes about 20 ms.
EXERCISE_PARAMETERS = "espera = 20 * time.Millisecond"


# ---------------------------------------------------------------- helpers


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def parameters_index(nb: nbformat.NotebookNode) -> int:
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"want exactly one cell tagged 'parameters', found {len(tagged)}"
    return tagged[0]


def inject_parameters(nb: nbformat.NotebookNode, source: str) -> nbformat.NotebookNode:
    """Insert a code cell re-assigning parameters right after the 'parameters' cell (papermill style)."""
    cell = new_code_cell(source)
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(parameters_index(nb) + 1, cell)
    return nb


def execute(nb: nbformat.NotebookNode, kernel_name: str) -> nbformat.NotebookNode:
    """Run nb top to bottom; a cell that fails raises CellExecutionError with its traceback."""
    NotebookClient(nb, kernel_name=kernel_name, timeout=TIMEOUT, startup_timeout=60).execute()
    nbformat.validate(nb)
    return nb


def cell(nb: nbformat.NotebookNode, cell_id: str) -> nbformat.NotebookNode:
    found = [c for c in nb.cells if c.get("id") == cell_id]
    assert len(found) == 1, f"want one cell with id {cell_id!r}, found {len(found)}"
    return found[0]


def stdout(c: nbformat.NotebookNode) -> str:
    return "".join(o.text for o in c.outputs if o.output_type == "stream" and o.name == "stdout")


def rich(c: nbformat.NotebookNode, output_type: str = "execute_result") -> list[dict]:
    return [o.data for o in c.outputs if o.output_type == output_type]


def processing_time(text: str) -> float:
    m = re.search(r"processing time:\s+([0-9.eE+-]+)", text)
    assert m, f"no 'processing time:' in {text!r}"
    return float(m.group(1))


def cube_lines(text: str) -> list[tuple[int, int]]:
    """The 'x c' lines that cube prints."""
    return [(int(a), int(b)) for a, b in re.findall(r"^(\d+) (\d+)$", text, re.M)]


def pair_lines(text: str) -> list[tuple[int, int]]:
    """The '{x c}' lines printed for the Par values of cubeNoPrint and cubeRand."""
    return [(int(a), int(b)) for a, b in re.findall(r"^\{(\d+) (\d+)\}$", text, re.M)]


def cubes(n: int) -> list[tuple[int, int]]:
    return [(x, x**3) for x in range(n)]


def markdown_text(nb: nbformat.NotebookNode) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


# ---------------------------------------------------------------- the files themselves


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_saved_clean(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert (raw["nbformat"], raw["nbformat_minor"]) == (4, 5)
    nb = read(path)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec == KERNELSPEC
    assert nb.metadata.language_info["name"] == "go"

    ids = [c.get("id") for c in raw["cells"]]
    assert all(ids), "every cell needs an id"
    assert len(set(ids)) == len(ids), "cell ids must be unique"
    for c in raw["cells"]:
        if c["cell_type"] == "code":
            assert c["outputs"] == [], f"cell {c['id']} was saved with outputs"
            assert c["execution_count"] is None, f"cell {c['id']} was saved with an execution_count"

    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    assert parameters_index(nb) == code[0], "the first code cell must be the 'parameters' cell"
    params = nb.cells[code[0]].source
    # Every parameter is a package-level var, so that an injected `name = value` re-assigns it.
    if path == EXERCICIOS:
        names = ["espera", "nEntradas", "tamanhoPool", "nTarefas", "tamanhosPool", "tolerancia"]
    else:
        names = ["espera", "nValores", "tamanhoPool", "nLazy", "nRand"]
    for name in names:
        assert re.search(rf"^var {name}\b", params, re.M), f"parameter {name} is not declared with var"


# Key phrases of every markdown cell of the original Python lesson.
ORIGINAL_PHRASES_PT = [
    "Processos permitem múltiplos fluxos paralelos de computação",
    "Fluxo Básico",
    "Criação",
    "Início da Execução",
    "Em muitos casos: pontos de sincronização",
    "Esperar por dados",
    "Notificar outros processos que dados estão disponíveis",
    "Criador do processo espera o final da execução",
    "O fluxo básico de processos é simplificado pela classe Pool",
    "# Process Pools",
    "Process Pools em Python permitem o mapeamento de funções em um grupo de processos",
    "Atividade: tente alterar o número de entradas e o tamanho do Pool",
    "# Avaliação Preguiçosa",
    "pool.map quebra a entrada em pedaços, envia para os trabalhadores, e espera o resultado",
    "Espera até todos os trabalhadores terminarem",
    "pool.imap e pool.imap_unordered permitem receber resultados assim que estiverem prontos",
    "Não precisa esperar por todos trabalhadores",
    '"Leve" em comparação com map',
    "Com uso de imap, é necessário iterar sobre os resultados",
    "# Paralelismo além de pools",
    "Além de Pools, Python oferece múltiplas interfaces para processamento paralelo",
    "Threads e Processos",
    "Com função alvo",
    "Como classes",
    "Documentação",
    "https://docs.python.org/3/library/threading.html",
    "https://docs.python.org/3/library/multiprocessing.html",
    "Mecanismo básico",
    "Start",
    "Join",
]

ORIGINAL_PHRASES_EN = [
    "Processes allow multiple parallel flows of computation",
    "Basic Flow",
    "Creation",
    "Start of Execution",
    "In many cases: synchronization points",
    "Wait for data",
    "Notify other processes that data is available",
    "The creator of the process waits for the end of the execution",
    "The basic flow of processes is simplified by the Pool class",
    "# Process Pools",
    "Process Pools in Python allow mapping functions over a group of processes",
    "Activity: try changing the number of inputs and the size of the Pool",
    "# Lazy Evaluation",
    "pool.map breaks the input into chunks, sends them to the workers, and waits for the result",
    "Waits until all workers have finished",
    "pool.imap and pool.imap_unordered let you receive results as soon as they are ready",
    "No need to wait for all workers",
    '"Lightweight" compared to map',
    "With imap, you need to iterate over the results",
    "# Parallelism beyond pools",
    "Besides Pools, Python offers multiple interfaces for parallel processing",
    "Threads and Processes",
    "With a target function",
    "As classes",
    "Documentation",
    "https://docs.python.org/3/library/threading.html",
    "https://docs.python.org/3/library/multiprocessing.html",
    "Basic mechanism",
    "Start",
    "Join",
]

# Go documentation that replaces the Python links (which stay, as the original's).
GO_DOC_LINKS = [
    "https://go.dev/tour/concurrency/1",
    "https://pkg.go.dev/sync",
    "https://go.dev/ref/spec#Go_statements",
]

# What each code cell of the original does, in the original's order.
ORIGINAL_CODE_ORDER = [
    "poolkit.CPUCount()",                                # import multiprocessing ...; cpu_count()
    "func cube(x int) int",                              # def cube(x)
    "cube(2)",                                           # cube(2)
    "values := intervalo(nValores)",                     # values = list(range(20))
    "results = append(results, cube(x))",                # the sequential loop
    "poolkit.Map(p, cube, values)",                      # Pool(2); p.map(cube, values)
    "func cubeNoPrint(x int) Par",                       # def cube_noprint(x)
    "poolkit.IMapUnordered(p, cubeNoPrint, values)",     # p.imap_unordered(cube_noprint, ...)
    "func cubeRand(x int) Par",                          # def cube_rand(x)
    "poolkit.IMapUnordered(p, cubeRand, values)",        # p.imap_unordered(cube_rand, ...)
]


@pytest.mark.parametrize(
    "path, phrases, markers",
    [
        (AULA, ORIGINAL_PHRASES_PT, ["goroutines", "GIL", "pickling"]),
        (LESSON, ORIGINAL_PHRASES_EN, ["goroutines", "GIL", "pickling"]),
    ],
    ids=["pt", "en"],
)
def test_lesson_follows_the_original(path: Path, phrases: list[str], markers: list[str]) -> None:
    nb = read(path)
    text = markdown_text(nb)
    missing = [p for p in phrases + GO_DOC_LINKS + markers if p not in text]
    assert not missing, f"{path.name}: markdown misses {missing}"

    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    at = 0
    for snippet in ORIGINAL_CODE_ORDER:
        found = code.find(snippet, at)
        assert found >= 0, f"{path.name}: {snippet!r} missing, or not in the original's order"
        at = found + len(snippet)

    pool_cell = cell(nb, "pool-map").source
    assert ("No caso do PC pessoal" if path == AULA else "On a personal computer") in pool_cell
    for cell_id in ["map-timeline", "imap-timeline"]:
        assert cell(nb, cell_id).source.strip() == "p.Timeline()"
    threads = "\n".join(cell(nb, i).source for i in ["thread", "process", "thread-class", "goroutines"])
    for snippet in ["poolkit.NewThread(", "poolkit.NewProcess(", ".Start()", ".Join()", ".IsAlive()",
                    "sync.WaitGroup", "go func(", "wg.Wait()"]:
        assert snippet in threads, f"{path.name}: the threads section misses {snippet!r}"


def test_exercises_follow_the_activity() -> None:
    nb = read(EXERCICIOS)
    text = markdown_text(nb)
    assert "Atividade: tente alterar o número de entradas e o tamanho do Pool" in text
    for heading in ["## (a)", "## (b)", "## (c)"]:
        assert heading in text
    for part in "abc":
        assert "solution" in cell(nb, f"{part}-resposta").metadata.get("tags", [])
        assert cell(nb, f"{part}-verificacao").cell_type == "code"


# ---------------------------------------------------------------- running them


@pytest.mark.parametrize("path", [AULA, LESSON], ids=["pt", "en"])
def test_lesson_runs(path: Path, go_kernel_name: str) -> None:
    nb = execute(inject_parameters(read(path), LESSON_PARAMETERS), go_kernel_name)

    cpus = rich(cell(nb, "imports"))
    assert len(cpus) == 1 and int(cpus[0]["text/plain"]) >= 1, cell(nb, "imports").outputs

    c = cell(nb, "cube-2")
    assert stdout(c) == "2 8\n"
    assert [d["text/plain"] for d in rich(c)] == ["8"]

    assert stdout(cell(nb, "values")).strip() == "[" + " ".join(map(str, range(N_VALORES))) + "]"

    # The sequential loop prints the cubes in order, then its time: N_VALORES sleeps.
    seq_out = stdout(cell(nb, "sequential"))
    assert cube_lines(seq_out) == cubes(N_VALORES)
    t_seq = processing_time(seq_out)
    assert t_seq >= N_VALORES * ESPERA * 0.95, seq_out

    # Pool(2) + Map: the same prints in any order, the results in order, in about half the time.
    map_out = stdout(cell(nb, "pool-map"))
    assert sorted(cube_lines(map_out)) == cubes(N_VALORES)
    assert f"[{' '.join(str(x**3) for x in range(N_VALORES))}]" in map_out.splitlines()
    t_map = processing_time(map_out)
    assert t_map >= (N_VALORES / 2) * ESPERA * 0.95, map_out
    assert 0.4 <= t_map / t_seq <= 0.7, f"Pool(2) took {t_map:.3f} s, sequential {t_seq:.3f} s"

    # The chart: 20 values in chunks of 3 (ceil(20 / (4*2))), as the markdown says.
    (chart,) = rich(cell(nb, "map-timeline"))
    assert chart["image/svg+xml"].lstrip().startswith("<svg")
    assert f"{N_VALORES} tasks in 7 chunks on 2 workers" in chart["text/plain"]

    imap_out = stdout(cell(nb, "imap-unordered"))
    assert sorted(pair_lines(imap_out)) == cubes(N_LAZY)
    assert processing_time(imap_out) >= (N_LAZY / 2) * ESPERA * 0.95
    (chart,) = rich(cell(nb, "imap-timeline"))
    assert chart["image/svg+xml"].lstrip().startswith("<svg")
    assert f"{N_LAZY} tasks in {N_LAZY} chunks on 2 workers" in chart["text/plain"]

    rand_out = stdout(cell(nb, "imap-rand"))
    assert sorted(pair_lines(rand_out)) == cubes(N_RAND)
    processing_time(rand_out)
    (chart,) = rich(cell(nb, "rand-timeline"))
    assert f"{N_RAND} tasks in {N_RAND} chunks" in chart["text/plain"]

    # Threads and processes: create, start, join.
    out = stdout(cell(nb, "thread"))
    assert re.findall(r"^A \w+ (\d)$", out, re.M) == ["0", "1", "2"], out
    # IsAlive: true after Start, false after Join.
    assert re.findall(r"\?\s*(true|false)$", out, re.M) == ["true", "false"], out
    out = stdout(cell(nb, "process"))
    assert re.findall(r"^P1 \w+ (\d)$", out, re.M) == ["0", "1", "2"], out
    assert "3 27" in out.splitlines() and out.rstrip().endswith("[27]"), out
    assert stdout(cell(nb, "thread-class")).rstrip().endswith("5050")
    assert stdout(cell(nb, "goroutines")).strip() == "[0 1 8 27 64]"


def test_imap_unordered_streams_results(go_kernel_name: str) -> None:
    """IMapUnordered's results are printed while the cell runs, not all at its end.

    Then the lesson's "Atividade": change the pool size and the number of inputs
    and run the Pool cell again (after the lazy section made results a channel).
    """
    nb = inject_parameters(read(AULA), LESSON_PARAMETERS)
    setup = [c.source for c in nb.cells[: parameters_index(nb) + 2] if c.cell_type == "code"]
    setup += [cell(nb, i).source for i in ["imports", "cube", "values", "cube-noprint"]]
    imap = cell(nb, "imap-unordered").source

    km, kc = start_new_kernel(kernel_name=go_kernel_name, startup_timeout=60)
    try:

        def run(src: str, hook=lambda msg: None) -> None:
            reply = kc.execute_interactive(src, timeout=TIMEOUT, output_hook=hook)
            assert reply["content"]["status"] == "ok", (src, reply["content"])

        for src in setup:
            run(src)

        arrivals: list[tuple[float, str]] = []

        def record(msg: dict) -> None:
            if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
                arrivals.append((time.monotonic(), msg["content"]["text"]))

        start = time.monotonic()
        run(imap, record)
        end = time.monotonic()

        # Atividade: Pool(4) over 8 inputs is 2 rounds of one sleep each.
        printed: list[str] = []
        run("tamanhoPool = 4\nnValores = 8")
        run(cell(nb, "pool-map").source, lambda msg: printed.append(msg["content"].get("text", "")))
        activity = "".join(printed)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

    assert sorted(cube_lines(activity)) == cubes(8)
    assert "[0 1 8 27 64 125 216 343]" in activity.splitlines()
    t_activity = processing_time(activity)
    assert 2 * ESPERA * 0.95 <= t_activity < 4 * ESPERA, activity

    text = "".join(t for _, t in arrivals)
    assert sorted(pair_lines(text)) == cubes(N_LAZY)
    total = end - start
    assert total >= (N_LAZY / 2) * ESPERA * 0.95
    first = next(t for t, s in arrivals if pair_lines(s)) - start
    assert first < 0.35 * total, f"first result after {first:.3f} s of {total:.3f} s"
    # Results keep coming during the run: several separate messages, spread over it.
    with_results = [t - start for t, s in arrivals if pair_lines(s)]
    assert len(with_results) >= 5, with_results
    assert with_results[-1] - with_results[0] > 0.5 * total, with_results


def run_exercises(kernel_name: str) -> nbformat.NotebookNode:
    return execute(inject_parameters(read(EXERCICIOS), EXERCISE_PARAMETERS), kernel_name)


def check_lines(nb: nbformat.NotebookNode) -> dict[str, list[str]]:
    return {
        part: [ln for ln in stdout(cell(nb, f"{part}-verificacao")).splitlines() if ln[:1] in "✅❌"]
        for part in "abc"
    }


def test_exercises_reference_answers_pass(go_kernel_name: str) -> None:
    nb = run_exercises(go_kernel_name)
    checks = check_lines(nb)
    # The CPU-bound speedup needs free cores: if another program took them during the
    # measurement, that one line can fail; measure up to twice more before calling it
    # a failure (on this 2-core machine a loaded run measured 1.36-1.49 for 2).
    for _ in range(2):
        failed = [ln for lines in checks.values() for ln in lines if ln.startswith("❌")]
        if not (failed and all("CPU" in ln for ln in failed)):
            break
        nb = run_exercises(go_kernel_name)
        checks = check_lines(nb)

    assert [len(checks[p]) for p in "abc"] == [1, 2, 2], checks
    for part, lines in checks.items():
        for ln in lines:
            assert ln.startswith("✅"), f"exercise ({part}): {ln}"

    (prediction,) = rich(cell(nb, "a-resposta"))
    assert float(prediction["text/plain"]) > 0
    svgs = rich(cell(nb, "c-verificacao"), "display_data")
    assert len(svgs) == 2 and all(d["image/svg+xml"].startswith("<svg") for d in svgs), svgs
