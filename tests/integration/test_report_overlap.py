"""The report's overlapping-assessments figure counts what the network view warns about.

A coordinator who sees "work ability assessed by Kela and TE-palvelut" on a
client's network must find that client in the month's figure too: the two
are the same rule (R6, R11), asked of the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from domain.clock import FixedClock
from domain.intake import LifeDomain
from domain.network import AssessmentInput, AssessmentKind
from domain.network_warnings import WarningKind, network_warnings
from domain.reports import Period
from domain.staff import Location, Staff
from domain.use_cases.coordination import add_assessment, open_network
from domain.use_cases.indicators import build_report
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.conftest import walk_in_client

UoW = Callable[[], SqlUnitOfWork]
NOVEMBER = Period.month_of(dt.date(2026, 11, 1))


def _assess(
    uow: UoW, actor: Staff, client_id: int, organisation: str, day: int, **what: object
) -> None:
    add_assessment(
        uow(),
        AssessmentInput(
            client_id=client_id,
            organisation=organisation,
            made_on=dt.date(2026, 11, day),
            **what,
        ),
        actor=actor,
    )


def _both_counts(uow: UoW, actor: Staff, client_id: int, clock: FixedClock) -> tuple[int, int]:
    network = open_network(uow(), client_id, actor=actor)
    warned = sum(
        1
        for warning in network_warnings(network, clock.now())
        if warning.kind is WarningKind.OVERLAPPING_ASSESSMENTS
    )
    report = build_report(uow(), NOVEMBER, team_id=None, clock=clock, actor=actor, trend_length=1)
    figure = next(f for f in report.figures if f.indicator.key == "overlapping_assessments")
    assert figure.value is not None
    return warned, int(figure.value)


@pytest.mark.parametrize(
    "what",
    [
        pytest.param({"kind": AssessmentKind.WORK_ABILITY}, id="kind-only"),
        pytest.param({"domain": LifeDomain.HOUSING}, id="life-domain"),
    ],
)
def test_the_report_counts_the_overlap_the_network_warns_about(
    uow: UoW,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    what: dict[str, object],
) -> None:
    client_id = walk_in_client(uow, actor, location, clock, name="Aino Virtanen")
    _assess(uow, actor, client_id, "Kela", 3, **what)
    _assess(uow, actor, client_id, "TE-palvelut", 17, **what)

    assert _both_counts(uow, actor, client_id, clock) == (1, 1)


def test_the_same_organisation_twice_is_no_overlap_in_either(
    uow: UoW, actor: Staff, location: Location, clock: FixedClock
) -> None:
    client_id = walk_in_client(uow, actor, location, clock, name="Aino Virtanen")
    _assess(uow, actor, client_id, "Kela", 3, kind=AssessmentKind.WORK_ABILITY)
    _assess(uow, actor, client_id, "kela", 17, kind=AssessmentKind.WORK_ABILITY)

    assert _both_counts(uow, actor, client_id, clock) == (0, 0)
