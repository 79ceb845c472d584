"""SQL storage of the joint decisions around case management and joint clients.

Kept apart from ``SqlCaseManagerRepository``: that one keeps the one-case-
manager rule (R4); this one keeps what the decisions rested on (the naming
reason, who took part in ending, the acknowledgement, R5) and the worker's
yhteisasiakas decisions (R7).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from domain.case_management import CaseManagerAssignment
from domain.errors import NotFound, Record
from domain.joint_client import JointClientDecision, NewJointClientDecision
from storage.converters import assignment_from_row, joint_decision_from_row, new_joint_decision_row
from storage.orm import (
    CaseEndParticipantRow,
    CaseManagerRow,
    JointClientDecisionRow,
    ProfessionalRow,
)


class SqlCaseDecisionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _row(self, assignment_id: int) -> CaseManagerRow:
        row = self._session.get(CaseManagerRow, assignment_id, populate_existing=True)
        if row is None:
            raise NotFound.of(Record.ASSIGNMENT)
        return row

    def set_start_reason(self, assignment_id: int, reason: str) -> CaseManagerAssignment:
        row = self._row(assignment_id)
        row.start_reason = reason
        self._session.flush()
        return assignment_from_row(row)

    def record_end_participants(
        self, assignment_id: int, client: bool, members: Sequence[tuple[int, str]]
    ) -> None:
        if client:
            self._session.add(
                CaseEndParticipantRow(assignment_id=assignment_id, is_client=True, name="")
            )
        for member_id, name in members:
            self._session.add(
                CaseEndParticipantRow(
                    assignment_id=assignment_id, is_client=False, member_id=member_id, name=name
                )
            )
        self._session.flush()

    def with_participants(
        self, assignments: Sequence[CaseManagerAssignment]
    ) -> list[CaseManagerAssignment]:
        ids = [a.id for a in assignments if not a.active]
        client: set[int] = set()
        names: dict[int, list[str]] = {}
        if ids:
            rows = self._session.scalars(
                select(CaseEndParticipantRow)
                .where(CaseEndParticipantRow.assignment_id.in_(ids))
                .order_by(CaseEndParticipantRow.id)
            )
            for row in rows:
                if row.is_client:
                    client.add(row.assignment_id)
                else:
                    names.setdefault(row.assignment_id, []).append(row.name)
        return [
            a.model_copy(
                update={
                    "ended_with_client": a.id in client,
                    "ended_with": tuple(names.get(a.id, ())),
                }
            )
            if a.id in client or a.id in names
            else a
            for a in assignments
        ]

    def get_assignment(self, assignment_id: int) -> CaseManagerAssignment:
        return assignment_from_row(self._row(assignment_id))

    def to_acknowledge(self, staff_id: int) -> list[CaseManagerAssignment]:
        rows = self._session.scalars(
            select(CaseManagerRow)
            .join(ProfessionalRow, ProfessionalRow.id == CaseManagerRow.professional_id)
            .where(
                ProfessionalRow.staff_id == staff_id,
                CaseManagerRow.ended_at.is_(None),
                CaseManagerRow.acknowledged_at.is_(None),
                CaseManagerRow.started_by != staff_id,
            )
            .order_by(CaseManagerRow.started_at, CaseManagerRow.id)
        )
        return [assignment_from_row(row) for row in rows]

    def acknowledge(self, assignment_id: int, at: dt.datetime) -> bool:
        done = self._session.execute(
            update(CaseManagerRow)
            .where(CaseManagerRow.id == assignment_id, CaseManagerRow.acknowledged_at.is_(None))
            .values(acknowledged_at=at)
            .execution_options(synchronize_session=False)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    def add_joint_decision(self, new: NewJointClientDecision) -> JointClientDecision:
        row = new_joint_decision_row(new)
        self._session.add(row)
        self._session.flush()
        return joint_decision_from_row(row)

    def latest_joint_decision(self, client_id: int) -> JointClientDecision | None:
        row = self._session.scalars(
            select(JointClientDecisionRow)
            .where(JointClientDecisionRow.client_id == client_id)
            .order_by(JointClientDecisionRow.decided_at.desc(), JointClientDecisionRow.id.desc())
            .limit(1)
        ).first()
        return joint_decision_from_row(row) if row else None
