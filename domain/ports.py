"""What the domain needs from storage, as Protocols.

Use cases are written against these; ``storage`` implements them with
SQLAlchemy and tests may implement them in memory. A unit of work is one
transaction: nothing is kept unless ``commit`` is called, and the access-log
events recorded with ``audit`` are written in that same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from types import TracebackType
from typing import Protocol, Self

from domain.access import ClientTies
from domain.audit import AccessAction, AccountAction, AccountAuditEntry, AuditEntry
from domain.callbacks import Callback, CallbackInput
from domain.case_management import CaseManagerAssignment, EndReason
from domain.catalogue import Service, ServiceInput
from domain.clients import Client, NewClient
from domain.clock import Clock
from domain.consent import Consent, DataKind
from domain.contact_details import ContactDetails, ContactDetailsInput
from domain.feedback import Feedback, NewFeedback
from domain.intake import IntakeContent, IntakeDraft, IntakeRecord, LifeDomain
from domain.joint_client import JointClientDecision, NewJointClientDecision
from domain.moti import (
    Action,
    ActionState,
    AgendaItem,
    CarryReason,
    Decision,
    DecisionKind,
    ItemKind,
    Meeting,
    OwnerKind,
    Participant,
    ParticipantKind,
    Proposal,
    Referrer,
    ReturnReason,
    Team,
    TeamMember,
)
from domain.need_assessment import PendingAssessment
from domain.network import (
    Assessment,
    AssessmentInput,
    MemberInput,
    NetworkMember,
    Plan,
    PlanInput,
    Professional,
    ProfessionalEdit,
    ProfessionalInput,
)
from domain.opening_hours import OpeningHours
from domain.referrals import Referral, ReferralChange, ReferralSource
from domain.reports import ReportQueries
from domain.search import ClientQuery, CorrectedQuery
from domain.sectors import Sector
from domain.staff import Account, Location, LoginAttempt, Staff, StaffRole
from domain.visit_moves import NewVisitMove, VisitMove
from domain.visits import NewVisit, Visit


class ClientRepository(Protocol):
    def get(self, client_id: int) -> Client:
        """The client, or :class:`domain.errors.NotFound`."""
        ...

    def get_many(self, client_ids: Iterable[int]) -> dict[int, Client]: ...

    def set_highest_care_allowance(self, client_id: int, value: bool, seen_version: int) -> Client:
        """Record whether the client is on the highest care allowance (R9)."""
        ...

    def add(self, new: NewClient) -> Client: ...

    def by_hetu(self, hetu: str) -> Client | None: ...

    def born_in(self, year: int) -> list[Client]:
        """Every client with this birth year (candidates for the duplicate check)."""
        ...

    def search(self, query: ClientQuery, limit: int) -> list[Client]:
        """Clients matching every part of ``query``, by name, at most ``limit``."""
        ...

    def name_words_with_keys(self, keys: Collection[str]) -> set[str]:
        """The distinct words of clients' names (:func:`domain.search.name_words`)
        that have one of these :func:`domain.search.typo_keys`."""
        ...

    def search_corrected(self, query: CorrectedQuery, limit: int) -> list[Client]:
        """Clients matching every part of a corrected query, by name, at most ``limit``."""
        ...


class VisitRepository(Protocol):
    def add(self, new: NewVisit) -> Visit: ...

    def get(self, visit_id: int) -> Visit:
        """The visit, or :class:`domain.errors.NotFound`."""
        ...

    def update(self, visit: Visit) -> Visit:
        """Store ``visit``'s new state if the stored version is ``visit.version``.

        Raises :class:`domain.errors.StaleVersion` when someone else saved in
        between; returns the stored visit with its new version.
        """
        ...

    def arrived_between(
        self, location_id: int, start: dt.datetime, end: dt.datetime
    ) -> list[Visit]: ...

    def for_client(self, client_id: int) -> list[Visit]:
        """Every visit of the client, newest first."""
        ...

    def open_for_client_since(self, client_id: int, since: dt.datetime) -> list[Visit]:
        """The client's visits still waiting or in service that arrived at or after
        ``since``, at any location, oldest first (is the client already waiting?)."""
        ...

    def count_for_client_since(self, client_id: int, since: dt.datetime) -> int: ...

    def set_feedback_reminder(self, visit_id: int, given: bool) -> None:
        """Record whether the feedback instructions were handed over (R10)."""
        ...


class IntakeRepository(Protocol):
    def draft_for(self, visit_id: int) -> IntakeDraft | None: ...

    def save_draft(
        self,
        visit_id: int,
        content: IntakeContent,
        seen_version: int | None,
        by: int,
        at: dt.datetime,
        position: str | None = None,
    ) -> IntakeDraft:
        """Create or replace the visit's draft; :class:`StaleVersion` if someone saved first.

        ``position``: the field the worker was in, where reopening puts the cursor.
        """
        ...

    def visits_with_draft(self, visit_ids: Collection[int]) -> set[int]:
        """Those of ``visit_ids`` whose interview has a draft (is unfinished)."""
        ...

    def delete_draft(self, visit_id: int, seen_version: int | None) -> None:
        """Remove the visit's draft, which must be at ``seen_version`` (None: no draft).

        :class:`StaleVersion` if another terminal saved the draft meanwhile.
        """
        ...

    def records_for_visit(self, visit_id: int) -> list[IntakeRecord]:
        """Every version of the visit's intake, oldest first."""
        ...

    def records_for_client(self, client_id: int) -> list[IntakeRecord]:
        """Every intake record of the client, newest first."""
        ...

    def add_record(
        self,
        visit_id: int,
        client_id: int | None,
        content: IntakeContent,
        by: int,
        at: dt.datetime,
        supersedes_id: int | None,
    ) -> IntakeRecord: ...

    def visits_with_records(self, client_id: int) -> int:
        """How many of the client's visits have a finished intake."""
        ...


