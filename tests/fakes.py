"""The in-memory unit of work of the use-case tests (no database).

One fake for every such test, typed against :class:`domain.ports.UnitOfWork`:
mypy checks each repository it returns against the port's Protocol, so a port
that changes breaks the fake here, where it is written, not in whichever test
happens to call the changed method. Like the SQL unit of work, it keeps nothing
without ``commit`` (each transaction works on a copy of the committed
:class:`Store`), and an access-log event without a role check first fails.

Every client is within the actor's reach (:data:`TIED`): these tests are about a
use case's own rules; the role matrix is tested in ``tests/unit/test_access_matrix.py``.
What the use-case tests have not needed raises :class:`NotHeld`: such a test
runs on a real database (``tests/integration``).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import NoReturn, Self

from domain.access import ClientTies
from domain.audit import AccessAction, AccountAction, AccountAuditEntry, AuditEntry
from domain.callbacks import Callback, CallbackInput
from domain.case_management import CaseManagerAssignment, EndReason
from domain.clients import Client, NewClient
from domain.clock import Clock, FixedClock
from domain.contact_details import ContactDetails, ContactDetailsInput
from domain.errors import NotFound, StaleVersion
from domain.feedback import Feedback, NewFeedback
from domain.intake import IntakeContent, IntakeDraft, IntakeRecord
from domain.need_assessment import PendingAssessment
from domain.opening_hours import OpeningHours
from domain.ports import (
    AccessQueries,
    CallbackRepository,
    CaseDecisionRepository,
    CaseManagerRepository,
    ClientRepository,
    ConsentRepository,
    ContactDetailsRepository,
    FeedbackRepository,
    IntakeRepository,
    LocationRepository,
    MeetingRepository,
    NetworkRepository,
    OpeningHoursRepository,
    PendingAssessmentRepository,
    PlanRepository,
    ProfessionalRepository,
    ReferralRepository,
    ServiceRepository,
    StaffRepository,
    UnitOfWork,
    VisitMoveRepository,
    VisitRepository,
)
from domain.reports import ReportQueries
from domain.search import ClientQuery, CorrectedQuery, name_words, typo_keys
from domain.staff import Account, Location, LoginAttempt, Staff, StaffRole
from domain.text import normalise_name
from domain.visit_moves import NewVisitMove, VisitMove
from domain.visits import NewVisit, Visit, VisitState

TIED = ClientTies(in_todays_queue=True, own=True, on_team_agenda=True, has_case_manager=True)

AuditCall = tuple[int, AccessAction, int]
"""An access-log event as the tests compare it: (actor id, action, client id)."""


class NotHeld(NotImplementedError):
    """The fake does not hold this: test it on a database (``tests/integration``)."""


def _not_held(what: str) -> NoReturn:
    raise NotHeld(f"the in-memory unit of work holds no {what}")


@dataclass
class Store:
    """Everything the fake database holds; copied whole for each transaction."""

    clients: dict[int, Client] = field(default_factory=dict)
    visits: dict[int, Visit] = field(default_factory=dict)
    staff: dict[str, Staff] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    opening_hours: dict[int, list[OpeningHours]] = field(default_factory=dict)
    drafts: dict[int, IntakeDraft] = field(default_factory=dict)
    moves: list[VisitMove] = field(default_factory=list)
    callbacks: dict[int, Callback] = field(default_factory=dict)
    contact_details: dict[int, ContactDetails] = field(default_factory=dict)
    pending_assessments: dict[int, PendingAssessment] = field(default_factory=dict)
    feedback: list[Feedback] = field(default_factory=list)
    assignments: dict[int, CaseManagerAssignment] = field(default_factory=dict)
    feedback_reminders: dict[int, bool] = field(default_factory=dict)
    """Assignment id → whether the feedback instructions were handed over at the closure."""
    audits: list[AuditCall] = field(default_factory=list)
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def seen(self, used_id: int) -> None:
        """A row seeded with its own id: new rows get later ones."""
        self.next_id = max(self.next_id, used_id + 1)


def _words(client: Client) -> frozenset[str]:
    return name_words(normalise_name(client.name or ""))


def _matches(client: Client, hetu: str | None, birth_year: int | None) -> bool:
    return (hetu is None or (client.hetu is not None and client.hetu.code == hetu)) and (
        birth_year is None or client.birth_year == birth_year
    )


class FakeClients:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def get(self, client_id: int) -> Client:
        try:
            return self._uow.pending.clients[client_id]
        except KeyError:
            raise NotFound("no such client") from None

    def get_many(self, client_ids: Iterable[int]) -> dict[int, Client]:
        clients = self._uow.pending.clients
        return {i: clients[i] for i in client_ids if i in clients}

    def set_highest_care_allowance(self, client_id: int, value: bool, seen_version: int) -> Client:
        current = self.get(client_id)
        if current.version != seen_version:
            raise StaleVersion("stale")
        saved = current.model_copy(
            update={"highest_care_allowance": value, "version": current.version + 1}
        )
        self._uow.pending.clients[client_id] = saved
        return saved

    def add(self, new: NewClient) -> Client:
        store = self._uow.pending
        client = Client(
            id=store.new_id(),
            name=new.name,
            hetu=new.hetu,
            birth_year=new.birth_year,
            created_at=self._uow.clock.now(),
            version=1,
        )
        store.clients[client.id] = client
        return client

    def by_hetu(self, hetu: str) -> Client | None:
        return next(
            (c for c in self._uow.pending.clients.values() if _matches(c, hetu, None)), None
        )

    def born_in(self, year: int) -> list[Client]:
        return [c for c in self._uow.pending.clients.values() if c.birth_year == year]

    def search(self, query: ClientQuery, limit: int) -> list[Client]:
        found = [
            c
            for c in self._uow.pending.clients.values()
            if all(term in normalise_name(c.name or "") for term in query.name_terms)
            and _matches(c, query.hetu, query.birth_year)
        ]
        return sorted(found, key=lambda c: (c.name or "", c.id))[:limit]

    def name_words_with_keys(self, keys: Collection[str]) -> set[str]:
        words = {w for c in self._uow.pending.clients.values() for w in _words(c)}
        return {word for word in words if typo_keys(word) & set(keys)}

    def search_corrected(self, query: CorrectedQuery, limit: int) -> list[Client]:
        found = [
            c
            for c in self._uow.pending.clients.values()
            if all(_words(c) & set(words) for words in query.word_choices)
            and all(f in normalise_name(c.name or "") for f in query.fragments)
            and _matches(c, query.hetu, query.birth_year)
        ]
        return sorted(found, key=lambda c: (c.name or "", c.id))[:limit]


class FakeVisits:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def add(self, new: NewVisit) -> Visit:
        store = self._uow.pending
        visit = Visit(id=store.new_id(), state=VisitState.WAITING, **new.model_dump())
        store.visits[visit.id] = visit
        return visit

    def get(self, visit_id: int) -> Visit:
        try:
            return self._uow.pending.visits[visit_id]
        except KeyError:
            raise NotFound("no such visit") from None

    def update(self, visit: Visit) -> Visit:
        if self.get(visit.id).version != visit.version:
            raise StaleVersion("stale")
        saved = visit.model_copy(update={"version": visit.version + 1})
        self._uow.pending.visits[visit.id] = saved
        return saved

    def arrived_between(
        self, location_id: int, start: dt.datetime, end: dt.datetime
    ) -> list[Visit]:
        self._uow.asked_between.append((start, end))
        return [
            v
            for v in self._uow.pending.visits.values()
            if v.location_id == location_id and start <= v.arrived_at < end
        ]

    def for_client(self, client_id: int) -> list[Visit]:
        visits = [v for v in self._uow.pending.visits.values() if v.client_id == client_id]
        return sorted(visits, key=lambda v: (v.arrived_at, v.id), reverse=True)

    def open_for_client_since(self, client_id: int, since: dt.datetime) -> list[Visit]:
        visits = [
            v
            for v in self._uow.pending.visits.values()
            if v.client_id == client_id and v.state.is_open and v.arrived_at >= since
        ]
        return sorted(visits, key=lambda v: (v.arrived_at, v.id))

    def count_for_client_since(self, client_id: int, since: dt.datetime) -> int:
        return sum(1 for v in self.for_client(client_id) if v.arrived_at >= since)

    def set_feedback_reminder(self, visit_id: int, given: bool) -> None:
        _not_held("feedback reminders of visits")


class FakeIntakes:
    """Drafts only: which visits' interviews are under way; no finished intakes."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def draft_for(self, visit_id: int) -> IntakeDraft | None:
        return self._uow.pending.drafts.get(visit_id)

    def save_draft(
        self,
        visit_id: int,
        content: IntakeContent,
        seen_version: int | None,
        by: int,
        at: dt.datetime,
        position: str | None = None,
    ) -> IntakeDraft:
        _not_held("saving of drafts")

    def visits_with_draft(self, visit_ids: Collection[int]) -> set[int]:
        return set(visit_ids) & set(self._uow.pending.drafts)

    def delete_draft(self, visit_id: int, seen_version: int | None) -> None:
        _not_held("deleting of drafts")

    def records_for_visit(self, visit_id: int) -> list[IntakeRecord]:
        return []

    def records_for_client(self, client_id: int) -> list[IntakeRecord]:
        return []

    def add_record(
        self,
        visit_id: int,
        client_id: int | None,
        content: IntakeContent,
        by: int,
        at: dt.datetime,
        supersedes_id: int | None,
    ) -> IntakeRecord:
        _not_held("intake records")

    def visits_with_records(self, client_id: int) -> int:
        return 0


