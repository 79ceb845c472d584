"""Use cases of the walk-in reception desk.

Each function is one transaction on a :class:`~domain.ports.UnitOfWork`: it
opens it, does its work, records the access events and commits. Reads commit
too, because the access log of a read must be kept (R12).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from domain.audit import AccessAction
from domain.clients import Client, NewClient
from domain.clock import Clock, local_day_bounds, local_today
from domain.errors import CreatedMeanwhile, DomainError, StaleVersion
from domain.i18n import tr
from domain.opening_hours import is_within_hours
from domain.ports import UnitOfWork
from domain.queue import QueueEntry, next_waiting, order_queue
from domain.reception import AlreadyWaiting, PossibleDuplicate
from domain.search import ClientQuery, name_similarity, parse_query, resembles
from domain.staff import Location, Staff
from domain.text import normalise_name
from domain.use_cases.access import require
from domain.use_cases.queue_undo import record_move
from domain.visit_moves import MoveKind
from domain.visits import NewVisit, Visit, VisitState
from domain.walk_in import WalkInInput, check_walk_in

T = TypeVar("T")


SEARCH_LIMIT = 50


DUPLICATE_LIMIT = 20
"""At most this many look-alikes are shown before a new client is saved."""


def find_possible_duplicates(uow: UnitOfWork, identity: NewClient) -> tuple[list[Client], bool]:
    """Existing clients the new identity may belong to, and whether it is certain.

    A hetu already stored is certain. Otherwise a resembling name is a
    possible duplicate (case, accents, spacing and word order do not matter;
    one or two typos are caught), narrowed by the birth year when one is
    given: a client born another year is someone else, one whose year is not
    known may still be the same person. A client with another hetu is someone
    else too.
    """
    if identity.hetu is not None:
        existing = uow.clients.by_hetu(identity.hetu.code)
        if existing is not None:
            return [existing], True
    if not identity.name:
        return [], False
    name = identity.name
    found: dict[int, Client] = {}
    if identity.birth_year is not None:
        found.update((c.id, c) for c in uow.clients.born_in(identity.birth_year))
    found.update((c.id, c) for c in _clients_named_like(uow, name))
    similar = [
        client
        for client in found.values()
        if client.name
        and resembles(client.name, name)
        and (identity.birth_year is None or client.birth_year in (None, identity.birth_year))
        and (identity.hetu is None or client.hetu is None)
    ]
    similar.sort(key=lambda client: (-name_similarity(client.name or "", name), client.id))
    return similar[:DUPLICATE_LIMIT], False


def _clients_named_like(uow: UnitOfWork, name: str) -> list[Client]:
    """Clients whose name has every word of ``name``, or after a typo the words it
    could mean: the candidates :func:`~domain.search.resembles` then sorts out."""
    query = ClientQuery(name_terms=tuple(normalise_name(name).split()))
    found = uow.clients.search(query, SEARCH_LIMIT)
    if not found and query.tolerates_typos:
        corrected = query.corrected(uow.clients.name_words_with_keys(query.typo_keys))
        if corrected is not None:
            found = uow.clients.search_corrected(corrected, SEARCH_LIMIT)
    return found


def _open_visit_today(uow: UnitOfWork, client_id: int, clock: Clock) -> Visit | None:
    """The client's visit of today that is still waiting or in service, at any desk."""
    start, end = local_day_bounds(local_today(clock))
    today = [v for v in uow.visits.open_for_client_since(client_id, start) if v.arrived_at < end]
    return today[0] if today else None


