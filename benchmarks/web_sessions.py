"""Memory per browser tab: ``rinnalla serve`` with several tabs open, each signed in.

What is measured: ``rinnalla serve`` (textual-serve), started on a free loopback
port on the benchmark database, with N tabs opened on it without a browser:
websockets to ``/ws?width=120&height=40`` speaking textual-serve's protocol as
its page's script does (``["stdin", keys]`` in, the app's terminal output
out). Each tab waits for the login screen, signs in as the demo receptionist
(name, Tab, passphrase, Enter, as a password manager pastes them) and waits
for today's queue with its rows to be painted; it stays open while the next
one is opened. With all N open, after two rounds of the queue's watch on
other terminals, the resident set (``VmRSS``) of each process is read from
``/proc``: every tab's own processes (the app, and the shell textual-serve
starts it through) and the server's. N is 3 with ``--quick``, 10 otherwise.

- ``web_session_rss``: one tab, the mean over the N tabs. The note adds the
  tabs' highest high-water mark (``VmHWM``): it is reached while signing in,
  when the passphrase check (argon2, 64 MiB) is briefly on top of the app;
- ``web_server_rss``: the server process itself, with the N tabs open;
- ``web_total_rss``: the server and all N tabs, what they take of the
  machine's memory. Resident sets count the pages of shared libraries in
  every process, so this sum overstates; the note gives the proportional
  share (``Pss``) as well, where the kernel tells it.

Baseline: the bare Textual app of the start-up and memory benchmarks (the same
widgets, no data, nothing of the project) served by textual-serve's own
``Server``, one tab, read the same way: its tab is what any served Textual app
costs before Rinnalla adds anything, its server what textual-serve alone costs.

Targets: a tab at most 150 MB (10^6 bytes each), the terminal app's target
(issue 9, :mod:`benchmarks.memory`): a tab runs the same app in a process of
its own, only its output goes to a websocket instead of a terminal, so it has
no reason to need more. The server at most 150 MB too: it shows no screen (it
prepares the database once and relays bytes), and must not grow with the tabs
into more than one app's worth.
All N tabs with the server at most N × 150 MB: a machine that could run N
terminals at their target can serve N tabs.

Linux only: without ``/proc`` the benchmark says so and gives no figures, and
likewise without textual-serve (the ``[web]`` extra, which brings aiohttp).
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.app_runs import COLUMNS, ROWS, app_environment, warm_up
from benchmarks.dataset import LOCATION_CODE, PROJECT_ROOT, RECEPTIONIST, BenchDatabase, log
from benchmarks.figures import Figure
from domain.accounts import demo_passphrase

if TYPE_CHECKING:
    import aiohttp

TARGET_SESSION_MB = 150.0
TARGET_SERVER_MB = 150.0
SESSIONS = {True: 3, False: 10}
"""Tabs open at once: with ``--quick`` and otherwise."""
LINGER_SECONDS = 1.0
"""How long all tabs stay open before their memory is read: two rounds of the queue watch."""
QUIET_SECONDS = 0.3
"""A screen is painted when its text has appeared and no output came for this long."""
TIMEOUT_SECONDS = 60.0
"""For the server to listen, and for each screen to be painted."""

LOGIN_TEXT = "kirjaudu sisään".encode()
"""On the login screen (``login.title``, in Finnish: the app runs with ``--lang fi``)."""
QUEUE_TEXT = "· odottaa".encode()
"""In the queue's summary line once its rows are loaded (``queue.summary``)."""
BARE_TEXT = b"Kiireellisyys"
"""The bare app's last column heading."""

PLAIN_SERVER = (
    "import sys; from textual_serve.server import Server; "
    "Server(command=sys.argv[1], host='127.0.0.1', port=int(sys.argv[2]), "
    "title=sys.argv[3]).serve()"
)
"""textual-serve's ``Server`` as a command of its own: the baseline's server."""


@dataclass(frozen=True)
class Served:
    """Memory read with all tabs open, in MB."""

    server: float
    sessions: list[float]
    """Each tab: the resident sets of every process it started, summed."""
    peaks: list[float]
    """Each tab's high-water mark (``VmHWM``), summed the same way."""
    proportional: float | None
    """The server and every tab, each shared page divided among its users (``Pss``)."""

    @property
    def total(self) -> float:
        return self.server + sum(self.sessions)


class ServeFailed(RuntimeError):
    """The server did not start, or a tab did not paint; the message says what was seen."""


def run(database: BenchDatabase, quick: bool) -> list[Figure]:
    if not Path("/proc/self/status").exists():
        log("    no /proc here (not Linux): the memory of the tabs cannot be read; skipped")
        return []
    if importlib.util.find_spec("textual_serve") is None:
        log("    textual-serve is not installed (pip install 'rinnalla[web]'); skipped")
        return []
    warm_up(database, worker=RECEPTIONIST, location=LOCATION_CODE)
    return measure(database, SESSIONS[quick])


