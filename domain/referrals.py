"""Referrals (lähetteet) and their follow-up: the client does not fall between services.

A referral is made from an intake that ends "referred", from the network view
or by a MOTI decision. It names its target (a catalogue service, or a
professional or organisation as typed), the day the first contact is expected
by, and its state: sent, then reached, not reached, declined or withdrawn.
Every change keeps who made it and when, so the coordinator can see what
happened to a referral instead of assuming the service took the client on
(000: "seuranta"; 004: paths break at the organisation boundary).

A referral still sent after its expected day is *past due*: it is on the
coordinator's follow-up list (F7) until someone records what happened. "Not
reached" is never a dead end: the worker chooses what happens next.

The worker who refers carries the client until a case manager is agreed: they
become the interim case manager unless the client already has one (R4).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from domain.access import require, within_reach
from domain.audit import AccessAction
from domain.clients import Client
from domain.clock import HELSINKI, Clock, local_today
from domain.consent import check_referral_consent
from domain.errors import IllegalTransition, InvalidInput, StaleVersion
from domain.i18n import N_, tr
from domain.staff import Staff
from domain.text import clean_text

if TYPE_CHECKING:
    from domain.ports import UnitOfWork

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("referral.source.intake"),
    N_("referral.source.network"),
    N_("referral.source.meeting"),
    N_("referral.state.sent"),
    N_("referral.state.reached"),
    N_("referral.state.not_reached"),
    N_("referral.state.declined"),
    N_("referral.state.withdrawn"),
    N_("referral.next.re_refer"),
    N_("referral.next.contact_client"),
    N_("referral.next.to_coordinator"),
)

TARGET_MAX = 200
"""Longest typed target (a professional's or an organisation's name)."""
NOTE_MAX = 500


class ReferralRules(BaseModel):
    """The follow-up times, from the settings, so that each organisation sets its own."""

    model_config = ConfigDict(frozen=True)

    follow_up_days: int = 14
    """Days from the referral to the expected first contact, unless the worker sets a day."""
    interim_days: int = 14
    """Days an interim case manager may carry the client before the network view asks
    the network to agree a case manager."""


class ReferralSource(StrEnum):
    """Where the referral was made; with the intake record or agenda item where one exists."""

    INTAKE = "intake"
    NETWORK = "network"
    MEETING = "meeting"

    @property
    def label(self) -> str:
        return tr(f"referral.source.{self.value}")


class ReferralState(StrEnum):
    SENT = "sent"
    REACHED = "reached"
    NOT_REACHED = "not_reached"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return tr(f"referral.state.{self.value}")


class NextAction(StrEnum):
    """What the worker does about a client the service did not reach."""

    RE_REFER = "re_refer"
    CONTACT_CLIENT = "contact_client"
    TO_COORDINATOR = "to_coordinator"

    @property
    def label(self) -> str:
        return tr(f"referral.next.{self.value}")


TRANSITIONS: dict[ReferralState, frozenset[ReferralState]] = {
    ReferralState.SENT: frozenset(
        {
            ReferralState.REACHED,
            ReferralState.NOT_REACHED,
            ReferralState.DECLINED,
            ReferralState.WITHDRAWN,
        }
    ),
    # The next action may still reach the client, or end the referral.
    ReferralState.NOT_REACHED: frozenset(
        {ReferralState.REACHED, ReferralState.DECLINED, ReferralState.WITHDRAWN}
    ),
    ReferralState.REACHED: frozenset(),
    ReferralState.DECLINED: frozenset(),
    ReferralState.WITHDRAWN: frozenset(),
}
"""The states a referral may move to; reached, declined and withdrawn are final."""


class ReferralChange(BaseModel):
    """One recorded state, with who recorded it and when."""

    model_config = ConfigDict(frozen=True)

    state: ReferralState
    by: int
    at: dt.datetime
    reached_on: dt.date | None = None
    next_action: NextAction | None = None
    note: str = ""


class Referral(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    client_id: int
    source: ReferralSource
    source_id: int | None = None
    """The intake record or MOTI decision the referral came from (none from the network)."""
    service_id: int | None = None
    target: str
    """The service's name, or the professional or organisation as typed."""
    expected_on: dt.date
    made_by: int
    made_at: dt.datetime
    state: ReferralState = ReferralState.SENT
    reached_on: dt.date | None = None
    """The day of the first contact, once reached."""
    next_action: NextAction | None = None
    history: tuple[ReferralChange, ...] = ()
    """Every state change, oldest first (the making itself is ``made_by``/``made_at``)."""
    version: int = 1

    @property
    def made_on(self) -> dt.date:
        return self.made_at.astimezone(HELSINKI).date()

    @property
    def last_change(self) -> ReferralChange | None:
        return self.history[-1] if self.history else None

    def past_due(self, today: dt.date) -> bool:
        """Still sent after the day the first contact was expected by: follow it up."""
        return self.state is ReferralState.SENT and today > self.expected_on

    def days_late(self, today: dt.date) -> int:
        return max(0, (today - self.expected_on).days) if self.past_due(today) else 0