class ServiceRepository(Protocol):
    def all(self, *, include_inactive: bool) -> list[Service]: ...

    def get(self, service_id: int) -> Service: ...

    def add(self, entry: ServiceInput) -> Service: ...

    def update(self, entry: ServiceInput) -> Service:
        """Store an edit if the stored version is ``entry.seen_version``."""
        ...


class CaseManagerRepository(Protocol):
    def active_for(self, client_id: int) -> CaseManagerAssignment | None: ...

    def history(self, client_id: int) -> list[CaseManagerAssignment]:
        """Every assignment of the client, newest first."""
        ...

    def add(
        self, client_id: int, professional_id: int, *, interim: bool, by: int, at: dt.datetime
    ) -> CaseManagerAssignment:
        """A new active assignment; :class:`StaleVersion` if the client already has one."""
        ...

    def end(
        self, assignment_id: int, reason: EndReason, note: str, *, by: int, at: dt.datetime
    ) -> CaseManagerAssignment:
        """End an active assignment; :class:`StaleVersion` if it had already ended."""
        ...

    def set_feedback_reminder(self, assignment_id: int, given: bool) -> None:
        """Record whether the feedback instructions were handed over at the closure (R10)."""
        ...

    def active_for_professional(self, professional_id: int) -> list[CaseManagerAssignment]:
        """The professional's caseload: their active assignments."""
        ...


class ProfessionalRepository(Protocol):
    def get(self, professional_id: int) -> Professional: ...

    def get_many(self, professional_ids: Iterable[int]) -> dict[int, Professional]: ...

    def search(self, text: str, limit: int) -> list[Professional]:
        """Directory entries whose name, title or organisation contains every word."""
        ...

    def add(self, entry: ProfessionalInput) -> Professional: ...

    def update(self, entry: ProfessionalInput) -> Professional: ...

    def for_staff(self, staff: Staff, organisation: str) -> Professional:
        """The directory entry of a Rinnalla user, created on first need."""
        ...

    def with_caseloads(self) -> list[tuple[Professional, int]]:
        """Professionals who are case managers now, with how many clients each."""
        ...

    def record_edit(
        self, professional_id: int, fields: Sequence[str], *, by: int, at: dt.datetime
    ) -> None:
        """Append to the entry's edit history who changed which fields (never the values)."""
        ...

    def edits(self, professional_id: int) -> list[ProfessionalEdit]:
        """The entry's edit history, oldest first."""
        ...


