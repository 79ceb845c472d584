"""What the coordinator's caseload view shows for each client."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from domain.case_management import (
    CaseManagerAssignment,
)
from domain.clients import Client
from domain.i18n import N_

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (N_("coordination.close_person_cm"),)


class CaseloadEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    client: Client
    assignment: CaseManagerAssignment