class FakeStaff:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def get_or_add(self, name: str) -> Staff:
        store = self._uow.pending
        if name not in store.staff:
            store.staff[name] = Staff(id=store.new_id(), name=name)
        return store.staff[name]

    def any_account(self) -> bool:
        return bool(self._uow.pending.staff)

    def account(self, name: str) -> Account | None:
        _not_held("accounts")

    def add_account(
        self, name: str, role: StaffRole, passphrase_hash: str, *, at: dt.datetime
    ) -> Staff:
        _not_held("accounts")

    def take_login_attempt(
        self,
        name: str,
        source: str,
        *,
        now: dt.datetime,
        waits: Sequence[dt.timedelta],
        forget_before: dt.datetime,
    ) -> LoginAttempt:
        _not_held("login attempts")

    def clear_login_attempts(self, name: str, source: str | None = None) -> int:
        _not_held("login attempts")

    def set_passphrase(self, staff_id: int, passphrase_hash: str) -> None:
        _not_held("passphrases")

    def set_role(self, staff_id: int, role: StaffRole) -> Staff:
        _not_held("role changes")

    def set_active(self, staff_id: int, active: bool) -> None:
        _not_held("accounts")

    def active_admins(self) -> int:
        return sum(1 for s in self._uow.pending.staff.values() if s.role is StaffRole.ADMIN)

    def all_accounts(self) -> list[Account]:
        """Everyone seeded, each with a passphrase and allowed in."""
        return [
            Account(staff=s, passphrase_hash="x", active=True, locked_until=None, version=1)
            for s in self._uow.pending.staff.values()
        ]

    def get_many(self, staff_ids: Iterable[int]) -> dict[int, Staff]:
        wanted = set(staff_ids)
        return {s.id: s for s in self._uow.pending.staff.values() if s.id in wanted}


