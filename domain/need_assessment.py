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

from pydantic import BaseModel, ConfigDict, Field

from domain.clients import Client
from domain.deadlines import add_working_days, is_working_day
from domain.i18n import ntr, tr

STATUTORY_AGE = 75
"""SHL 36 §: "yli 75-vuotias". Read as "75 vuotta täyttänyt" (see :func:`is_statutory`)."""


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