class NetworkRepository(Protocol):
    def members_for(self, client_id: int) -> list[NetworkMember]: ...

    def get_member(self, member_id: int) -> NetworkMember: ...

    def add_member(self, entry: MemberInput) -> NetworkMember: ...

    def update_member(self, entry: MemberInput) -> NetworkMember: ...

    def remove_member(self, member_id: int, seen_version: int) -> None: ...

    def ensure_member(self, client_id: int, professional_id: int, since: dt.date) -> NetworkMember:
        """The professional's membership in the client's network, added if missing."""
        ...


class PlanRepository(Protocol):
    def plans_for(self, client_id: int) -> list[Plan]: ...

    def add_plan(self, entry: PlanInput) -> Plan: ...

    def assessments_for(self, client_id: int) -> list[Assessment]: ...

    def add_assessment(self, entry: AssessmentInput) -> Assessment: ...


class StaffRepository(Protocol):
    def get_or_add(self, name: str) -> Staff: ...

    def any_account(self) -> bool:
        """Whether anyone can log in: an active staff row with a passphrase."""
        ...

    def account(self, name: str) -> Account | None: ...

    def add_account(
        self, name: str, role: StaffRole, passphrase_hash: str, *, at: dt.datetime
    ) -> Staff: ...

    def take_login_attempt(
        self,
        name: str,
        source: str,
        *,
        now: dt.datetime,
        waits: Sequence[dt.timedelta],
        forget_before: dt.datetime,
    ) -> LoginAttempt:
        """Count one more attempt for ``name`` from ``source`` in one atomic statement,
        unless a waiting time runs (then nothing is counted).

        Attempt number ``n`` sets a waiting time of ``waits[n - 1]`` from ``now``
        (the last entry for every later attempt; a zero entry sets none). Names
        that are not accounts are counted the same way. A count whose last
        attempt was before ``forget_before`` starts again.
        """
        ...

    def clear_login_attempts(self, name: str, source: str | None = None) -> int:
        """Forget the count for ``name`` from ``source`` (every source if None);
        returns how many sources had one."""
        ...

    def set_passphrase(self, staff_id: int, passphrase_hash: str) -> None: ...

    def set_role(self, staff_id: int, role: StaffRole) -> Staff: ...

    def set_active(self, staff_id: int, active: bool) -> None: ...

    def active_admins(self) -> int: ...

    def all_accounts(self) -> list[Account]: ...

    def get_many(self, staff_ids: Iterable[int]) -> dict[int, Staff]: ...


class LocationRepository(Protocol):
    def get_or_add(self, code: str, name: str) -> Location: ...

    def get(self, location_id: int) -> Location: ...

    def by_code(self, code: str) -> Location | None: ...

    def all(self) -> list[Location]: ...

    def set_team(self, location_id: int, team_id: int | None) -> Location: ...


class OpeningHoursRepository(Protocol):
    def for_location(self, location_id: int) -> list[OpeningHours]:
        """The location's opening periods, Monday first."""
        ...

    def replace(self, location_id: int, hours: Sequence[OpeningHours]) -> None:
        """Store the location's whole week, replacing what was there."""
        ...


class PendingAssessmentRepository(Protocol):
    def add(
        self,
        client_id: int,
        *,
        pending_since: dt.date,
        due_on: dt.date,
        statutory: bool,
        recorded_by: int,
    ) -> PendingAssessment: ...

    def get(self, pending_id: int) -> PendingAssessment: ...

    def for_client(self, client_id: int) -> list[PendingAssessment]:
        """Newest first."""
        ...

    def mark_started(
        self, pending_id: int, started_on: dt.date, seen_version: int
    ) -> PendingAssessment: ...

    def reschedule(self, pending_id: int, due_on: dt.date, statutory: bool) -> PendingAssessment:
        """A new due date for an assessment not yet started (the client's facts changed)."""
        ...

    def not_started_due_by(
        self, horizon: dt.date, professional_id: int | None
    ) -> list[PendingAssessment]:
        """Not started and due by ``horizon``; with a professional, their clients and
        clients with no case manager."""
        ...


class ConsentRepository(Protocol):
    def add(
        self,
        client_id: int,
        organisation: str,
        kind: DataKind,
        given_on: dt.date,
        *,
        recorded_by: int,
        recorded_at: dt.datetime,
    ) -> Consent: ...

    def for_client(self, client_id: int) -> list[Consent]:
        """Newest first, withdrawn ones included."""
        ...

    def withdraw(self, consent_id: int, withdrawn_on: dt.date, seen_version: int) -> Consent: ...


