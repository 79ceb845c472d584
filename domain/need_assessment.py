"""Pending service need assessments and their statutory due dates (R9).

When a client's matter becomes pending (vireille), the assessment gets a due
date: the 7th working day for clients over 75 or on the highest care
allowance (SHL 36 §), otherwise a configurable target. The due date is
stored when the matter becomes pending, so changing the configuration later
does not move deadlines already given.

The numbers of working days are configuration (:class:`DeadlineRules`, built
from the settings by the composition root), never constants in the rules: the
law may change, and the organisation chooses its own target for everyone
else. The age limit is the law's words, not a deadline, so it stays here.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from domain import formats
from domain.access import require, within_reach
from domain.audit import AccessAction
from domain.clients import Client
from domain.clock import Clock, local_today
from domain.deadlines import add_working_days, is_working_day
from domain.errors import DomainError, InvalidInput
from domain.i18n import ntr, tr
from domain.staff import Staff

if TYPE_CHECKING:
    # Only for annotations: domain.ports imports PendingAssessment from here.
    from domain.ports import UnitOfWork


STATUTORY_AGE = 75
"""SHL 36 §: "yli 75-vuotias". Read as "75 vuotta täyttänyt" (see :func:`is_statutory`)."""

MAX_DAYS_BACK = 366
"""How far back a matter may be recorded as pending: further back is almost surely a typo."""


class DeadlineRules(BaseModel):
    """How many working days a pending service need assessment may wait (R9).

    ``statutory_working_days`` is SHL 36 §'s limit for clients over 75 and those
    on the highest care allowance. The law asks everyone else's assessment to
    start "without delay" and gives no number; ``target_working_days`` is the
    organisation's own promise for them. Its default, 10 working days (two
    calendar weeks), is deliberately longer than the statutory 7 so that the
    clients the law names come first, yet short enough that nobody waits a
    month unnoticed. ``warn_working_days`` is how close to the due date an
    assessment appears on the coordinator's start view (0: only on the day).
    """

    model_config = ConfigDict(frozen=True)

    statutory_working_days: int = Field(default=7, ge=1)
    target_working_days: int = Field(default=10, ge=1)
    warn_working_days: int = Field(default=2, ge=0)


class PendingAssessment(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    client_id: int
    pending_since: dt.date
    due_on: dt.date
    statutory: bool
    """True when the 7-working-day rule set the due date (over 75 or highest care allowance)."""
    started_on: dt.date | None = None
    recorded_by: int
    version: int = 1


class DeadlineLine(BaseModel):
    """One assessment near or past its due date, as the start view lists it."""

    model_config = ConfigDict(frozen=True)

    pending: PendingAssessment
    client_id: int
    client: str
    """The name as typed, or "unnamed client #id"; never an identity code."""
    working_days_left: int
    """Working days until the due date; 0 on the day, negative when overdue."""
    status: str
    """The same in words, e.g. "myöhässä 2 arkipäivää"."""

    @property
    def due_on(self) -> dt.date:
        return self.pending.due_on

    @property
    def statutory(self) -> bool:
        return self.pending.statutory

    @property
    def overdue(self) -> bool:
        return self.working_days_left < 0


# Rules ------------------------------------------------------------------------------


def _has_turned(birth: dt.date, age: int, on: dt.date) -> bool:
    """Whether someone born on ``birth`` is at least ``age`` years old on ``on``.

    Someone born on 29 February turns a year older on 1 March in a common year,
    as the Finnish population register counts it.
    """
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years >= age


def is_statutory(client: Client, on: dt.date) -> bool:
    """Whether SHL 36 §'s 7-working-day limit applies to a matter pending on ``on``.

    It applies on the highest care allowance (as recorded on the client) and
    from the 75th birthday on: the law's "yli 75-vuotias" is read as "has turned
    75", as the earlier SHL 40 a § put it, so that a doubt never gives a client
    the longer deadline. The birthday comes from the hetu when there is one.
    With only a birth year the birthday is unknown, and it is taken to be
    1 January: the shorter deadline applies from the start of the year the
    client turns 75, because an unknown birthday must not cost the client the
    statutory limit. With no birth year either, nothing says the client is over
    75, and the target applies unless the allowance is recorded.
    """
    if client.highest_care_allowance:
        return True
    if client.hetu is not None:
        return _has_turned(client.hetu.birth_date, STATUTORY_AGE, on)
    if client.birth_year is not None:
        return on.year - client.birth_year >= STATUTORY_AGE
    return False


def due_date(client: Client, pending_since: dt.date, rules: DeadlineRules) -> dt.date:
    """The last day the assessment may start: so many working days after ``pending_since``.

    The day the matter became pending is not counted, as with every statutory
    time limit.
    """
    days = (
        rules.statutory_working_days
        if is_statutory(client, pending_since)
        else rules.target_working_days
    )
    return add_working_days(pending_since, days)


def working_days_left(due_on: dt.date, today: dt.date) -> int:
    """Working days from ``today`` to ``due_on``: 0 on the day, negative when overdue.

    A due date that passed is at least one day late even at the weekend: on the
    Saturday after a Friday deadline no working day has passed, but 0 would read
    "due today".
    """
    if due_on == today:
        return 0
    start, end = sorted((today, due_on))
    count = sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + dt.timedelta(days=offset))
    )
    if due_on > today:
        return count
    return -max(count, 1)


def status_text(days_left: int) -> str:
    """``working_days_left`` in words: "myöhässä 2 arkipäivää", "erääntyy tänään", ..."""
    if days_left == 0:
        return tr("need_assessment.due_today")
    if days_left < 0:
        return ntr(
            "need_assessment.overdue", "need_assessment.overdue_plural", -days_left, days=-days_left
        )
    return ntr("need_assessment.left", "need_assessment.left_plural", days_left, days=days_left)


def client_label(client: Client) -> str:
    """How a list of deadlines names the client: the name, else "unnamed client #id".

    Never the identity code: the list may be on screen when a client is at the desk.
    """
    return client.name if client.name else tr("need_assessment.unnamed_client", id=client.id)


# Use cases --------------------------------------------------------------------------


def pending_for_client(uow: UnitOfWork, client_id: int, *, actor: Staff) -> list[PendingAssessment]:
    """The client's pending service need assessments, newest first (and logged)."""
    with uow:
        require(uow, actor, AccessAction.PENDING_ASSESSMENT_READ, client_id)
        found = uow.pending_assessments.for_client(client_id)
        uow.audit(actor, AccessAction.PENDING_ASSESSMENT_READ, client_id)
        uow.commit()
    return found


