"""Use cases of the intake interview: open, save as typed, finish, correct.

A draft is saved on every pause in typing, so closing the terminal or a crash
loses nothing; reopening the visit resumes the draft. Finishing turns the draft
into record number 1 and closes the visit in the same transaction; a later
correction adds record number 2, 3, ... and never changes an earlier one.
"""

from __future__ import annotations

import datetime as dt

from domain.audit import AccessAction
from domain.clients import NewClient
from domain.clock import HELSINKI, Clock, local_today
from domain.errors import DomainError, InvalidInput, StaleVersion
from domain.i18n import tr
from domain.intake import (
    IntakeContent,
    IntakeDraft,
    IntakeRecord,
    KnownFacts,
    OutcomeKind,
    check_finishable,
)
from domain.interview import (
    CorrectionResult,
    FinishResult,
    InterviewView,
    LeaveResult,
    UnfinishedInterview,
)
from domain.ports import UnitOfWork
from domain.referrals import NewReferral, ReferralRules, ReferralSource
from domain.staff import Staff
from domain.use_cases.access import require
from domain.use_cases.client_facts import client_facts
from domain.use_cases.consent import check_referral_consent
from domain.use_cases.meetings import pending_due_date
from domain.use_cases.queue_undo import record_move
from domain.use_cases.referrals import refer_within
from domain.visit_moves import MoveKind
from domain.visits import Visit

POSITION_MAX = 60
"""Longest field name kept as a draft's position (the column's width)."""


def _facts(uow: UnitOfWork, visit: Visit, now: dt.datetime, finished: bool) -> KnownFacts:
    if visit.client_id is None:
        return KnownFacts()
    today = now.astimezone(HELSINKI).date()
    return client_facts(uow, visit.client_id, now, today, current_visit=visit.id, recorded=finished)


def open_interview(uow: UnitOfWork, visit_id: int, *, actor: Staff, clock: Clock) -> InterviewView:
    """The visit's intake: its draft if one exists, else its newest record, else empty."""
    with uow:
        visit = uow.visits.get(visit_id)
        if visit.client_id is not None:
            require(uow, actor, AccessAction.INTAKE_OPENED, visit.client_id)
        client = uow.clients.get(visit.client_id) if visit.client_id else None
        records = uow.intakes.records_for_visit(visit_id)
        draft = uow.intakes.draft_for(visit_id)
        if draft is not None:
            content = draft.content
        elif records:
            content = records[-1].content
        else:
            content = IntakeContent()
        view = InterviewView(
            visit=visit,
            client=client,
            content=content,
            draft_version=draft.version if draft else None,
            records=tuple(records),
            facts=_facts(uow, visit, clock.now(), bool(records)),
            services=tuple(uow.services.all(include_inactive=False)),
            position=draft.position if draft else None,
        )
        if client is not None:
            uow.audit(actor, AccessAction.INTAKE_OPENED, client.id)
        uow.commit()
    return view


def _saved_first(uow: UnitOfWork, by: int, at: dt.datetime) -> StaleVersion:
    """The refusal of a stale save, naming the colleague who saved first and when."""
    name = uow.staff.get_many([by]).get(by)
    return StaleVersion.saved_meanwhile(
        tr("interview.saved_meanwhile"),
        saved_by=name.name if name is not None else None,
        saved_at=at,
    )


def _require_current(
    uow: UnitOfWork,
    visit_id: int,
    seen_draft: int | None,
    seen_record: int,
    records: list[IntakeRecord] | None = None,
) -> list[IntakeRecord]:
    """Refuse a save made on another version of the intake than the stored one.

    The version is the pair the interview was opened (or last saved) at: the
    draft's version (None: no draft) and the newest record's number (0: not
    finished). Returns the visit's records, oldest first.
    """
    records = uow.intakes.records_for_visit(visit_id) if records is None else records
    newest = records[-1] if records else None
    if (newest.number if newest else 0) != seen_record:
        assert newest is not None  # a record seen can only be followed by newer ones
        raise _saved_first(uow, newest.finished_by, newest.finished_at)
    draft = uow.intakes.draft_for(visit_id)
    if (draft.version if draft else None) != seen_draft:
        if draft is None:
            raise StaleVersion(tr("interview.saved_meanwhile"))
        raise _saved_first(uow, draft.updated_by, draft.updated_at)
    return records


DRAFT_LOG_MINUTES = 10
"""A draft is saved a moment after each pause in typing, often once a key; the
access log records the worker's draft saves for a client once in this many
minutes. It still says who wrote the client's draft and when, without an event
per key, which would bury the client's access listing and make every key wait
for the log's lock."""


