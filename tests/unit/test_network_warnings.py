"""The warnings of the network view (R6), rule by rule, on both sides of each boundary."""

from __future__ import annotations

import datetime as dt
from itertools import count

import pytest

from domain.case_management import CaseManagerAssignment
from domain.catalogue import Service
from domain.clients import Client
from domain.i18n import set_language
from domain.intake import LifeDomain
from domain.network import (
    Assessment,
    AssessmentKind,
    AssignmentView,
    ClientNetwork,
    NetworkMember,
    NetworkRole,
    Plan,
    PlanKind,
    Professional,
)
from domain.network_warnings import (
    ACTIVE_CLIENT_WINDOW,
    ASSESSMENT_WINDOW,
    PLAN_CURRENT_FOR,
    WarningKind,
    network_warnings,
    no_case_manager,
    overlapping_assessments,
    overlapping_plans,
    several_case_manager_like,
    typ_and_work_ability,
)
from domain.sectors import Sector
from tests.conftest import NOW

TODAY = dt.date(2026, 11, 24)  # NOW in Helsinki
YESTERDAY = TODAY - dt.timedelta(days=1)
TOMORROW = TODAY + dt.timedelta(days=1)
_ids = count(1)


def professional(
    pid: int,
    name: str,
    organisation: str = "Aikuissosiaalityö",
    *,
    title: str = "Sosiaaliohjaaja",
    sector: Sector = Sector.SOCIAL,
) -> Professional:
    return Professional(id=pid, name=name, title=title, organisation=organisation, sector=sector)


