"""Exports read as the acting worker: the contacts card, a meeting's agenda and
minutes, the indicators report. Each is logged where it reads client data, and
printed or written owner-only by :func:`tui.cli.output.deliver`."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING

from domain.errors import DomainError, InvalidInput, NotFound
from domain.i18n import N_, tr
from tui.cli.login import signed_in
from tui.cli.output import deliver
from tui.cli.search_terms import client_by_term, meeting_by_term

if TYPE_CHECKING:
    from domain.meetings import AgendaView
    from tui.context import AppContext
    from tui.settings import Settings


def card(settings: Settings, client: int | str, *, output: str | None, language: str | None) -> int:
    """The contacts card to print or to hand over, read as the acting worker.

    ``client`` is the client's id, or a search term (part of the name, the
    identity code, a birth year with a name) that must name exactly one client.

    Reading it is logged like any other access, so the worker is identified
    just as the TUI identifies them. The file is created owner-only: the card
    names the client and their workers. ``language`` (``--card-lang``) is the
    client's: the card is written in it, the messages stay in the worker's.
    """
    from domain.use_cases.contacts_card import contacts_card

    context = signed_in(settings)
    if context is None:
        return 1
    try:
        found = client if isinstance(client, int) else client_by_term(context, client)
        if found is None:
            return 1
        client_id = found
        text = contacts_card(
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
    return deliver(output, text, failed=N_("cli.card_write_failed"), written=N_("cli.card_written"))


def agenda(
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

    context = signed_in(settings)
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
    return deliver(
        output, data, failed=N_("cli.agenda_write_failed"), written=N_("cli.agenda_written")
    )


def minutes(
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

    context = signed_in(settings)
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
    return deliver(
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
    from domain.use_cases.agenda_text import export_agenda_view, export_named_agenda_view

    meeting_id = meeting
    try:
        found = meeting if isinstance(meeting, int) else meeting_by_term(context, meeting)
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


def report(
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
    from domain.report_export import ReportFormat, export_report
    from domain.reports import Period, custom_period
    from domain.use_cases.indicators import build_report

    try:
        period = Period.covering(custom_period(start, end))
    except InvalidInput as error:
        print(" ".join(error.fields.values()), file=sys.stderr)
        return 2
    context = signed_in(settings)
    if context is None:
        return 1
    try:
        built = build_report(
            context.uow(), period, team_id=team_id, clock=context.clock, actor=context.actor
        )
    except DomainError as error:
        print(error.message, file=sys.stderr)
        return 1
    data = export_report(built, ReportFormat(output_format))
    return deliver(
        output, data, failed=N_("cli.report_write_failed"), written=N_("cli.report_written")
    )
