"""Walk-in visits and the moves a visit may make.

waiting → in service → done; a visitor may also leave without service, while
waiting or during service. Every move records when and by whom, because the
indicators (walk-in visits per hour, waiting times) are computed from these.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.errors import IllegalTransition
from domain.i18n import N_, tr

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("state.waiting"),
    N_("state.in_service"),
    N_("state.done"),
    N_("state.left"),
    N_("urgency.normal"),
    N_("urgency.urgent"),
    N_("channel.self"),
    N_("channel.social_health"),
    N_("channel.employment"),
    N_("channel.kela"),
    N_("channel.third_sector"),
    N_("channel.typ"),
    N_("channel.relative"),
    N_("channel.other"),
)


class VisitState(StrEnum):
    WAITING = "waiting"
    IN_SERVICE = "in_service"
    DONE = "done"
    LEFT = "left"

    @property
    def label(self) -> str:
        return tr(f"state.{self.value}")

    @property
    def is_open(self) -> bool:
        """Waiting or in service: the visit still needs someone."""
        return self in (VisitState.WAITING, VisitState.IN_SERVICE)


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"

    @property
    def label(self) -> str:
        return tr(f"urgency.{self.value}")


class ReferralChannel(StrEnum):
    """How the client found the service (an indicator, R11)."""

    SELF = "self"
    SOCIAL_HEALTH = "social_health"
    EMPLOYMENT = "employment"
    KELA = "kela"
    THIRD_SECTOR = "third_sector"
    TYP = "typ"
    RELATIVE = "relative"
    OTHER = "other"

    @property
    def label(self) -> str:
        return tr(f"channel.{self.value}")


ALLOWED_MOVES: dict[VisitState, frozenset[VisitState]] = {
    VisitState.WAITING: frozenset({VisitState.IN_SERVICE, VisitState.LEFT}),
    # Back to waiting: called, but not there (put back at their place, issue 19).
    VisitState.IN_SERVICE: frozenset({VisitState.DONE, VisitState.LEFT, VisitState.WAITING}),
    VisitState.DONE: frozenset(),
    VisitState.LEFT: frozenset(),
}


class NewVisit(BaseModel):
    """A visit about to be stored."""

    model_config = ConfigDict(frozen=True)

    location_id: int
    client_id: int | None
    reason: str
    channel: ReferralChannel
    urgency: Urgency
    arrived_at: dt.datetime
    registered_by: int
    outside_hours: bool = False


class Visit(BaseModel):
    """A stored visit. Moves return a new visit; the stored one changes on save."""

    model_config = ConfigDict(frozen=True)

    id: int
    location_id: int
    client_id: int | None
    reason: str
    channel: ReferralChannel
    urgency: Urgency
    state: VisitState
    arrived_at: dt.datetime
    registered_by: int
    called_at: dt.datetime | None = None
    called_by: int | None = None
    ended_at: dt.datetime | None = None
    ended_by: int | None = None
    version: int = 1
    outside_hours: bool = False
    """Registered when walk-in was closed: allowed, and counted as such (R11)."""
    absent_at: dt.datetime | None = None
    """When the visitor was last called and did not come: put back in the queue at
    their place, and passed over by "call next" while others wait (issue 19)."""

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        # The reason is free text about a person: repr, str and rich's pretty
        # printer (crash tracebacks) show only what identifies the row.
        return [("id", self.id), ("state", self.state.value), ("version", self.version)]

    def _move(self, target: VisitState) -> None:
        if target not in ALLOWED_MOVES[self.state]:
            raise IllegalTransition(
                tr("visit.illegal_move", current=self.state.label, target=target.label)
            )

    def call(self, by: int, at: dt.datetime) -> Visit:
        """A worker calls the visitor in: waiting → in service."""
        self._move(VisitState.IN_SERVICE)
        return self.model_copy(
            update={"state": VisitState.IN_SERVICE, "called_at": at, "called_by": by}
        )

    def finish(self, by: int, at: dt.datetime) -> Visit:
        """The visitor was served: in service → done."""
        self._move(VisitState.DONE)
        return self.model_copy(update={"state": VisitState.DONE, "ended_at": at, "ended_by": by})

    def leave(self, by: int, at: dt.datetime) -> Visit:
        """The visitor left without (finishing) service."""
        self._move(VisitState.LEFT)
        return self.model_copy(update={"state": VisitState.LEFT, "ended_at": at, "ended_by": by})

    def put_back(self) -> Visit:
        """Called but not there: in service → waiting, at their place.

        The arrival and urgency stay, so the queue shows them where they were;
        the call is forgotten (the waiting time runs on from the arrival) and
        remembered as ``absent_at``, so that "call next" goes on to the others.
        """
        self._move(VisitState.WAITING)
        assert self.called_at is not None
        return self.model_copy(
            update={
                "state": VisitState.WAITING,
                "called_at": None,
                "called_by": None,
                "absent_at": self.called_at,
            }
        )

    def restored(self, before: VisitSnapshot) -> Visit:
        """The visit as it was before a move that is being undone (not a move itself:
        it goes back along one, which :mod:`domain.queue_undo` checks)."""
        return self.model_copy(update=before.model_dump())

    @property
    def snapshot(self) -> VisitSnapshot:
        return VisitSnapshot(
            state=self.state,
            called_at=self.called_at,
            called_by=self.called_by,
            ended_at=self.ended_at,
            ended_by=self.ended_by,
            absent_at=self.absent_at,
        )

    def minutes_waited(self, now: dt.datetime) -> int:
        """Whole minutes from arrival until called (or left, or now if still waiting)."""
        until = self.called_at or self.ended_at or now
        return max(0, int((until - self.arrived_at).total_seconds() // 60))


class VisitSnapshot(BaseModel):
    """What a move changes in a visit: kept with the move, so that it can be undone."""

    model_config = ConfigDict(frozen=True)

    state: VisitState
    called_at: dt.datetime | None = None
    called_by: int | None = None
    ended_at: dt.datetime | None = None
    ended_by: int | None = None
    absent_at: dt.datetime | None = None