class FakeLocations:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def get_or_add(self, code: str, name: str) -> Location:
        store = self._uow.pending
        if code not in store.locations:
            store.locations[code] = Location(id=store.new_id(), code=code, name=name)
        return store.locations[code]

    def get(self, location_id: int) -> Location:
        found = [loc for loc in self.all() if loc.id == location_id]
        if not found:
            raise NotFound("no such location")
        return found[0]

    def by_code(self, code: str) -> Location | None:
        return self._uow.pending.locations.get(code)

    def all(self) -> list[Location]:
        return list(self._uow.pending.locations.values())

    def set_team(self, location_id: int, team_id: int | None) -> Location:
        _not_held("teams")


class FakeOpeningHours:
    """A location without stored hours has none: every visit counts as within hours."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def for_location(self, location_id: int) -> list[OpeningHours]:
        return list(self._uow.pending.opening_hours.get(location_id, []))

    def replace(self, location_id: int, hours: Sequence[OpeningHours]) -> None:
        self._uow.pending.opening_hours[location_id] = list(hours)


class FakeVisitMoves:
    """The queue's moves (issue 19), newest last."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def add(self, move: NewVisitMove) -> VisitMove:
        store = self._uow.pending
        kept = VisitMove(id=store.new_id(), **move.model_dump())
        store.moves.append(kept)
        return kept

    def last_by(self, staff_id: int, location_id: int, since: dt.datetime) -> VisitMove | None:
        mine = [
            m
            for m in self._uow.pending.moves
            if m.moved_by == staff_id and m.location_id == location_id and m.moved_at >= since
        ]
        return mine[-1] if mine else None

    def latest_for_visit(self, visit_id: int) -> VisitMove | None:
        moves = [m for m in self._uow.pending.moves if m.visit_id == visit_id]
        return moves[-1] if moves else None

    def mark_undone(self, move_id: int, at: dt.datetime) -> None:
        moves = self._uow.pending.moves
        index = next(i for i, m in enumerate(moves) if m.id == move_id)
        moves[index] = moves[index].model_copy(update={"undone_at": at})