def save_draft(
    uow: UnitOfWork,
    visit_id: int,
    content: IntakeContent,
    seen_version: int | None,
    *,
    actor: Staff,
    clock: Clock,
    seen_record: int = 0,
    position: str | None = None,
) -> IntakeDraft:
    """Keep what has been typed so far; returns the draft with its new version.

    ``seen_version`` is the draft's version the screen holds (None: none yet)
    and ``seen_record`` the newest record's number (0: not finished); a save
    made on anything older is refused, naming who saved first. ``position`` is
    the field the worker is in (the screen's name for it), where the interview
    reopens; it is only a place, at most ``POSITION_MAX`` characters.
    """
    if position is not None and len(position) > POSITION_MAX:
        position = None
    with uow:
        visit = uow.visits.get(visit_id)
        if visit.client_id is not None:
            require(uow, actor, AccessAction.INTAKE_DRAFT_SAVED, visit.client_id)
        _require_current(uow, visit_id, seen_version, seen_record)
        now = clock.now()
        draft = uow.intakes.save_draft(
            visit_id, content, seen_version, actor.id, now, position=position
        )
        if visit.client_id is not None:
            uow.audit_once_since(
                actor,
                AccessAction.INTAKE_DRAFT_SAVED,
                [visit.client_id],
                now - dt.timedelta(minutes=DRAFT_LOG_MINUTES),
            )
        uow.commit()
    return draft


def _check_service(
    uow: UnitOfWork, content: IntakeContent, previous: IntakeContent | None = None
) -> None:
    """A new referral must go to an active service; a kept old one may stay as it was."""
    if content.referral_service_id is None:
        return
    if previous is not None and previous.referral_service_id == content.referral_service_id:
        return
    service = uow.services.get(content.referral_service_id)
    if not service.active:
        raise InvalidInput({"referral_service": tr("interview.service_inactive")})


def _check_disclosure(
    uow: UnitOfWork,
    content: IntakeContent,
    client_id: int | None,
    organisation: str,
    *,
    actor: Staff,
    clock: Clock,
    previous: IntakeContent | None = None,
) -> None:
    """A new referral to another organisation's service needs the client's consent (R12).

    A kept old referral was already made (and checked) when first recorded.
    """
    if content.referral_service_id is None:
        return
    if previous is not None and previous.referral_service_id == content.referral_service_id:
        return
    service = uow.services.get(content.referral_service_id)
    check_referral_consent(
        uow, client_id, service, organisation, actor=actor, on=local_today(clock)
    )


def finish_intake(
    uow: UnitOfWork,
    visit_id: int,
    content: IntakeContent,
    *,
    actor: Staff,
    clock: Clock,
    organisation: str = "",
    seen_draft: int | None = None,
    referrals: ReferralRules | None = None,
) -> FinishResult:
    """Record the intake and its outcome, close the visit, name an interim case manager.

    ``seen_draft`` is the version of the draft the worker's screen was saving
    (None: no draft yet). Anything saved since by someone else, a newer
    draft or the intake already recorded, refuses this with
    :class:`StaleVersion` naming them, and nothing is written.

    All in one transaction: there is never a recorded outcome on an open visit,
    nor a closed visit whose intake was lost. A referral to another
    organisation than ``organisation`` (this one's own name) without the
    client's consent is refused before anything is written, so the interview
    stays open with everything typed.

    An outcome "referred" of a known client records the referral, expected
    to reach the client within ``referrals.follow_up_days``; the worker
    becomes the interim case manager unless the client has one.
    """
    checked = check_finishable(content)
    with uow:
        visit = uow.visits.get(visit_id)
        if visit.client_id is not None:
            require(uow, actor, AccessAction.INTAKE_FINISHED, visit.client_id)
        _require_current(uow, visit_id, seen_draft, 0)
        result = _record_finished(
            uow, visit, checked, seen_draft, actor, clock, organisation, referrals
        )
        uow.commit()
    return result


def _record_finished(
    uow: UnitOfWork,
    visit: Visit,
    checked: IntakeContent,
    seen_draft: int | None,
    actor: Staff,
    clock: Clock,
    organisation: str,
    referrals: ReferralRules | None = None,
) -> FinishResult:
    """Finishing's writes, inside the caller's transaction (the caller commits)."""
    assert checked.outcome is not None
    now = clock.now()
    _check_service(uow, checked)
    _check_disclosure(uow, checked, visit.client_id, organisation, actor=actor, clock=clock)
    visit = _client_for_follow_up(uow, checked, visit, AccessAction.INTAKE_FINISHED, actor)
    record = uow.intakes.add_record(visit.id, visit.client_id, checked, actor.id, now, None)
    uow.intakes.delete_draft(visit.id, seen_draft)
    closed = (
        visit.finish(actor.id, now)
        if checked.outcome.client_present
        else visit.leave(actor.id, now)
    )
    saved_visit = uow.visits.update(closed)
    interim = False
    if visit.client_id is not None:
        uow.audit(actor, AccessAction.INTAKE_FINISHED, visit.client_id)
        interim = _name_interim_case_manager(uow, checked, visit, actor, now)
        interim = _refer(uow, checked, record, visit, actor, now, referrals) or interim
        _propose_to_moti(uow, checked, record, actor, now)
    return FinishResult(record=record, visit=saved_visit, interim_case_manager=interim)


