"""Locating the Go kernel's kernelspec for the e2e tests.

The tests never hardcode where the kernelspec lives: the test script sets
JUPYTER_PATH to a directory holding ``kernels/go/kernel.json``. When the spec
cannot be found the tests must FAIL (never skip), with a message saying why.
"""

from __future__ import annotations

import os
import shutil

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager, NoSuchKernel

KERNEL_NAME = "go"
LANGUAGE = "go"


def require_kernelspec(jupyter_path: str | None = None) -> KernelSpec:
    """Return the ``go`` kernelspec, or raise AssertionError explaining what is wrong.

    With jupyter_path, the spec is looked up in that data folder only (the
    JupyterHub test's: the kernel installed into the hub's venv).
    """
    ksm = KernelSpecManager()
    if jupyter_path is not None:
        ksm = KernelSpecManager(kernel_dirs=[os.path.join(jupyter_path, "kernels")])
    try:
        spec = ksm.get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        found = ksm.find_kernel_specs()
        raise AssertionError(
            f"Jupyter kernelspec {KERNEL_NAME!r} not found. "
            f"JUPYTER_PATH={jupyter_path or os.environ.get('JUPYTER_PATH', '<unset>')!r} must point at a "
            f"directory containing kernels/{KERNEL_NAME}/kernel.json. "
            f"Kernelspecs found: {found or 'none'}"
        ) from None

    problems = []
    if spec.language != LANGUAGE:
        problems.append(f"language is {spec.language!r}, want {LANGUAGE!r}")
    if not spec.argv:
        problems.append("argv is empty")
    else:
        exe = spec.argv[0]
        if shutil.which(exe) is None:
            problems.append(f"argv[0] {exe!r} is not an executable file (or not on PATH)")
        if not any("{connection_file}" in arg for arg in spec.argv):
            problems.append("argv does not pass {connection_file}")
    if problems:
        raise AssertionError(
            f"kernelspec {KERNEL_NAME!r} at {spec.resource_dir}: " + "; ".join(problems)
        )
    return spec