def member(
    who: Professional,
    *roles: NetworkRole,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> NetworkMember:
    return NetworkMember(
        id=who.id * 10,
        client_id=1,
        professional=who,
        roles=frozenset(roles),
        since=since,
        until=until,
    )


def close_person(name: str, *roles: NetworkRole) -> NetworkMember:
    return NetworkMember(
        id=999,
        client_id=1,
        professional=None,
        close_name=name,
        relation="sisar",
        roles=frozenset(roles),
    )


def managed_by(who: Professional, *, interim: bool = False) -> AssignmentView:
    assignment = CaseManagerAssignment(
        id=who.id * 100,
        client_id=1,
        professional_id=who.id,
        interim=interim,
        started_at=NOW - dt.timedelta(days=30),
        started_by=1,
    )
    return AssignmentView(assignment=assignment, professional=who)


def plan(
    kind: PlanKind, organisation: str, made_on: dt.date, next_review: dt.date | None = None
) -> Plan:
    return Plan(
        id=next(_ids),
        client_id=1,
        kind=kind,
        organisation=organisation,
        made_on=made_on,
        next_review=next_review,
    )


def assessment(
    organisation: str,
    made_on: dt.date,
    *,
    domain: LifeDomain | None = LifeDomain.HOUSING,
    kind: AssessmentKind | None = None,
) -> Assessment:
    return Assessment(
        id=next(_ids),
        client_id=1,
        domain=domain,
        kind=kind,
        assessor="",
        organisation=organisation,
        made_on=made_on,
    )


def service(sid: int, name: str, *, work_ability: bool) -> Service:
    return Service(
        id=sid,
        name=name,
        sector=Sector.HEALTH,
        contact="",
        active=True,
        work_ability=work_ability,
        version=1,
    )


AINO = professional(1, "Aino Asiakasvastaava", "Aikuissosiaalityö")
PEKKA = professional(2, "Pekka Psykiatri", "Psykiatrian poliklinikka", sector=Sector.HEALTH)
TIINA = professional(3, "Tiina Työvalmentaja", "TYP Lappeenranta", sector=Sector.TYP)
TYOKYKY = service(1, "Työkykykeskus", work_ability=True)
VELKANEUVONTA = service(2, "Talous- ja velkaneuvonta", work_ability=False)


# No case manager -----------------------------------------------------------------


def test_an_active_client_without_a_case_manager_is_warned_about() -> None:
    warning = no_case_manager(None, NOW - dt.timedelta(days=3), NOW)
    assert warning is not None
    assert warning.kind is WarningKind.NO_CASE_MANAGER
    assert warning.reason == "Ei asiakasvastaavaa, vaikka asiakas on käynyt 21.11.2026."


def test_the_active_window_is_183_days() -> None:
    assert ACTIVE_CLIENT_WINDOW == dt.timedelta(days=183)
    assert no_case_manager(None, NOW - dt.timedelta(days=183), NOW) is not None
    assert no_case_manager(None, NOW - dt.timedelta(days=183, seconds=1), NOW) is None
    assert no_case_manager(None, NOW - dt.timedelta(days=184), NOW) is None


def test_a_client_with_a_case_manager_is_not_warned_about() -> None:
    assert no_case_manager(managed_by(AINO), NOW, NOW) is None
    assert no_case_manager(managed_by(AINO, interim=True), NOW, NOW) is None


def test_a_client_who_never_visited_is_not_warned_about() -> None:
    assert no_case_manager(None, None, NOW) is None


def test_the_visit_date_is_the_helsinki_day() -> None:
    late_evening_utc = dt.datetime(2026, 11, 20, 22, 30, tzinfo=dt.UTC)  # 21.11. 00:30 local
    warning = no_case_manager(None, late_evening_utc, NOW)
    assert warning is not None
    assert "21.11.2026" in warning.reason
    assert "20.11.2026" not in warning.reason


# Several case-manager-like roles --------------------------------------------------


def test_case_manager_and_a_responsible_worker_are_two_coordinators() -> None:
    members = [member(AINO), member(PEKKA, NetworkRole.RESPONSIBLE_WORKER)]
    warning = several_case_manager_like(members, managed_by(AINO), TODAY)
    assert warning is not None
    assert warning.kind is WarningKind.SEVERAL_CASE_MANAGERS
    assert "Aino Asiakasvastaava (Aikuissosiaalityö)" in warning.reason
    assert "Pekka Psykiatri (Psykiatrian poliklinikka)" in warning.reason


def test_the_case_manager_alone_is_no_warning() -> None:
    members = [member(AINO), member(PEKKA, NetworkRole.NAMED_WORKER, NetworkRole.CONTACT)]
    assert several_case_manager_like(members, managed_by(AINO), TODAY) is None


def test_two_responsible_workers_without_a_case_manager_are_warned_about() -> None:
    members = [
        member(AINO, NetworkRole.RESPONSIBLE_WORKER),
        member(PEKKA, NetworkRole.RESPONSIBLE_WORKER),
    ]
    warning = several_case_manager_like(members, None, TODAY)
    assert warning is not None
    assert "Aino Asiakasvastaava" in warning.reason and "Pekka Psykiatri" in warning.reason


@pytest.mark.parametrize(
    "title", ["Asiakasvastaava", "ASIAKASVASTAAVA", "Työkykykoordinaattori", "Koordinaattori"]
)
def test_a_coordinating_title_counts(title: str) -> None:
    titled = professional(4, "Kaisa Kela", "Kela", title=title, sector=Sector.KELA)
    warning = several_case_manager_like([member(AINO), member(titled)], managed_by(AINO), TODAY)
    assert warning is not None
    assert "Kaisa Kela (Kela)" in warning.reason


@pytest.mark.parametrize("title", ["Sosiaalityöntekijä", "Etuuskäsittelijä", ""])
def test_an_ordinary_title_does_not_count(title: str) -> None:
    titled = professional(4, "Kaisa Kela", "Kela", title=title, sector=Sector.KELA)
    members = [member(AINO), member(titled)]
    assert several_case_manager_like(members, managed_by(AINO), TODAY) is None


def test_a_closed_member_does_not_count() -> None:
    ended = member(PEKKA, NetworkRole.RESPONSIBLE_WORKER, until=YESTERDAY)
    assert several_case_manager_like([member(AINO), ended], managed_by(AINO), TODAY) is None


def test_a_member_ending_today_still_counts() -> None:
    ending = member(PEKKA, NetworkRole.RESPONSIBLE_WORKER, until=TODAY)
    assert several_case_manager_like([member(AINO), ending], managed_by(AINO), TODAY) is not None


def test_a_member_starting_tomorrow_does_not_count_yet() -> None:
    future = member(PEKKA, NetworkRole.RESPONSIBLE_WORKER, since=TOMORROW)
    assert several_case_manager_like([member(AINO), future], managed_by(AINO), TODAY) is None
    starting = member(PEKKA, NetworkRole.RESPONSIBLE_WORKER, since=TODAY)
    assert several_case_manager_like([member(AINO), starting], managed_by(AINO), TODAY) is not None


def test_an_ended_case_manager_membership_does_not_count() -> None:
    members = [member(AINO, until=YESTERDAY), member(PEKKA, NetworkRole.RESPONSIBLE_WORKER)]
    assert several_case_manager_like(members, managed_by(AINO), TODAY) is None


def test_close_people_never_count() -> None:
    sister = close_person("Koordinaattori Kirsi", NetworkRole.RESPONSIBLE_WORKER)
    assert several_case_manager_like([member(AINO), sister], managed_by(AINO), TODAY) is None


# Overlapping plans ----------------------------------------------------------------


def test_client_and_care_plan_from_two_organisations_overlap() -> None:
    plans = [
        plan(PlanKind.CLIENT, "Aikuissosiaalityö", TODAY - dt.timedelta(days=40)),
        plan(PlanKind.CARE, "Psykiatrian poliklinikka", TODAY - dt.timedelta(days=10)),
    ]
    warning = overlapping_plans(plans, TODAY)
    assert warning is not None
    assert warning.kind is WarningKind.OVERLAPPING_PLANS
    assert "Asiakassuunnitelma (Aikuissosiaalityö)" in warning.reason
    assert "Hoitosuunnitelma (Psykiatrian poliklinikka)" in warning.reason


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (PlanKind.ACTIVATION, PlanKind.EMPLOYMENT),
        (PlanKind.ACTIVATION, PlanKind.REHABILITATION),
        (PlanKind.EMPLOYMENT, PlanKind.REHABILITATION),
        (PlanKind.CLIENT, PlanKind.CLIENT),
        (PlanKind.EMPLOYMENT, PlanKind.EMPLOYMENT),
    ],
)
def test_overlapping_kinds(first: PlanKind, second: PlanKind) -> None:
    plans = [plan(first, "Työllisyyspalvelut", TODAY), plan(second, "Kela", TODAY)]
    assert overlapping_plans(plans, TODAY) is not None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (PlanKind.CLIENT, PlanKind.ACTIVATION),
        (PlanKind.CARE, PlanKind.EMPLOYMENT),
        (PlanKind.CARE, PlanKind.REHABILITATION),
    ],
)
def test_non_overlapping_kinds(first: PlanKind, second: PlanKind) -> None:
    plans = [plan(first, "Aikuissosiaalityö", TODAY), plan(second, "Kela", TODAY)]
    assert overlapping_plans(plans, TODAY) is None