def leave_visit(
    uow: UnitOfWork,
    visit_id: int,
    seen_version: int,
    *,
    actor: Staff,
    clock: Clock,
    seen_draft: int | None = None,
    organisation: str = "",
) -> LeaveResult:
    """The visitor left (``l`` in the queue), in one transaction.

    A visit with no interview under way simply closes as left. One whose
    interview draft exists is not closed behind its back: without
    ``seen_draft`` this raises :class:`UnfinishedInterview` (nothing is
    written) so that the worker can be asked; with the draft's version it
    records the intake as typed, with the outcome "client left" (R3), which
    also closes the visit as left. That is what ending the interview with
    that outcome would do, so the indicators count it the same way. A
    draft saved again meanwhile refuses it as stale.
    """
    with uow:
        visit = uow.visits.get(visit_id)
        if visit.client_id is not None:
            require(uow, actor, AccessAction.VISIT_UPDATED, visit.client_id)
        if visit.version != seen_version:
            raise StaleVersion(tr("visit.stale"))
        draft = uow.intakes.draft_for(visit_id)
        if draft is not None and seen_draft is None and not uow.intakes.records_for_visit(visit_id):
            raise UnfinishedInterview(tr("interview.unfinished"), draft.version)
        if seen_draft is None:
            now = clock.now()
            saved = uow.visits.update(visit.leave(actor.id, now))
            # Only this plain "left" can be undone: one that recorded an interview
            # changed more than the visit (domain.queue_undo).
            record_move(uow, visit, saved, MoveKind.LEFT, actor, now)
            if saved.client_id is not None:
                uow.audit(actor, AccessAction.VISIT_UPDATED, saved.client_id)
            uow.commit()
            return LeaveResult(visit=saved, record=None)
        if visit.client_id is not None:
            require(uow, actor, AccessAction.INTAKE_FINISHED, visit.client_id)
        _require_current(uow, visit_id, seen_draft, 0)
        assert draft is not None
        left = draft.content.model_copy(update={"outcome": OutcomeKind.CLIENT_LEFT})
        result = _record_finished(
            uow, visit, check_finishable(left), seen_draft, actor, clock, organisation
        )
        uow.commit()
    return LeaveResult(visit=result.visit, record=result.record)


def _name_interim_case_manager(
    uow: UnitOfWork, content: IntakeContent, visit: Visit, actor: Staff, now: dt.datetime
) -> bool:
    """R4: follow-up needs someone; the intake worker, until a case manager is agreed."""
    client_id = visit.client_id
    if client_id is None or content.outcome is None or not content.outcome.needs_follow_up:
        return False
    if uow.case_managers.active_for(client_id) is not None:
        return False
    require(uow, actor, AccessAction.CASE_MANAGER_ASSIGNED, client_id)
    location = uow.locations.get(visit.location_id)
    professional = uow.professionals.for_staff(actor, location.name)
    uow.network.ensure_member(client_id, professional.id, now.astimezone(HELSINKI).date())
    uow.case_managers.add(client_id, professional.id, interim=True, by=actor.id, at=now)
    uow.audit(actor, AccessAction.CASE_MANAGER_ASSIGNED, client_id)
    return True


def _client_for_follow_up(
    uow: UnitOfWork, content: IntakeContent, visit: Visit, action: AccessAction, actor: Staff
) -> Visit:
    """An unidentified visitor whose outcome needs follow-up becomes a client (R1, R4, R8).

    A MOTI proposal and an interim case manager belong to a client. The visitor
    need not give a name: the client is created without one (the name is added
    when known), so the outcome is never recorded without what it promises.
    """
    if visit.client_id is not None or content.outcome is None:
        return visit
    if not content.outcome.needs_follow_up:
        return visit
    require(uow, actor, AccessAction.CLIENT_CREATED)
    client = uow.clients.add(NewClient(name=None, hetu=None, birth_year=None))
    uow.audit(actor, AccessAction.CLIENT_CREATED, client.id)
    identified = uow.visits.update(visit.model_copy(update={"client_id": client.id}))
    require(uow, actor, action, client.id)
    return identified


