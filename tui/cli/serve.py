"""``rinnalla serve``: the screens in a web browser, one app process per tab.

textual-serve (the ``[web]`` extra) serves a page with a terminal in it; each tab
that opens it starts its own ``rinnalla`` app process, which asks for its own
log-in and keeps its own idle lock, all on the one configured database. Exports
become downloads in that browser (:mod:`tui.export_delivery`).

What this server does not do itself, and the README says how to add: TLS, and
limits on how many tabs (app processes) one address may open. It listens on the
loopback address unless told otherwise, and says so when it is told otherwise.

The database URL is handed to the app processes in their environment, never on
their command line (where every account on the machine could read a password
in it), and it is not printed. Logging is plain: textual-serve's default prints
tracebacks with their local variables, which may hold what a worker typed.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import logging
import os
import shlex
import socket
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from domain.i18n import N_, current_language, tr
from domain.system_text import os_reason

if TYPE_CHECKING:
    from tui.settings import Settings

PASSED_ON = {
    "db": "RINNALLA_DATABASE_URL",
    "lang": "RINNALLA_LANG",
    "location": "RINNALLA_LOCATION",
    "location_name": "RINNALLA_LOCATION_NAME",
}
"""The command line's own settings, as the app processes read them from the environment."""

WILDCARDS = frozenset({"0.0.0.0", "::", "*"})
PAGE_FOLDER = Path(__file__).resolve().parent.parent / "web"
"""``app_index.html``, the page around the terminal (see its comment)."""


def passed_on(args: argparse.Namespace) -> dict[str, str]:
    """The settings typed on the command line, for each tab's app process."""
    return {
        variable: str(value)
        for option, variable in PASSED_ON.items()
        if (value := getattr(args, option, None)) is not None
    }


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach ``host``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cannot_listen(host: str, port: int, error: OSError) -> str:
    """Why the server cannot listen there, and what to change: the port when it is taken,
    the address otherwise (not this machine's, or a name that is not found)."""
    in_use = error.errno == errno.EADDRINUSE
    advice = N_("cli.serve_other_port") if in_use else N_("cli.serve_check_host")
    reason = tr("cli.serve_cannot_listen", host=host, port=port, reason=os_reason(error))
    return f"{reason} {tr(advice)}"


def page_texts() -> dict[str, str]:
    """The words on the page around the terminal, in the server's language."""
    return {
        "lang": current_language(),
        "title": "Rinnalla",
        "starting": tr("web.starting"),
        "start": tr("web.start"),
        "ended": tr("web.ended"),
        "restart": tr("web.restart"),
    }


def app_command() -> str:
    """The command that starts one tab's app: this Python, this Rinnalla."""
    argv = [sys.executable, "-m", "tui.cli"]
    # textual-serve starts it through the shell.
    return subprocess.list2cmdline(argv) if os.name == "nt" else shlex.join(argv)


def serve(
    settings: Settings,
    *,
    host: str,
    port: int,
    public_url: str | None,
    passed: dict[str, str],
) -> int:
    """Serve the screens until Ctrl+C; the exit code."""
    try:
        from textual_serve.server import Server
    except ImportError:
        print(tr("cli.serve_needs_web"), file=sys.stderr)
        return 1
    if host in WILDCARDS and public_url is None:
        print(tr("cli.serve_needs_public_url", host=host), file=sys.stderr)
        return 2

    try:
        # Tried before anything is printed or opened: a port in use or an address
        # that is not this machine's is said at once, in the user's words.
        socket.create_server((host, port)).close()
    except OSError as error:
        print(cannot_listen(host, port, error), file=sys.stderr)
        return 1

    from tui.composition import prepare_database

    # Migrated once here, before any tab opens: ten tabs opening at once would
    # otherwise each try to bring the schema up to date.
    prepare_database(settings)

    class RinnallaServer(Server):
        def initialize_logging(self) -> None:
            logging.basicConfig(level=logging.WARNING, format="%(message)s")

        async def _make_app(self) -> Any:
            import aiohttp_jinja2

            app = await super()._make_app()
            aiohttp_jinja2.get_env(app).globals["texts"] = page_texts()
            return app

        async def on_startup(self, app: Any) -> None:
            print(tr("cli.serve_listening", url=self.public_url), flush=True)
            if not is_loopback(host):
                print(tr("cli.serve_not_loopback"), file=sys.stderr, flush=True)
            print(tr("cli.serve_stop"), flush=True)

    server = RinnallaServer(
        app_command(),
        host=host,
        port=port,
        title="Rinnalla",
        public_url=public_url,
        templates_path=PAGE_FOLDER,
    )
    # textual-serve gives each app process this process's environment.
    before = {variable: os.environ.get(variable) for variable in passed}
    os.environ.update(passed)
    try:
        server.serve()
    except OSError as error:
        print(cannot_listen(host, port, error), file=sys.stderr)
        return 1
    finally:
        # As it was: `main()` may run again in this process (the tests do).
        for variable, value in before.items():
            if value is None:
                os.environ.pop(variable, None)
            else:
                os.environ[variable] = value
    return 0
