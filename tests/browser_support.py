"""Rinnalla in a real browser: the server, Chromium, and the terminal's text.

The browser tests (``tests/browser/``) start ``rinnalla serve`` on a demo database of
their own, drive Debian's Chromium through Playwright with key presses only, and read
what the page shows.

Reading the screen: textual-serve's page draws the terminal with xterm.js on a canvas
(its WebGL or canvas renderer), so the page's DOM holds no text, and its accessibility
tree is off. xterm.js keeps the screen's text in its buffer, but the page's script
keeps its ``Terminal`` in a closure. The tests therefore serve the page's own script
with one addition — the terminal, once opened, is also kept as
``window.__rinnallaTerminal`` — and read the rows from its buffer. Nothing else of the
page changes: the keys go through xterm.js to the app as a user's would.

The machine's network is closed: every request that is not for the test server is
refused at once (Rinnalla's page loads nothing from other addresses; should it start to,
the page shows it missing instead of waiting), and Chromium, without the flags in
:data:`CHROMIUM_ARGS`, waits for lookups that never answer.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from tests.helpers import free_port

if TYPE_CHECKING:
    from playwright.async_api import Browser, Download, Page, Route, ViewportSize

ROOT = Path(__file__).resolve().parent.parent
"""The project's folder: the server runs ``python -m tui.cli`` from here."""

SCREENSHOTS = ROOT / "docs" / "screenshots"
"""The README's pictures, made again only with ``RINNALLA_SCREENSHOTS=1``."""

MAKE_SCREENSHOTS = os.environ.get("RINNALLA_SCREENSHOTS") == "1"
"""Read as the tests are collected: the session's first fixture takes every ``RINNALLA_*``
variable away from the tests (``tests/conftest.py``), this one included."""

VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
"""A desk's browser window, and the size of the README's pictures."""

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")

CHROMIUM_ARGS = (
    "--no-sandbox",  # the tests may run as root (CI), where Chromium's sandbox refuses
    "--disable-gpu",
    # The network is closed: without these Chromium waits on lookups and updates.
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

RECEPTION = ("Sanna Mäkelä", "demo-sanna-2026")
"""The demo's receptionist (``rinnalla demo``): name and passphrase."""

COORDINATOR = ("Päivi Laaksonen", "demo-päivi-2026")
"""The demo's coordinator: she may open a client's network and contacts card."""

START_SECONDS = 120.0
"""How long the server may take to answer HTTP: a busy two-processor machine."""

SCREEN_SECONDS = 90.0
"""How long a screen may take to show what a step waits for. A new tab starts a whole
Python and Textual process; with ten at once on two processors that takes a while."""

TERMINAL_HOOK = "this.terminal.open(e)"
"""Where textual-serve's script opens its terminal (textual-serve 1.1)."""

READ_ROWS = """() => {
    const terminal = window.__rinnallaTerminal;
    if (!terminal) return null;
    const buffer = terminal.buffer.active;
    const rows = [];
    for (let y = 0; y < terminal.rows; y++) {
        const line = buffer.getLine(buffer.viewportY + y);
        rows.push(line ? line.translateToString(true) : "");
    }
    return rows;
}"""
"""The terminal's visible rows as text, top to bottom."""


def chromium_executable() -> str | None:
    """Debian's Chromium, if installed (the tests never download a browser)."""
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing_requirement() -> str | None:
    """Why the browser tests cannot run here, or ``None`` when they can."""
    for module, extra in (("playwright", "test"), ("textual_serve", "web")):
        if find_spec(module) is None:
            return f"{module} is not installed (pip install -e '.[{extra}]')"
    if chromium_executable() is None:
        return (
            "no Chromium found (/usr/bin/chromium, /usr/bin/chromium-browser or on PATH); "
            "on Debian: apt-get install --no-install-recommends chromium"
        )
    return None


def user_environment(home: Path) -> dict[str, str]:
    """The server's environment: a home and user folders of its own under ``home``,
    none of the developer's ``RINNALLA_*`` settings, and no Textual devtools."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("RINNALLA_", "XDG_", "TEXTUAL"))
    }
    folders = {
        "HOME": home,
        "XDG_DATA_HOME": home / "data",
        "XDG_CONFIG_HOME": home / "config",
        "XDG_STATE_HOME": home / "state",
        "XDG_CACHE_HOME": home / "cache",
        "XDG_DOCUMENTS_DIR": home / "Documents",
        "XDG_DOWNLOAD_DIR": home / "Downloads",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        environment[name] = str(folder)
    return environment


def rinnalla_command(*arguments: str) -> list[str]:
    """The ``rinnalla`` command as an installed copy runs it."""
    return [sys.executable, "-m", "tui.cli", *arguments]


def make_demo_database(folder: Path) -> Path:
    """A small demo database (``rinnalla demo``): its accounts, a queue for today."""
    database = folder / "demo.db"
    subprocess.run(
        rinnalla_command(
            "--db", f"sqlite:///{database}", "demo", "--clients", "30", "--days", "14"
        ),
        cwd=ROOT,
        env=user_environment(folder / "home"),
        check=True,
        capture_output=True,
        timeout=300,
    )
    return database


def copy_database(template: Path, target: Path) -> Path:
    """A copy of a closed SQLite database (its WAL, if any, comes along)."""
    shutil.copy2(template, target)
    for suffix in ("-wal", "-shm"):
        extra = template.with_name(template.name + suffix)
        if extra.exists():
            shutil.copy2(extra, target.with_name(target.name + suffix))
    return target


def server_command(database_url: str, port: int) -> list[str]:
    """``rinnalla --db URL serve``: each tab gets an app process of its own."""
    return rinnalla_command(
        "--db", database_url, "serve", "--host", "127.0.0.1", "--port", str(port)
    )


@dataclass(frozen=True)
class Served:
    """A running ``rinnalla serve``: where it answers and the database behind it."""

    url: str
    database: Path
    home: Path
    log: Path


def wait_for_http(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Until the server answers HTTP; fails at once if it has stopped."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"the server stopped with {process.returncode}:\n{log.read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    said = log.read_text()[-3000:]
    raise AssertionError(f"the server did not answer at {url} in {START_SECONDS:.0f} s:\n{said}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """The server and every app process it started (its own process group): asked
    to stop, as Ctrl+C or SIGTERM would, then killed if they do not."""
    for sent, grace in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            continue
        # The server is gone; its app processes may still be closing.
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.5)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@contextmanager
def serve(database: Path, folder: Path) -> Iterator[Served]:
    """``rinnalla serve`` on ``database`` with a home of its own under ``folder``;
    stopped with all its app processes afterwards, also when the test fails."""
    home = folder / "home"
    environment = user_environment(home)
    port = free_port()
    database_url = f"sqlite:///{database}"
    log = folder / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            server_command(database_url, port),
            cwd=ROOT,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for_http(url, process, log)
        yield Served(url=url, database=database, home=home, log=log)
    finally:
        stop(process)


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    """Debian's Chromium, headless, as Playwright drives it (nothing is downloaded)."""
    from playwright.async_api import async_playwright

    executable = chromium_executable()
    assert executable is not None, missing_requirement()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, headless=True, args=list(CHROMIUM_ARGS), timeout=60_000
        )
        try:
            yield browser
        finally:
            await browser.close()


