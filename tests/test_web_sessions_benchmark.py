"""The browser tabs' memory benchmark runs: a served app, a tab signed in, its memory read.

``python -m benchmarks`` is a measurement and no test, and it runs in CI only
after the tests. This one runs :mod:`benchmarks.web_sessions` itself, with one
tab on a small demo database of its own, so that a change to ``rinnalla
serve``, to textual-serve or to the login that breaks the benchmark fails here.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from benchmarks import web_sessions
from benchmarks.dataset import Size, sqlite_database

pytest.importorskip("textual_serve", reason="rinnalla serve needs the [web] extra")

TINY = Size("test", clients=40, days=3)


def _ended(pid: int) -> bool:
    """Gone, or a zombie waiting for whoever inherited it to reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True
    return stat[stat.rfind(")") + 2 :].startswith(("Z", "X"))


@pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="reads the processes' memory from /proc"
)
def test_one_signed_in_tab_is_measured_and_every_process_ended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    read_memory = web_sessions.read_memory

    def noting_the_processes(server: int, *, expected: int) -> web_sessions.Served:
        started.extend([server, *web_sessions.descendants(server)])
        return read_memory(server, expected=expected)

    monkeypatch.setattr(web_sessions, "read_memory", noting_the_processes)
    with sqlite_database(TINY, tmp_path) as database:
        figures = {figure.name: figure for figure in web_sessions.measure(database, sessions=1)}

    assert set(figures) == {"web_session_rss", "web_server_rss", "web_total_rss"}
    tab, server, total = (
        figures["web_session_rss"],
        figures["web_server_rss"],
        figures["web_total_rss"],
    )
    # The app with its database and queue takes more than Textual alone; both are real sizes.
    assert 10 < tab.baseline < tab.value < 1000
    assert 10 < server.value < 1000 and 10 < server.baseline < 1000
    assert total.value == pytest.approx(server.value + tab.value)
    assert total.target == web_sessions.TARGET_SESSION_MB
    # Both servers (the bare one and Rinnalla's), each with its app and the app's shell.
    assert len(started) >= 4
    deadline = time.monotonic() + 5
    while not all(_ended(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in started if not _ended(pid)] == []
