"""The worker a command acts as: named by ``--as``, logged in with the passphrase."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from domain.i18n import tr

if TYPE_CHECKING:
    from tui.context import AppContext
    from tui.settings import Settings


def read_secret(prompt: str) -> str:
    """A passphrase: asked without echo at a terminal, else one line from standard input."""
    import getpass

    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")


def signed_in(settings: Settings) -> AppContext | None:
    """The worker named by ``--as`` (or the operating-system user), logged in.

    Subcommands read and write client data as a worker, so they log in like
    the screens do: the passphrase comes from ``RINNALLA_PASSPHRASE`` when set
    (for scripts), otherwise it is asked without echo. ``None`` after saying
    on stderr why not: no accounts yet, or the login was refused.
    """
    from domain.clock import SystemClock
    from domain.errors import DomainError
    from domain.use_cases import accounts as accounts_cases
    from tui.composition import acting_staff_name, login_source, open_database

    database = open_database(settings, SystemClock())
    if accounts_cases.needs_first_admin(database.uow()):
        print(tr("cli.no_accounts"), file=sys.stderr)
        return None
    name = acting_staff_name(settings)
    passphrase = os.environ.get("RINNALLA_PASSPHRASE") or read_secret(
        tr("cli.passphrase_of", name=name)
    )
    try:
        staff = accounts_cases.log_in(
            database.uow(), name, passphrase, clock=database.clock, source=login_source()
        )
    except DomainError as refused:
        print(refused.message, file=sys.stderr)
        return None
    return database.as_actor(staff)
