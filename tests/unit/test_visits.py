"""Visit states and moves: what the reception desk relies on when calling and closing visits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from domain.errors import IllegalTransition
from domain.i18n import set_language, tr
from domain.visits import (
    ALLOWED_MOVES,
    ReferralChannel,
    Urgency,
    Visit,
    VisitState,
)

ARRIVED = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
WORKER = 7
OTHER_WORKER = 8
REASON = "Vuokrarästit, häätöuhka – SALAINEN"

Move = Callable[[Visit, int, datetime], Visit]
MOVES: dict[str, Move] = {
    "call": Visit.call,
    "finish": Visit.finish,
    "leave": Visit.leave,
}
TARGET_OF = {
    "call": VisitState.IN_SERVICE,
    "finish": VisitState.DONE,
    "leave": VisitState.LEFT,
}


@pytest.fixture(autouse=True)
def _finnish_afterwards() -> Iterator[None]:
    yield
    set_language("fi")


def make_visit(state: VisitState = VisitState.WAITING, **changes: object) -> Visit:
    """A stored visit in ``state``, with the times a visit in that state would have."""
    fields: dict[str, object] = {
        "id": 1,
        "location_id": 1,
        "client_id": None,
        "reason": REASON,
        "channel": ReferralChannel.SELF,
        "urgency": Urgency.NORMAL,
        "state": state,
        "arrived_at": ARRIVED,
        "registered_by": WORKER,
    }
    if state in (VisitState.IN_SERVICE, VisitState.DONE):
        fields |= {"called_at": ARRIVED + timedelta(minutes=5), "called_by": WORKER}
    if state in (VisitState.DONE, VisitState.LEFT):
        fields |= {"ended_at": ARRIVED + timedelta(minutes=30), "ended_by": WORKER}
    fields |= changes
    return Visit.model_validate(fields)


# --- the state machine -------------------------------------------------------


def test_allowed_moves_are_exactly_the_documented_ones() -> None:
    assert ALLOWED_MOVES == {
        VisitState.WAITING: {VisitState.IN_SERVICE, VisitState.LEFT},
        # Back to waiting: called and not there, put back at their place.
        VisitState.IN_SERVICE: {VisitState.DONE, VisitState.LEFT, VisitState.WAITING},
        VisitState.DONE: set(),
        VisitState.LEFT: set(),
    }


@pytest.mark.parametrize(
    ("state", "move"),
    [
        (VisitState.WAITING, "call"),
        (VisitState.WAITING, "leave"),
        (VisitState.IN_SERVICE, "finish"),
        (VisitState.IN_SERVICE, "leave"),
    ],
)
def test_allowed_move_reaches_its_target(state: VisitState, move: str) -> None:
    visit = make_visit(state)
    moved = MOVES[move](visit, OTHER_WORKER, ARRIVED + timedelta(hours=1))
    assert moved.state is TARGET_OF[move]
    assert moved.id == visit.id


ILLEGAL = [
    (state, move)
    for state in VisitState
    for move in MOVES
    if TARGET_OF[move] not in ALLOWED_MOVES[state]
]


def test_illegal_list_covers_the_known_illegal_moves() -> None:
    assert set(ILLEGAL) == {
        (VisitState.WAITING, "finish"),
        (VisitState.IN_SERVICE, "call"),
        (VisitState.DONE, "call"),
        (VisitState.DONE, "finish"),
        (VisitState.DONE, "leave"),
        (VisitState.LEFT, "call"),
        (VisitState.LEFT, "finish"),
        (VisitState.LEFT, "leave"),
    }


@pytest.mark.parametrize(("state", "move"), ILLEGAL)
@pytest.mark.parametrize("language", ["fi", "en"])
def test_illegal_move_raises_translated_message(
    state: VisitState, move: str, language: str
) -> None:
    set_language(language)
    visit = make_visit(state)
    with pytest.raises(IllegalTransition) as info:
        MOVES[move](visit, WORKER, ARRIVED + timedelta(hours=1))
    expected = tr("visit.illegal_move", current=state.label, target=TARGET_OF[move].label)
    assert str(info.value) == expected
    assert info.value.message == expected
    assert state.label in expected and TARGET_OF[move].label in expected
    assert "{" not in expected
    assert REASON not in str(info.value)


def test_illegal_move_message_differs_by_language() -> None:
    visit = make_visit(VisitState.DONE)
    messages = []
    for language in ("fi", "en"):
        set_language(language)
        with pytest.raises(IllegalTransition) as info:
            visit.call(WORKER, ARRIVED)
        messages.append(str(info.value))
    assert messages[0] != messages[1]
    assert "Palveltu" in messages[0]
    assert "Served" in messages[1]


# --- what a move records ---------------------------------------------------------


def test_call_records_who_and_when_and_leaves_original_unchanged() -> None:
    visit = make_visit()
    at = ARRIVED + timedelta(minutes=12)
    called = visit.call(OTHER_WORKER, at)
    assert (called.called_by, called.called_at) == (OTHER_WORKER, at)
    assert called.ended_at is None and called.ended_by is None
    assert visit.state is VisitState.WAITING
    assert visit.called_at is None and visit.called_by is None
    # The repository bumps the version on save; the move itself must not.
    assert called.version == visit.version
    assert called.reason == visit.reason
    assert called.registered_by == WORKER


def test_finish_records_who_and_when_and_keeps_call() -> None:
    called = make_visit().call(WORKER, ARRIVED + timedelta(minutes=5))
    at = ARRIVED + timedelta(minutes=40)
    done = called.finish(OTHER_WORKER, at)
    assert done.state is VisitState.DONE
    assert (done.ended_by, done.ended_at) == (OTHER_WORKER, at)
    assert (done.called_by, done.called_at) == (WORKER, ARRIVED + timedelta(minutes=5))
    assert called.state is VisitState.IN_SERVICE
    assert called.ended_at is None and called.ended_by is None


@pytest.mark.parametrize("state", [VisitState.WAITING, VisitState.IN_SERVICE])
def test_leave_records_who_and_when(state: VisitState) -> None:
    visit = make_visit(state)
    at = ARRIVED + timedelta(minutes=20)
    left = visit.leave(OTHER_WORKER, at)
    assert left.state is VisitState.LEFT
    assert (left.ended_by, left.ended_at) == (OTHER_WORKER, at)
    assert visit.state is state
    assert visit.ended_at is None


def test_visit_is_frozen() -> None:
    visit = make_visit()
    with pytest.raises(ValidationError):
        visit.state = VisitState.DONE  # type: ignore[misc]
    assert visit.state is VisitState.WAITING


@pytest.mark.parametrize(
    ("state", "is_open"),
    [
        (VisitState.WAITING, True),
        (VisitState.IN_SERVICE, True),
        (VisitState.DONE, False),
        (VisitState.LEFT, False),
    ],
)
def test_is_open(state: VisitState, is_open: bool) -> None:
    assert state.is_open is is_open


# --- minutes waited ----------------------------------------------------------


def test_minutes_waited_while_waiting_counts_whole_minutes_until_now() -> None:
    visit = make_visit()
    assert visit.minutes_waited(ARRIVED) == 0
    assert visit.minutes_waited(ARRIVED + timedelta(minutes=17, seconds=59)) == 17
    assert visit.minutes_waited(ARRIVED + timedelta(hours=2, minutes=3)) == 123


def test_minutes_waited_is_frozen_at_call_time() -> None:
    called = make_visit().call(WORKER, ARRIVED + timedelta(minutes=10))
    assert called.minutes_waited(ARRIVED + timedelta(hours=3)) == 10
    done = called.finish(WORKER, ARRIVED + timedelta(minutes=50))
    assert done.minutes_waited(ARRIVED + timedelta(hours=3)) == 10


def test_minutes_waited_after_leaving_from_waiting_stops_at_leaving() -> None:
    left = make_visit().leave(WORKER, ARRIVED + timedelta(minutes=25))
    assert left.minutes_waited(ARRIVED + timedelta(hours=5)) == 25


def test_minutes_waited_after_leaving_during_service_stops_at_call() -> None:
    called = make_visit().call(WORKER, ARRIVED + timedelta(minutes=8))
    left = called.leave(WORKER, ARRIVED + timedelta(minutes=30))
    assert left.minutes_waited(ARRIVED + timedelta(hours=5)) == 8


def test_minutes_waited_never_negative() -> None:
    assert make_visit().minutes_waited(ARRIVED - timedelta(minutes=3)) == 0


# --- personal data stays out of logs ------------------------------------------------


@pytest.mark.parametrize("state", list(VisitState))
def test_repr_and_str_contain_no_reason(state: VisitState) -> None:
    visit = make_visit(state, id=42, version=3)
    for text in (repr(visit), str(visit), f"{visit}", f"{visit!r}"):
        assert REASON not in text
        assert "SALAINEN" not in text
        assert "42" in text
    assert repr(visit) == f"Visit(id=42, state={state.value!r}, version=3)"


def test_rich_pretty_repr_contains_no_reason() -> None:
    from rich.pretty import pretty_repr

    assert "SALAINEN" not in pretty_repr(make_visit())
