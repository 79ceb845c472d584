"""Walk-in opening hours of a location: reading and configuring them."""

from __future__ import annotations

from domain.access import Task, require_task
from domain.opening_hours import LocationSetup, OpeningHours, parse_week
from domain.ports import UnitOfWork
from domain.staff import Location, Staff


def location_hours(uow: UnitOfWork, location_id: int) -> list[OpeningHours]:
    """The location's opening periods; no client data, so nothing to log."""
    with uow:
        return uow.opening_hours.for_location(location_id)


def location_setup(uow: UnitOfWork, code: str) -> LocationSetup | None:
    """The location with this code and its settings; ``None`` when there is none."""
    with uow:
        location = uow.locations.by_code(code)
        if location is None:
            return None
        return _setup_of(uow, location)


def configure_location(
    uow: UnitOfWork,
    code: str,
    name: str,
    *,
    hours_text: str | None = None,
    team_id: int | None = None,
    actor: Staff,
) -> LocationSetup:
    """Set a location's walk-in hours (the whole week) and/or its MOTI team.

    The location is created when it does not exist yet, as the desk does on
    first start. The typed week is checked before the database is touched and
    everything is one transaction, so a typing mistake or an unknown team
    leaves the old settings in place. Raises :class:`InvalidInput` (``hours``)
    or :class:`~domain.errors.NotFound` (the team).
    """
    require_task(actor, Task.OPENING_HOURS)
    typed = parse_week(hours_text, 0) if hours_text is not None else None
    with uow:
        location = uow.locations.get_or_add(code, name)
        if team_id is not None:
            uow.meetings.get_team(team_id)  # refuse a team that does not exist
            location = uow.locations.set_team(location.id, team_id)
        if typed is not None:
            uow.opening_hours.replace(
                location.id, [p.model_copy(update={"location_id": location.id}) for p in typed]
            )
        setup = _setup_of(uow, location)
        uow.commit()
    return setup


def _setup_of(uow: UnitOfWork, location: Location) -> LocationSetup:
    team = uow.meetings.get_team(location.team_id) if location.team_id is not None else None
    return LocationSetup(
        location=location, hours=uow.opening_hours.for_location(location.id), team=team
    )
