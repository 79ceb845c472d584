"""A client's plans and service need assessments made elsewhere."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.network import Assessment, AssessmentInput, Plan, PlanInput
from storage.converters import assessment_from_row, new_assessment_row, new_plan_row, plan_from_row
from storage.orm import AssessmentRow, PlanRow


class SqlPlanRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def plans_for(self, client_id: int) -> list[Plan]:
        rows = self._session.scalars(
            select(PlanRow)
            .where(PlanRow.client_id == client_id)
            .order_by(PlanRow.made_on.desc(), PlanRow.id.desc())
        )
        return [plan_from_row(row) for row in rows]

    def add_plan(self, entry: PlanInput) -> Plan:
        row = new_plan_row(entry)
        self._session.add(row)
        self._session.flush()
        return plan_from_row(row)

    def assessments_for(self, client_id: int) -> list[Assessment]:
        rows = self._session.scalars(
            select(AssessmentRow)
            .where(AssessmentRow.client_id == client_id)
            .order_by(AssessmentRow.made_on.desc(), AssessmentRow.id.desc())
        )
        return [assessment_from_row(row) for row in rows]

    def add_assessment(self, entry: AssessmentInput) -> Assessment:
        row = new_assessment_row(entry)
        self._session.add(row)
        self._session.flush()
        return assessment_from_row(row)