def register_walk_in(
    uow: UnitOfWork,
    form: WalkInInput,
    *,
    actor: Staff,
    location: Location,
    clock: Clock,
    accept_possible_duplicate: bool = False,
    accept_already_waiting: bool = False,
) -> Visit:
    """Register an arrival; creates the client when a new identity was typed.

    Raises :class:`InvalidInput` for bad fields; :class:`PossibleDuplicate`
    when the identity resembles an existing client, and :class:`AlreadyWaiting`
    when the client already has an open visit today, unless the worker has
    seen that warning and chose to go on. The look-alikes shown are logged as
    listed (R12), so that refusal commits the log before it is raised.
    """
    now = clock.now()
    checked = check_walk_in(form, local_today(clock))
    with uow:
        require(uow, actor, AccessAction.VISIT_REGISTERED)
        client_id = checked.client_id
        if client_id is not None:
            client = uow.clients.get(client_id)  # refuse a client that no longer exists
            waiting = _open_visit_today(uow, client_id, clock)
            if waiting is not None and not accept_already_waiting:
                raise AlreadyWaiting(client, waiting)
        elif checked.identity is not None:
            candidates, certain = find_possible_duplicates(uow, checked.identity)
            if candidates and (certain or not accept_possible_duplicate):
                require(uow, actor, AccessAction.CLIENT_LISTED_IN_SEARCH)
                for candidate in candidates:
                    uow.audit(actor, AccessAction.CLIENT_LISTED_IN_SEARCH, candidate.id)
                uow.commit()
                raise PossibleDuplicate(candidates, certain=certain)
            require(uow, actor, AccessAction.CLIENT_CREATED)
            client = uow.clients.add(checked.identity)
            client_id = client.id
            uow.audit(actor, AccessAction.CLIENT_CREATED, client_id)
        visit = uow.visits.add(
            NewVisit(
                location_id=location.id,
                client_id=client_id,
                reason=checked.reason,
                channel=checked.channel,
                urgency=checked.urgency,
                arrived_at=now,
                registered_by=actor.id,
                outside_hours=_outside_hours(uow, location, now),
            )
        )
        if client_id is not None:
            uow.audit(actor, AccessAction.VISIT_REGISTERED, client_id)
        uow.commit()
    return visit


def _outside_hours(uow: UnitOfWork, location: Location, at: dt.datetime) -> bool:
    """Whether the arrival falls outside the location's walk-in hours (R11).

    It only marks the visit for the indicators: nobody is turned away (R1). A
    location without any hours has no "outside", so nothing is marked there.
    """
    hours = uow.opening_hours.for_location(location.id)
    return bool(hours) and not is_within_hours(hours, at)


def todays_queue(
    uow: UnitOfWork, *, actor: Staff, location: Location, clock: Clock
) -> list[QueueEntry]:
    """Today's visits at this location, in queue order, with their clients."""
    start, end = local_day_bounds(local_today(clock))
    with uow:
        require(uow, actor, AccessAction.CLIENT_LISTED_IN_QUEUE)
        visits = uow.visits.arrived_between(location.id, start, end)
        clients = uow.clients.get_many({v.client_id for v in visits if v.client_id is not None})
        drafts = uow.intakes.visits_with_draft(
            [v.id for v in visits if v.state is VisitState.IN_SERVICE]
        )
        uow.audit_once_since(actor, AccessAction.CLIENT_LISTED_IN_QUEUE, clients, start)
        uow.commit()
    return order_queue(
        QueueEntry(
            visit=v,
            client=clients.get(v.client_id) if v.client_id else None,
            draft=v.id in drafts,
        )
        for v in visits
    )


def _save_move(
    uow: UnitOfWork, before: Visit, moved: Visit, actor: Staff, kind: MoveKind, at: dt.datetime
) -> Visit:
    """Store a move and keep it with what the visit was before, for undo."""
    if moved.client_id is not None:
        require(uow, actor, AccessAction.VISIT_UPDATED, moved.client_id)
    saved = uow.visits.update(moved)
    record_move(uow, before, saved, kind, actor, at)
    if saved.client_id is not None:
        uow.audit(actor, AccessAction.VISIT_UPDATED, saved.client_id)
    uow.commit()
    return saved


def _load_current(uow: UnitOfWork, visit_id: int, seen_version: int) -> Visit:
    visit = uow.visits.get(visit_id)
    if visit.version != seen_version:
        raise StaleVersion(tr("visit.stale"))
    return visit


def call_next(uow: UnitOfWork, *, actor: Staff, location: Location, clock: Clock) -> Visit | None:
    """Call the most urgent, longest-waiting visitor; ``None`` when nobody waits."""
    start, end = local_day_bounds(local_today(clock))
    with uow:
        visit = next_waiting(uow.visits.arrived_between(location.id, start, end))
        if visit is None:
            return None
        now = clock.now()
        return _save_move(uow, visit, visit.call(actor.id, now), actor, MoveKind.CALLED, now)


def call_visit(
    uow: UnitOfWork, visit_id: int, seen_version: int, *, actor: Staff, clock: Clock
) -> Visit:
    """Call a particular waiting visitor (out of turn, or one put back who came back)."""
    with uow:
        visit = _load_current(uow, visit_id, seen_version)
        now = clock.now()
        return _save_move(uow, visit, visit.call(actor.id, now), actor, MoveKind.CALLED, now)


