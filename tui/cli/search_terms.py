"""A client or a meeting named on the command line by a search term instead of its id."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from domain import formats
from domain.i18n import tr

if TYPE_CHECKING:
    from tui.context import AppContext

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


def client_by_term(context: AppContext, term: str) -> int | None:
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


def meeting_by_term(context: AppContext, term: str) -> int | None:
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
