"""A private PostgreSQL server that a test may stop and start again.

The shared test server (``RINNALLA_TEST_POSTGRES_URL``) serves every test at
once, so a test about losing the connection gets its own: ``initdb`` into a
temporary folder, a free local port, ``pg_ctl start`` and ``stop``. As in
``.ci/run``, the server programs refuse to run as root, so then they run as
the ``postgres`` user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.database_templates import POSTGRES_VARIABLE


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PrivateServer:
    folder: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _pg_ctl(self, *arguments: str) -> None:
        subprocess.run(
            _as_server_user(["pg_ctl", "--pgdata", str(self.folder / "data"), *arguments]),
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._pg_ctl("--log", str(self.folder / "server.log"), "--wait", "-o", options, "start")

    def stop(self) -> None:
        """As an administrator would for maintenance: sessions are ended, the server exits."""
        self._pg_ctl("--mode", "fast", "--wait", "stop")


@contextmanager
def private_server() -> Iterator[PrivateServer]:
    """A running server of one's own; skipped where the server programs are missing."""
    if shutil.which("initdb") is None or shutil.which("pg_ctl") is None:
        if os.environ.get("CI") and os.environ.get(POSTGRES_VARIABLE):
            pytest.fail("CI has a PostgreSQL server but initdb/pg_ctl are not on PATH")
        pytest.skip("needs the PostgreSQL server programs (initdb, pg_ctl) on PATH")
    folder = Path(tempfile.mkdtemp(prefix="rinnalla-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    server = PrivateServer(folder, _free_port())
    subprocess.run(
        _as_server_user(
            ["initdb", "--pgdata", str(folder / "data"), "--auth", "trust", "-U", "postgres"]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    server.start()
    try:
        yield server
    finally:
        try:
            server._pg_ctl("--mode", "immediate", "stop")
        except subprocess.CalledProcessError:
            pass  # already stopped by the test
        shutil.rmtree(folder, ignore_errors=True)