def make_pending(
    uow: UnitOfWork,
    client_id: int,
    pending_since: dt.date | None,
    rules: DeadlineRules,
    *,
    actor: Staff,
    clock: Clock,
) -> PendingAssessment:
    """Record that the client's service need assessment became pending, with its due date.

    ``pending_since`` is today when not given. Refused when it is in the future
    or more than a year back, and when the client already has a pending
    assessment that has not started: two open ones would show two deadlines
    for one matter.
    """
    today = local_today(clock)
    since = pending_since or today
    if since > today:
        raise InvalidInput({"pending_since": tr("need_assessment.since_future")})
    if (today - since).days > MAX_DAYS_BACK:
        raise InvalidInput({"pending_since": tr("need_assessment.since_too_old")})
    with uow:
        require(uow, actor, AccessAction.PENDING_ASSESSMENT_UPDATED, client_id)
        client = uow.clients.get(client_id)
        open_one = next(
            (p for p in uow.pending_assessments.for_client(client_id) if p.started_on is None),
            None,
        )
        if open_one is not None:
            raise DomainError(
                tr(
                    "need_assessment.already_pending",
                    since=formats.date(open_one.pending_since),
                    due=formats.date(open_one.due_on),
                )
            )
        pending = uow.pending_assessments.add(
            client_id,
            pending_since=since,
            due_on=due_date(client, since, rules),
            statutory=is_statutory(client, since),
            recorded_by=actor.id,
        )
        uow.audit(actor, AccessAction.PENDING_ASSESSMENT_UPDATED, client_id)
        uow.commit()
    return pending


