"""The ``rinnalla`` command: the TUI, ``db upgrade`` / ``demo`` for set-up, ``card``.

Heavy imports (Textual, SQLAlchemy) happen inside the commands that need them,
so ``--help`` and ``--version`` answer at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, TypeVar

from domain import formats
from domain.clock import parse_date
from domain.i18n import LANGUAGES, N_, set_language, set_team_label, tr
from domain.roles import StaffRole
from domain.system_text import os_reason

if TYPE_CHECKING:
    from domain.audit import Anchor
    from domain.meetings import AgendaView
    from tui.context import AppContext
    from tui.settings import Settings
from tui.cli_parser import Parser
from tui.config_file import configured_language, configured_team_label
from tui.private_files import write_private

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("cli.user_disable"),
    N_("cli.user_enable"),
    N_("cli.user_reset"),
    N_("cli.user_unlock"),
    N_("cli.user_done_disable"),
    N_("cli.user_done_enable"),
)


def _package_version() -> str:
    try:
        return version("rinnalla")
    except PackageNotFoundError:
        return "0+unknown"


def _language_from(argv: Sequence[str]) -> str | None:
    """``--lang`` read ahead, so that ``--help`` and the errors are already in that language.

    As argparse reads it: the last one counts (a subcommand's copy overrides the
    main parser's), ``--lang=sv`` and an unambiguous ``--la sv`` too, nothing after
    ``--``. A language Rinnalla has no catalogue for is passed over, so that
    argparse's refusal of it is in the language the environment or the
    configuration file name.
    """
    found: str | None = None
    arguments = list(argv)
    for index, arg in enumerate(arguments):
        if arg == "--":
            break
        option, equals, value = arg.partition("=")
        if len(option) < len("--la") or not "--lang".startswith(option):
            continue
        if not equals:
            if index + 1 >= len(arguments):
                continue
            value = arguments[index + 1]
        if value in LANGUAGES:
            found = value
    return found


MAX_ID = 2**31 - 1
"""The largest id the database can hold on every engine (PostgreSQL's ``integer``)."""

MAX_DEMO_CLIENTS = 1_000_000
MAX_DEMO_DAYS = 100 * 365
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)
"""Dates on the command line are between these; comparing with the period before
must not run off the calendar."""


def _whole(text: str) -> int | None:
    """``text`` as a whole number of plain digits (no sign, no ``²``), else ``None``."""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 20 else None


def _count_up_to(maximum: int) -> Callable[[str], int]:
    """A size on the command line: a whole number from 0 to ``maximum``."""

    def count(text: str) -> int:
        number = _whole(text)
        if number is None or number > maximum:
            raise argparse.ArgumentTypeError(tr("cli.not_negative", maximum=maximum))
        return number

    return count


def _count(text: str) -> int:
    """Any whole number, zero or more (a random seed)."""
    number = _whole(text)
    if number is None:
        raise argparse.ArgumentTypeError(tr("cli.not_a_number"))
    return number


def _id(text: str) -> int:
    """An id (client, meeting, team): a whole number the database can hold."""
    number = _whole(text)
    if number is None or not 1 <= number <= MAX_ID:
        raise argparse.ArgumentTypeError(tr("cli.not_an_id", maximum=MAX_ID))
    return number


def _id_or_term(text: str) -> int | str:
    """A client or a meeting on the command line: its id, or a search term.

    Digits, signed or not, are an id (and must be one the database can hold:
    ``-1`` is a mistyped id, not a search); anything else is a term to search
    with. A term of spaces only is neither.
    """
    digits = text.strip().lstrip("+-")
    if digits.isascii() and digits.isdigit():
        return _id(text.strip())
    if not text.strip():
        raise argparse.ArgumentTypeError(tr("cli.term_missing"))
    return text


T = TypeVar("T")

MATCHES_SHOWN = 10
"""How many matches a search term that matches several lists; the rest are counted."""


def _print_matches(lines: Sequence[str]) -> None:
    """The matches of an ambiguous term on stderr, a few, then how many more."""
    for line in lines[:MATCHES_SHOWN]:
        print(f"  {line}", file=sys.stderr)
    if len(lines) > MATCHES_SHOWN:
        print("  " + tr("cli.more_matches", count=len(lines) - MATCHES_SHOWN), file=sys.stderr)


def _the_one(found: Sequence[T], *, none: str, several: str, line: Callable[[T], str]) -> T | None:
    """The one match of a search term; else ``None`` after saying on stderr that
    it named nothing, or (a few lines of ``line``) what it could mean."""
    if len(found) == 1:
        return found[0]
    if not found:
        print(none, file=sys.stderr)
        return None
    print(several, file=sys.stderr)
    _print_matches([line(match) for match in found])
    return None


def _client_by_term(context: AppContext, term: str) -> int | None:
    """The one client a search term names, found as F3 finds them (names, birth
    years and ids listed when several: no identity codes)."""
    from domain.use_cases import reception

    found = reception.search_clients(context.uow(), term, actor=context.actor)
    client = _the_one(
        found,
        none=tr("cli.card_no_match"),
        several=tr("cli.card_several", count=len(found)),
        line=lambda client: tr(
            "cli.client_match",
            client_id=client.id,
            name=client.display_name,
            year=client.birth_year or "–",
        ),
    )
    return client.id if client is not None else None


def _meeting_by_term(context: AppContext, term: str) -> int | None:
    """The one meeting a term (a date, words of the team's name) names."""
    from domain.use_cases.meetings import find_meetings

    found = find_meetings(context.uow(), term, actor=context.actor)
    match = _the_one(
        found,
        none=tr("cli.agenda_no_match"),
        several=tr("cli.agenda_several", count=len(found)),
        line=lambda match: tr(
            "cli.meeting_match",
            meeting_id=match.meeting.id,
            date=formats.date(match.meeting.starts_at),
            time=formats.time(match.meeting.starts_at),
            team=match.team.name,
        ),
    )
    return match.meeting.id if match is not None else None


def _head(text: str) -> str:
    """A hash printed by ``audit verify``, written down whole or its beginning."""
    from domain.audit import parse_head

    head = parse_head(text)
    if head is None:
        raise argparse.ArgumentTypeError(tr("cli.audit_bad_head"))
    return head


def _day(text: str) -> dt.date:
    """A date on the command line: 2026-11-01, 1.11.2026 or 01/11/2026."""
    try:
        day: dt.date | None = dt.date.fromisoformat(text)
    except ValueError:
        try:
            day = parse_date(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    if day is None:
        raise argparse.ArgumentTypeError(tr("cli.report_date_missing"))
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            tr("cli.date_range", first=formats.date(FIRST_DAY), last=formats.date(LAST_DAY))
        )
    return day


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
        type=_count_up_to(MAX_DEMO_CLIENTS),
        default=300,
        metavar="N",
        help=tr("cli.clients"),
    )
    history = demo.add_mutually_exclusive_group()
    history.add_argument(
        "--days", type=_count_up_to(MAX_DEMO_DAYS), default=120, metavar="N", help=tr("cli.days")
    )
    history.add_argument(
        "--years", type=_count_up_to(MAX_DEMO_DAYS // 365), metavar="N", help=tr("cli.years")
    )
    demo.add_argument("--seed", type=_count, default=2026, metavar="N", help=tr("cli.seed"))
    demo.add_argument("--add", action="store_true", help=tr("cli.demo_add"))

    card = _subcommand(commands, "card", tr("cli.card"))
    card.add_argument(
        "client", type=_id_or_term, metavar=tr("cli.meta_client"), help=tr("cli.card_client_term")
    )
    card.add_argument("--output", "-o", metavar=file, help=tr("cli.card_output"))
    card.add_argument("--card-lang", choices=LANGUAGES, help=tr("cli.card_lang"))

    agenda = _subcommand(commands, "agenda", tr("cli.agenda"))
    agenda.add_argument(
        "meeting",
        type=_id_or_term,
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
        type=_id_or_term,
        metavar=tr("cli.meta_meeting"),
        help=tr("cli.agenda_meeting_term"),
    )
    minutes.add_argument("--output", "-o", metavar=file, help=tr("cli.minutes_output"))
    minutes.add_argument("--pseudonymous", action="store_true", help=tr("cli.minutes_pseudonymous"))

    hours = _subcommand(commands, "hours", tr("cli.hours"))
    hours.add_argument(
        "--set", dest="set_hours", metavar=tr("cli.meta_hours"), help=tr("cli.hours_set")
    )
    hours.add_argument("--team", type=_id, metavar=team_id, help=tr("cli.hours_team"))

    report = _subcommand(commands, "report", tr("cli.report"))
    date = tr("cli.meta_date")
    report.add_argument(
        "--from", dest="start", type=_day, required=True, metavar=date, help=tr("cli.report_from")
    )
    report.add_argument(
        "--to", dest="end", type=_day, required=True, metavar=date, help=tr("cli.report_to")
    )
    report.add_argument(
        "--format", choices=("csv", "json"), default="csv", help=tr("cli.report_format")
    )
    report.add_argument("--team", type=_id, metavar=team_id, help=tr("cli.report_team"))
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
        type=_head,
        action="append",
        default=[],
        help=tr("cli.audit_expect_head"),
    )
    audit_verify.add_argument("--anchor-file", metavar=file, help=tr("cli.audit_anchor_file"))
    _subcommand(audit_commands, "accounts", tr("cli.audit_accounts"))
    audit_client = _subcommand(audit_commands, "client", tr("cli.audit_client"))
    audit_client.add_argument("client_id", type=_id, metavar=client_id, help=tr("cli.card_client"))
    audit_client.add_argument(
        "--purpose", metavar=tr("cli.meta_text"), help=tr("cli.audit_purpose")
    )
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    """The settings; a value that cannot be used ends the program with a message."""
    from tui.settings import load_settings

    return load_settings(
        database_url=args.db,
        lang=args.lang,
        staff=args.staff,
        location=args.location,
        location_name=args.location_name,
    )


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
    set_language(configured_language(_language_from(arguments)))
    set_team_label(configured_team_label())  # the help names the team too
    args = build_parser().parse_args(arguments)
    if args.command is None:
        return _run_app(args)
    from tui.settings import SettingsInvalid

    try:
        settings = _settings(args)
    except SettingsInvalid as error:
        print(error, file=sys.stderr)
        return 2
    set_language(settings.lang)
    set_team_label(settings.team_label)
    try:
        return _command(args, settings)
    except BrokenPipeError:
        raise  # the reader went away: main ends quietly
    except Exception as error:  # noqa: BLE001 - the one place every failure ends calmly
        from tui.composition import database_unavailable

        problem = database_unavailable(error)
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