class Terminal:
    """One browser tab with Rinnalla in it: keys in, the screen's text out."""

    def __init__(self, page: Page, name: str = "tab", refused: list[str] | None = None) -> None:
        self.page = page
        self.name = name
        # Addresses other than the server's that the page asked for (and was refused).
        self.refused = refused if refused is not None else []

    @classmethod
    async def open(cls, browser: Browser, url: str, name: str = "tab") -> Terminal:
        """A new tab (a browser context of its own, as another desk) on Rinnalla's page,
        its terminal focused and its first screen drawn."""
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        context = await browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        context.set_default_timeout(SCREEN_SECONDS * 1000)
        origin = url.rstrip("/")
        refused: list[str] = []
        await context.route("**/*", _local_only(origin, refused))
        page = await context.new_page()
        await page.goto(url)
        terminal = cls(page, name, refused)
        try:
            await page.wait_for_function("() => window.__rinnallaTerminal !== undefined")
        except PlaywrightTimeout:
            raise AssertionError(
                f"{name}: no terminal to read on the page: textual-serve's script no longer "
                f"opens its terminal as {TERMINAL_HOOK!r} (see tests/browser_support.py)"
            ) from None
        # Not a click (the tests drive by keys): the terminal's own input takes the focus.
        await page.evaluate("() => window.__rinnallaTerminal.focus()")
        return terminal

    async def close(self) -> None:
        await self.page.context.close()

    async def rows(self) -> list[str]:
        """The screen's rows as the worker reads them."""
        rows: list[str] | None = await self.page.evaluate(READ_ROWS)
        return rows or []

    async def text(self) -> str:
        return "\n".join(await self.rows())

    async def wait_for(
        self, *wanted: str, absent: Sequence[str] = (), seconds: float = SCREEN_SECONDS
    ) -> str:
        """The screen once it shows every text in ``wanted`` and none in ``absent``."""
        return await self.wait_until(
            lambda screen: (
                all(text in screen for text in wanted)
                and not any(text in screen for text in absent)
            ),
            f"{list(wanted)} without {list(absent)}",
            seconds=seconds,
        )

    async def wait_until(
        self, ready: Callable[[str], bool], what: str, *, seconds: float = SCREEN_SECONDS
    ) -> str:
        """The screen once ``ready`` holds for it; fails with the screen as it was."""
        deadline = time.monotonic() + seconds
        screen = ""
        while time.monotonic() < deadline:
            screen = await self.text()
            if ready(screen):
                return screen
            await asyncio.sleep(0.2)
        raise AssertionError(
            f"{self.name}: the screen did not show {what} in {seconds:.0f} s:\n{screen}"
        )

    async def type(self, text: str) -> None:
        """Typed as on a keyboard: xterm.js passes each character to the app."""
        await self.page.keyboard.type(text)

    async def press(self, *keys: str) -> None:
        """Keys by Playwright's names: ``Tab``, ``Enter``, ``F3``, ``Control+s``."""
        for key in keys:
            await self.page.keyboard.press(key)

    async def download(self, *keys: str, seconds: float = SCREEN_SECONDS) -> Download | None:
        """The file the browser is offered after ``keys``, or ``None`` if none comes."""
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        try:
            async with self.page.expect_download(timeout=seconds * 1000) as offered:
                await self.press(*keys)
            return await offered.value
        except PlaywrightTimeout:
            return None

    async def log_in(self, name: str, passphrase: str, *, seconds: float = SCREEN_SECONDS) -> None:
        """Name, Tab, passphrase, Enter: as the login screen asks."""
        await self.wait_for("Nimi", "Tunnuslause", seconds=seconds)
        await self.type(name)
        # The keys typed as the login appears arrive as one paste, then key by key;
        # the name must read as typed (tests/tui/test_login.py has the same in-process).
        await self.wait_for(name, seconds=seconds)
        await self.press("Tab")
        await self.type(passphrase)
        await self.press("Enter")

    async def screenshot(self, name: str) -> Path | None:
        """The page as ``docs/screenshots/NAME`` at 1280×800, only when asked for
        (``RINNALLA_SCREENSHOTS=1``): an ordinary run leaves the committed ones be."""
        if not MAKE_SCREENSHOTS:
            return None
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / name
        # Let the canvas finish drawing the last frame the app sent.
        await asyncio.sleep(0.5)
        await self.page.screenshot(path=str(path))
        return path