def measure(database: BenchDatabase, sessions: int) -> list[Figure]:
    """Serve the bare app with one tab, then Rinnalla with ``sessions`` tabs; the figures."""
    bare = serve_and_measure(bare_server(database), tabs=1, painted=BARE_TEXT, log_in=False)
    log(f"    bare: server {bare.server:.1f} MB, tab {bare.sessions[0]:.1f} MB")
    app = serve_and_measure(
        rinnalla_server(database), tabs=sessions, painted=QUEUE_TEXT, log_in=True
    )
    mean = sum(app.sessions) / len(app.sessions)
    log(
        f"    rinnalla: server {app.server:.1f} MB, tabs "
        + ", ".join(f"{each:.1f}" for each in app.sessions)
        + " MB"
    )
    share = "" if app.proportional is None else f"; {app.proportional:.0f} MB counted by Pss"
    return [
        Figure(
            name="web_session_rss",
            value=mean,
            unit="MB",
            baseline=bare.sessions[0],
            target=TARGET_SESSION_MB,
            note=(
                f"mean of {sessions} signed-in tabs open at once "
                f"({min(app.sessions):.0f}–{max(app.sessions):.0f} MB; "
                f"peak {max(app.peaks):.0f} MB, signing in); "
                "baseline: a tab of the bare Textual app"
            ),
        ),
        Figure(
            name="web_server_rss",
            value=app.server,
            unit="MB",
            baseline=bare.server,
            target=TARGET_SERVER_MB,
            note=f"with {sessions} tabs open; baseline: textual-serve's Server with one bare tab",
        ),
        Figure(
            name="web_total_rss",
            value=app.total,
            unit="MB",
            baseline=bare.server + sessions * bare.sessions[0],
            target=sessions * TARGET_SESSION_MB,
            note=f"the server and {sessions} tabs{share}",
        ),
    ]


# The servers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerCommand:
    """How to start a server on a given port, and the environment for it and its apps."""

    arguments: list[str]
    """With ``{port}`` where the port goes."""
    environment: dict[str, str]

    def on(self, port: int) -> list[str]:
        return [argument.replace("{port}", str(port)) for argument in self.arguments]


def _python(*arguments: str) -> list[str]:
    return [sys.executable, *arguments]


def _environment(database: BenchDatabase, home: Path) -> dict[str, str]:
    """The apps' environment of the other benchmarks, at the benchmark's location.

    The server hands its own environment to every app it starts, so the
    location set here is the one each tab's queue shows.
    """
    environment = app_environment(home, database.bytecode_dir)
    environment["RINNALLA_LOCATION"] = LOCATION_CODE
    return environment


@contextmanager
def rinnalla_server(database: BenchDatabase) -> Iterator[ServerCommand]:
    """``rinnalla --db URL --lang fi serve``, as a user starts it."""
    with tempfile.TemporaryDirectory(prefix="rinnalla-bench-home-") as home:
        arguments = _python("-m", "tui.cli", "--db", database.url, "--lang", "fi", "serve")
        arguments += ["--host", "127.0.0.1", "--port", "{port}"]
        yield ServerCommand(arguments, _environment(database, Path(home)))


@contextmanager
def bare_server(database: BenchDatabase) -> Iterator[ServerCommand]:
    """textual-serve's ``Server`` serving the bare app of :mod:`benchmarks.first_paint`.

    The bare app writes its marks to standard error, which the server reads and
    throws away; it lingers an hour, far longer than it is looked at.
    """
    with tempfile.TemporaryDirectory(prefix="rinnalla-bench-home-") as home:
        environment = _environment(database, Path(home))
        bare = _python("-m", "benchmarks.first_paint", "bare", "--report-fd", "2")
        app = shlex.join([*bare, "--linger", "3600"])
        yield ServerCommand(_python("-c", PLAIN_SERVER, app, "{port}", "bare"), environment)


def serve_and_measure(
    server_command: AbstractContextManager[ServerCommand],
    *,
    tabs: int,
    painted: bytes,
    log_in: bool,
) -> Served:
    """Start the server, open ``tabs`` tabs one after another, read their memory, end it all."""
    with server_command as command, running_server(command) as (port, server):
        return asyncio.run(_open_tabs(port, server, tabs=tabs, painted=painted, log_in=log_in))