def _command(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "db":
        return _db_upgrade(settings)
    if args.command == "demo":
        days = args.days if args.years is None else 365 * args.years
        return _demo(settings, clients=args.clients, days=days, seed=args.seed, add=args.add)
    if args.command == "card":
        return _card(settings, args.client, output=args.output, language=args.card_lang)
    if args.command == "agenda":
        return _agenda(
            settings,
            args.meeting,
            output_format=args.format,
            output=args.output,
            pseudonymous=args.pseudonymous,
        )
    if args.command == "minutes":
        return _minutes(settings, args.meeting, output=args.output, pseudonymous=args.pseudonymous)
    if args.command == "hours":
        return _hours(settings, hours_text=args.set_hours, team_id=args.team)
    if args.command == "report":
        return _report(
            settings,
            args.start,
            args.end,
            output_format=args.format,
            team_id=args.team,
            output=args.output,
        )
    if args.command == "user" and args.user_command == "unlock":
        return _user_unlock(settings, args.name)
    if args.command == "user":
        return _user(
            settings, args.user_command, getattr(args, "name", None), getattr(args, "role", None)
        )
    if args.command == "audit":
        if args.audit_command == "verify":
            return _audit_verify(
                settings, expected_heads=args.expect_head, anchor_file=args.anchor_file
            )
        if args.audit_command == "accounts":
            return _audit_accounts(settings)
        return _audit_client(settings, args.client_id, purpose=args.purpose)

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
    app = start_app(lambda: _settings(args))
    app.run()
    return app.return_code or 0


def _db_upgrade(settings: Settings) -> int:
    from storage.engine import build_engine, default_database_url
    from storage.migrate import upgrade

    upgrade(build_engine(settings.database_url or default_database_url()))
    print(tr("cli.upgraded"))
    return 0


def _demo(settings: Settings, *, clients: int, days: int, seed: int, add: bool) -> int:
    """Fill the database with example data and give the demo workers their accounts.

    A database that already holds clients is refused unless ``add``: running
    the demo twice would otherwise double the data unasked.
    """
    import random

    from rich.progress import Progress

    from domain.clock import SystemClock
    from storage.demo import clients_held, ensure_demo_accounts, fill_demo
    from storage.engine import build_engine, build_session_factory, default_database_url
    from storage.migrate import upgrade

    engine = build_engine(settings.database_url or default_database_url())
    try:
        upgrade(engine)
        session_factory = build_session_factory(engine)
        held = clients_held(session_factory)
        if held and not add:
            print(tr("cli.demo_refused", clients=held), file=sys.stderr)
            return 1
        clock = SystemClock()
        with Progress(transient=True) as progress:
            task = progress.add_task(tr("cli.demo_progress"), total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            summary = fill_demo(
                session_factory,
                clock=clock,
                rng=random.Random(seed),
                location_code=settings.location,
                location_name=settings.location_name or settings.location,
                clients=clients,
                days=days,
                progress=advance,
            )
        made = ensure_demo_accounts(session_factory, clock=clock)
    finally:
        engine.dispose()
    print(
        tr(
            "cli.demo_done",
            clients=summary.clients,
            visits=summary.visits,
            waiting=summary.today_waiting,
        )
    )
    if not made:
        print(tr("cli.demo_accounts_kept"))
        return 0
    print(tr("cli.demo_accounts"))
    _print_table(None, [(name, role.label, passphrase) for name, role, passphrase in made], "  ")
    return 0


def _card(
    settings: Settings, client: int | str, *, output: str | None, language: str | None
) -> int:
    """The contacts card to print or to hand over, read as the acting worker.

    ``client`` is the client's id, or a search term (part of the name, the
    identity code, a birth year with a name) that must name exactly one client.

    Reading it is logged like any other access, so the worker is identified
    just as the TUI identifies them. The file is created owner-only: the card
    names the client and their workers. ``language`` (``--card-lang``) is the
    client's: the card is written in it, the messages stay in the worker's.
    """
    from domain.errors import DomainError, NotFound
    from domain.use_cases.contacts_card import contacts_card

    context = _signed_in(settings)
    if context is None:
        return 1
    try:
        found = client if isinstance(client, int) else _client_by_term(context, client)
        if found is None:
            return 1
        client_id = found
        card = contacts_card(
            context.uow(),
            client_id,
            actor=context.actor,
            clock=context.clock,
            language=language,
        )
    except NotFound:
        print(tr("cli.card_unknown", client_id=client_id), file=sys.stderr)
        return 1
    except DomainError as refused:  # not within the worker's role
        print(refused.message, file=sys.stderr)
        return 1
    return _deliver(
        output, card, failed=N_("cli.card_write_failed"), written=N_("cli.card_written")
    )


def _agenda(
    settings: Settings,
    meeting: int | str,
    *,
    output_format: str,
    output: str | None,
    pseudonymous: bool,
) -> int:
    """A meeting's agenda to print, or its invitations to send; the export is logged.

    Calendar invitations go outside the team, so they are always pseudonymous;
    the Markdown agenda is only when asked (R12). The agenda with names is
    refused, exit code 1 and the reason on stderr, when it would disclose a
    client's data to another organisation without consent. Files are created
    owner-only. ``meeting`` is the meeting's id, or a term (its date, words of
    its team's name) that must name exactly one meeting.
    """
    from domain.agenda_text import agenda_markdown

    context = _signed_in(settings)
    if context is None:
        return 1
    view = _export_view(
        context,
        meeting,
        named=output_format != "ics" and not pseudonymous,
        minutes=False,
        hint=N_("cli.agenda_pseudonymous_hint"),
    )
    if view is None:
        return 1
    if output_format == "ics":
        from domain.use_cases.coordination import my_professional
        from tui.ics import agenda_ics

        organiser = my_professional(context.uow(), context.actor, context.organisation)
        data: str | bytes = agenda_ics(view, organiser=organiser, stamp=context.clock.now())
    else:
        data = agenda_markdown(view, pseudonymous=pseudonymous)
    return _deliver(
        output, data, failed=N_("cli.agenda_write_failed"), written=N_("cli.agenda_written")
    )


def _minutes(
    settings: Settings, meeting: int | str, *, output: str | None, pseudonymous: bool
) -> int:
    """A closed meeting's minutes as Markdown, in the chosen language; the export is logged.

    As the agenda: the minutes with names are refused (exit code 1, the reason
    on stderr) when they would disclose a client's data to another
    organisation without consent; ``--pseudonymous`` names clients by initials
    and birth year and close people not at all. Refused before the meeting is
    closed. Files are created owner-only.
    """
    from domain.agenda_text import meeting_minutes

    context = _signed_in(settings)
    if context is None:
        return 1
    view = _export_view(
        context,
        meeting,
        named=not pseudonymous,
        minutes=True,
        hint=N_("cli.minutes_pseudonymous_hint"),
    )
    if view is None:
        return 1
    return _deliver(
        output,
        meeting_minutes(view, pseudonymous=pseudonymous),
        failed=N_("cli.minutes_write_failed"),
        written=N_("cli.minutes_written"),
    )


def _export_view(
    context: AppContext, meeting: int | str, *, named: bool, minutes: bool, hint: str
) -> AgendaView | None:
    """The meeting's view for an agenda or minutes export, named or not, its export
    logged; None once the reason is on stderr (``hint`` says how to get the copy
    that names nobody, when the named one is refused for consent)."""
    from domain.consent import ConsentMissing
    from domain.errors import DomainError, NotFound
    from domain.use_cases.agenda_text import export_agenda_view, export_named_agenda_view

    meeting_id = meeting
    try:
        found = meeting if isinstance(meeting, int) else _meeting_by_term(context, meeting)
        if found is None:
            return None
        meeting_id = found
        if named:
            return export_named_agenda_view(
                context.uow(),
                found,
                actor=context.actor,
                organisation=context.organisation,
                clock=context.clock,
                minutes=minutes,
            )
        return export_agenda_view(context.uow(), found, actor=context.actor, minutes=minutes)
    except NotFound:
        print(tr("cli.agenda_unknown", meeting_id=meeting_id), file=sys.stderr)
    except ConsentMissing as refusal:
        print(refusal.message, file=sys.stderr)
        print(tr(hint, meeting_id=meeting_id), file=sys.stderr)
    except DomainError as refused:  # not closed yet, or not within the worker's role
        print(refused.message, file=sys.stderr)
    return None


def _deliver(output: str | None, data: str | bytes, *, failed: str, written: str) -> int:
    """Print an export, or write it owner-only to ``output`` and say so; the exit code.

    Text goes to stdout as text; bytes (a CSV's byte-order mark, an .ics's CRLF)
    as they are. ``failed`` and ``written`` are the messages' keys.
    """
    if output is None:
        if isinstance(data, str):
            sys.stdout.write(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        return 0
    try:
        write_private(output, data)
    except OSError as error:
        print(tr(failed, path=output, reason=os_reason(error)), file=sys.stderr)
        return 1
    print(tr(written, path=output))
    return 0


def _hours(settings: Settings, *, hours_text: str | None, team_id: int | None) -> int:
    """Show the location's walk-in hours and team; with ``--set`` / ``--team``, change them.

    The hours are no client's data, so nothing is logged; changing them is
    refused for the reception role (:class:`domain.access.Task`). A bad week
    is refused with its message on stderr and exit code 2, like any other
    mistyped argument, and nothing is stored.
    """
    from domain.clock import SystemClock
    from domain.errors import DomainError, InvalidInput, NotFound
    from domain.opening_hours import LocationSetup, format_week, status_text, walk_in_status
    from domain.use_cases.opening_hours import configure_location, location_setup
    from storage.engine import build_engine, build_session_factory, default_database_url
    from storage.migrate import is_current, upgrade
    from storage.unit_of_work import SqlUnitOfWork

    clock = SystemClock()
    code = settings.location
    setup: LocationSetup | None
    if hours_text is None and team_id is None:
        # Only reading: no worker to identify, and an unknown location stays unknown.
        engine = build_engine(settings.database_url or default_database_url())
        if not is_current(engine):
            upgrade(engine)
        uow = SqlUnitOfWork(build_session_factory(engine), clock)
        setup = location_setup(uow, code)
        if setup is None:
            print(tr("cli.hours_unknown_location", code=code), file=sys.stderr)
            return 1
    else:
        context = _signed_in(settings)
        if context is None:
            return 1
        try:
            setup = configure_location(
                context.uow(),
                code,
                settings.location_name or code,
                hours_text=hours_text,
                team_id=team_id,
                actor=context.actor,
            )
        except InvalidInput as error:
            print(error.fields.get("hours", error.message), file=sys.stderr)
            return 2
        except NotFound:
            print(tr("cli.hours_unknown_team", team_id=team_id), file=sys.stderr)
            return 1
        except DomainError as refused:
            print(refused.message, file=sys.stderr)
            return 1
        print(tr("cli.hours_saved"))
    print(tr("cli.hours_location", name=setup.location.name, code=setup.location.code))
    print(tr("cli.hours_week", hours=format_week(setup.hours) or tr("cli.hours_none")))
    if setup.hours:
        print(status_text(walk_in_status(setup.hours, clock.now())))
    if setup.team is None:
        print(tr("cli.hours_no_team"))
    else:
        print(tr("cli.hours_team_line", name=setup.team.name, team_id=setup.team.id))
    return 0


def _report(
    settings: Settings,
    start: dt.date,
    end: dt.date,
    *,
    output_format: str,
    team_id: int | None,
    output: str | None,
) -> int:
    """The indicators as Excel-ready CSV or as JSON, printed or written owner-only.

    A whole month or quarter is reported as one, so its trend compares whole
    months or quarters; any other range is compared with the ranges of the
    same length before it.
    """
    from domain.errors import DomainError, InvalidInput
    from domain.report_export import ReportFormat, export_report
    from domain.reports import Period, custom_period
    from domain.use_cases.indicators import build_report

    try:
        period = Period.covering(custom_period(start, end))
    except InvalidInput as error:
        print(" ".join(error.fields.values()), file=sys.stderr)
        return 2
    context = _signed_in(settings)
    if context is None:
        return 1
    try:
        report = build_report(
            context.uow(), period, team_id=team_id, clock=context.clock, actor=context.actor
        )
    except DomainError as error:
        print(error.message, file=sys.stderr)
        return 1
    data = export_report(report, ReportFormat(output_format))
    return _deliver(
        output, data, failed=N_("cli.report_write_failed"), written=N_("cli.report_written")
    )


def _audit_verify(
    settings: Settings, *, expected_heads: Sequence[str], anchor_file: str | None
) -> int:
    """Check the access-log chain; a break is named on stderr with exit code 1.

    The log must still contain every head given (``--expect-head``) and the
    one kept in ``anchor_file``, which an intact check then replaces with the
    newest head. No worker is identified and nothing is written to the
    database: the check must not change what it checks, so an old schema is
    not migrated here either. Only event ids, times and hashes are printed,
    never whose data they concern.
    """
    from domain.audit import Anchor
    from storage.audit_log import verify_chain
    from storage.engine import build_engine, build_session_factory, default_database_url
    from storage.migrate import is_current

    anchors = [Anchor(head=head) for head in expected_heads]
    if anchor_file is not None:
        try:
            kept = _read_anchor(anchor_file)
        except (OSError, ValueError) as error:
            reason = (
                os_reason(error) if isinstance(error, OSError) else tr("cli.audit_anchor_garbled")
            )
            print(
                tr("cli.audit_anchor_unreadable", path=anchor_file, reason=reason), file=sys.stderr
            )
            return 1
        if kept is not None:
            anchors.append(kept)
    engine = build_engine(settings.database_url or default_database_url())
    try:
        if not is_current(engine):
            print(tr("cli.audit_not_current"), file=sys.stderr)
            return 1
        with build_session_factory(engine)() as session:
            check = verify_chain(session, anchors)
    finally:
        engine.dispose()
    bad = check.first_bad
    if bad is not None:
        at = _local_time(bad.at)
        print(
            tr("cli.audit_bad", event_id=bad.id, at=at, problem=bad.problem.label),
            file=sys.stderr,
        )
        if bad.previous_id is None:
            print(tr("cli.audit_bad_first"), file=sys.stderr)
        else:
            print(tr("cli.audit_bad_previous", event_id=bad.previous_id), file=sys.stderr)
        return 1
    if check.missing_anchors:
        for anchor in check.missing_anchors:
            print(tr("cli.audit_anchor_missing", head=anchor.head), file=sys.stderr)
        return 1
    print(tr("cli.audit_ok", count=check.checked))
    if check.last_id is None:
        print(tr("cli.audit_head_empty", head=check.head))
    else:
        print(tr("cli.audit_head", event_id=check.last_id, head=check.head))
    if check.anchor_id == 0:
        print(tr("cli.audit_anchor_empty", count=check.after_anchor))
    elif check.anchor_id is not None:
        print(tr("cli.audit_anchor_found", event_id=check.anchor_id, count=check.after_anchor))
    if anchor_file is not None:
        try:
            _write_anchor(anchor_file, check.last_id, check.head)
        except OSError as error:
            reason = os_reason(error)
            print(
                tr("cli.audit_anchor_unwritable", path=anchor_file, reason=reason), file=sys.stderr
            )
            return 1
        print(tr("cli.audit_anchor_saved", path=anchor_file))
    print(tr("cli.audit_keep_head", head=check.head))
    return 0


def _read_anchor(path: str) -> Anchor | None:
    """The head kept by the last intact check, or None before the first one.

    ValueError: the file is not one this command wrote.
    """
    import json

    from domain.audit import Anchor, parse_head

    try:
        with open(path, encoding="utf-8") as handle:
            content = json.load(handle)
    except FileNotFoundError:
        return None
    except json.JSONDecodeError as error:
        raise ValueError("not JSON") from error
    if not isinstance(content, dict):
        raise ValueError("not an anchor")
    event_id, head = content.get("event_id"), content.get("head")
    if not (event_id is None or (isinstance(event_id, int) and event_id > 0)):
        raise ValueError("bad event id")
    if not isinstance(head, str) or parse_head(head) is None:
        raise ValueError("bad head")
    return Anchor(head=head, event_id=event_id)


def _write_anchor(path: str, event_id: int | None, head: str) -> None:
    """Replace the kept head in one step, so that an interrupted write leaves the old one."""
    import json

    text = json.dumps({"event_id": event_id, "head": head}) + "\n"
    partial = f"{path}.uusi"
    write_private(partial, text)
    os.replace(partial, path)


def _audit_client(settings: Settings, client_id: int, *, purpose: str | None) -> int:
    """Who has accessed the client's data, for the client's own request (R12).

    The listing names the workers who saw the client, so it is itself an
    access: it is logged as the acting worker, and committed before reading so
    that the listing shows its own line. Worker names are printed literally but
    without control characters.
    """
    from domain.access import AccessDenied
    from domain.audit import AccessAction
    from domain.errors import NotFound
    from domain.text import clean_text
    from domain.use_cases.access import require
    from storage.unit_of_work import SqlUnitOfWork

    context = _signed_in(settings)
    if context is None:
        return 1
    uow = context.uow()
    if not isinstance(uow, SqlUnitOfWork):  # the composition root always builds one
        raise TypeError("the access log is read from the SQL unit of work")
    reason = clean_text(purpose) if purpose is not None else None
    with uow:
        try:
            require(uow, context.actor, AccessAction.AUDIT_LISTED, client_id)
            uow.clients.get(client_id)
        except NotFound:
            print(tr("cli.card_unknown", client_id=client_id), file=sys.stderr)
            return 1
        except AccessDenied as refused:
            print(refused.message, file=sys.stderr)
            return 1
        uow.audit(context.actor, AccessAction.AUDIT_LISTED, client_id, purpose=reason or None)
        uow.commit()
        entries = uow.access_log_for(client_id)
    if not entries:
        print(tr("cli.audit_none"))
        return 0
    header = (
        tr("cli.audit_col_time"),
        tr("cli.audit_col_worker"),
        tr("cli.audit_col_action"),
        tr("cli.audit_col_purpose"),
    )
    _print_table(
        header,
        [
            (
                _local_time(entry.at),
                clean_text(entry.actor_name),
                entry.action_label,
                clean_text(entry.purpose or ""),
            )
            for entry in entries
        ],
    )
    return 0


def _audit_accounts(settings: Settings) -> int:
    """Account administration from the access log, newest first, for an administrator."""
    from domain.accounts import require_admin
    from domain.errors import DomainError
    from domain.text import clean_text
    from storage.unit_of_work import SqlUnitOfWork

    context = _signed_in(settings)
    if context is None:
        return 1
    try:
        require_admin(context.actor)
    except DomainError as refused:
        print(refused.message, file=sys.stderr)
        return 1
    uow = context.uow()
    if not isinstance(uow, SqlUnitOfWork):  # the composition root always builds one
        raise TypeError("the access log is read from the SQL unit of work")
    with uow:
        entries = uow.account_log()
    if not entries:
        print(tr("cli.audit_accounts_none"))
        return 0
    header = (
        tr("cli.audit_col_time"),
        tr("cli.audit_col_worker"),
        tr("cli.audit_col_action"),
        tr("cli.audit_col_account"),
        tr("cli.audit_col_role"),
    )
    _print_table(
        header,
        [
            (
                _local_time(entry.at),
                clean_text(entry.actor_name),
                entry.action_label,
                clean_text(entry.account_name),
                entry.detail_label,
            )
            for entry in entries
        ],
    )
    return 0


def _local_time(at: dt.datetime) -> str:
    """An event's time as the listings show it: Helsinki time, in the worker's locale
    (``24.11.2026 12.05``)."""
    return formats.date_time(at)


def _print_table(
    header: tuple[str, ...] | None, rows: Sequence[tuple[str, ...]], indent: str = ""
) -> None:
    """Columns padded to their widest cell; the last one, often long, is not padded.

    The widths are measured, not fixed: a role or a heading is longer in one
    language than in another ("Ansvarig för tjänsten").
    """
    lines = [*rows] if header is None else [header, *rows]
    if not lines:
        return
    last = len(lines[0]) - 1
    widths = [max(len(row[column]) for row in lines) for column in range(last)]
    for row in lines:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print(indent + "  ".join([*cells, row[last]]).rstrip())


def _read_secret(prompt: str) -> str:
    """A passphrase: asked without echo at a terminal, else one line from standard input."""
    import getpass

    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")


def _signed_in(settings: Settings) -> AppContext | None:
    """The worker named by ``--as`` (or the operating-system user), logged in.

    Subcommands read and write client data as a worker, so they log in like
    the screens do: the passphrase comes from ``RINNALLA_PASSPHRASE`` when set
    (for scripts), otherwise it is asked without echo. ``None`` after saying
    on stderr why not: no accounts yet, or the login was refused.
    """
    from domain.clock import SystemClock
    from domain.errors import DomainError
    from domain.use_cases import accounts as accounts_cases
    from tui.composition import acting_staff_name, login_source, open_database

    database = open_database(settings, SystemClock())
    if accounts_cases.needs_first_admin(database.uow()):
        print(tr("cli.no_accounts"), file=sys.stderr)
        return None
    name = acting_staff_name(settings)
    passphrase = os.environ.get("RINNALLA_PASSPHRASE") or _read_secret(
        tr("cli.passphrase_of", name=name)
    )
    try:
        staff = accounts_cases.log_in(
            database.uow(), name, passphrase, clock=database.clock, source=login_source()
        )
    except DomainError as refused:
        print(refused.message, file=sys.stderr)
        return None
    return database.as_actor(staff)


def _user_unlock(settings: Settings, name: str) -> int:
    """The recovery path: end an account's wait after wrong passphrases, from every source.

    No login (the only administrator may be the one waiting): whoever can open
    the database — the SQLite file's owner, or whoever has the PostgreSQL
    credentials — may run it, as they could change the tables directly anyway.
    """
    from domain.clock import SystemClock
    from domain.errors import DomainError, InvalidInput
    from domain.use_cases import accounts as accounts_cases
    from tui.composition import login_source, open_database

    database = open_database(settings, SystemClock())
    try:
        accounts_cases.end_waiting(database.uow(), name, by=login_source())
    except InvalidInput as error:
        print(" ".join(error.fields.values()) or error.message, file=sys.stderr)
        return 2
    except DomainError as error:
        print(error.message, file=sys.stderr)
        return 1
    print(tr("cli.user_done_unlock", name=name))
    return 0


def _user(settings: Settings, command: str, name: str | None, role: str | None) -> int:
    """Account administration as a logged-in administrator (``--as`` and the passphrase).

    The administrator's passphrase comes from ``RINNALLA_PASSPHRASE`` when set
    (for scripts), otherwise it is asked; a new passphrase is asked twice at a
    terminal, or read from standard input when piped.
    """
    from domain import accounts
    from domain.errors import DomainError, InvalidInput
    from domain.use_cases import accounts as accounts_cases

    if not settings.staff:
        print(tr("cli.user_needs_admin"), file=sys.stderr)
        return 2
    context = _signed_in(settings)
    if context is None:
        return 1
    admin, clock = context.actor, context.clock
    try:
        if command == "list":
            accounts.require_admin(admin)
            rows = []
            for account in accounts_cases.list_accounts(context.uow(), actor=admin):
                state = tr("cli.user_active") if account.active else tr("cli.user_inactive")
                if account.passphrase_hash is None:
                    state = tr("cli.user_no_passphrase")
                rows.append((account.staff.name, account.staff.role.label, state))
            _print_table(None, rows)
            return 0
        assert name is not None
        if command in ("add", "reset"):
            passphrase = _read_secret(tr("cli.user_new_passphrase"))
            if sys.stdin.isatty():
                repeated = _read_secret(tr("cli.user_repeat_passphrase"))
                accounts.check_passphrase(passphrase, repeated)
            if command == "add":
                assert role is not None
                made = accounts_cases.add_user(
                    context.uow(), name, StaffRole(role), passphrase, actor=admin, clock=clock
                )
                print(tr("cli.user_done_add", name=made.name, role=made.role.label))
            else:
                accounts_cases.reset_passphrase(context.uow(), name, passphrase, actor=admin)
                print(tr("cli.user_done_reset", name=name))
        elif command == "role":
            assert role is not None
            changed = accounts_cases.change_role(context.uow(), name, StaffRole(role), actor=admin)
            print(tr("cli.user_done_role", name=changed.name, role=changed.role.label))
        else:
            accounts_cases.set_active(context.uow(), name, command == "enable", actor=admin)
            print(tr(f"cli.user_done_{command}", name=name))
    except InvalidInput as error:
        print(" ".join(error.fields.values()) or error.message, file=sys.stderr)
        return 2
    except DomainError as error:
        print(error.message, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
