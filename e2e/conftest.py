"""Shared pytest setup for the e2e tests of the Go Jupyter kernel."""

from __future__ import annotations

import pytest

from gokernel_spec import KERNEL_NAME, require_kernelspec


@pytest.fixture(scope="session")
def go_kernel_name() -> str:
    """Name of the Go kernelspec; FAILS the test (never skips) when it is missing or broken."""
    try:
        require_kernelspec()
    except AssertionError as exc:
        pytest.fail(str(exc), pytrace=False)
    return KERNEL_NAME
