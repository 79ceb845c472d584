"""What the MOTI team's screens read: the agenda, the backlog, actions and meetings found."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from domain import formats
from domain.clients import Client
from domain.clock import parse_date
from domain.i18n import tr
from domain.moti import (
    Action,
    AgendaItem,
    Decision,
    Meeting,
    Participant,
    Proposal,
    ReturnReason,
    Team,
    TeamMember,
)
from domain.need_assessment import status_text, working_days_left
from domain.network import Professional
from domain.text import normalise_name


class AgendaLine(BaseModel):
    """An agenda item with its client, start time and any action it follows up."""

    model_config = ConfigDict(frozen=True)

    item: AgendaItem
    client: Client
    starts_at: dt.datetime | None
    """None when the item does not fit in the meeting."""
    action: Action | None = None
    proposal: Proposal | None = None
    """The proposal a client item came from: its deadline and who referred the client."""


class AgendaView(BaseModel):
    model_config = ConfigDict(frozen=True)

    meeting: Meeting
    team: Team
    lines: tuple[AgendaLine, ...]
    not_fitting: tuple[int, ...]
    invitees: dict[int, Professional]
    decisions: tuple[Decision, ...]
    actions: tuple[Action, ...]
    attendance: dict[int, bool]
    team_members: tuple[TeamMember, ...]
    participants: tuple[Participant, ...] = ()
    """The clients and their close people recorded present or absent."""
    owners: dict[int, Professional] = {}
    """The professionals owning the actions recorded or followed up on this agenda."""


class BacklogLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    proposal: Proposal
    client: Client
    waited_days: int
    deadline_status: str = ""
    """The statutory deadline in words ("myöhässä 2 arkipäivää"); empty without one."""
    overdue: bool = False


def deadline_words(deadline: dt.date, today: dt.date) -> str:
    """The deadline and how near it is, in words: "12.12.2026, myöhässä 2 arkipäivää"."""
    left = working_days_left(deadline, today)
    return tr("meetings.deadline_words", date=formats.date(deadline), status=status_text(left))


class ActionLine(BaseModel):
    """An action with its owner and client, for the follow-up lists."""

    model_config = ConfigDict(frozen=True)

    action: Action
    owner: Professional | None
    """None when the client or a close person owns the action."""
    client: Client
    owner_label: str = ""
    """Who owns it, in words (see :func:`domain.moti.action_owner`)."""


class ClosedMeeting(BaseModel):
    """A closed meeting, and the clients whose items went back to the backlog."""

    model_config = ConfigDict(frozen=True)

    meeting: Meeting
    returned: tuple[int, ...] = ()
    """Clients proposed to the team whose item had no decision nor action: not discussed."""


def undiscussed(view: AgendaView) -> list[AgendaLine]:
    """The client items with no decision, no action and no view of the client recorded:
    closing the meeting returns them to the backlog, each with a reason."""
    discussed = {d.item_id for d in view.decisions} | {a.item_id for a in view.actions}
    return [
        line
        for line in view.lines
        if line.item.proposal_id is not None
        and line.item.id not in discussed
        and not line.item.client_view
    ]


ReturnReasons = dict[int, tuple[ReturnReason, str]]
"""Agenda item id → why it went back undiscussed, and a note."""


class MeetingMatch(BaseModel):
    """A meeting found by :func:`find_meetings`, with the team it belongs to."""

    model_config = ConfigDict(frozen=True)

    meeting: Meeting
    team: Team


def parse_meeting_query(text: str) -> tuple[dt.date | None, tuple[str, ...]]:
    """A typed meeting search: a date (``24.11.2026``, ``24/11/2026`` or
    ``2026-11-24``) and words of the team's name or area, in any order.

    Returns the date (``None`` when none was typed) and the normalised words.
    A word that looks like a date but is not one (``31.2.2026``) is kept as a
    word: it then matches no team, and the search says it found nothing.
    """
    day: dt.date | None = None
    words: list[str] = []
    for token in text.split():
        parsed: dt.date | None = None
        try:
            parsed = dt.date.fromisoformat(token)
        except ValueError:
            try:
                parsed = parse_date(token)
            except ValueError:
                parsed = None
        if parsed is not None and day is None:
            day = parsed
            continue
        word = normalise_name(token)
        if word:
            words.append(word)
    return day, tuple(words)


# The client and close people in the meeting (003) --------------------------------------


class ParticipantChoice(BaseModel):
    """A client on the agenda and the close people of their network, to mark present."""

    model_config = ConfigDict(frozen=True)

    client: Client
    close_people: tuple[str, ...]