class FakeCallbacks:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def add(self, entry: CallbackInput, *, by: int, at: dt.datetime) -> Callback:
        assert entry.due_on is not None, "the use case checks the entry first"
        store = self._uow.pending
        saved = Callback(
            id=store.new_id(),
            client_id=entry.client_id,
            caller_id=entry.caller_id,
            due_on=entry.due_on,
            due_time=entry.due_time,
            note=entry.note,
            created_by=by,
            created_at=at,
        )
        store.callbacks[saved.id] = saved
        return saved

    def get(self, callback_id: int) -> Callback:
        try:
            return self._uow.pending.callbacks[callback_id]
        except KeyError:
            raise NotFound("no such callback") from None

    def open_for(self, staff_id: int) -> list[Callback]:
        return [
            c
            for c in self._uow.pending.callbacks.values()
            if not c.done and staff_id in (c.caller_id, c.created_by)
        ]

    def mark_done(
        self, callback_id: int, seen_version: int, *, by: int, at: dt.datetime
    ) -> Callback:
        if self.get(callback_id).version != seen_version:
            raise StaleVersion("stale")
        done = self.get(callback_id).model_copy(
            update={"done_at": at, "done_by": by, "version": seen_version + 1}
        )
        self._uow.pending.callbacks[callback_id] = done
        return done


class FakeContactDetails:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def get(self, client_id: int) -> ContactDetails:
        return self._uow.pending.contact_details.get(client_id, ContactDetails(client_id=client_id))

    def save(self, entry: ContactDetailsInput) -> ContactDetails:
        _not_held("saving of contact details")


class FakePendingAssessments:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def add(
        self,
        client_id: int,
        *,
        pending_since: dt.date,
        due_on: dt.date,
        statutory: bool,
        recorded_by: int,
    ) -> PendingAssessment:
        store = self._uow.pending
        saved = PendingAssessment(
            id=store.new_id(),
            client_id=client_id,
            pending_since=pending_since,
            due_on=due_on,
            statutory=statutory,
            recorded_by=recorded_by,
        )
        store.pending_assessments[saved.id] = saved
        return saved

    def get(self, pending_id: int) -> PendingAssessment:
        try:
            return self._uow.pending.pending_assessments[pending_id]
        except KeyError:
            raise NotFound("no such assessment") from None

    def for_client(self, client_id: int) -> list[PendingAssessment]:
        found = [
            p for p in self._uow.pending.pending_assessments.values() if p.client_id == client_id
        ]
        return sorted(found, key=lambda p: (p.pending_since, p.id), reverse=True)

    def mark_started(
        self, pending_id: int, started_on: dt.date, seen_version: int
    ) -> PendingAssessment:
        current = self.get(pending_id)
        if current.version != seen_version:
            raise StaleVersion("stale")
        return self._save(current, started_on=started_on)

    def reschedule(self, pending_id: int, due_on: dt.date, statutory: bool) -> PendingAssessment:
        return self._save(self.get(pending_id), due_on=due_on, statutory=statutory)

    def not_started_due_by(
        self, horizon: dt.date, professional_id: int | None
    ) -> list[PendingAssessment]:
        """Every client's: the fake has no case managers to narrow by."""
        found = [
            p
            for p in self._uow.pending.pending_assessments.values()
            if p.started_on is None and p.due_on <= horizon
        ]
        return sorted(found, key=lambda p: (p.due_on, p.id))

    def _save(self, current: PendingAssessment, **changes: object) -> PendingAssessment:
        saved = current.model_copy(update={**changes, "version": current.version + 1})
        self._uow.pending.pending_assessments[saved.id] = saved
        return saved