class FeedbackRepository(Protocol):
    def add(self, new: NewFeedback) -> Feedback: ...

    def for_client(self, client_id: int) -> list[Feedback]: ...


class MeetingRepository(Protocol):
    """Teams, meetings, the backlog, agenda items, decisions, actions, attendance."""

    def teams(self) -> list[Team]: ...

    def get_team(self, team_id: int) -> Team: ...

    def add_team(self, name: str, area: str) -> Team: ...

    def team_members(self, team_id: int) -> list[TeamMember]: ...

    def add_team_member(
        self,
        team_id: int,
        professional_id: int,
        domains: frozenset[LifeDomain],
        sectors: frozenset[Sector],
        availability: str,
    ) -> TeamMember: ...

    def add_meeting(
        self, team_id: int, starts_at: dt.datetime, length_minutes: int, place: str, video: str
    ) -> Meeting: ...

    def get_meeting(self, meeting_id: int) -> Meeting: ...

    def meetings(self, team_id: int | None) -> list[Meeting]:
        """Meetings by start time (all teams when ``team_id`` is None)."""
        ...

    def save_meeting(self, meeting: Meeting) -> Meeting:
        """Store state and minutes if the stored version is ``meeting.version``."""
        ...

    def add_proposal(
        self,
        team_id: int | None,
        client_id: int,
        question: str,
        at: dt.datetime,
        by: int,
        deadline: dt.date | None,
        intake_record_id: int | None,
        referred_by: Referrer | None = None,
    ) -> Proposal: ...

    def get_proposal(self, proposal_id: int) -> Proposal: ...

    def backlog(self, team_id: int) -> list[Proposal]:
        """Waiting proposals of the team, and those not yet given to any team."""
        ...

    def mark_proposal(self, proposal_id: int, *, scheduled: bool, handled: bool) -> None: ...

    def items(self, meeting_id: int) -> list[AgendaItem]: ...

    def get_item(self, item_id: int) -> AgendaItem: ...

    def add_item(
        self,
        meeting_id: int,
        kind: ItemKind,
        client_id: int,
        question: str,
        slot_minutes: int,
        proposal_id: int | None,
        action_id: int | None,
    ) -> AgendaItem: ...

    def update_item(self, item: AgendaItem) -> AgendaItem:
        """Store position, slot and invitees."""
        ...

    def remove_item(self, item_id: int) -> None: ...

    def add_decision(
        self,
        item_id: int,
        kind: DecisionKind,
        professional_id: int | None,
        service_id: int | None,
        note: str,
    ) -> Decision: ...

    def decisions(self, meeting_id: int) -> list[Decision]: ...

    def add_action(
        self,
        item_id: int,
        client_id: int,
        what: str,
        owner_id: int | None,
        due: dt.date,
        owner_kind: OwnerKind = OwnerKind.PROFESSIONAL,
        owner_name: str = "",
        carry_reason: CarryReason | None = None,
    ) -> Action: ...

    def get_action(self, action_id: int) -> Action: ...

    def actions(
        self,
        *,
        meeting_id: int | None = None,
        client_id: int | None = None,
        owner_id: int | None = None,
        team_id: int | None = None,
        state: ActionState | None = None,
    ) -> list[Action]:
        """Actions filtered by every given criterion, by due date."""
        ...

    def set_action_state(
        self, action_id: int, state: ActionState, carry_reason: CarryReason | None
    ) -> Action: ...

    def attendance(self, meeting_id: int) -> dict[int, bool]: ...

    def set_attendance(self, meeting_id: int, professional_id: int, present: bool) -> None: ...

    # The client in the meeting, and what went back undiscussed (issue 19) --------------

    def set_return(self, item_id: int, proposal_id: int, reason: ReturnReason, note: str) -> None:
        """Record on the item and on its proposal why it went back to the backlog."""
        ...

    def set_client_view(self, item_id: int, text: str) -> AgendaItem: ...

    def participants(self, meeting_id: int) -> list[Participant]: ...

    def set_participant(
        self,
        meeting_id: int,
        client_id: int,
        kind: ParticipantKind,
        name: str,
        present: bool,
    ) -> Participant:
        """Present or absent; the same client (or close person, by name) is one row."""
        ...


