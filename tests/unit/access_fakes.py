"""The role-check side of the in-memory units of work the use-case tests use.

These tests are about a use case's own rules, so every client is within the
actor's reach; the role matrix itself is tested in ``test_access_matrix.py``.
Like the SQL unit of work, an event logged without a role check first fails.
"""

from __future__ import annotations

import datetime as dt

from domain.access import ClientTies
from domain.audit import AccessAction
from domain.clock import Clock, FixedClock
from domain.staff import Staff

TIED = ClientTies(in_todays_queue=True, own=True, on_team_agenda=True, has_case_manager=True)


class EveryClientTied:
    def ties(
        self,
        client_ids: set[int],
        staff_id: int,
        *,
        day_start: dt.datetime,
        agenda_since: dt.datetime,
    ) -> dict[int, ClientTies]:
        return dict.fromkeys(client_ids, TIED)


class CheckedAccess:
    """Mixed into a fake unit of work: ``permit`` before ``audit``, as in storage."""

    access = EveryClientTied()
    clock: Clock = FixedClock(dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC))

    def permit(self, actor: Staff, action: AccessAction, client_id: int | None) -> None:
        self.__dict__.setdefault("permitted", set()).add((actor.id, action, client_id))

    def check_permitted(self, actor: Staff, action: AccessAction, client_id: int) -> None:
        permitted = self.__dict__.get("permitted", set())
        assert {(actor.id, action, client_id), (actor.id, action, None)} & permitted, (
            f"{action} logged without a role check"
        )