class FakeFeedback:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def add(self, new: NewFeedback) -> Feedback:
        store = self._uow.pending
        saved = Feedback(id=store.new_id(), **new.model_dump())
        store.feedback.append(saved)
        return saved

    def for_client(self, client_id: int) -> list[Feedback]:
        return [row for row in reversed(self._uow.pending.feedback) if row.client_id == client_id]


class FakeCaseManagers:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def active_for(self, client_id: int) -> CaseManagerAssignment | None:
        return next((a for a in self.history(client_id) if a.active), None)

    def history(self, client_id: int) -> list[CaseManagerAssignment]:
        found = [a for a in self._uow.pending.assignments.values() if a.client_id == client_id]
        return sorted(found, key=lambda a: (a.started_at, a.id), reverse=True)

    def add(
        self, client_id: int, professional_id: int, *, interim: bool, by: int, at: dt.datetime
    ) -> CaseManagerAssignment:
        _not_held("naming of case managers")

    def end(
        self, assignment_id: int, reason: EndReason, note: str, *, by: int, at: dt.datetime
    ) -> CaseManagerAssignment:
        _not_held("ending of case management")

    def set_feedback_reminder(self, assignment_id: int, given: bool) -> None:
        self._uow.pending.feedback_reminders[assignment_id] = given

    def active_for_professional(self, professional_id: int) -> list[CaseManagerAssignment]:
        return [
            a
            for a in self._uow.pending.assignments.values()
            if a.active and a.professional_id == professional_id
        ]


class EveryClientTied:
    def ties(
        self,
        client_ids: set[int],
        staff_id: int,
        *,
        day_start: dt.datetime,
        agenda_since: dt.datetime,
    ) -> dict[int, ClientTies]:
        return dict.fromkeys(client_ids, TIED)