def _propose_to_moti(
    uow: UnitOfWork, content: IntakeContent, record: IntakeRecord, actor: Staff, now: dt.datetime
) -> None:
    """A MOTI outcome puts the client in the backlog with the question (R8); the
    coordinator gives it to a team when building an agenda."""
    if content.outcome is not OutcomeKind.MOTI or record.client_id is None:
        return
    # A pending service need assessment's due date comes along (R9), as when proposing.
    deadline = pending_due_date(uow, record.client_id)
    uow.meetings.add_proposal(
        None, record.client_id, content.moti_question, now, actor.id, deadline, record.id
    )


def _refer(
    uow: UnitOfWork,
    content: IntakeContent,
    record: IntakeRecord,
    visit: Visit,
    actor: Staff,
    now: dt.datetime,
    rules: ReferralRules | None,
) -> bool:
    """An outcome "referred" of a known client starts a referral to follow up; the
    intake worker carries the client until a case manager is agreed (R4).

    An anonymous visitor contacts the service themselves (R1): nothing to follow.
    Returns whether the worker became the interim case manager.
    """
    if (
        content.outcome is not OutcomeKind.REFERRED
        or content.referral_service_id is None
        or record.client_id is None
    ):
        return False
    location = uow.locations.get(visit.location_id)
    professional = uow.professionals.for_staff(actor, location.name)
    _, interim = refer_within(
        uow,
        NewReferral(client_id=record.client_id, service_id=content.referral_service_id),
        ReferralSource.INTAKE,
        record.id,
        actor=actor,
        now=now,
        rules=rules or ReferralRules(),
        professional_id=professional.id,
    )
    return interim


def correct_intake(
    uow: UnitOfWork,
    visit_id: int,
    content: IntakeContent,
    *,
    actor: Staff,
    clock: Clock,
    organisation: str = "",
    seen_record: int,
    seen_draft: int | None = None,
    referrals: ReferralRules | None = None,
) -> CorrectionResult:
    """Save a corrected intake as the next version; earlier versions stay as they were.

    ``seen_record`` is the number of the version being corrected and
    ``seen_draft`` the correction draft's version (None: none); a newer
    version or draft saved meanwhile refuses the correction, naming who.

    A correction to an outcome that needs follow-up names the interim case
    manager just as finishing does (R4).
    """
    checked = check_finishable(content)
    now = clock.now()
    with uow:
        records = uow.intakes.records_for_visit(visit_id)
        if not records:
            raise DomainError(tr("interview.not_finished"))
        latest = records[-1]
        if latest.client_id is not None:
            require(uow, actor, AccessAction.INTAKE_CORRECTED, latest.client_id)
        _require_current(uow, visit_id, seen_draft, seen_record, records)
        _check_service(uow, checked, latest.content)
        _check_disclosure(
            uow,
            checked,
            latest.client_id,
            organisation,
            actor=actor,
            clock=clock,
            previous=latest.content,
        )
        visit = _client_for_follow_up(
            uow, checked, uow.visits.get(visit_id), AccessAction.INTAKE_CORRECTED, actor
        )
        record = uow.intakes.add_record(
            visit_id, visit.client_id, checked, actor.id, now, latest.id
        )
        uow.intakes.delete_draft(visit_id, seen_draft)
        interim = False
        if visit.client_id is not None:
            uow.audit(actor, AccessAction.INTAKE_CORRECTED, visit.client_id)
            interim = _name_interim_case_manager(uow, checked, visit, actor, now)
            # A referral to the same service as before was made when first recorded.
            if latest.content.referral_service_id != checked.referral_service_id:
                interim = _refer(uow, checked, record, visit, actor, now, referrals) or interim
            # An earlier MOTI outcome proposed the client already, if there was one.
            if latest.content.outcome is not OutcomeKind.MOTI or latest.client_id is None:
                _propose_to_moti(uow, checked, record, actor, now)
        uow.commit()
    return CorrectionResult(record=record, interim_case_manager=interim)


def record_feedback_reminder(uow: UnitOfWork, visit_id: int, given: bool, *, actor: Staff) -> None:
    """Whether the feedback instructions were handed over at the end of the visit (R10)."""
    with uow:
        visit = uow.visits.get(visit_id)
        if visit.client_id is not None:
            require(uow, actor, AccessAction.VISIT_UPDATED, visit.client_id)
        uow.visits.set_feedback_reminder(visit_id, given)
        if visit.client_id is not None:
            uow.audit(actor, AccessAction.VISIT_UPDATED, visit.client_id)
        uow.commit()
