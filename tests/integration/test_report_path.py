"""The service path's figures (issue 19) in a report built from what the desk did.

Three walk-ins on a Tuesday in November 2026, called after 4, 10 and 20
minutes; two finished intakes. A lead reading F5 sees who came, how long they
waited and how the intakes ended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from domain.clock import FixedClock
from domain.intake import OutcomeKind
from domain.reports import Period
from domain.staff import Location, Staff
from domain.use_cases import reception
from domain.use_cases.indicators import build_report
from domain.use_cases.interview import finish_intake
from domain.visits import Visit
from domain.walk_in import WalkInInput
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.test_interview import typed

UoW = Callable[[], SqlUnitOfWork]
NOVEMBER = Period.month_of(dt.date(2026, 11, 1))


def _called_after(
    uow: UoW, actor: Staff, location: Location, clock: FixedClock, minutes: int, **fields: object
) -> Visit:
    visit = reception.register_walk_in(
        uow(), WalkInInput.model_validate(fields), actor=actor, location=location, clock=clock
    )
    clock.advance(minutes=minutes)
    called = reception.call_visit(uow(), visit.id, visit.version, actor=actor, clock=clock)
    clock.advance(minutes=1)
    return called


def test_waiting_clients_and_outcomes(
    uow: UoW, actor: Staff, location: Location, clock: FixedClock
) -> None:
    october = FixedClock(clock.now() - dt.timedelta(days=30))
    bertta = reception.register_walk_in(
        uow(), WalkInInput(name="Bertta Koski"), actor=actor, location=location, clock=october
    )
    aino = _called_after(uow, actor, location, clock, 4, name="Aino Virtanen")
    finish_intake(uow(), aino.id, typed(outcome=OutcomeKind.ADVICE), actor=actor, clock=clock)
    _called_after(uow, actor, location, clock, 10)  # nobody's name: not counted as a client
    # Aino comes back the same day: one client, not two.
    _called_after(uow, actor, location, clock, 20, client_id=aino.client_id)
    # Bertta, first seen in October, waits: a client of November, not a new one.
    reception.register_walk_in(
        uow(),
        WalkInInput(client_id=bertta.client_id),
        actor=actor,
        location=location,
        clock=clock,
        accept_already_waiting=True,
    )

    report = build_report(uow(), NOVEMBER, team_id=None, clock=clock, actor=actor, trend_length=1)
    values = {figure.indicator.key: figure.value for figure in report.figures}
    # Waits of 4, 10 and 20 minutes; Bertta is still waiting and not counted.
    assert values["waiting_median"] == 10
    assert values["waiting_p90"] == pytest.approx(18)
    assert (values["unique_clients"], values["new_clients"]) == (2, 1)
    assert values["intakes"] == 1
    outcomes = report.table("outcomes")
    assert outcomes is not None
    assert [row[0] for row in outcomes.rows] == [kind.label for kind in OutcomeKind]
    assert (OutcomeKind.ADVICE.label, 1, 100.0) in outcomes.rows
    assert values["moti_clients"] == 0
    assert values["days_to_discussion"] is None