class ContactDetailsRepository(Protocol):
    def get(self, client_id: int) -> ContactDetails:
        """The client's details; empty ones at version 0 when none are stored."""
        ...

    def save(self, entry: ContactDetailsInput) -> ContactDetails:
        """Store the details if the stored version is ``entry.seen_version`` (0: none yet);
        :class:`StaleVersion` naming who saved first otherwise."""
        ...


class CallbackRepository(Protocol):
    def add(self, entry: CallbackInput, *, by: int, at: dt.datetime) -> Callback: ...

    def get(self, callback_id: int) -> Callback:
        """The callback, or :class:`domain.errors.NotFound`."""
        ...

    def open_for(self, staff_id: int) -> list[Callback]:
        """Callbacks not done that the staff member is to make or asked for, by due
        day and time (a day without a time first)."""
        ...

    def mark_done(
        self, callback_id: int, seen_version: int, *, by: int, at: dt.datetime
    ) -> Callback:
        """Mark it done; :class:`StaleVersion` if it changed since ``seen_version``."""
        ...


class ReferralRepository(Protocol):
    """Referrals and their state changes (:mod:`domain.referrals`)."""

    def add(
        self,
        *,
        client_id: int,
        source: ReferralSource,
        source_id: int | None,
        service_id: int | None,
        target: str,
        expected_on: dt.date,
        made_by: int,
        made_at: dt.datetime,
    ) -> Referral: ...

    def get(self, referral_id: int) -> Referral:
        """The referral with its history, or :class:`domain.errors.NotFound`."""
        ...

    def for_client(self, client_id: int) -> list[Referral]:
        """The client's referrals, newest first."""
        ...

    def record(self, referral_id: int, change: ReferralChange, seen_version: int) -> Referral:
        """Store a state change; :class:`StaleVersion` if the referral changed meanwhile."""
        ...

    def past_due(
        self, today: dt.date, professional_id: int, staff_id: int | None
    ) -> list[Referral]:
        """Referrals still sent after their expected day, for clients whose active case
        manager is the professional or made by the staff member."""
        ...


class AccessQueries(Protocol):
    def ties(
        self,
        client_ids: set[int],
        staff_id: int,
        *,
        day_start: dt.datetime,
        agenda_since: dt.datetime,
    ) -> dict[int, ClientTies]:
        """For each client, what links the staff member to it (missing: no ties at all).

        ``day_start`` starts today's queue; agendas of meetings starting from
        ``agenda_since`` count, with every backlog proposal not yet handled.
        """
        ...


QueueState = tuple[int, int, int, int]
"""A fingerprint of a location's queue today: equal fingerprints, the same queue."""


class QueueWatch(Protocol):
    """How a terminal learns that another terminal changed its queue."""

    def wait(
        self, location_id: int, since: dt.datetime, seen: QueueState | None, timeout: float
    ) -> QueueState:
        """The queue's state as soon as it differs from ``seen``, or after ``timeout``
        seconds; :class:`domain.errors.StorageUnavailable` while the database is away."""
        ...

    def close(self) -> None: ...


# --- Issue 19: queue moves kept for undo.


class VisitMoveRepository(Protocol):
    """The moves the queue's keys made (:mod:`domain.visit_moves`)."""

    def add(self, move: NewVisitMove) -> VisitMove: ...

    def last_by(self, staff_id: int, location_id: int, since: dt.datetime) -> VisitMove | None:
        """The worker's latest move at the location since ``since`` (undone or not)."""
        ...

    def latest_for_visit(self, visit_id: int) -> VisitMove | None:
        """The visit's latest move, by anyone."""
        ...

    def mark_undone(self, move_id: int, at: dt.datetime) -> None: ...