class NewReferral(BaseModel):
    """A referral as the worker typed it: a catalogue service or a named target."""

    model_config = ConfigDict(frozen=True)

    client_id: int
    service_id: int | None = None
    target: str = ""
    expected_on: dt.date | None = None
    """None: today plus the organisation's follow-up days."""

    def checked(self, today: dt.date) -> NewReferral:
        target = clean_text(self.target)
        errors: dict[str, str] = {}
        if self.service_id is None and not target:
            errors["target"] = tr("referral.target_missing")
        if len(target) > TARGET_MAX:
            errors["target"] = tr("referral.target_long", limit=TARGET_MAX)
        if self.expected_on is not None and self.expected_on < today:
            errors["expected"] = tr("referral.expected_past")
        if errors:
            raise InvalidInput(errors)
        return self.model_copy(update={"target": "" if self.service_id is not None else target})


def expected_by(today: dt.date, rules: ReferralRules) -> dt.date:
    """The default day the first contact is expected by."""
    return today + dt.timedelta(days=rules.follow_up_days)


def check_change(
    referral: Referral,
    state: ReferralState,
    *,
    next_action: NextAction | None,
    reached_on: dt.date | None,
    today: dt.date,
) -> None:
    """Refuse a state the referral cannot move to, or one recorded without what it needs.

    "Reached" needs the day of the first contact (not before the referral, not
    in the future); "not reached" needs the worker's next action, so that a
    client the service could not reach is never just left there.
    """
    if state not in TRANSITIONS[referral.state]:
        raise IllegalTransition(
            tr("referral.transition", current=referral.state.label, new=state.label)
        )
    if state is ReferralState.NOT_REACHED and next_action is None:
        raise InvalidInput({"next_action": tr("referral.next_missing")})
    if state is ReferralState.REACHED:
        if reached_on is None:
            raise InvalidInput({"reached_on": tr("referral.reached_missing")})
        if reached_on > today or reached_on < referral.made_on:
            raise InvalidInput({"reached_on": tr("referral.reached_outside")})


class ReferralFollowUp(BaseModel):
    """What the database counted of the referrals made in a report period (R11)."""

    model_config = ConfigDict(frozen=True)

    made: int = 0
    reached: int = 0
    not_followed: int = 0
    """Still sent after their expected day: nobody recorded what happened."""
    first_contact_days: tuple[int, ...] = ()
    """Days from the referral to the first contact, one per reached referral."""


class FollowUpEntry(BaseModel):
    """A past-due referral on the follow-up list, with its client."""

    model_config = ConfigDict(frozen=True)

    referral: Referral
    client: Client


# Use cases ---------------------------------------------------------------------------


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