@pytest.mark.parametrize("other", ["Aikuissosiaalityö", "AIKUISSOSIAALITYÖ", "aikuissosiaalityö"])
def test_the_same_organisation_is_not_an_overlap(other: str) -> None:
    plans = [
        plan(PlanKind.CLIENT, "Aikuissosiaalityö", TODAY),
        plan(PlanKind.CARE, other, TODAY - dt.timedelta(days=1)),
    ]
    assert overlapping_plans(plans, TODAY) is None


def test_a_plan_is_current_until_its_next_review() -> None:
    made = TODAY - dt.timedelta(days=500)
    other = plan(PlanKind.CARE, "Psykiatrian poliklinikka", TODAY)
    reviewed_today = plan(PlanKind.CLIENT, "Aikuissosiaalityö", made, next_review=TODAY)
    assert overlapping_plans([reviewed_today, other], TODAY) is not None
    overdue = plan(PlanKind.CLIENT, "Aikuissosiaalityö", made, next_review=YESTERDAY)
    assert overlapping_plans([overdue, other], TODAY) is None


def test_a_recent_plan_past_its_review_is_not_current() -> None:
    stale = plan(PlanKind.CLIENT, "Aikuissosiaalityö", TODAY - dt.timedelta(days=20), YESTERDAY)
    other = plan(PlanKind.CARE, "Psykiatrian poliklinikka", TODAY)
    assert overlapping_plans([stale, other], TODAY) is None


def test_a_plan_without_review_is_current_for_365_days() -> None:
    assert PLAN_CURRENT_FOR == dt.timedelta(days=365)
    other = plan(PlanKind.CARE, "Psykiatrian poliklinikka", TODAY)
    year_old = plan(PlanKind.CLIENT, "Aikuissosiaalityö", TODAY - dt.timedelta(days=365))
    assert overlapping_plans([year_old, other], TODAY) is not None
    older = plan(PlanKind.CLIENT, "Aikuissosiaalityö", TODAY - dt.timedelta(days=366))
    assert overlapping_plans([older, other], TODAY) is None


