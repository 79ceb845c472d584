"""The whole ``rinnalla`` command line: its subcommands, their options, their help.

A new command is a subparser here, a function in the module of its group
(``exports``, ``users``, ``audit``, ``database``, ``hours``) and a line in
:func:`tui.cli.run_command`.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from domain.i18n import LANGUAGES, N_, tr
from domain.roles import StaffRole
from tui.cli import arguments
from tui.cli.arguments import MAX_DEMO_CLIENTS, MAX_DEMO_DAYS
from tui.cli.parser import Parser

if TYPE_CHECKING:
    from tui.settings import Settings

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("cli.user_disable"),
    N_("cli.user_enable"),
    N_("cli.user_reset"),
    N_("cli.user_unlock"),
)


def _package_version() -> str:
    try:
        return version("rinnalla")
    except PackageNotFoundError:
        return "0+unknown"


def language_from(argv: Sequence[str]) -> str | None:
    """``--lang`` read ahead, so that ``--help`` and the errors are already in that language.

    As argparse reads it: the last one counts (a subcommand's copy overrides the
    main parser's), ``--lang=sv`` and an unambiguous ``--la sv`` too, nothing after
    ``--``. A language Rinnalla has no catalogue for is passed over, so that
    argparse's refusal of it is in the language the environment or the
    configuration file name.
    """
    found: str | None = None
    words = list(argv)
    for index, arg in enumerate(words):
        if arg == "--":
            break
        option, equals, value = arg.partition("=")
        if len(option) < len("--la") or not "--lang".startswith(option):
            continue
        if not equals:
            if index + 1 >= len(words):
                continue
            value = words[index + 1]
        if value in LANGUAGES:
            found = value
    return found


def _add_common(parser: argparse.ArgumentParser, *, default: object) -> None:
    """The options every command takes, before or after the subcommand.

    A subcommand's parser fills its own namespace and copies every value over
    the main parser's, defaults too; so the subcommands' copies default to
    ``SUPPRESS`` (no value at all) and ``--db URL demo`` keeps the URL.
    """
    parser.add_argument("--db", metavar="URL", default=default, help=tr("cli.db"))
    parser.add_argument("--lang", choices=LANGUAGES, default=default, help=tr("cli.lang"))
    parser.add_argument(
        "--as", dest="staff", metavar=tr("cli.meta_name"), default=default, help=tr("cli.as")
    )
    parser.add_argument(
        "--location", metavar=tr("cli.meta_code"), default=default, help=tr("cli.location")
    )
    parser.add_argument(
        "--location-name",
        metavar=tr("cli.meta_name"),
        default=default,
        help=tr("cli.location_name"),
    )


def _subcommand(commands: argparse._SubParsersAction[Parser], name: str, text: str) -> Parser:
    """A subcommand that says what it does in its own ``--help`` too, with the common options."""
    parser = commands.add_parser(name, help=text, description=text)
    _add_common(parser, default=argparse.SUPPRESS)
    return parser


def build_parser() -> Parser:
    """The whole command line, its words in the current language (set before it is built)."""
    name, file, team_id = tr("cli.meta_name"), tr("cli.meta_file"), tr("cli.meta_team_id")
    client_id = tr("cli.meta_client_id")
    parser = Parser(prog="rinnalla", description=tr("cli.description"))
    _add_common(parser, default=None)
    parser.add_version(f"rinnalla {_package_version()}")
    commands = parser.add_subparsers(dest="command")

    db = _subcommand(commands, "db", tr("cli.db_cmd"))
    db_commands = db.add_subparsers(dest="db_command", required=True)
    _subcommand(db_commands, "upgrade", tr("cli.upgrade"))

    demo = _subcommand(commands, "demo", tr("cli.demo"))
    demo.add_argument(
        "--clients",
        type=arguments.count_up_to(MAX_DEMO_CLIENTS),
        default=300,
        metavar="N",
        help=tr("cli.clients"),
    )
    history = demo.add_mutually_exclusive_group()
    history.add_argument(
        "--days",
        type=arguments.count_up_to(MAX_DEMO_DAYS),
        default=120,
        metavar="N",
        help=tr("cli.days"),
    )
    history.add_argument(
        "--years",
        type=arguments.count_up_to(MAX_DEMO_DAYS // 365),
        metavar="N",
        help=tr("cli.years"),
    )
    demo.add_argument(
        "--seed", type=arguments.count, default=2026, metavar="N", help=tr("cli.seed")
    )
    demo.add_argument("--add", action="store_true", help=tr("cli.demo_add"))

    card = _subcommand(commands, "card", tr("cli.card"))
    card.add_argument(
        "client",
        type=arguments.id_or_term,
        metavar=tr("cli.meta_client"),
        help=tr("cli.card_client_term"),
    )
    card.add_argument("--output", "-o", metavar=file, help=tr("cli.card_output"))
    card.add_argument("--card-lang", choices=LANGUAGES, help=tr("cli.card_lang"))

    agenda = _subcommand(commands, "agenda", tr("cli.agenda"))
    agenda.add_argument(
        "meeting",
        type=arguments.id_or_term,
        metavar=tr("cli.meta_meeting"),
        help=tr("cli.agenda_meeting_term"),
    )
    agenda.add_argument(
        "--format", choices=("md", "ics"), default="md", help=tr("cli.agenda_format")
    )
    agenda.add_argument("--output", "-o", metavar=file, help=tr("cli.agenda_output"))
    agenda.add_argument("--pseudonymous", action="store_true", help=tr("cli.agenda_pseudonymous"))

    minutes = _subcommand(commands, "minutes", tr("cli.minutes"))
    minutes.add_argument(
        "meeting",
        type=arguments.id_or_term,
        metavar=tr("cli.meta_meeting"),
        help=tr("cli.agenda_meeting_term"),
    )
    minutes.add_argument("--output", "-o", metavar=file, help=tr("cli.minutes_output"))
    minutes.add_argument("--pseudonymous", action="store_true", help=tr("cli.minutes_pseudonymous"))

    hours = _subcommand(commands, "hours", tr("cli.hours"))
    hours.add_argument(
        "--set", dest="set_hours", metavar=tr("cli.meta_hours"), help=tr("cli.hours_set")
    )
    hours.add_argument(
        "--team", type=arguments.record_id, metavar=team_id, help=tr("cli.hours_team")
    )

    report = _subcommand(commands, "report", tr("cli.report"))
    date = tr("cli.meta_date")
    report.add_argument(
        "--from",
        dest="start",
        type=arguments.day,
        required=True,
        metavar=date,
        help=tr("cli.report_from"),
    )
    report.add_argument(
        "--to",
        dest="end",
        type=arguments.day,
        required=True,
        metavar=date,
        help=tr("cli.report_to"),
    )
    report.add_argument(
        "--format", choices=("csv", "json"), default="csv", help=tr("cli.report_format")
    )
    report.add_argument(
        "--team", type=arguments.record_id, metavar=team_id, help=tr("cli.report_team")
    )
    report.add_argument("--output", "-o", metavar=file, help=tr("cli.report_output"))

    # The roles are typed as they are stored; the help says what each is called.
    roles = [role.value for role in StaffRole]
    role_help = tr(
        "cli.user_role", roles=", ".join(f"{role.value} = {role.label}" for role in StaffRole)
    )
    user = _subcommand(commands, "user", tr("cli.user"))
    user_commands = user.add_subparsers(dest="user_command", required=True)
    user_add = _subcommand(user_commands, "add", tr("cli.user_add"))
    user_add.add_argument("name", metavar=name, help=tr("cli.user_name"))
    user_add.add_argument("--role", choices=roles, required=True, help=role_help)
    user_role = _subcommand(user_commands, "role", tr("cli.user_role_change"))
    user_role.add_argument("name", metavar=name, help=tr("cli.user_name"))
    user_role.add_argument("--role", choices=roles, required=True, help=role_help)
    for command in ("disable", "enable", "reset", "unlock"):
        sub = _subcommand(user_commands, command, tr(f"cli.user_{command}"))
        sub.add_argument("name", metavar=name, help=tr("cli.user_name"))
    _subcommand(user_commands, "list", tr("cli.user_list"))

    audit = _subcommand(commands, "audit", tr("cli.audit"))
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    audit_verify = _subcommand(audit_commands, "verify", tr("cli.audit_verify"))
    audit_verify.add_argument(
        "--expect-head",
        metavar=tr("cli.meta_hash"),
        type=arguments.head,
        action="append",
        default=[],
        help=tr("cli.audit_expect_head"),
    )
    audit_verify.add_argument("--anchor-file", metavar=file, help=tr("cli.audit_anchor_file"))
    _subcommand(audit_commands, "accounts", tr("cli.audit_accounts"))
    audit_client = _subcommand(audit_commands, "client", tr("cli.audit_client"))
    audit_client.add_argument(
        "client_id", type=arguments.record_id, metavar=client_id, help=tr("cli.card_client")
    )
    audit_client.add_argument(
        "--purpose", metavar=tr("cli.meta_text"), help=tr("cli.audit_purpose")
    )

    serve = _subcommand(commands, "serve", tr("cli.serve"))
    serve.add_argument(
        "--host",
        type=arguments.host,
        default="127.0.0.1",
        metavar=tr("cli.meta_address"),
        help=tr("cli.serve_host"),
    )
    serve.add_argument(
        "--port", type=arguments.port, default=8000, metavar="N", help=tr("cli.serve_port")
    )
    serve.add_argument(
        "--public-url", type=arguments.public_url, metavar="URL", help=tr("cli.serve_public_url")
    )
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings with the command line's own; a value that cannot be used raises
    :class:`~tui.settings.SettingsInvalid` with its message."""
    from tui.settings import load_settings

    return load_settings(
        database_url=args.db,
        lang=args.lang,
        staff=args.staff,
        location=args.location,
        location_name=args.location_name,
    )
