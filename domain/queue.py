"""Today's queue: derived from the day's visits, never stored on its own.

Order: waiting visits first, urgent before normal, then by arrival; then the
visits in service; then the finished ones, most recent first. The first
waiting visit is the one ``call next`` takes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from domain.clients import Client
from domain.i18n import tr
from domain.visits import Urgency, Visit, VisitState


class QueueEntry(BaseModel):
    """A visit with the client it belongs to (``None`` for an unidentified visitor)."""

    model_config = ConfigDict(frozen=True)

    visit: Visit
    client: Client | None
    draft: bool = False
    """The visit's interview is unfinished: a draft waits, to be resumed (Enter)."""

    @property
    def display_name(self) -> str:
        return self.client.display_name if self.client else tr("client.anonymous")


def queue_position(visit: Visit) -> tuple[int, int, float, int]:
    """Sort key of a visit in the queue; the smallest waiting one is called next."""
    if visit.state is VisitState.WAITING:
        urgency_rank = 0 if visit.urgency is Urgency.URGENT else 1
        return (0, urgency_rank, visit.arrived_at.timestamp(), visit.id)
    if visit.state is VisitState.IN_SERVICE:
        return (1, 0, visit.arrived_at.timestamp(), visit.id)
    ended = visit.ended_at or visit.arrived_at
    return (2, 0, -ended.timestamp(), visit.id)


def order_queue(entries: Iterable[QueueEntry]) -> list[QueueEntry]:
    """The queue in the order the reception screen shows it."""
    return sorted(entries, key=lambda entry: queue_position(entry.visit))


def next_waiting(visits: Iterable[Visit]) -> Visit | None:
    """The visit to call next: the most urgent, longest-waiting one.

    A visitor who was called and did not come (put back at their place) is
    passed over while someone else waits: calling them again and again would
    stall the queue. When they come back, the worker calls them by name
    (Enter on their row); when nobody else waits, they are next again.
    """
    waiting = [v for v in visits if v.state is VisitState.WAITING]
    present = [v for v in waiting if v.absent_at is None]
    candidates = present or waiting
    return min(candidates, key=queue_position) if candidates else None


def waiting_count(entries: Sequence[QueueEntry]) -> int:
    """How many visitors are still waiting to be called."""
    return sum(1 for e in entries if e.visit.state is VisitState.WAITING)
