"""Referrals and their follow-up: making them, recording their state, the follow-up list."""

from __future__ import annotations

import datetime as dt

from domain.audit import AccessAction
from domain.clock import HELSINKI, Clock, local_today
from domain.errors import InvalidInput, StaleVersion
from domain.i18n import tr
from domain.ports import UnitOfWork
from domain.referrals import (
    FollowUpEntry,
    NewReferral,
    NextAction,
    Referral,
    ReferralChange,
    ReferralRules,
    ReferralSource,
    ReferralState,
    check_change,
    expected_by,
)
from domain.staff import Staff
from domain.text import clean_text
from domain.use_cases.access import require, within_reach
from domain.use_cases.consent import check_referral_consent

NOTE_MAX = 500


def refer_within(
    uow: UnitOfWork,
    entry: NewReferral,
    source: ReferralSource,
    source_id: int | None,
    *,
    actor: Staff,
    now: dt.datetime,
    rules: ReferralRules,
    professional_id: int | None,
) -> tuple[Referral, bool]:
    """Inside an open unit of work: store the referral and name the interim case manager.

    The intake, the network view and the meeting all refer through here, so a
    referral is always the same thing. ``professional_id`` is the referring
    worker's directory entry; they become the interim case manager unless the
    client has a case manager (R4). Returns the referral and whether they did.
    """
    client_id = entry.client_id
    require(uow, actor, AccessAction.REFERRAL_RECORDED, client_id)
    today = now.astimezone(HELSINKI).date()
    checked = entry.checked(today)
    target = checked.target
    if checked.service_id is not None:
        target = uow.services.get(checked.service_id).name
    referral = uow.referrals.add(
        client_id=client_id,
        source=source,
        source_id=source_id,
        service_id=checked.service_id,
        target=target,
        expected_on=checked.expected_on or expected_by(today, rules),
        made_by=actor.id,
        made_at=now,
    )
    uow.audit(actor, AccessAction.REFERRAL_RECORDED, client_id)
    interim = False
    if professional_id is not None and uow.case_managers.active_for(client_id) is None:
        require(uow, actor, AccessAction.CASE_MANAGER_ASSIGNED, client_id)
        uow.network.ensure_member(client_id, professional_id, today)
        uow.case_managers.add(client_id, professional_id, interim=True, by=actor.id, at=now)
        uow.audit(actor, AccessAction.CASE_MANAGER_ASSIGNED, client_id)
        interim = True
    return referral, interim


def make_referral(
    uow: UnitOfWork,
    entry: NewReferral,
    *,
    actor: Staff,
    clock: Clock,
    rules: ReferralRules,
    organisation: str = "",
) -> Referral:
    """A referral from the network view; to another organisation's service only with
    the client's consent (R12), like an intake's."""
    now = clock.now()
    with uow:
        require(uow, actor, AccessAction.REFERRAL_RECORDED, entry.client_id)
        if entry.service_id is not None:
            service = uow.services.get(entry.service_id)
            if not service.active:
                raise InvalidInput({"target": tr("interview.service_inactive")})
            check_referral_consent(
                uow, entry.client_id, service, organisation, actor=actor, on=local_today(clock)
            )
        professional = uow.professionals.for_staff(actor, organisation)
        referral, _ = refer_within(
            uow,
            entry,
            ReferralSource.NETWORK,
            None,
            actor=actor,
            now=now,
            rules=rules,
            professional_id=professional.id,
        )
        uow.commit()
    return referral


def client_referrals(uow: UnitOfWork, client_id: int, *, actor: Staff) -> list[Referral]:
    """The client's referrals, newest first (the network view's referrals tab)."""
    with uow:
        require(uow, actor, AccessAction.REFERRAL_READ, client_id)
        found = uow.referrals.for_client(client_id)
        uow.audit(actor, AccessAction.REFERRAL_READ, client_id)
        uow.commit()
    return found


def record_state(
    uow: UnitOfWork,
    referral_id: int,
    state: ReferralState,
    seen_version: int,
    *,
    next_action: NextAction | None = None,
    reached_on: dt.date | None = None,
    note: str = "",
    actor: Staff,
    clock: Clock,
) -> Referral:
    """Record what happened to a referral, with who and when; refused if someone else
    recorded first (the worker sees their change and decides again)."""
    cleaned = clean_text(note)[:NOTE_MAX]
    with uow:
        current = uow.referrals.get(referral_id)
        require(uow, actor, AccessAction.REFERRAL_RECORDED, current.client_id)
        if current.version != seen_version:
            raise StaleVersion(tr("referral.stale"))
        check_change(
            current,
            state,
            next_action=next_action,
            reached_on=reached_on,
            today=local_today(clock),
        )
        change = ReferralChange(
            state=state,
            by=actor.id,
            at=clock.now(),
            reached_on=reached_on if state is ReferralState.REACHED else None,
            next_action=next_action if state is ReferralState.NOT_REACHED else None,
            note=cleaned,
        )
        saved = uow.referrals.record(referral_id, change, seen_version)
        uow.audit(actor, AccessAction.REFERRAL_RECORDED, current.client_id)
        uow.commit()
    return saved


def follow_up_list(
    uow: UnitOfWork, professional_id: int, *, actor: Staff, clock: Clock
) -> list[FollowUpEntry]:
    """Referrals past their expected day for the professional's clients or made by them,
    most late first; clients outside the actor's reach are left out (R12)."""
    today = local_today(clock)
    with uow:
        professional = uow.professionals.get(professional_id)
        found = uow.referrals.past_due(today, professional_id, professional.staff_id)
        allowed = within_reach(uow, actor, AccessAction.REFERRAL_READ, {r.client_id for r in found})
        clients = uow.clients.get_many(allowed)
        for client_id in sorted(allowed):
            uow.audit(actor, AccessAction.REFERRAL_READ, client_id)
        uow.commit()
    entries = [
        FollowUpEntry(referral=r, client=clients[r.client_id])
        for r in found
        if r.client_id in allowed
    ]
    return sorted(entries, key=lambda e: (e.referral.expected_on, e.referral.id))
