"""Rows to domain models and back: the only place both shapes meet."""

from __future__ import annotations

from domain.clients import Client
from domain.identity import parse_hetu
from domain.staff import Location, Staff
from domain.visits import Visit
from storage.orm import ClientRow, LocationRow, StaffRow, VisitRow


def client_from_row(row: ClientRow) -> Client:
    return Client(
        id=row.id,
        name=row.name,
        # Stored codes were validated on the way in; temporary ones are allowed
        # here because a client may have been registered with one.
        hetu=parse_hetu(row.hetu, allow_temporary=True) if row.hetu else None,
        birth_year=row.birth_year,
        created_at=row.created_at,
        version=row.version,
    )


def visit_from_row(row: VisitRow) -> Visit:
    return Visit(
        id=row.id,
        location_id=row.location_id,
        client_id=row.client_id,
        reason=row.reason,
        channel=row.channel,
        urgency=row.urgency,
        state=row.state,
        arrived_at=row.arrived_at,
        registered_by=row.registered_by,
        called_at=row.called_at,
        called_by=row.called_by,
        ended_at=row.ended_at,
        ended_by=row.ended_by,
        version=row.version,
    )


def copy_visit_to_row(visit: Visit, row: VisitRow) -> None:
    """The fields a move may change; identity and arrival never change."""
    row.state = visit.state
    row.called_at = visit.called_at
    row.called_by = visit.called_by
    row.ended_at = visit.ended_at
    row.ended_by = visit.ended_by


def staff_from_row(row: StaffRow) -> Staff:
    return Staff(id=row.id, name=row.name)


def location_from_row(row: LocationRow) -> Location:
    return Location(id=row.id, code=row.code, name=row.name)
