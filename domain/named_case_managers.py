"""A naming to acknowledge: a worker named case manager by a colleague (R4)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from domain.case_management import CaseManagerAssignment
from domain.clients import Client


class NamingToAcknowledge(BaseModel):
    """One naming the worker has not yet seen: the client, the assignment, who named."""

    model_config = ConfigDict(frozen=True)

    client: Client
    assignment: CaseManagerAssignment
    named_by: str

    @property
    def named_at(self) -> dt.datetime:
        return self.assignment.started_at
