"""What the screens are given: use-case dependencies, built by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from domain.clock import Clock
from domain.need_assessment import DeadlineRules
from domain.referrals import ReferralRules

if TYPE_CHECKING:  # the storage-facing types load with the database, after the first paint
    from domain.accounts import LoginSource
    from domain.ports import QueueWatch, UnitOfWork
from domain.staff import Location, Staff


class DatabaseUnavailable(Exception):
    """The configured database cannot be opened or used, as the composition root
    found when connecting; ``str()`` is the calm message that says what to check
    (never the URL, which may hold a password). The screens cannot know storage's
    own error, so the composition root hands it over as this."""


@dataclass(frozen=True)
class AppContext:
    """Everything a screen needs to run a use case."""

    uow: Callable[[], UnitOfWork]
    clock: Clock
    actor: Staff
    location: Location
    deadlines: DeadlineRules = field(default_factory=DeadlineRules)
    """How long a pending service need assessment may wait (R9), from the settings."""
    organisation: str = ""
    """This organisation's name: disclosure to any other needs the client's consent (R12)."""
    queue_watch: Callable[[], QueueWatch] | None = None
    """Makes a watch that wakes the queue when another terminal changes it."""
    referrals: ReferralRules = field(default_factory=ReferralRules)
    """Referral follow-up days and the interim case manager's days, from the settings."""


@dataclass(frozen=True)
class Database:
    """The opened database before anyone has logged in: no actor yet."""

    uow: Callable[[], UnitOfWork]
    clock: Clock
    location: Location
    deadlines: DeadlineRules = field(default_factory=DeadlineRules)
    organisation: str = ""
    idle_lock_minutes: int = 10
    acting_as: str | None = None
    """Set only by tests: act as this staff member without the login screen."""
    queue_watch: Callable[[], QueueWatch] | None = None
    login_source: LoginSource | None = None
    """Where this app's log-ins come from: wrong passphrases are counted per source."""
    referrals: ReferralRules = field(default_factory=ReferralRules)

    def as_actor(self, actor: Staff) -> AppContext:
        return AppContext(
            uow=self.uow,
            clock=self.clock,
            actor=actor,
            location=self.location,
            deadlines=self.deadlines,
            organisation=self.organisation,
            queue_watch=self.queue_watch,
            referrals=self.referrals,
        )


Connector = Callable[[], Database]
"""Opens (and migrates) the database; slow, so the app runs it in a worker."""
