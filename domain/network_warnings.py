"""Warnings the network view raises (R6), each a pure rule with its reason.

Every rule looks at the network as it is and says what a coordinator should
look into; none changes anything. Transition points lose case managers, several
"case managers" confuse everyone, and overlapping plans and assessments are the
duplicated work the seeds describe (000, 001, 002, 004).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from enum import StrEnum
from itertools import combinations

from pydantic import BaseModel, ConfigDict

from domain import formats
from domain.catalogue import Service
from domain.clock import HELSINKI
from domain.i18n import tr
from domain.network import (
    Assessment,
    AssignmentView,
    ClientNetwork,
    NetworkMember,
    NetworkRole,
    Plan,
    PlanKind,
)
from domain.sectors import Sector

ACTIVE_CLIENT_WINDOW = dt.timedelta(days=183)
"""A client who visited within this time is active and needs a case manager."""
ASSESSMENT_WINDOW = dt.timedelta(days=183)
PLAN_CURRENT_FOR = dt.timedelta(days=365)
"""A plan without a next review counts as current for a year after it was made."""

# Plans whose kinds cover the same ground (002: several plans for the same thing).
OVERLAPPING_PLAN_KINDS: tuple[frozenset[PlanKind], ...] = (
    frozenset({PlanKind.CLIENT, PlanKind.CARE}),
    frozenset({PlanKind.ACTIVATION, PlanKind.EMPLOYMENT, PlanKind.REHABILITATION}),
)

# Titles that mean "the one who coordinates" in other organisations' words.
_COORDINATOR_TITLE = re.compile(
    r"asiakasvastaava|koordinaattori|rinnallakulkija|case manager|coordinator", re.IGNORECASE
)


class WarningKind(StrEnum):
    NO_CASE_MANAGER = "no_case_manager"
    SEVERAL_CASE_MANAGERS = "several_case_managers"
    OVERLAPPING_PLANS = "overlapping_plans"
    OVERLAPPING_ASSESSMENTS = "overlapping_assessments"
    TYP_WORK_ABILITY = "typ_work_ability"
    INTERIM_TOO_LONG = "interim_too_long"


class NetworkWarning(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: WarningKind
    reason: str


def no_case_manager(
    case_manager: AssignmentView | None, last_visit_at: dt.datetime | None, now: dt.datetime
) -> NetworkWarning | None:
    """An active client (a visit within six months) with nobody managing their case."""
    if case_manager is not None or last_visit_at is None:
        return None
    if now - last_visit_at > ACTIVE_CLIENT_WINDOW:
        return None
    return NetworkWarning(
        kind=WarningKind.NO_CASE_MANAGER,
        reason=tr("warning.no_case_manager", date=formats.date(last_visit_at)),
    )


def several_case_manager_like(
    members: Iterable[NetworkMember], case_manager: AssignmentView | None, today: dt.date
) -> NetworkWarning | None:
    """More than one person in a coordinating role: the case manager, a responsible
    worker, or someone whose title says they coordinate (000)."""
    people: list[str] = []
    for member in members:
        if member.is_close_person or not member.active_on(today):
            continue
        assert member.professional is not None
        is_case_manager = (
            case_manager is not None and case_manager.professional.id == member.professional.id
        )
        if (
            is_case_manager
            or NetworkRole.RESPONSIBLE_WORKER in member.roles
            or _COORDINATOR_TITLE.search(member.professional.title)
        ):
            people.append(f"{member.name} ({member.organisation})")
    if len(people) < 2:
        return None
    return NetworkWarning(
        kind=WarningKind.SEVERAL_CASE_MANAGERS,
        reason=tr("warning.several_case_managers", people=", ".join(people)),
    )


def _plan_current(plan: Plan, today: dt.date) -> bool:
    if plan.next_review is not None:
        return plan.next_review >= today
    return today - plan.made_on <= PLAN_CURRENT_FOR


def overlapping_plans(plans: Sequence[Plan], today: dt.date) -> NetworkWarning | None:
    """Current plans of overlapping kinds made by different organisations (002)."""
    current = [plan for plan in plans if _plan_current(plan, today)]
    overlapping: list[Plan] = []
    for first, second in combinations(current, 2):
        same_ground = any(
            first.kind in group and second.kind in group for group in OVERLAPPING_PLAN_KINDS
        )
        if same_ground and first.organisation.casefold() != second.organisation.casefold():
            overlapping.extend(plan for plan in (first, second) if plan not in overlapping)
    if not overlapping:
        return None
    described = ", ".join(f"{plan.kind.label} ({plan.organisation})" for plan in overlapping)
    return NetworkWarning(
        kind=WarningKind.OVERLAPPING_PLANS,
        reason=tr("warning.overlapping_plans", plans=described),
    )


def overlapping_pairs(assessments: Sequence[Assessment]) -> list[tuple[Assessment, Assessment]]:
    """Every pair that assessed the same thing twice: the same life domain (or, for an
    assessment of a kind, the same kind) by two organisations within six months.

    Each pair is (earlier, later). The network warning and the report's figure
    both ask this one function, so a coordinator who is warned about a client
    finds the client counted in the period of the later assessment (R6, R11).
    """
    pairs: list[tuple[Assessment, Assessment]] = []
    for first, second in combinations(assessments, 2):
        if first.subject_key != second.subject_key:
            continue
        if first.organisation.casefold() == second.organisation.casefold():
            continue
        if abs(first.made_on - second.made_on) > ASSESSMENT_WINDOW:
            continue
        earlier, later = sorted((first, second), key=lambda a: (a.made_on, a.id))
        pairs.append((earlier, later))
    return pairs


def clients_with_overlap(
    assessments: Sequence[Assessment], first_day: dt.date, last_day: dt.date
) -> set[int]:
    """Clients with an overlapping pair whose later assessment falls in the period.

    The period's figure counts a duplicated assessment when the duplicate is
    made: the month after, the same pair is history, not news.
    """
    by_client: dict[int, list[Assessment]] = {}
    for assessment in assessments:
        by_client.setdefault(assessment.client_id, []).append(assessment)
    return {
        client_id
        for client_id, own in by_client.items()
        if any(first_day <= later.made_on <= last_day for _, later in overlapping_pairs(own))
    }


def overlapping_assessments(assessments: Sequence[Assessment]) -> list[NetworkWarning]:
    """One warning per subject assessed twice (:func:`overlapping_pairs`)."""
    warnings: list[NetworkWarning] = []
    seen: set[str] = set()
    for pair in overlapping_pairs(assessments):
        subject = pair[0].subject_key
        if subject in seen:
            continue
        seen.add(subject)
        described = ", ".join(f"{a.organisation} {formats.date(a.made_on)}" for a in pair)
        warnings.append(
            NetworkWarning(
                kind=WarningKind.OVERLAPPING_ASSESSMENTS,
                reason=tr(
                    "warning.overlapping_assessments",
                    subject=pair[0].subject,
                    assessments=described,
                ),
            )
        )
    return warnings


def typ_and_work_ability(
    members: Iterable[NetworkMember], referrals: Iterable[Service], today: dt.date
) -> NetworkWarning | None:
    """A TYP client also referred to a work-ability service: agree case by case (004)."""
    in_typ = any(m.sector is Sector.TYP and m.active_on(today) for m in members)
    services = sorted({service.name for service in referrals if service.work_ability})
    if not in_typ or not services:
        return None
    return NetworkWarning(
        kind=WarningKind.TYP_WORK_ABILITY,
        reason=tr("warning.typ_work_ability", services=", ".join(services)),
    )


def interim_too_long(
    case_manager: AssignmentView | None, today: dt.date, interim_days: int
) -> NetworkWarning | None:
    """An interim case manager carrying the client longer than ``interim_days``: the
    referral or intake was a start, and the network should now agree who carries on (R4)."""
    if case_manager is None or not case_manager.assignment.interim:
        return None
    since = case_manager.assignment.started_at.astimezone(HELSINKI).date()
    if (today - since).days <= interim_days:
        return None
    return NetworkWarning(
        kind=WarningKind.INTERIM_TOO_LONG,
        reason=tr(
            "warning.interim_too_long",
            name=case_manager.professional.name,
            date=formats.date(since),
        ),
    )


def network_warnings(
    network: ClientNetwork, now: dt.datetime, *, interim_days: int = 14
) -> list[NetworkWarning]:
    """Every warning for the network, most urgent first."""
    today = now.astimezone(HELSINKI).date()
    found: list[NetworkWarning | None] = [
        no_case_manager(network.case_manager, network.last_visit_at, now),
        interim_too_long(network.case_manager, today, interim_days),
        several_case_manager_like(network.members, network.case_manager, today),
        overlapping_plans(network.plans, today),
        *overlapping_assessments(network.assessments),
        typ_and_work_ability(network.members, network.referrals, today),
    ]
    return [warning for warning in found if warning is not None]
