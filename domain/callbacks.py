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
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from domain.access import require, within_reach
from domain.audit import AccessAction
from domain.clients import Client
from domain.clock import HELSINKI, local_day_bounds, local_today
from domain.errors import DomainError, InvalidInput
from domain.i18n import tr
from domain.staff import Staff, StaffRole
from domain.text import clean_text

if TYPE_CHECKING:
    from domain.ports import UnitOfWork

NOTE_MAX = 200
"""A short note: what the call is about, not the case."""
CALLERS = (StaffRole.RECEPTION, StaffRole.COORDINATOR)
"""The roles that call clients back: those that work with clients."""

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


def callers(uow: UnitOfWork, client_id: int, *, actor: Staff) -> list[Staff]:
    """The workers a callback for the client can be given to: active accounts that
    work with clients. The acting worker comes first: most callbacks are one's own.
    """
    with uow:
        require(uow, actor, AccessAction.CALLBACK_CREATED, client_id)
        accounts = uow.staff.all_accounts()
        uow.commit()
    found = [
        account.staff
        for account in accounts
        if account.active and account.staff.role in CALLERS and account.staff.id != actor.id
    ]
    return [actor, *found]


def add_callback(uow: UnitOfWork, entry: CallbackInput, *, actor: Staff) -> Callback:
    """Promise the client a call by ``entry.caller_id`` on the day; logged for the client."""
    with uow:
        checked = entry.checked(local_today(uow.clock))
        require(uow, actor, AccessAction.CALLBACK_CREATED, checked.client_id)
        uow.clients.get(checked.client_id)
        caller = uow.staff.get_many([checked.caller_id]).get(checked.caller_id)
        if caller is None or caller.role not in CALLERS:
            raise InvalidInput({"caller": tr("callback.caller_not_found")})
        callback = uow.callbacks.add(checked, by=actor.id, at=uow.clock.now())
        uow.audit(actor, AccessAction.CALLBACK_CREATED, checked.client_id)
        uow.commit()
    return callback


def my_callbacks(uow: UnitOfWork, *, actor: Staff) -> list[CallbackLine]:
    """The worker's open callbacks (theirs to make, or asked by them), by due day and time.

    Each client listed is logged once a day (the list is read again and again).
    """
    with uow:
        found = uow.callbacks.open_for(actor.id)
        allowed = within_reach(
            uow, actor, AccessAction.CALLBACK_LISTED, {c.client_id for c in found}
        )
        found = [c for c in found if c.client_id in allowed]
        clients = uow.clients.get_many(c.client_id for c in found)
        staff = uow.staff.get_many({c.created_by for c in found} | {c.caller_id for c in found})
        phones = {c.client_id: uow.contact_details.get(c.client_id).phone for c in found}
        day_start, _ = local_day_bounds(local_today(uow.clock))
        uow.audit_once_since(actor, AccessAction.CALLBACK_LISTED, allowed, day_start)
        uow.commit()
    return [
        CallbackLine(
            callback=c,
            client=clients[c.client_id],
            created_by=staff[c.created_by],
            caller=staff[c.caller_id],
            phone=phones[c.client_id],
        )
        for c in found
    ]


def count_my_callbacks(uow: UnitOfWork, *, actor: Staff) -> CallbackCount:
    """How many callbacks the worker is to make, and how many are late: no client data."""
    with uow:
        require(uow, actor, AccessAction.CALLBACK_LISTED)
        found = [c for c in uow.callbacks.open_for(actor.id) if c.caller_id == actor.id]
        now = uow.clock.now()
        uow.commit()
    return CallbackCount(open=len(found), overdue=sum(c.overdue_at(now) for c in found))


def mark_callback_done(
    uow: UnitOfWork, callback_id: int, seen_version: int, *, actor: Staff
) -> Callback:
    """The call was made: the callback leaves the lists.

    Only the worker who was to call, or who asked for the call, marks it done:
    a colleague's list is not tidied by someone who does not know whether the
    call was made.
    """
    with uow:
        callback = uow.callbacks.get(callback_id)
        require(uow, actor, AccessAction.CALLBACK_DONE, callback.client_id)
        if actor.id not in (callback.caller_id, callback.created_by):
            raise DomainError(tr("callback.not_yours"))
        if callback.done:
            raise DomainError(tr("callback.already_done"))
        done = uow.callbacks.mark_done(callback_id, seen_version, by=actor.id, at=uow.clock.now())
        uow.audit(actor, AccessAction.CALLBACK_DONE, callback.client_id)
        uow.commit()
    return done