def free_port() -> int:
    """A loopback port nobody listens on now (the server takes it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running_server(command: ServerCommand) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """The server in a process group of its own, listening; killed with its apps at the end."""
    port = free_port()
    with tempfile.TemporaryFile() as output:
        server = subprocess.Popen(
            command.on(port),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=PROJECT_ROOT,
            env=command.environment,
            start_new_session=True,
        )
        try:
            _wait_until_listening(port, server)
            yield port, server
        except ServeFailed as error:
            output.seek(0)
            said = output.read().decode("utf-8", errors="replace")[-3000:]
            raise ServeFailed(f"{error}\nThe server's output:\n{said}") from None
        finally:
            _end(server)


def _wait_until_listening(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ServeFailed(f"the server exited ({server.returncode}) before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1.0):
                return
        except OSError:
            time.sleep(0.05)
    raise ServeFailed(f"the server did not listen on port {port} in {TIMEOUT_SECONDS:.0f} s")


def _end(server: subprocess.Popen[bytes]) -> None:
    """Kill the server's process group, and any app of it that left the group."""
    strays = descendants(server.pid)
    try:
        os.killpg(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    for pid in strays:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    server.wait()


# The tabs ------------------------------------------------------------------------------


class Tab:
    """One websocket to the server: what the app has written, and when it last did."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.output = bytearray()
        self.last_output = time.monotonic()
        self.closed = False
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        from aiohttp import WSMsgType

        async for message in self.socket:
            if message.type == WSMsgType.BINARY:
                self.output.extend(message.data)
                self.last_output = time.monotonic()
        self.closed = True

    async def send_keys(self, keys: str) -> None:
        await self.socket.send_json(["stdin", keys])

    async def painted(self, text: bytes, *, since: int = 0) -> None:
        """Until ``text`` has been written (after byte ``since``) and the output has paused."""
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while text not in self.output[since:] or (
            time.monotonic() - self.last_output < QUIET_SECONDS
        ):
            if self.closed:
                raise ServeFailed(f"the tab was closed before {text!r} was painted{self._end()}")
            if time.monotonic() > deadline:
                raise ServeFailed(f"{text!r} was not painted in time{self._end()}")
            await asyncio.sleep(0.02)

    def _end(self) -> str:
        screen = self.output[-2000:].decode("utf-8", errors="replace")
        return f"; the end of the tab's output:\n{screen}"

    async def close(self) -> None:
        await self.socket.close()
        self._reader.cancel()


async def _open_tabs(
    port: int, server: subprocess.Popen[bytes], *, tabs: int, painted: bytes, log_in: bool
) -> Served:
    import aiohttp

    url = f"ws://127.0.0.1:{port}/ws?width={COLUMNS}&height={ROWS}"
    opened: list[Tab] = []
    async with aiohttp.ClientSession() as http:
        try:
            for _ in range(tabs):
                tab = Tab(await http.ws_connect(url))
                opened.append(tab)
                if log_in:
                    await tab.painted(LOGIN_TEXT)
                    since = len(tab.output)
                    await tab.send_keys(f"{RECEPTIONIST}\t{demo_passphrase(RECEPTIONIST)}\r")
                    await tab.painted(painted, since=since)
                else:
                    await tab.painted(painted)
            await asyncio.sleep(LINGER_SECONDS)
            return read_memory(server.pid, expected=tabs)
        finally:
            for tab in opened:
                await tab.close()


# Reading /proc -------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``, from every ``/proc/<pid>/stat``."""
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:  # ended meanwhile
            continue
        # "pid (command) state ppid …": the command may hold spaces and parentheses.
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    found: list[int] = []
    for child in children(pid):
        found += [child, *descendants(child)]
    return found


def status_kib(pid: int, field: str) -> int:
    """A field of ``/proc/<pid>/status`` in KiB (``VmRSS``, ``VmHWM``); 0 if gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_kib(pid: int) -> int | None:
    """The process's proportional share of memory; ``None`` where the kernel does not say."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii", errors="replace") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def mb(kib: int) -> float:
    return kib * 1024 / 1e6


def read_memory(server: int, *, expected: int) -> Served:
    """The server's resident set and each tab's: each child of the server with what it started."""
    tabs = [[child, *descendants(child)] for child in children(server)]
    if len(tabs) != expected:
        raise ServeFailed(f"{expected} tabs are open, but the server runs {len(tabs)} apps")
    every = [server, *(pid for tab in tabs for pid in tab)]
    shares = [pss_kib(pid) for pid in every]
    return Served(
        server=mb(status_kib(server, "VmRSS")),
        sessions=[mb(sum(status_kib(pid, "VmRSS") for pid in tab)) for tab in tabs],
        peaks=[mb(sum(status_kib(pid, "VmHWM") for pid in tab)) for tab in tabs],
        proportional=None if None in shares else mb(sum(s for s in shares if s is not None)),
    )
