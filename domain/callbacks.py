"""Callbacks (soita takaisin): a promise to call the client, on a worker's list until done.

A client who rings while the worker is with someone else, or who leaves the
desk before the answer is known, is promised a call. Said aloud and not
written down, the promise is lost at the end of the shift. A callback names the
client, the worker who is to call, the day (and, when agreed, the time) and
what the call is about, and stays on that worker's list until it is marked
done. A callback not done on its day is overdue, and the lists say so in words.

Anyone at the front desk may promise a call and take one on: the lists are the
worker's own (what they are to call, and what they asked others to call), so
they are reached like the queue is, by the action itself, and every client
listed is in the access log (R12).
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, ConfigDict

from domain.clients import Client
from domain.clock import HELSINKI
from domain.errors import InvalidInput
from domain.i18n import tr
from domain.staff import Staff
from domain.text import clean_text

NOTE_MAX = 200
"""A short note: what the call is about, not the case."""

_TIME = re.compile(r"(\d{1,2})[.:](\d{2})")


def parse_time(text: str) -> dt.time | None:
    """``9.30`` or ``9:30`` (or ``14.05``); empty text is no time.

    Raises ``ValueError`` with a message for the field when it is not a time.
    """
    cleaned = text.strip()
    if not cleaned:
        return None
    match = _TIME.fullmatch(cleaned)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(tr("callback.time_format"))
    return dt.time(int(match[1]), int(match[2]))


class Callback(BaseModel):
    """A stored callback; ``done_at`` is set once the call was made."""

    model_config = ConfigDict(frozen=True)

    id: int
    client_id: int
    caller_id: int
    """The staff member who is to call."""
    due_on: dt.date
    due_time: dt.time | None = None
    note: str
    created_by: int
    created_at: dt.datetime
    done_at: dt.datetime | None = None
    done_by: int | None = None
    version: int = 1

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def overdue_at(self, now: dt.datetime) -> bool:
        """Not done and its day (or its agreed time today) has passed, in Helsinki."""
        if self.done:
            return False
        local = now.astimezone(HELSINKI)
        if self.due_on != local.date():
            return self.due_on < local.date()
        return self.due_time is not None and self.due_time < local.time().replace(tzinfo=None)

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        return [("id", self.id), ("client_id", self.client_id)]


class CallbackInput(BaseModel):
    """A callback as typed: who calls, on which day, at what time if agreed, and why."""

    model_config = ConfigDict(frozen=True)

    client_id: int
    caller_id: int
    due_on: dt.date | None
    due_time: dt.time | None = None
    note: str

    def checked(self, today: dt.date) -> CallbackInput:
        """Cleaned, or :class:`InvalidInput` per field: a day not yet past, and a note."""
        errors: dict[str, str] = {}
        note = clean_text(self.note)
        if not note:
            errors["note"] = tr("callback.note_missing")
        elif len(note) > NOTE_MAX:
            errors["note"] = tr("callback.note_too_long", limit=NOTE_MAX)
        if self.due_on is None:
            errors["due_on"] = tr("callback.day_missing")
        elif self.due_on < today:
            errors["due_on"] = tr("callback.day_past")
        if errors:
            raise InvalidInput(errors)
        return self.model_copy(update={"note": note})

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        return [("client_id", self.client_id)]


class CallbackLine(BaseModel):
    """One callback on a list, with the client it is for and who asked for it."""

    model_config = ConfigDict(frozen=True)

    callback: Callback
    client: Client
    created_by: Staff
    caller: Staff
    phone: str = ""
    """The client's phone number, when known: the list is what the caller dials from."""


class CallbackCount(BaseModel):
    """How many open callbacks the worker has and how many of them are overdue."""

    model_config = ConfigDict(frozen=True)

    open: int
    overdue: int
