"""psycopg is the ``[postgres]`` extra: without it, a PostgreSQL URL says what to install.

One desk on the SQLite file installs ``rinnalla`` alone; a team on PostgreSQL
installs ``rinnalla[postgres]``. Whoever forgot the extra is told so in one
line in their language, by the command line and by the screens alike, and
nothing is tried on the server.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from domain.clock import FixedClock
from tui.cli import main
from tui.composition import start_app
from tui.settings import load_settings

URL = "postgresql+psycopg://rinnalla@127.0.0.1:1/rinnalla"


@pytest.fixture(autouse=True)
def without_psycopg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As if psycopg were not installed: importing it fails as it would."""
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in ("RINNALLA_LANG", "RINNALLA_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("fi", "ei ole asennettu: asenna Rinnalla postgres-lisäosan kanssa, rinnalla[postgres]"),
        ("sv", "installera Rinnalla med tillägget postgres, rinnalla[postgres]"),
        ("en", "not installed: install Rinnalla with the postgres extra, rinnalla[postgres]"),
    ],
)
def test_the_command_line_names_the_extra_in_one_line(
    lang: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade", "--db", URL, "--lang", lang]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert said in line
    assert "Traceback" not in captured.err and "rinnalla@" not in line


async def test_the_screens_close_naming_the_extra(clock: FixedClock) -> None:
    app = start_app(lambda: load_settings(database_url=URL), clock=clock)
    closing: list[object] = []
    close = app.exit

    def exit_saying(*arguments: Any, **options: Any) -> None:
        closing.append(options.get("message"))
        close(*arguments, **options)

    app.exit = exit_saying  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):
            if app.return_code is not None:
                break
            await pilot.pause(0.05)
    assert app.return_code == 1
    assert closing and "rinnalla[postgres]" in str(closing[0])