def _local_only(origin: str, refused: list[str]) -> Callable[[Route], object]:
    """A route handler: the test server's own requests only, its script with the
    terminal kept where the tests can read it; everything else refused at once and
    listed in ``refused``."""

    async def handle(route: Route) -> None:
        url = route.request.url
        if not url.startswith(origin):
            refused.append(url)
            await route.abort()
            return
        if not url.split("?")[0].endswith("/textual.js"):
            await route.continue_()
            return
        response = await route.fetch()
        script = await response.text()
        # Without the hook the script is served as it is, and Terminal.open says why
        # it finds no terminal to read.
        script = script.replace(
            TERMINAL_HOOK, f"{TERMINAL_HOOK},window.__rinnallaTerminal=this.terminal", 1
        )
        await route.fulfill(response=response, body=script)

    return handle


@dataclass(frozen=True)
class StoredVisit:
    """A walk-in as the database holds it, with the client's name and who registered it."""

    name: str | None
    birth_year: int | None
    reason: str
    state: str
    registered_by: str


def stored_visits(database: Path, names: Sequence[str]) -> list[StoredVisit]:
    """Every visit of the clients called one of ``names``, read past the screens."""
    from sqlalchemy import select
    from sqlalchemy.orm import aliased

    from storage.engine import build_engine, build_session_factory
    from storage.orm import ClientRow, StaffRow, VisitRow

    engine = build_engine(f"sqlite:///{database}")
    registrar = aliased(StaffRow)
    try:
        with build_session_factory(engine)() as session:
            found = session.execute(
                select(
                    ClientRow.name,
                    ClientRow.birth_year,
                    VisitRow.reason,
                    VisitRow.state,
                    registrar.name,
                )
                .join(VisitRow, VisitRow.client_id == ClientRow.id)
                .join(registrar, registrar.id == VisitRow.registered_by)
                .where(ClientRow.name.in_(list(names)))
                .order_by(VisitRow.id)
            )
            return [
                StoredVisit(name, year, reason, str(state), worker)
                for name, year, reason, state, worker in found
            ]
    finally:
        engine.dispose()
