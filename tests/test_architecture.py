"""The layers stay apart: a pure domain, and storage reached only from the wiring."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_are_kept() -> None:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert command is not None, "import-linter is part of the test extra"
    result = subprocess.run(
        [command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_domain_imports_neither_textual_nor_sqlalchemy() -> None:
    """A second, independent check: every import statement in domain/, lazy ones included."""
    forbidden = {"textual", "rich", "sqlalchemy", "alembic", "storage", "tui"}
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported_modules(path) & forbidden)
        for path in (ROOT / "domain").rglob("*.py")
        if _imported_modules(path) & forbidden
    }
    assert offenders == {}


def test_only_the_composition_root_imports_storage() -> None:
    allowed = {"tui/composition.py"}
    importers = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "tui").rglob("*.py")
        if "storage" in _imported_modules(path) or "sqlalchemy" in _imported_modules(path)
    }
    assert importers <= allowed


def _takes_the_unit_of_work(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    arguments = function.args
    return any(
        argument.arg == "uow"
        for argument in arguments.posonlyargs + arguments.args + arguments.kwonlyargs
    )


def test_use_cases_live_in_domain_use_cases_and_models_never_import_them() -> None:
    """Where a rule is: ``domain/<area>.py``; what a worker does with it:
    ``domain/use_cases/<area>.py``. A model module that took the unit of work or
    imported a use case would bring back the circle with ``domain/ports.py``."""
    misplaced: dict[str, list[str]] = {}
    for path in sorted((ROOT / "domain").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = [
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and _takes_the_unit_of_work(node)
        ]
        found += [
            f"import {node.module}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and (node.module or "").startswith("domain.use_cases")
        ]
        if found:
            misplaced[path.name] = found
    assert misplaced == {}


def test_the_ports_name_models_only() -> None:
    imported = _imported_domain_modules(ROOT / "domain" / "ports.py")
    assert imported, "the ports name the models they pass"
    assert not [name for name in imported if name.startswith("domain.use_cases")]


def _imported_domain_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module is not None
        and node.module.startswith("domain.")
    }
