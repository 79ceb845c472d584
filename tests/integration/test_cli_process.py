"""``rinnalla`` as a real process: what only a process shows.

A traceback printed by the interpreter, the exit code, and output into a pipe
whose reader has gone (``rinnalla … | head -1``). Few on purpose: each starts a
Python; ``test_cli_inputs.py`` covers the many inputs in-process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.engine import build_engine
from storage.migrate import upgrade
from tests.helpers import cli_environment


def rinnalla(
    *argv: str, home: Path, stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    environment = cli_environment(home) | {"RINNALLA_PASSPHRASE": "ei mikään oikea tunnuslause"}
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *argv],
        stdout=stdout,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=environment,
        timeout=120,
        check=False,
    )


def unknown_revision(home: Path) -> str:
    url = f"sqlite:///{home / 'future.db'}"
    engine = build_engine(url)
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    engine.dispose()
    return url


@pytest.mark.parametrize(
    "case", ["unknown revision", "config of random bytes", "huge demo", "huge id"]
)
def test_a_failure_is_one_line_and_an_exit_code_never_a_traceback(
    case: str, tmp_path: Path
) -> None:
    argv: list[str]
    if case == "unknown revision":
        argv = ["--db", unknown_revision(tmp_path), "db", "upgrade"]
    elif case == "config of random bytes":
        (tmp_path / "config" / "rinnalla").mkdir(parents=True)
        (tmp_path / "config" / "rinnalla" / "config.toml").write_bytes(os.urandom(256))
        argv = ["audit", "verify"]
    elif case == "huge demo":
        argv = ["demo", "--clients", str(10**32)]
    else:
        argv = ["card", str(2**63)]
    done = rinnalla(*argv, home=tmp_path)
    err = done.stderr.decode("utf-8")
    assert done.returncode != 0
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert not (tmp_path / "data" / "rinnalla" / "rinnalla.db").exists()


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(
    "argv",
    [["--help"], ["db", "upgrade", "--db", "sqlite:///{home}/piped.db"]],
    ids=["help", "db upgrade"],
)
def test_output_into_a_closed_pipe_ends_quietly(
    argv: list[str], buffered: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As ``rinnalla … | head -1`` once ``head`` has exited: no BrokenPipeError, whether
    the output waits in Python's buffer until the end or is written at once."""
    if buffered:
        monkeypatch.delenv("PYTHONUNBUFFERED", raising=False)
    else:
        monkeypatch.setenv("PYTHONUNBUFFERED", "1")
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before anything is written
    try:
        done = rinnalla(*(arg.format(home=tmp_path) for arg in argv), home=tmp_path, stdout=writer)
    finally:
        os.close(writer)
    assert done.stderr == b""
    if argv != ["--help"]:  # argparse itself ignores a failed write of the help
        assert done.returncode != 0


@pytest.mark.parametrize("argv", [(), ("--db", "mysql://a/b")], ids=["default", "bad db"])
def test_the_screens_without_a_terminal_say_so_instead_of_running_blind(
    argv: tuple[str, ...], tmp_path: Path
) -> None:
    """``rinnalla < /dev/null`` or ``rinnalla | less``: nobody can type or see the
    screens, and Textual would keep the processor busy drawing into the pipe."""
    done = rinnalla(*argv, home=tmp_path)
    assert done.returncode == 2
    assert done.stdout == b""
    lines = done.stderr.decode().splitlines()
    assert lines == ["Rinnalla tarvitsee päätteen: käynnistä se pääteikkunassa."], lines
