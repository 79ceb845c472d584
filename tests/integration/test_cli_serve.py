"""``rinnalla serve``: what the server itself promises, without a browser.

It listens where it is told and says where to open it, in the user's language; a
port in use is one calm line before anything else happens; the page asks nothing
of any other address; the database URL reaches each tab's app process in its
environment, never on a command line; Ctrl+C ends it with exit code 0. The
browser's side (log-in, walk-in, download) is in ``tests/browser/``.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.database_templates import MigratedTemplates
from tests.helpers import cli_environment, free_port
from tui.cli import main
from tui.cli.command_line import build_parser
from tui.cli.serve import app_command, passed_on

pytest.importorskip("textual_serve", reason="rinnalla serve needs the [web] extra")

STARTUP_SECONDS = 60.0
"""A generous bound for the server's start on a busy machine (it takes about a second)."""


def test_the_database_url_goes_to_the_app_processes_in_their_environment_only() -> None:
    """A URL may hold a password: on a command line every account could read it (``ps``)."""
    url = "postgresql+psycopg://rinnalla:salasana@palvelin/rinnalla"
    args = build_parser().parse_args(["--db", url, "--lang", "sv", "serve", "--port", "9000"])
    assert passed_on(args) == {"RINNALLA_DATABASE_URL": url, "RINNALLA_LANG": "sv"}
    assert "salasana" not in app_command()
    assert app_command().endswith("-m tui.cli")


def test_a_port_in_use_is_one_calm_line_before_anything_is_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "rinnalla.db"
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        code = main(["--db", f"sqlite:///{database}", "serve", "--port", str(port)])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"Osoitetta 127.0.0.1 ei voi kuunnella portissa {port} (portti on jo käytössä). "
        "Valitse toinen portti: --port."
    ]
    assert not database.exists()  # nothing was created for a server that never ran


@pytest.fixture
def server(
    tmp_path: Path, migrated: MigratedTemplates
) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """``rinnalla --db URL serve --port N`` as a real process, until its first line."""
    url = migrated.sqlite_copy(tmp_path / "rinnalla.db")
    port = free_port()
    environment = cli_environment(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--db", url, "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=environment,
        text=True,
        start_new_session=True,
    )
    try:
        yield process, port
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def test_it_says_where_to_open_it_serves_a_page_of_its_own_and_stops_on_ctrl_c(
    server: tuple[subprocess.Popen[str], int],
) -> None:
    process, port = server
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first == f"Rinnalla selaimessa: avaa http://127.0.0.1:{port}\n"
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
                page = response.read().decode("utf-8")
            break
        except OSError:
            assert time.monotonic() < deadline, "the server did not answer"
            time.sleep(0.2)
    assert '<html lang="fi">' in page
    assert "Istunto päättyi." in page and "Aloita uudelleen" in page
    # Every address the page loads is the server's own: no fonts from elsewhere.
    addresses = set(re.findall(r"(?:src|href)=\"([^\"]+)\"", page))
    assert addresses and all(a.startswith(f"http://127.0.0.1:{port}/") for a in addresses)
    assert "Rinnalla" in page and "Textual Application" not in page

    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=30) == 0
    assert process.stderr is not None
    errors = process.stderr.read()
    assert "Traceback" not in errors


def test_the_settings_passed_to_the_tabs_do_not_stay_behind(
    tmp_path: Path, migrated: MigratedTemplates, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tabs get the command line's settings in their environment; once the server
    has stopped, this process's environment is as it was (a later command in the same
    process, as in the tests, must not inherit a location)."""
    seen: list[str | None] = []
    monkeypatch.delenv("RINNALLA_LOCATION_NAME", raising=False)
    monkeypatch.setattr(
        "textual_serve.server.Server.serve",
        lambda self, debug=False: seen.append(os.environ.get("RINNALLA_LOCATION_NAME")),
    )
    url = migrated.sqlite_copy(tmp_path / "rinnalla.db")
    argv = ["--db", url, "--location-name", "Imatran asema", "serve", "--port", str(free_port())]
    assert main(argv) == 0
    assert seen == ["Imatran asema"]
    assert "RINNALLA_LOCATION_NAME" not in os.environ


def test_an_address_that_is_not_this_machines_says_to_check_the_host(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "rinnalla.db"
    # 192.0.2.0/24 is reserved for documentation: never a machine's own address.
    code = main(["--db", f"sqlite:///{database}", "serve", "--host", "192.0.2.7"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.splitlines() == [
        "Osoitetta 192.0.2.7 ei voi kuunnella portissa 8000 (osoite ei ole tämän koneen). "
        "Tarkista osoite: --host (oletus 127.0.0.1 on aina tämän koneen)."
    ]
    assert not database.exists()
