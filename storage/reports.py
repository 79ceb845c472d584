"""Aggregate SQL for the service owners' report (R11)."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlReportQueries:
    def __init__(self, session: Session) -> None:
        self._session = session