def finish_visit(
    uow: UnitOfWork, visit_id: int, seen_version: int, *, actor: Staff, clock: Clock
) -> Visit:
    """Mark a visit in service as served (``d`` in the queue)."""
    with uow:
        visit = _load_current(uow, visit_id, seen_version)
        _refuse_unfinished_interview(uow, visit)
        now = clock.now()
        return _save_move(uow, visit, visit.finish(actor.id, now), actor, MoveKind.FINISHED, now)


def mark_left(
    uow: UnitOfWork, visit_id: int, seen_version: int, *, actor: Staff, clock: Clock
) -> Visit:
    """Mark that the visitor left without service.

    The queue's ``l`` goes through ``interview.leave_visit``, which records an
    unfinished interview as "client left" when the worker agrees.
    """
    with uow:
        visit = _load_current(uow, visit_id, seen_version)
        _refuse_unfinished_interview(uow, visit)
        now = clock.now()
        return _save_move(uow, visit, visit.leave(actor.id, now), actor, MoveKind.LEFT, now)


def put_back_visit(
    uow: UnitOfWork, visit_id: int, seen_version: int, *, actor: Staff, clock: Clock
) -> Visit:
    """A called visitor did not come: back in the queue at their place.

    Any worker may do it (the one who called may be busy with the next). A
    visit whose interview has begun is refused: the visitor was there.
    """
    with uow:
        visit = uow.visits.get(visit_id)
        if visit.client_id is not None:
            require(uow, actor, AccessAction.VISIT_UPDATED, visit.client_id)
        if visit.version != seen_version:
            raise StaleVersion(tr("visit.stale"))
        if visit.state is not VisitState.IN_SERVICE:
            raise DomainError(tr("queue.put_back_not_called"))
        if uow.intakes.draft_for(visit_id) is not None or uow.intakes.records_for_visit(visit_id):
            raise DomainError(tr("queue.put_back_interview_begun"))
        now = clock.now()
        return _save_move(uow, visit, visit.put_back(), actor, MoveKind.PUT_BACK, now)


def _refuse_unfinished_interview(uow: UnitOfWork, visit: Visit) -> None:
    """Closing a visit around its unrecorded interview draft would strand the draft:
    it could never be recorded. The worker records it instead."""
    if uow.intakes.draft_for(visit.id) is not None and not uow.intakes.records_for_visit(visit.id):
        raise DomainError(tr("visit.interview_unfinished"))


def search_clients(
    uow: UnitOfWork, text: str, *, actor: Staff, limit: int = SEARCH_LIMIT
) -> list[Client]:
    """Clients matching a typed search; an empty search finds nobody."""
    query = parse_query(text)
    if query.is_empty:
        return []
    with uow:
        require(uow, actor, AccessAction.CLIENT_LISTED_IN_SEARCH)
        found = uow.clients.search(query, limit)
        if not found and query.tolerates_typos:
            # Nobody by that name: maybe a letter was mistyped (R2, one client one
            # record). The words it could mean, then the clients with those words.
            corrected = query.corrected(uow.clients.name_words_with_keys(query.typo_keys))
            if corrected is not None:
                found = uow.clients.search_corrected(corrected, limit)
        for client in found:
            uow.audit(actor, AccessAction.CLIENT_LISTED_IN_SEARCH, client.id)
        uow.commit()
    return found


def _get_or_add(uow: UnitOfWork, find_or_create: Callable[[], T]) -> T:
    """Run ``find_or_create`` in its own transaction, once more if another terminal
    created the same record at the same moment: the second try finds theirs."""
    try:
        with uow:
            found = find_or_create()
            uow.commit()
    except CreatedMeanwhile:
        with uow:
            found = find_or_create()
            uow.commit()
    return found


def identify_staff(uow: UnitOfWork, name: str) -> Staff:
    """The staff row for the acting worker, created on first use."""
    return _get_or_add(uow, lambda: uow.staff.get_or_add(name))


def identify_location(uow: UnitOfWork, code: str, name: str) -> Location:
    """The terminal's location, created on first use."""
    return _get_or_add(uow, lambda: uow.locations.get_or_add(code, name))
