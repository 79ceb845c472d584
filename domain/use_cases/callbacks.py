"""Callbacks a worker promises: adding them, the worker's own list, marking them done."""

from __future__ import annotations

from domain.audit import AccessAction
from domain.callbacks import Callback, CallbackCount, CallbackInput, CallbackLine
from domain.clock import local_day_bounds, local_today
from domain.errors import DomainError, InvalidInput
from domain.i18n import tr
from domain.ports import UnitOfWork
from domain.staff import Staff, StaffRole
from domain.use_cases.access import require, within_reach

CALLERS = (StaffRole.RECEPTION, StaffRole.COORDINATOR)
"""The roles that call clients back: those that work with clients."""


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
