"""Feedback rules and use cases against a small in-memory unit of work (no database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from domain.audit import AccessAction
from domain.case_management import CaseManagerAssignment, EndReason
from domain.clock import FixedClock
from domain.errors import DomainError, InvalidInput, NotFound
from domain.feedback import (
    TEXT_MAX,
    FeedbackKind,
    check_feedback,
    is_closure,
    latest_closure,
    score_label,
)
from domain.i18n import set_language
from domain.ports import UnitOfWork
from domain.staff import Staff
from domain.use_cases.feedback import (
    client_feedback,
    record_closure_feedback,
    record_closure_reminder,
    record_visit_feedback,
)
from domain.visits import ReferralChannel, Urgency, Visit, VisitState
from tests.fakes import FakeUnitOfWork

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)  # 12:00 in Helsinki
ACTOR = Staff(id=3, name="Riikka Vastaanotto")
SERVER = 7
"""The staff member who served the visits."""
CLIENT = 40
LIISA = 11
"""Case manager (a directory entry)."""


def visit(state: VisitState, *, visit_id: int = 1, client_id: int | None = CLIENT) -> Visit:
    arrived = NOW - dt.timedelta(hours=1)
    done = state in (VisitState.DONE, VisitState.LEFT)
    called = state in (VisitState.IN_SERVICE, VisitState.DONE)
    return Visit(
        id=visit_id,
        location_id=2,
        client_id=client_id,
        reason="Vuokrarästit",
        channel=ReferralChannel.SELF,
        urgency=Urgency.NORMAL,
        state=state,
        arrived_at=arrived,
        registered_by=ACTOR.id,
        called_at=arrived + dt.timedelta(minutes=5) if called else None,
        called_by=SERVER if called else None,
        # 23:30 UTC is already the next day in Helsinki.
        ended_at=dt.datetime(2026, 11, 23, 23, 30, tzinfo=dt.UTC) if done else None,
        ended_by=ACTOR.id if done else None,
    )


def assignment(
    assignment_id: int,
    *,
    ended_days_ago: int | None,
    reason: EndReason | None = EndReason.NEED_ENDED,
) -> CaseManagerAssignment:
    ended = None if ended_days_ago is None else NOW - dt.timedelta(days=ended_days_ago)
    return CaseManagerAssignment(
        id=assignment_id,
        client_id=CLIENT,
        professional_id=LIISA,
        interim=False,
        started_at=NOW - dt.timedelta(days=300),
        started_by=ACTOR.id,
        ended_at=ended,
        ended_by=ACTOR.id if ended else None,
        end_reason=reason if ended else None,
    )


def unit_of_work(
    visits: Sequence[Visit] = (), history: Sequence[CaseManagerAssignment] = ()
) -> FakeUnitOfWork:
    uow = FakeUnitOfWork(FixedClock(NOW))
    uow.seed_visits(*visits)
    uow.seed_assignments(*history)
    return uow


def as_uow(fake: FakeUnitOfWork) -> UnitOfWork:
    return fake


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


# --- the rules ------------------------------------------------------------------


@pytest.mark.parametrize("score", [None, 0, 6, -1, True])
def test_a_score_outside_one_to_five_is_refused_at_the_field(score: int | None) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_feedback(score, "hyvä")
    assert set(refused.value.fields) == {"score"}
    assert refused.value.fields["score"] == "Valitse arvio 1–5."


def test_every_score_has_words() -> None:
    assert [score_label(s) for s in range(1, 6)] == [
        "Erittäin huono",
        "Huono",
        "Kohtalainen",
        "Hyvä",
        "Erittäin hyvä",
    ]
    set_language("en")
    assert score_label(5) == "Very good"


def test_text_is_cleaned_and_limited() -> None:
    assert check_feedback(3, "  Hyvä\x1b[31m palvelu\n  [b]kiitos[/b]\x00 ") == (
        3,
        "Hyvä palvelu [b]kiitos[/b]",
    )
    assert check_feedback(5, "") == (5, "")
    assert check_feedback(5, "x" * TEXT_MAX) == (5, "x" * TEXT_MAX)
    with pytest.raises(InvalidInput) as refused:
        check_feedback(None, "x" * (TEXT_MAX + 1))
    assert set(refused.value.fields) == {"score", "text"}  # both at once
    assert str(TEXT_MAX) in refused.value.fields["text"]


def test_a_closure_is_an_end_without_a_successor() -> None:
    active = assignment(1, ended_days_ago=None)
    replaced = assignment(2, ended_days_ago=1, reason=EndReason.REPLACED)
    moved = assignment(3, ended_days_ago=30, reason=EndReason.MOVED)
    declined = assignment(4, ended_days_ago=5, reason=EndReason.DECLINED)
    assert [is_closure(a) for a in (active, replaced, moved, declined)] == [
        False,
        False,
        True,
        True,
    ]
    assert latest_closure([active, replaced, moved, declined]) == declined
    assert latest_closure([active, replaced]) is None
    assert latest_closure([]) is None


# --- visits ---------------------------------------------------------------------


def test_feedback_on_a_visit_keeps_its_links_and_is_logged(clock: FixedClock) -> None:
    uow = unit_of_work([visit(VisitState.DONE)])
    saved = record_visit_feedback(
        as_uow(uow), 1, 4, " Nopeaa apua ", False, actor=ACTOR, clock=clock
    )
    assert saved.kind is FeedbackKind.VISIT
    assert (saved.score, saved.text, saved.anonymous) == (4, "Nopeaa apua", False)
    assert (saved.visit_id, saved.client_id, saved.assignment_id) == (1, CLIENT, None)
    assert (saved.staff_id, saved.professional_id, saved.location_id) == (SERVER, None, 2)
    assert saved.given_on == dt.date(2026, 11, 24)  # the Helsinki day the visit ended
    assert saved.recorded_at == NOW
    assert saved.recorded_by == ACTOR.id
    assert uow.audits == [(ACTOR.id, AccessAction.FEEDBACK_RECORDED, CLIENT)]


def test_anonymous_visit_feedback_keeps_no_client_and_is_not_logged(clock: FixedClock) -> None:
    uow = unit_of_work([visit(VisitState.DONE)])
    saved = record_visit_feedback(
        as_uow(uow), 1, 2, "Jono oli pitkä", True, actor=ACTOR, clock=clock
    )
    assert saved.anonymous
    assert (saved.visit_id, saved.client_id, saved.assignment_id) == (None, None, None)
    # The worker, the place and the day stay: the report counts them (R11).
    assert (saved.staff_id, saved.location_id, saved.given_on) == (
        SERVER,
        2,
        dt.date(2026, 11, 24),
    )
    # Only the day of recording, so the row cannot be joined to the access log by time.
    assert saved.recorded_at == dt.datetime(2026, 11, 23, 22, 0, tzinfo=dt.UTC)
    assert uow.audits == []
    assert uow.commits == 1


def test_a_visit_without_a_known_client_has_nobody_to_log(clock: FixedClock) -> None:
    uow = unit_of_work([visit(VisitState.DONE, client_id=None)])
    saved = record_visit_feedback(as_uow(uow), 1, 5, "", False, actor=ACTOR, clock=clock)
    assert (saved.visit_id, saved.client_id) == (1, None)
    assert uow.audits == []


@pytest.mark.parametrize(
    ("state", "words"),
    [
        (VisitState.WAITING, "kun käynti on päättynyt"),
        (VisitState.IN_SERVICE, "kun käynti on päättynyt"),
        (VisitState.LEFT, "lähti ennen"),
    ],
)
def test_feedback_waits_for_a_finished_visit(
    state: VisitState, words: str, clock: FixedClock
) -> None:
    uow = unit_of_work([visit(state)])
    with pytest.raises(DomainError) as refused:
        record_visit_feedback(as_uow(uow), 1, 4, "", False, actor=ACTOR, clock=clock)
    assert words in refused.value.message
    assert not isinstance(refused.value, InvalidInput)
    assert uow.committed.feedback == [] and uow.commits == 0


def test_bad_input_is_refused_before_anything_is_read(clock: FixedClock) -> None:
    uow = unit_of_work([])  # no such visit either: the fields are what the worker fixes first
    with pytest.raises(InvalidInput):
        record_visit_feedback(as_uow(uow), 99, 9, "", False, actor=ACTOR, clock=clock)
    with pytest.raises(NotFound):
        record_visit_feedback(as_uow(uow), 99, 3, "", False, actor=ACTOR, clock=clock)


# --- closures -------------------------------------------------------------------


def test_feedback_on_a_closure_counts_for_the_case_manager(clock: FixedClock) -> None:
    uow = unit_of_work(history=[assignment(5, ended_days_ago=2)])
    saved = record_closure_feedback(
        as_uow(uow), 5, 5, "Kiitos", False, client_id=CLIENT, actor=ACTOR, clock=clock
    )
    assert saved.kind is FeedbackKind.CLOSURE
    assert (saved.assignment_id, saved.client_id, saved.visit_id) == (5, CLIENT, None)
    assert (saved.professional_id, saved.staff_id, saved.location_id) == (LIISA, None, None)
    assert saved.given_on == dt.date(2026, 11, 22)
    assert uow.audits == [(ACTOR.id, AccessAction.FEEDBACK_RECORDED, CLIENT)]


def test_anonymous_closure_feedback_keeps_no_client(clock: FixedClock) -> None:
    uow = unit_of_work(history=[assignment(5, ended_days_ago=2)])
    saved = record_closure_feedback(
        as_uow(uow), 5, 1, "", True, client_id=CLIENT, actor=ACTOR, clock=clock
    )
    assert (saved.assignment_id, saved.client_id, saved.visit_id) == (None, None, None)
    assert (saved.professional_id, saved.given_on) == (LIISA, dt.date(2026, 11, 22))
    assert uow.audits == []


@pytest.mark.parametrize(
    ("history", "client_id", "words"),
    [
        ([assignment(5, ended_days_ago=None)], CLIENT, "jatkuu vielä"),
        (
            [assignment(5, ended_days_ago=1, reason=EndReason.REPLACED)],
            CLIENT,
            "asiakkuus ei päättynyt",
        ),
        ([assignment(6, ended_days_ago=1)], CLIENT, "ei löytynyt"),
        ([assignment(5, ended_days_ago=1)], CLIENT + 1, "ei löytynyt"),  # another client's
    ],
)
def test_closure_feedback_needs_an_ended_relationship(
    history: list[CaseManagerAssignment], client_id: int, words: str, clock: FixedClock
) -> None:
    uow = unit_of_work(history=history)
    with pytest.raises(DomainError) as refused:
        record_closure_feedback(
            as_uow(uow), 5, 3, "", False, client_id=client_id, actor=ACTOR, clock=clock
        )
    assert words in refused.value.message
    assert uow.committed.feedback == [] and uow.commits == 0


def test_the_closure_reminder_is_stored_and_logged() -> None:
    uow = unit_of_work(history=[assignment(5, ended_days_ago=0)])
    record_closure_reminder(as_uow(uow), 5, True, client_id=CLIENT, actor=ACTOR)
    assert uow.committed.feedback_reminders == {5: True}
    assert uow.audits == [(ACTOR.id, AccessAction.CASE_MANAGER_UPDATED, CLIENT)]


def test_no_closure_reminder_for_an_active_or_replaced_assignment() -> None:
    uow = unit_of_work(
        history=[
            assignment(5, ended_days_ago=None),
            assignment(4, ended_days_ago=3, reason=EndReason.REPLACED),
        ]
    )
    for assignment_id in (5, 4):
        with pytest.raises(DomainError):
            record_closure_reminder(as_uow(uow), assignment_id, True, client_id=CLIENT, actor=ACTOR)
    assert uow.committed.feedback_reminders == {}


def test_the_clients_own_feedback_is_read_with_a_log_line(clock: FixedClock) -> None:
    uow = unit_of_work([visit(VisitState.DONE)])
    record_visit_feedback(as_uow(uow), 1, 4, "a", False, actor=ACTOR, clock=clock)
    record_visit_feedback(as_uow(uow), 1, 2, "b", True, actor=ACTOR, clock=clock)
    uow.audits.clear()
    assert [f.text for f in client_feedback(as_uow(uow), CLIENT, actor=ACTOR)] == ["a"]
    assert uow.audits == [(ACTOR.id, AccessAction.FEEDBACK_READ, CLIENT)]
