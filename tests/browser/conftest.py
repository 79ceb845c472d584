"""The browser tests' server and database: a demo database made once per test process,
a copy of it and a ``rinnalla serve`` of their own for each test module.

Without Chromium (or Playwright, or textual-serve) the tests are skipped and say what
is missing; with ``CI=true`` they fail instead, so that CI cannot pass without them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser_support import (
    Served,
    copy_database,
    make_demo_database,
    missing_requirement,
    serve,
)


@pytest.fixture(scope="session", autouse=True)
def browser_available() -> None:
    """Skip, saying why, where no browser can run; fail where CI expects one."""
    missing = missing_requirement()
    if missing is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and the browser tests cannot run: {missing}", pytrace=False)
    pytest.skip(f"browser tests: {missing}")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's accounts and today's queue, made once (``rinnalla demo`` takes seconds)."""
    return make_demo_database(tmp_path_factory.mktemp("demo-template"))


@pytest.fixture(scope="module")
def served(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``rinnalla serve`` on a fresh copy of the demo database, with a home of its own;
    stopped with its app processes when the module's tests are done."""
    folder = tmp_path_factory.mktemp("served")
    database = copy_database(demo_template, folder / "rinnalla.db")
    with serve(database, folder) as running:
        yield running
