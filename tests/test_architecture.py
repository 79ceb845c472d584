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
