"""What the screens are given: use-case dependencies, built by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from domain.clock import Clock
from domain.need_assessment import DeadlineRules
from domain.ports import UnitOfWork
from domain.staff import Location, Staff


@dataclass(frozen=True)
class Services:
    """Everything a screen needs to run a use case."""

    uow: Callable[[], UnitOfWork]
    clock: Clock
    actor: Staff
    location: Location
    deadlines: DeadlineRules = field(default_factory=DeadlineRules)
    """How long a pending service need assessment may wait (R9), from the settings."""
    organisation: str = ""
    """This organisation's name: disclosure to any other needs the client's consent (R12)."""


Connector = Callable[[], Services]
"""Opens (and migrates) the database; slow, so the app runs it in a worker."""
