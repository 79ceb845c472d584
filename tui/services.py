"""What the screens are given: use-case dependencies, built by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain.clock import Clock
from domain.ports import UnitOfWork
from domain.staff import Location, Staff


@dataclass(frozen=True)
class Services:
    """Everything a screen needs to run a use case."""

    uow: Callable[[], UnitOfWork]
    clock: Clock
    actor: Staff
    location: Location


Connector = Callable[[], Services]
"""Opens (and migrates) the database; slow, so the app runs it in a worker."""