class CaseDecisionRepository(Protocol):
    """The joint decisions around a case manager and a joint client (R4, R5, R7)."""

    def set_start_reason(self, assignment_id: int, reason: str) -> CaseManagerAssignment:
        """Record why the assignment's professional was named."""
        ...

    def record_end_participants(
        self, assignment_id: int, client: bool, members: Sequence[tuple[int, str]]
    ) -> None:
        """Who took part in ending the assignment: the client, and members as (id, name)."""
        ...

    def with_participants(
        self, assignments: Sequence[CaseManagerAssignment]
    ) -> list[CaseManagerAssignment]:
        """The same assignments with who took part in ending each of them."""
        ...

    def get_assignment(self, assignment_id: int) -> CaseManagerAssignment:
        """One assignment; :class:`NotFound` if there is none."""
        ...

    def to_acknowledge(self, staff_id: int) -> list[CaseManagerAssignment]:
        """Active assignments of the worker ``staff_id`` (through their directory entry)
        that someone else made and that are not yet acknowledged, oldest first."""
        ...

    def acknowledge(self, assignment_id: int, at: dt.datetime) -> bool:
        """Mark the naming seen; False if it already was."""
        ...

    def add_joint_decision(self, new: NewJointClientDecision) -> JointClientDecision: ...

    def latest_joint_decision(self, client_id: int) -> JointClientDecision | None: ...


class UnitOfWork(Protocol):
    @property
    def clients(self) -> ClientRepository: ...

    @property
    def visits(self) -> VisitRepository: ...

    @property
    def staff(self) -> StaffRepository: ...

    @property
    def locations(self) -> LocationRepository: ...

    @property
    def intakes(self) -> IntakeRepository: ...

    @property
    def services(self) -> ServiceRepository: ...

    @property
    def case_managers(self) -> CaseManagerRepository: ...

    @property
    def professionals(self) -> ProfessionalRepository: ...

    @property
    def network(self) -> NetworkRepository: ...

    @property
    def plans(self) -> PlanRepository: ...

    @property
    def meetings(self) -> MeetingRepository: ...

    @property
    def opening_hours(self) -> OpeningHoursRepository: ...

    @property
    def pending_assessments(self) -> PendingAssessmentRepository: ...

    @property
    def feedback(self) -> FeedbackRepository: ...

    @property
    def consents(self) -> ConsentRepository: ...

    @property
    def reports(self) -> ReportQueries: ...

    @property
    def access(self) -> AccessQueries: ...

    @property
    def visit_moves(self) -> VisitMoveRepository:
        """Issue 19: the queue's moves, for undo."""
        ...

    @property
    def referrals(self) -> ReferralRepository: ...

    @property
    def case_decisions(self) -> CaseDecisionRepository: ...

    @property
    def clock(self) -> Clock:
        """The time of this unit of work's access-log events and role checks."""
        ...

    @property
    def contact_details(self) -> ContactDetailsRepository: ...

    @property
    def callbacks(self) -> CallbackRepository: ...

    def permit(self, actor: Staff, action: AccessAction, client_id: int | None) -> None:
        """Note that :func:`domain.use_cases.access.require` allowed this (``None``: every client).

        ``audit`` refuses an event that was not permitted first, so a use case
        that forgets the role check fails loudly instead of leaking.
        """
        ...

    def audit(
        self, actor: Staff, action: AccessAction, client_id: int, *, purpose: str | None = None
    ) -> None:
        """Record that ``actor`` read or wrote this client's data (R12), and why if asked.

        The event is chained to the log when the transaction commits.
        """
        ...

    def audit_account(
        self, actor: Staff, action: AccountAction, account_id: int, *, detail: str | None = None
    ) -> None:
        """Record that ``actor`` administered a staff account (added, reset, disabled,
        enabled, changed its role), with ``detail`` such as the new role.

        Never a passphrase or its hash. Chained to the log on commit like ``audit``.
        """
        ...

    def audit_once_since(
        self, actor: Staff, action: AccessAction, client_ids: Iterable[int], since: dt.datetime
    ) -> None:
        """Record ``action`` for each client the actor has no such event for since ``since``.

        For lists seen again and again (the queue reloads whenever anyone changes
        it): the first sighting of the day says who saw the client; repeating it
        on every reload at every terminal would grow the log with the square of
        the queue and tell the client nothing more.
        """
        ...

    def access_log_for(self, client_id: int) -> list[AuditEntry]:
        """The client's access events, newest first: what is committed (or flushed)."""
        ...

    def account_log(self) -> list[AccountAuditEntry]:
        """The account-administration events, newest first."""
        ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
