"""``rinnalla hours``: the location's walk-in hours and team, shown or changed."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from domain.i18n import tr
from tui.cli.login import signed_in

if TYPE_CHECKING:
    from tui.settings import Settings


def hours(settings: Settings, *, hours_text: str | None, team_id: int | None) -> int:
    """Show the location's walk-in hours and team; with ``--set`` / ``--team``, change them.

    The hours are no client's data, so nothing is logged; changing them is
    refused for the reception role (:class:`domain.access.Task`). A bad week
    is refused with its message on stderr and exit code 2, like any other
    mistyped argument, and nothing is stored.
    """
    from domain.clock import SystemClock
    from domain.errors import DomainError, InvalidInput, NotFound
    from domain.opening_hours import LocationSetup, format_week, status_text, walk_in_status
    from domain.use_cases.opening_hours import configure_location, location_setup
    from tui.composition import open_storage

    clock = SystemClock()
    code = settings.location
    setup: LocationSetup | None
    if hours_text is None and team_id is None:
        # Only reading: no worker to identify, and an unknown location stays unknown.
        setup = location_setup(open_storage(settings, clock)(), code)
        if setup is None:
            print(tr("cli.hours_unknown_location", code=code), file=sys.stderr)
            return 1
    else:
        context = signed_in(settings)
        if context is None:
            return 1
        try:
            setup = configure_location(
                context.uow(),
                code,
                settings.location_name or code,
                hours_text=hours_text,
                team_id=team_id,
                actor=context.actor,
            )
        except InvalidInput as error:
            print(error.fields.get("hours", error.message), file=sys.stderr)
            return 2
        except NotFound:
            print(tr("cli.hours_unknown_team", team_id=team_id), file=sys.stderr)
            return 1
        except DomainError as refused:
            print(refused.message, file=sys.stderr)
            return 1
        print(tr("cli.hours_saved"))
    print(tr("cli.hours_location", name=setup.location.name, code=setup.location.code))
    print(tr("cli.hours_week", hours=format_week(setup.hours) or tr("cli.hours_none")))
    if setup.hours:
        print(status_text(walk_in_status(setup.hours, clock.now())))
    if setup.team is None:
        print(tr("cli.hours_no_team"))
    else:
        print(tr("cli.hours_team_line", name=setup.team.name, team_id=setup.team.id))
    return 0
