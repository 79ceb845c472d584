"""What the intake interview's use cases return: the view, the results of finish and leave."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from domain.catalogue import Service
from domain.clients import Client
from domain.errors import DomainError
from domain.intake import (
    IntakeContent,
    IntakeRecord,
    KnownFacts,
)
from domain.visits import Visit


class InterviewView(BaseModel):
    """What the interview screen shows when it opens."""

    model_config = ConfigDict(frozen=True)

    visit: Visit
    client: Client | None
    content: IntakeContent
    draft_version: int | None
    records: tuple[IntakeRecord, ...]
    facts: KnownFacts
    services: tuple[Service, ...]
    position: str | None = None
    """The field the worker was in when the draft was last saved (None: the first)."""

    @property
    def finished(self) -> bool:
        return bool(self.records)

    @property
    def record_number(self) -> int:
        """The newest record's number, 0 before the intake is finished: with
        ``draft_version``, the version a save made from this view started from."""
        return self.records[-1].number if self.records else 0


class UnfinishedInterview(DomainError):
    """The visit has an interview draft that closing the visit would strand.

    ``draft_version`` is the draft's version, to pass back once the worker has
    agreed what happens to it.
    """

    def __init__(self, message: str, draft_version: int) -> None:
        super().__init__(message)
        self.draft_version = draft_version


class FinishResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    record: IntakeRecord
    visit: Visit
    interim_case_manager: bool
    """True when finishing made the worker the client's interim case manager (R4)."""


class LeaveResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    visit: Visit
    record: IntakeRecord | None
    """The intake recorded with the outcome "client left", when one was under way."""


class CorrectionResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    record: IntakeRecord
    interim_case_manager: bool
