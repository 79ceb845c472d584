"""Access checks that read the client's ties from storage (R12): reach, caseloads, teams."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from domain.access import (
    MATRIX,
    AccessDenied,
    ClientTies,
    Reach,
    Task,
    _denied_role,
    reaches,
    require_task,
)
from domain.audit import AccessAction
from domain.clock import local_day_bounds, local_today
from domain.i18n import N_, tr
from domain.ports import UnitOfWork
from domain.staff import Staff

AGENDA_REACH_DAYS = 30
"""A client stays within the team's reach this long after a meeting that handled them."""


def _ties(uow: UnitOfWork, actor: Staff, client_ids: Iterable[int]) -> dict[int, ClientTies]:
    # The unit of work's clock: the same "now" that stamps the access-log events.
    today = local_today(uow.clock)
    day_start, _ = local_day_bounds(today)
    agenda_since, _ = local_day_bounds(today - dt.timedelta(days=AGENDA_REACH_DAYS))
    return uow.access.ties(
        set(client_ids), actor.id, day_start=day_start, agenda_since=agenda_since
    )


def require(
    uow: UnitOfWork,
    actor: Staff,
    action: AccessAction,
    client_id: int | None = None,
) -> None:
    """Refuse ``action`` unless the actor's role reaches it (and ``client_id``).

    Without ``client_id`` the whole action is allowed for every client, which
    only actions of reach :attr:`Reach.ANY` are. Call it inside the unit of
    work, before reading or writing, so that the ties are the ones before this
    use case changed anything (naming oneself case manager does not open a
    client one could not open).
    """
    reach = MATRIX[action].get(actor.role)
    if reach is None:
        raise _denied_role(actor, MATRIX[action])
    if reach is not Reach.ANY:
        # The role may, but only for some clients: without a client, none is within reach.
        ties = (
            _ties(uow, actor, [client_id]).get(client_id, ClientTies())
            if client_id is not None
            else None
        )
        if ties is None or not reaches(reach, ties):
            key = N_("access.denied_queue") if reach is Reach.QUEUE else N_("access.denied_client")
            raise AccessDenied(tr(key))
    uow.permit(actor, action, client_id)


def within_reach(
    uow: UnitOfWork,
    actor: Staff,
    action: AccessAction,
    client_ids: Iterable[int],
) -> set[int]:
    """The clients of a list the actor may see with ``action``; permits each of them.

    Lists keep what the role reaches and drop the rest silently: a deadline
    list shows a coordinator only their own clients' deadlines.
    """
    reach = MATRIX[action].get(actor.role)
    if reach is None:
        raise _denied_role(actor, MATRIX[action])
    wanted = set(client_ids)
    if reach is Reach.ANY:
        allowed = wanted
    else:
        ties = _ties(uow, actor, wanted)
        allowed = {c for c in wanted if reaches(reach, ties.get(c, ClientTies()))}
    for client_id in allowed:
        uow.permit(actor, action, client_id)
    return allowed


def require_caseload_move(uow: UnitOfWork, actor: Staff, client_ids: Iterable[int]) -> None:
    """Moving a worker's whole caseload reaches every client in it.

    The coordinators look after the caseloads together: when a worker leaves,
    whoever moves the caseload names the new case manager for clients they do
    not otherwise work with. The move is logged per client like any naming.
    """
    require_task(actor, Task.CASELOADS)
    for client_id in client_ids:
        uow.permit(actor, AccessAction.CASE_MANAGER_ASSIGNED, client_id)


def permit_team_decision(
    uow: UnitOfWork,
    actor: Staff,
    client_id: int,
    *actions: AccessAction,
) -> None:
    """What a MOTI meeting decides for a client on its agenda reaches that client.

    Naming the case manager agreed in the meeting (R4), or checking the
    client's consents before the agenda goes to invitees, is part of running
    the meeting; the actor's role must still allow the action at all.
    """
    require(uow, actor, AccessAction.MEETING_UPDATED)
    for action in actions or (AccessAction.CASE_MANAGER_ASSIGNED, AccessAction.CASE_MANAGER_ENDED):
        if actor.role not in MATRIX[action]:
            raise _denied_role(actor, MATRIX[action])
        uow.permit(actor, action, client_id)
