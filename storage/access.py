"""The facts the role checks need: what links one worker to each client.

Storage only answers; :mod:`domain.access` decides. Each tie is one indexed
query over the clients asked about, so a check costs the same few queries for
one client as for a list of a hundred.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from domain.access import ClientTies
from storage.orm import (
    AgendaItemRow,
    CaseManagerRow,
    MeetingRow,
    NetworkMemberRow,
    ProfessionalRow,
    ProposalRow,
    TeamMemberRow,
    VisitRow,
)


class SqlAccessQueries:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _ids(self, statement: object) -> set[int]:
        return set(self._session.scalars(statement))  # type: ignore[call-overload]

    def ties(
        self,
        client_ids: set[int],
        staff_id: int,
        *,
        day_start: dt.datetime,
        agenda_since: dt.datetime,
    ) -> dict[int, ClientTies]:
        if not client_ids:
            return {}
        ids = sorted(client_ids)
        own_professional = select(ProfessionalRow.id).where(ProfessionalRow.staff_id == staff_id)
        my_teams = select(TeamMemberRow.team_id).where(
            TeamMemberRow.professional_id.in_(own_professional)
        )
        in_queue = self._ids(
            select(VisitRow.client_id)
            .where(VisitRow.client_id.in_(ids), VisitRow.arrived_at >= day_start)
            .distinct()
        )
        active_managers = self._session.execute(
            select(
                CaseManagerRow.client_id, CaseManagerRow.professional_id, CaseManagerRow.started_by
            ).where(CaseManagerRow.client_id.in_(ids), CaseManagerRow.ended_at.is_(None))
        ).all()
        mine = set(self._session.scalars(own_professional))
        managed = {row.client_id for row in active_managers}
        own = {
            row.client_id
            for row in active_managers
            if row.professional_id in mine or row.started_by == staff_id
        }
        if mine:
            own |= self._ids(
                select(NetworkMemberRow.client_id)
                .where(
                    NetworkMemberRow.client_id.in_(ids),
                    NetworkMemberRow.professional_id.in_(mine),
                )
                .distinct()
            )
        on_agenda = self._ids(
            select(ProposalRow.client_id)
            .where(
                ProposalRow.client_id.in_(ids),
                ProposalRow.handled.is_(False),
                or_(ProposalRow.team_id.in_(my_teams), ProposalRow.proposed_by == staff_id),
            )
            .distinct()
        ) | self._ids(
            select(AgendaItemRow.client_id)
            .join(MeetingRow, MeetingRow.id == AgendaItemRow.meeting_id)
            .where(
                AgendaItemRow.client_id.in_(ids),
                MeetingRow.team_id.in_(my_teams),
                MeetingRow.starts_at >= agenda_since,
            )
            .distinct()
        )
        return {
            client_id: ClientTies(
                in_todays_queue=client_id in in_queue,
                own=client_id in own,
                on_team_agenda=client_id in on_agenda,
                has_case_manager=client_id in managed,
            )
            for client_id in ids
        }