def test_each_overlapping_plan_is_named_once() -> None:
    plans = [
        plan(PlanKind.ACTIVATION, "Aikuissosiaalityö", TODAY),
        plan(PlanKind.EMPLOYMENT, "Työllisyyspalvelut", TODAY),
        plan(PlanKind.REHABILITATION, "Kela", TODAY),
    ]
    warning = overlapping_plans(plans, TODAY)
    assert warning is not None
    for described in (
        "Aktivointisuunnitelma (Aikuissosiaalityö)",
        "Työllistymissuunnitelma (Työllisyyspalvelut)",
        "Kuntoutussuunnitelma (Kela)",
    ):
        assert warning.reason.count(described) == 1


def test_a_single_plan_is_no_overlap() -> None:
    assert overlapping_plans([plan(PlanKind.CLIENT, "Aikuissosiaalityö", TODAY)], TODAY) is None
    assert overlapping_plans([], TODAY) is None


# Overlapping assessments ----------------------------------------------------------


def test_the_same_domain_assessed_by_two_organisations_is_warned_about() -> None:
    found = overlapping_assessments(
        [
            assessment("Asumisneuvonta", dt.date(2026, 9, 1)),
            assessment("Aikuissosiaalityö", dt.date(2026, 6, 15)),
        ]
    )
    assert len(found) == 1
    warning = found[0]
    assert warning.kind is WarningKind.OVERLAPPING_ASSESSMENTS
    assert warning.reason.startswith("Asuminen")
    # Named oldest first, with the day each was made.
    assert "Aikuissosiaalityö 15.6.2026, Asumisneuvonta 1.9.2026" in warning.reason


def test_the_assessment_window_is_183_days() -> None:
    assert ASSESSMENT_WINDOW == dt.timedelta(days=183)
    first = assessment("Aikuissosiaalityö", dt.date(2026, 1, 1))
    within = assessment("Asumisneuvonta", dt.date(2026, 1, 1) + dt.timedelta(days=183))
    beyond = assessment("Asumisneuvonta", dt.date(2026, 1, 1) + dt.timedelta(days=184))
    assert len(overlapping_assessments([first, within])) == 1
    assert overlapping_assessments([first, beyond]) == []


@pytest.mark.parametrize("other", ["Aikuissosiaalityö", "AIKUISSOSIAALITYÖ"])
def test_the_same_organisation_assessing_again_is_not_an_overlap(other: str) -> None:
    pair = [
        assessment("Aikuissosiaalityö", dt.date(2026, 6, 1)),
        assessment(other, dt.date(2026, 7, 1)),
    ]
    assert overlapping_assessments(pair) == []


def test_different_domains_do_not_overlap() -> None:
    pair = [
        assessment("Aikuissosiaalityö", dt.date(2026, 6, 1), domain=LifeDomain.HOUSING),
        assessment("Asumisneuvonta", dt.date(2026, 7, 1), domain=LifeDomain.INCOME),
    ]
    assert overlapping_assessments(pair) == []


def test_the_same_kind_of_assessment_overlaps() -> None:
    kind = AssessmentKind.WORK_ABILITY
    pair = [
        assessment("Työkykykeskus", dt.date(2026, 6, 1), domain=None, kind=kind),
        assessment("TYP", dt.date(2026, 8, 1), domain=None, kind=kind),
    ]
    (warning,) = overlapping_assessments(pair)
    assert warning.reason.startswith("Työkykyarvio")
    assert "Työkykykeskus 1.6.2026, TYP 1.8.2026" in warning.reason


def test_one_warning_per_subject_and_one_for_each_subject() -> None:
    housing = [
        assessment(org, dt.date(2026, 6, day)) for org, day in (("A", 1), ("B", 2), ("C", 3))
    ]
    income = [assessment(org, dt.date(2026, 6, 1), domain=LifeDomain.INCOME) for org in ("D", "E")]
    found = overlapping_assessments([*housing, *income])
    assert len(found) == 2
    assert [w.reason.split(" ")[0] for w in found] == ["Asuminen", "Toimeentulo"]


# TYP and work ability -------------------------------------------------------------


def test_typ_member_and_a_work_ability_referral_is_warned_about() -> None:
    warning = typ_and_work_ability([member(TIINA)], [TYOKYKY, VELKANEUVONTA], TODAY)
    assert warning is not None
    assert warning.kind is WarningKind.TYP_WORK_ABILITY
    assert "Työkykykeskus" in warning.reason
    assert "velkaneuvonta" not in warning.reason


