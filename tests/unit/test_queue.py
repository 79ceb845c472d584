"""Today's queue order and who is called next."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from domain.clients import Client
from domain.i18n import set_language, tr
from domain.queue import QueueEntry, next_waiting, order_queue, queue_position, waiting_count
from domain.visits import ReferralChannel, Urgency, Visit, VisitState

OPEN = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)  # 8:00 in Helsinki


@pytest.fixture(autouse=True)
def _finnish_afterwards() -> Iterator[None]:
    yield
    set_language("fi")


def visit(
    visit_id: int,
    minute: int,
    state: VisitState = VisitState.WAITING,
    urgency: Urgency = Urgency.NORMAL,
    ended_minute: int | None = None,
    client_id: int | None = None,
) -> Visit:
    """A visit that arrived ``minute`` minutes after opening."""
    arrived = OPEN + timedelta(minutes=minute)
    called = arrived + timedelta(minutes=1) if state is not VisitState.WAITING else None
    ended = OPEN + timedelta(minutes=ended_minute) if ended_minute is not None else None
    return Visit(
        id=visit_id,
        location_id=1,
        client_id=client_id,
        reason="syy",
        channel=ReferralChannel.SELF,
        urgency=urgency,
        state=state,
        arrived_at=arrived,
        registered_by=1,
        called_at=called if state in (VisitState.IN_SERVICE, VisitState.DONE) else None,
        called_by=1 if state in (VisitState.IN_SERVICE, VisitState.DONE) else None,
        ended_at=ended,
        ended_by=1 if ended is not None else None,
    )


def entries(*visits: Visit) -> list[QueueEntry]:
    return [QueueEntry(visit=v, client=None) for v in visits]


def ids(queue: list[QueueEntry]) -> list[int]:
    return [entry.visit.id for entry in queue]


def test_urgent_waiting_before_normal_then_by_arrival() -> None:
    queue = order_queue(
        entries(
            visit(1, 0),
            visit(2, 10, urgency=Urgency.URGENT),
            visit(3, 5),
            visit(4, 20, urgency=Urgency.URGENT),
            visit(5, 1),
        )
    )
    assert ids(queue) == [2, 4, 1, 5, 3]


@pytest.mark.parametrize("urgency", list(Urgency))
def test_same_arrival_ties_broken_by_id(urgency: Urgency) -> None:
    queue = order_queue(entries(visit(9, 3, urgency=urgency), visit(2, 3, urgency=urgency)))
    assert ids(queue) == [2, 9]


def test_in_service_after_waiting_by_arrival() -> None:
    queue = order_queue(
        entries(
            visit(1, 0, VisitState.IN_SERVICE),
            visit(2, 30),
            visit(3, 5, VisitState.IN_SERVICE, urgency=Urgency.URGENT),
            visit(4, 2, VisitState.IN_SERVICE),
        )
    )
    assert ids(queue) == [2, 1, 4, 3]


def test_finished_last_most_recent_first() -> None:
    queue = order_queue(
        entries(
            visit(1, 0, VisitState.DONE, ended_minute=40),
            visit(2, 5, VisitState.LEFT, ended_minute=60),
            visit(3, 90),
            visit(4, 10, VisitState.DONE, ended_minute=50),
            visit(5, 80, VisitState.IN_SERVICE),
        )
    )
    assert ids(queue) == [3, 5, 2, 4, 1]


def test_full_order_of_a_busy_morning() -> None:
    queue = order_queue(
        entries(
            visit(1, 0, VisitState.DONE, ended_minute=20),
            visit(2, 3, VisitState.LEFT, ended_minute=25),
            visit(3, 10, VisitState.IN_SERVICE),
            visit(4, 15),
            visit(5, 16, urgency=Urgency.URGENT),
            visit(6, 14, VisitState.IN_SERVICE, urgency=Urgency.URGENT),
        )
    )
    assert ids(queue) == [5, 4, 3, 6, 2, 1]


def test_queue_position_groups() -> None:
    assert queue_position(visit(1, 0))[0] == 0
    assert queue_position(visit(1, 0, VisitState.IN_SERVICE))[0] == 1
    assert queue_position(visit(1, 0, VisitState.DONE, ended_minute=5))[0] == 2
    assert queue_position(visit(1, 0, VisitState.LEFT, ended_minute=5))[0] == 2
    assert queue_position(visit(1, 0, urgency=Urgency.URGENT)) < queue_position(visit(1, 0))


def test_order_queue_does_not_mutate_input() -> None:
    given = entries(visit(1, 5), visit(2, 0))
    order_queue(given)
    assert ids(given) == [1, 2]


def test_next_waiting_picks_urgent_longest_waiting() -> None:
    chosen = next_waiting(
        [
            visit(1, 0),
            visit(2, 20, urgency=Urgency.URGENT),
            visit(3, 10, urgency=Urgency.URGENT),
            visit(4, 5),
        ]
    )
    assert chosen is not None and chosen.id == 3


def test_next_waiting_without_urgent_takes_earliest_arrival() -> None:
    chosen = next_waiting([visit(1, 7), visit(2, 3), visit(3, 9)])
    assert chosen is not None and chosen.id == 2


def test_next_waiting_ignores_visits_not_waiting() -> None:
    chosen = next_waiting(
        [
            visit(1, 0, VisitState.IN_SERVICE, urgency=Urgency.URGENT),
            visit(2, 1, VisitState.DONE, urgency=Urgency.URGENT, ended_minute=5),
            visit(3, 2, VisitState.LEFT, urgency=Urgency.URGENT, ended_minute=6),
            visit(4, 30),
        ]
    )
    assert chosen is not None and chosen.id == 4


@pytest.mark.parametrize(
    "visits",
    [
        [],
        [
            visit(1, 0, VisitState.IN_SERVICE),
            visit(2, 1, VisitState.DONE, ended_minute=5),
            visit(3, 2, VisitState.LEFT, ended_minute=6),
        ],
    ],
)
def test_next_waiting_none_when_nobody_waits(visits: list[Visit]) -> None:
    assert next_waiting(visits) is None


def test_next_waiting_accepts_an_iterator() -> None:
    chosen = next_waiting(iter([visit(1, 5), visit(2, 1)]))
    assert chosen is not None and chosen.id == 2


def test_waiting_count() -> None:
    queue = entries(
        visit(1, 0),
        visit(2, 1, urgency=Urgency.URGENT),
        visit(3, 2, VisitState.IN_SERVICE),
        visit(4, 3, VisitState.DONE, ended_minute=9),
        visit(5, 4, VisitState.LEFT, ended_minute=9),
    )
    assert waiting_count(queue) == 2
    assert waiting_count([]) == 0


def test_display_name_of_anonymous_and_named() -> None:
    client = Client(
        id=5, name="Matti Virtanen", hetu=None, birth_year=1985, created_at=OPEN, version=1
    )
    nameless = client.model_copy(update={"name": None})
    assert QueueEntry(visit=visit(1, 0), client=None).display_name == tr("client.anonymous")
    assert QueueEntry(visit=visit(1, 0), client=client).display_name == "Matti Virtanen"
    assert QueueEntry(visit=visit(1, 0), client=nameless).display_name == tr("client.no_name")
    set_language("en")
    assert QueueEntry(visit=visit(1, 0), client=None).display_name == "Unidentified"


def test_repr_of_queue_entry_hides_name_and_reason() -> None:
    client = Client(
        id=5, name="Matti Virtanen", hetu=None, birth_year=1985, created_at=OPEN, version=1
    )
    text = repr(QueueEntry(visit=visit(1, 0, client_id=5), client=client))
    assert "Virtanen" not in text
    assert "syy" not in text


def test_rich_pretty_repr_of_queue_entry_hides_name() -> None:
    from rich.pretty import pretty_repr

    client = Client(
        id=5, name="Matti Virtanen", hetu=None, birth_year=1985, created_at=OPEN, version=1
    )
    assert "Virtanen" not in pretty_repr(QueueEntry(visit=visit(1, 0), client=client))