def mark_started(
    uow: UnitOfWork,
    pending_id: int,
    started_on: dt.date | None,
    seen_version: int,
    *,
    actor: Staff,
    clock: Clock,
    client_id: int | None = None,
) -> PendingAssessment:
    """Record the day the assessment started (today when not given).

    Refused before the matter became pending, in the future, and when it was
    already marked started (the first date is what the deadline is measured
    by). ``client_id``, when given, must be the assessment's client: a screen
    showing one client cannot change another's by a stale id.
    """
    today = local_today(clock)
    day = started_on or today
    if day > today:
        raise InvalidInput({"started_on": tr("need_assessment.started_future")})
    with uow:
        pending = uow.pending_assessments.get(pending_id)
        if client_id is not None and pending.client_id != client_id:
            raise DomainError(tr("need_assessment.not_this_client"))
        require(uow, actor, AccessAction.PENDING_ASSESSMENT_UPDATED, pending.client_id)
        if pending.started_on is not None:
            raise DomainError(
                tr("need_assessment.already_started", started=formats.date(pending.started_on))
            )
        if day < pending.pending_since:
            raise InvalidInput(
                {
                    "started_on": tr(
                        "need_assessment.started_before_pending",
                        since=formats.date(pending.pending_since),
                    )
                }
            )
        started = uow.pending_assessments.mark_started(pending_id, day, seen_version)
        uow.audit(actor, AccessAction.PENDING_ASSESSMENT_UPDATED, pending.client_id)
        uow.commit()
    return started


def set_highest_care_allowance(
    uow: UnitOfWork,
    client_id: int,
    value: bool,
    seen_version: int,
    rules: DeadlineRules,
    *,
    actor: Staff,
) -> Client:
    """Record whether the client is on the highest care allowance.

    An assessment that is pending and not yet started gets its due date again
    from the day it became pending: the allowance was a fact then too, only
    recorded late, and a client on it is owed the 7-working-day limit. Refused
    with :class:`StaleVersion` when the client was changed after
    ``seen_version`` was read.
    """
    with uow:
        require(uow, actor, AccessAction.CARE_ALLOWANCE_UPDATED, client_id)
        client = uow.clients.set_highest_care_allowance(client_id, value, seen_version)
        for pending in uow.pending_assessments.for_client(client_id):
            if pending.started_on is not None:
                continue
            statutory = is_statutory(client, pending.pending_since)
            due = due_date(client, pending.pending_since, rules)
            if (due, statutory) != (pending.due_on, pending.statutory):
                uow.pending_assessments.reschedule(pending.id, due, statutory)
        uow.audit(actor, AccessAction.CARE_ALLOWANCE_UPDATED, client_id)
        uow.commit()
    return client


def deadlines_for(
    uow: UnitOfWork,
    professional_id: int | None,
    today: dt.date,
    rules: DeadlineRules,
    *,
    actor: Staff,
) -> list[DeadlineLine]:
    """Assessments not started that are due within ``rules.warn_working_days`` or overdue.

    With a professional: their clients and clients with no case manager (whom
    nobody else would notice); without, everyone's. The most overdue first.
    Each listed client is logged.
    """
    horizon = add_working_days(today, rules.warn_working_days)
    with uow:
        found = uow.pending_assessments.not_started_due_by(horizon, professional_id)
        reached = within_reach(
            uow, actor, AccessAction.DEADLINES_LISTED, {p.client_id for p in found}
        )
        found = [p for p in found if p.client_id in reached]
        clients = uow.clients.get_many(reached)
        for client_id in sorted(clients):
            uow.audit(actor, AccessAction.DEADLINES_LISTED, client_id)
        uow.commit()
    lines = []
    for pending in found:
        left = working_days_left(pending.due_on, today)
        lines.append(
            DeadlineLine(
                pending=pending,
                client_id=pending.client_id,
                client=client_label(clients[pending.client_id]),
                working_days_left=left,
                status=status_text(left),
            )
        )
    lines.sort(key=lambda line: (line.working_days_left, line.due_on, line.pending.id))
    return lines