class FakeUnitOfWork:
    """One transaction at a time over :class:`Store`; nothing is kept without ``commit``.

    Tests seed the committed store (``seed_*``) and read it back (``committed``,
    ``audits``) outside any transaction.
    """

    def __init__(self, clock: FixedClock | None = None) -> None:
        self._clock = clock or FixedClock(dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC))
        self.committed = Store()
        self._pending: Store | None = None
        self.permitted: set[tuple[int, AccessAction, int | None]] = set()
        self.entered = 0
        self.commits = 0
        self.rollbacks = 0
        self.asked_between: list[tuple[dt.datetime, dt.datetime]] = []
        """The time windows the queue was read for."""

    @property
    def pending(self) -> Store:
        assert self._pending is not None, "used outside `with uow:`"
        return self._pending

    @property
    def audits(self) -> list[AuditCall]:
        """The committed access-log events."""
        return self.committed.audits

    # The port ---------------------------------------------------------------------------

    @property
    def clock(self) -> Clock:
        return self._clock

    @property
    def access(self) -> AccessQueries:
        return EveryClientTied()

    @property
    def clients(self) -> ClientRepository:
        return FakeClients(self)

    @property
    def visits(self) -> VisitRepository:
        return FakeVisits(self)

    @property
    def intakes(self) -> IntakeRepository:
        return FakeIntakes(self)

    @property
    def staff(self) -> StaffRepository:
        return FakeStaff(self)

    @property
    def locations(self) -> LocationRepository:
        return FakeLocations(self)

    @property
    def opening_hours(self) -> OpeningHoursRepository:
        return FakeOpeningHours(self)

    @property
    def visit_moves(self) -> VisitMoveRepository:
        return FakeVisitMoves(self)

    @property
    def callbacks(self) -> CallbackRepository:
        return FakeCallbacks(self)

    @property
    def contact_details(self) -> ContactDetailsRepository:
        return FakeContactDetails(self)

    @property
    def pending_assessments(self) -> PendingAssessmentRepository:
        return FakePendingAssessments(self)

    @property
    def feedback(self) -> FeedbackRepository:
        return FakeFeedback(self)

    @property
    def case_managers(self) -> CaseManagerRepository:
        return FakeCaseManagers(self)

    @property
    def services(self) -> ServiceRepository:
        _not_held("service catalogue")

    @property
    def professionals(self) -> ProfessionalRepository:
        _not_held("professionals' directory")

    @property
    def network(self) -> NetworkRepository:
        _not_held("client networks")

    @property
    def plans(self) -> PlanRepository:
        _not_held("plans or assessments")

    @property
    def meetings(self) -> MeetingRepository:
        _not_held("meetings")

    @property
    def consents(self) -> ConsentRepository:
        _not_held("consents")

    @property
    def reports(self) -> ReportQueries:
        _not_held("reports")

    @property
    def referrals(self) -> ReferralRepository:
        _not_held("referrals")

    @property
    def case_decisions(self) -> CaseDecisionRepository:
        _not_held("case decisions")

    def permit(self, actor: Staff, action: AccessAction, client_id: int | None) -> None:
        self.permitted.add((actor.id, action, client_id))

    def audit(
        self, actor: Staff, action: AccessAction, client_id: int, *, purpose: str | None = None
    ) -> None:
        assert {(actor.id, action, client_id), (actor.id, action, None)} & self.permitted, (
            f"{action} logged without a role check"
        )
        self.pending.audits.append((actor.id, action, client_id))

    def audit_account(
        self, actor: Staff, action: AccountAction, account_id: int, *, detail: str | None = None
    ) -> None:
        _not_held("account log")

    def access_log_for(self, client_id: int) -> list[AuditEntry]:
        _not_held("access log entries")

    def account_log(self) -> list[AccountAuditEntry]:
        _not_held("account log")

    def audit_once_since(
        self, actor: Staff, action: AccessAction, client_ids: Iterable[int], since: dt.datetime
    ) -> None:
        # The fake keeps no times: "since" is the whole (one-day) test.
        for client_id in sorted(set(client_ids)):
            if (actor.id, action, client_id) not in self.pending.audits:
                self.audit(actor, action, client_id)

    def commit(self) -> None:
        self.committed = copy.deepcopy(self.pending)
        self.commits += 1

    def rollback(self) -> None:
        self._pending = copy.deepcopy(self.committed)
        self.rollbacks += 1

    def __enter__(self) -> Self:
        assert self._pending is None, "transactions do not nest"
        self.entered += 1
        self._pending = copy.deepcopy(self.committed)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._pending = None  # whatever was not committed is gone

    # Seeding, straight into the committed store -----------------------------------------

    def seed_clients(self, *clients: Client) -> None:
        for client in clients:
            self.committed.seen(client.id)
            self.committed.clients[client.id] = client

    def seed_visits(self, *visits: Visit) -> None:
        for visit in visits:
            self.committed.seen(visit.id)
            self.committed.visits[visit.id] = visit

    def seed_staff(self, *staff: Staff) -> None:
        for member in staff:
            self.committed.seen(member.id)
            self.committed.staff[member.name] = member

    def seed_assignments(self, *assignments: CaseManagerAssignment) -> None:
        for assignment in assignments:
            self.committed.seen(assignment.id)
            self.committed.assignments[assignment.id] = assignment

    def seed_contact_details(self, *details: ContactDetails) -> None:
        for entry in details:
            self.committed.contact_details[entry.client_id] = entry

    def seed_draft(self, visit_id: int, by: int) -> None:
        """The visit's interview is under way (the visitor was there)."""
        self.committed.drafts[visit_id] = IntakeDraft(
            visit_id=visit_id,
            content=IntakeContent(),
            updated_at=self._clock.now(),
            updated_by=by,
            version=1,
        )


PORT_CHECK: type[UnitOfWork] = FakeUnitOfWork
"""mypy checks here, for every test, that the fake is a unit of work."""
