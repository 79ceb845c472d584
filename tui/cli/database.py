"""Set-up by whoever holds the database: ``rinnalla db upgrade`` and ``rinnalla demo``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from domain.i18n import tr
from tui.cli.output import print_table

if TYPE_CHECKING:
    from tui.settings import Settings


def db_upgrade(settings: Settings) -> int:
    """Create the schema, or migrate it to this version's."""
    from tui.composition import upgrade_database

    upgrade_database(settings)
    print(tr("cli.upgraded"))
    return 0


def demo(settings: Settings, *, clients: int, days: int, seed: int, add: bool) -> int:
    """Fill the database with example data and give the demo workers their accounts.

    A database that already holds clients is refused unless ``add``: running
    the demo twice would otherwise double the data unasked.
    """
    from rich.progress import Progress

    from domain.clock import SystemClock
    from tui.composition import demo_database

    with demo_database(settings, SystemClock()) as database:
        held = database.clients_held()
        if held and not add:
            print(tr("cli.demo_refused", clients=held), file=sys.stderr)
            return 1
        with Progress(transient=True) as progress:
            task = progress.add_task(tr("cli.demo_progress"), total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            summary = database.fill(
                seed=seed,
                location_code=settings.location,
                location_name=settings.location_name or settings.location,
                clients=clients,
                days=days,
                progress=advance,
            )
        made = database.ensure_accounts()
    print(
        tr(
            "cli.demo_done",
            clients=summary.clients,
            visits=summary.visits,
            waiting=summary.today_waiting,
        )
    )
    if not made:
        print(tr("cli.demo_accounts_kept"))
        return 0
    print(tr("cli.demo_accounts"))
    print_table(None, [(name, role.label, passphrase) for name, role, passphrase in made], "  ")
    return 0