def test_typ_member_and_an_ordinary_referral_is_no_warning() -> None:
    assert typ_and_work_ability([member(TIINA)], [VELKANEUVONTA], TODAY) is None


def test_a_work_ability_referral_without_typ_is_no_warning() -> None:
    assert typ_and_work_ability([member(AINO), member(PEKKA)], [TYOKYKY], TODAY) is None


def test_a_closed_typ_membership_does_not_count() -> None:
    ended = member(TIINA, until=YESTERDAY)
    assert typ_and_work_ability([ended], [TYOKYKY], TODAY) is None
    assert typ_and_work_ability([member(TIINA, until=TODAY)], [TYOKYKY], TODAY) is not None


def test_work_ability_services_are_listed_once_in_order() -> None:
    other = service(3, "Ammatillinen kuntoutus", work_ability=True)
    warning = typ_and_work_ability([member(TIINA)], [TYOKYKY, other, TYOKYKY], TODAY)
    assert warning is not None
    assert "(Ammatillinen kuntoutus, Työkykykeskus)" in warning.reason


# All warnings together ------------------------------------------------------------


def network_of(**fields: object) -> ClientNetwork:
    values: dict[str, object] = {
        "client": Client(
            id=1, name="Laine Liisa", hetu=None, birth_year=None, created_at=NOW, version=1
        ),
        "members": (),
        "plans": (),
        "assessments": (),
        "case_manager": None,
        "history": (),
        "last_visit_at": None,
        "referrals": (),
    }
    values.update(fields)
    return ClientNetwork.model_validate(values)


def test_a_quiet_network_has_no_warnings() -> None:
    network = network_of(
        members=(member(AINO), member(PEKKA, NetworkRole.NAMED_WORKER)),
        case_manager=managed_by(AINO),
        last_visit_at=NOW,
    )
    assert network_warnings(network, NOW) == []


def test_no_case_manager_comes_first() -> None:
    network = network_of(
        members=(
            member(AINO, NetworkRole.RESPONSIBLE_WORKER),
            member(PEKKA, NetworkRole.RESPONSIBLE_WORKER),
            member(TIINA),
        ),
        plans=(
            plan(PlanKind.CLIENT, "Aikuissosiaalityö", TODAY),
            plan(PlanKind.CARE, "Psykiatrian poliklinikka", TODAY),
        ),
        assessments=(
            assessment("Aikuissosiaalityö", TODAY),
            assessment("Asumisneuvonta", TODAY),
        ),
        last_visit_at=NOW - dt.timedelta(days=1),
        referrals=(TYOKYKY,),
    )
    assert [w.kind for w in network_warnings(network, NOW)] == [
        WarningKind.NO_CASE_MANAGER,
        WarningKind.SEVERAL_CASE_MANAGERS,
        WarningKind.OVERLAPPING_PLANS,
        WarningKind.OVERLAPPING_ASSESSMENTS,
        WarningKind.TYP_WORK_ABILITY,
    ]


def test_network_warnings_use_the_helsinki_day() -> None:
    # 22:30 UTC on 24.11. is already 25.11. in Helsinki: a review due 24.11. is past.
    late = dt.datetime(2026, 11, 24, 22, 30, tzinfo=dt.UTC)
    network = network_of(
        plans=(
            plan(PlanKind.CLIENT, "Aikuissosiaalityö", TODAY - dt.timedelta(days=90), TODAY),
            plan(PlanKind.CARE, "Psykiatrian poliklinikka", TODAY),
        ),
    )
    assert [w.kind for w in network_warnings(network, NOW)] == [WarningKind.OVERLAPPING_PLANS]
    assert network_warnings(network, late) == []


def test_reasons_in_english() -> None:
    set_language("en")
    try:
        warning = no_case_manager(None, NOW, NOW)
        assert warning is not None
        assert warning.reason == "No case manager, though the client visited on 24/11/2026."
        plans = [
            plan(PlanKind.CLIENT, "Aikuissosiaalityö", TODAY),
            plan(PlanKind.CARE, "Psykiatrian poliklinikka", TODAY),
        ]
        overlap = overlapping_plans(plans, TODAY)
        assert overlap is not None
        assert "Client plan (Aikuissosiaalityö)" in overlap.reason
    finally:
        set_language("fi")
