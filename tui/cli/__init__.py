"""The ``rinnalla`` command: the screens, or a subcommand.

One module per group of commands: :mod:`~tui.cli.database` (``db upgrade``,
``demo``), :mod:`~tui.cli.exports` (``card``, ``agenda``, ``minutes``,
``report``), :mod:`~tui.cli.hours`, :mod:`~tui.cli.users` (``user``) and
:mod:`~tui.cli.audit`; the command line itself is :mod:`~tui.cli.command_line`.
They reach the database through the composition root (:mod:`tui.composition`)
and the use cases only.

Heavy imports (Textual, SQLAlchemy) happen inside the commands that need them,
so ``--help`` and ``--version`` answer at once.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from domain.i18n import set_language, set_team_label, tr
from tui.cli.command_line import build_parser, language_from, settings_from
from tui.config_file import configured_language, configured_team_label

if TYPE_CHECKING:
    from tui.settings import Settings

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """``rinnalla``: the screens, or a subcommand; the exit code.

    Whatever goes wrong ends as one calm line on stderr and a non-zero exit
    code, never a traceback: a database that cannot be used says what to
    check; anything unforeseen writes a crash report without personal data
    (:mod:`tui.crash`) and names it. Output into a closed pipe (``| head``)
    ends quietly, as the Python documentation recommends for ``SIGPIPE``.
    """
    try:
        try:
            return _main(sys.argv[1:] if argv is None else argv)
        finally:
            sys.stdout.flush()  # a closed pipe shows here, while it can still be caught
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except KeyboardInterrupt:  # Ctrl+C, at a passphrase prompt or during the demo
        start = "\n" if sys.stderr.isatty() else ""  # off the prompt's line
        print(start + tr("cli.interrupted"), file=sys.stderr)
        return 130


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass  # not a real file (tests capture it): nothing is flushed at exit


def _main(argv: Sequence[str]) -> int:
    arguments = list(argv)
    set_language(configured_language(language_from(arguments)))
    set_team_label(configured_team_label())  # the help names the team too
    args = build_parser().parse_args(arguments)
    if args.command is None:
        return _run_app(args)
    from tui.settings import SettingsInvalid

    try:
        settings = settings_from(args)
    except SettingsInvalid as error:
        print(error, file=sys.stderr)
        return 2
    set_language(settings.lang)
    set_team_label(settings.team_label)
    try:
        return run_command(args, settings)
    except BrokenPipeError:
        raise  # the reader went away: main ends quietly
    except Exception as error:  # noqa: BLE001 - the one place every failure ends calmly
        from tui.composition import database_problem

        problem = database_problem(error)
        if problem is not None:
            print(problem, file=sys.stderr)
            return 1
        print(_unexpected(error), file=sys.stderr)
        return 1


def _unexpected(error: Exception) -> str:
    """The line for an error nobody foresaw, after writing its report (no personal data)."""
    from tui.crash import write_crash_report

    try:
        path = str(write_crash_report(error))
    except OSError:
        path = "-"
    return tr("cli.unexpected", kind=type(error).__name__, path=path)


def run_command(args: argparse.Namespace, settings: Settings) -> int:
    """The subcommand ``args`` names, run with ``settings``; its exit code."""
    from tui.cli import audit, database, exports, hours, serve, users

    if args.command == "db":
        return database.db_upgrade(settings)
    if args.command == "demo":
        days = args.days if args.years is None else 365 * args.years
        return database.demo(
            settings, clients=args.clients, days=days, seed=args.seed, add=args.add
        )
    if args.command == "card":
        return exports.card(settings, args.client, output=args.output, language=args.card_lang)
    if args.command == "agenda":
        return exports.agenda(
            settings,
            args.meeting,
            output_format=args.format,
            output=args.output,
            pseudonymous=args.pseudonymous,
        )
    if args.command == "minutes":
        return exports.minutes(
            settings, args.meeting, output=args.output, pseudonymous=args.pseudonymous
        )
    if args.command == "hours":
        return hours.hours(settings, hours_text=args.set_hours, team_id=args.team)
    if args.command == "report":
        return exports.report(
            settings,
            args.start,
            args.end,
            output_format=args.format,
            team_id=args.team,
            output=args.output,
        )
    if args.command == "user" and args.user_command == "unlock":
        return users.unlock(settings, args.name)
    if args.command == "user":
        return users.user(
            settings, args.user_command, getattr(args, "name", None), getattr(args, "role", None)
        )
    if args.command == "audit":
        if args.audit_command == "verify":
            return audit.verify(
                settings, expected_heads=args.expect_head, anchor_file=args.anchor_file
            )
        if args.audit_command == "accounts":
            return audit.accounts(settings)
        return audit.client(settings, args.client_id, purpose=args.purpose)

    if args.command == "serve":
        return serve.serve(
            settings,
            host=args.host,
            port=args.port,
            public_url=args.public_url,
            passed=serve.passed_on(args),
        )

    raise AssertionError(f"unhandled command {args.command}")


def _run_app(args: argparse.Namespace) -> int:
    """The screens. The settings are read after the first paint, in the app's worker
    (see :mod:`tui.config_file`); one that cannot be used closes the app with its message."""
    from tui.composition import start_app

    # Without a terminal nobody sees or types in the screens, and Textual would keep
    # drawing into the pipe. A driver named in TEXTUAL_DRIVER (a web front) brings
    # its own screen and keyboard.
    terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if not terminal and not os.environ.get("TEXTUAL_DRIVER"):
        print(tr("cli.needs_terminal"), file=sys.stderr)
        return 2
    app = start_app(lambda: settings_from(args))
    app.run()
    return app.return_code or 0
