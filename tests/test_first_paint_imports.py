"""The reception screen paints before the heavy libraries load (issue 9's start-up).

``rinnalla`` imports only what the first screen needs; pydantic (the domain's
models and the settings), SQLAlchemy and Alembic load in the worker that opens
the database, after the paint. One eager import at the top of a screen or of
the app would put them all back in front of the first paint, unnoticed but
for the start-up benchmark, so it is checked here in a fresh interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEAVY = ("pydantic", "pydantic_settings", "sqlalchemy", "alembic", "holidays", "argon2")

PROBE = f"""
import json, sys
from tui.cli import build_parser
from tui.composition import start_app
from tui.screens.queue import QueueScreen
build_parser()
app = start_app(lambda: None)
QueueScreen()
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in {HEAVY!r})))
"""


def test_the_first_screen_needs_none_of_the_heavy_libraries() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
