"""What the domain needs from storage, as Protocols.

Use cases are written against these; ``storage`` implements them with
SQLAlchemy and tests may implement them in memory. A unit of work is one
transaction: nothing is kept unless ``commit`` is called, and the access-log
events recorded with ``audit`` are written in that same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from types import TracebackType
from typing import Protocol, Self

from domain.audit import AccessAction
from domain.clients import Client, NewClient
from domain.search import ClientQuery
from domain.staff import Location, Staff
from domain.visits import NewVisit, Visit


class ClientRepository(Protocol):
    def get(self, client_id: int) -> Client:
        """The client, or :class:`domain.errors.NotFound`."""
        ...

    def get_many(self, client_ids: Iterable[int]) -> dict[int, Client]: ...

    def add(self, new: NewClient) -> Client: ...

    def by_hetu(self, hetu: str) -> Client | None: ...

    def born_in(self, year: int) -> list[Client]:
        """Every client with this birth year (candidates for the duplicate check)."""
        ...

    def search(self, query: ClientQuery, limit: int) -> list[Client]:
        """Clients matching every part of ``query``, by name, at most ``limit``."""
        ...


class VisitRepository(Protocol):
    def add(self, new: NewVisit) -> Visit: ...

    def get(self, visit_id: int) -> Visit:
        """The visit, or :class:`domain.errors.NotFound`."""
        ...

    def update(self, visit: Visit) -> Visit:
        """Store ``visit``'s new state if the stored version is ``visit.version``.

        Raises :class:`domain.errors.StaleVersion` when someone else saved in
        between; returns the stored visit with its new version.
        """
        ...

    def arrived_between(
        self, location_id: int, start: dt.datetime, end: dt.datetime
    ) -> list[Visit]: ...


class StaffRepository(Protocol):
    def get_or_add(self, name: str) -> Staff: ...


class LocationRepository(Protocol):
    def get_or_add(self, code: str, name: str) -> Location: ...


class UnitOfWork(Protocol):
    @property
    def clients(self) -> ClientRepository: ...

    @property
    def visits(self) -> VisitRepository: ...

    @property
    def staff(self) -> StaffRepository: ...

    @property
    def locations(self) -> LocationRepository: ...

    def audit(self, actor: Staff, action: AccessAction, client_id: int) -> None:
        """Record that ``actor`` read or wrote this client's data (R12)."""
        ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
