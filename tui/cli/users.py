"""``rinnalla user``: account administration, and the recovery from a login's wait."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from domain import accounts
from domain.errors import DomainError, InvalidInput
from domain.i18n import N_, tr
from domain.roles import StaffRole
from domain.use_cases import accounts as accounts_cases
from tui.cli.login import read_secret, signed_in
from tui.cli.output import print_table

if TYPE_CHECKING:
    from tui.settings import Settings

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (N_("cli.user_done_disable"), N_("cli.user_done_enable"))


def unlock(settings: Settings, name: str) -> int:
    """The recovery path: end an account's wait after wrong passphrases, from every source.

    No login (the only administrator may be the one waiting): whoever can open
    the database — the SQLite file's owner, or whoever has the PostgreSQL
    credentials — may run it, as they could change the tables directly anyway.
    """
    from domain.clock import SystemClock
    from tui.composition import login_source, open_database

    database = open_database(settings, SystemClock())
    try:
        accounts_cases.end_waiting(database.uow(), name, by=login_source())
    except InvalidInput as error:
        print(" ".join(error.fields.values()) or error.message, file=sys.stderr)
        return 2
    except DomainError as error:
        print(error.message, file=sys.stderr)
        return 1
    print(tr("cli.user_done_unlock", name=name))
    return 0


def user(settings: Settings, command: str, name: str | None, role: str | None) -> int:
    """Account administration as a logged-in administrator (``--as`` and the passphrase).

    The administrator's passphrase comes from ``RINNALLA_PASSPHRASE`` when set
    (for scripts), otherwise it is asked; a new passphrase is asked twice at a
    terminal, or read from standard input when piped.
    """
    if not settings.staff:
        print(tr("cli.user_needs_admin"), file=sys.stderr)
        return 2
    context = signed_in(settings)
    if context is None:
        return 1
    admin, clock = context.actor, context.clock
    try:
        if command == "list":
            accounts.require_admin(admin)
            rows = []
            for account in accounts_cases.list_accounts(context.uow(), actor=admin):
                state = tr("cli.user_active") if account.active else tr("cli.user_inactive")
                if account.passphrase_hash is None:
                    state = tr("cli.user_no_passphrase")
                rows.append((account.staff.name, account.staff.role.label, state))
            print_table(None, rows)
            return 0
        assert name is not None
        if command in ("add", "reset"):
            passphrase = read_secret(tr("cli.user_new_passphrase"))
            if sys.stdin.isatty():
                repeated = read_secret(tr("cli.user_repeat_passphrase"))
                accounts.check_passphrase(passphrase, repeated)
            if command == "add":
                assert role is not None
                made = accounts_cases.add_user(
                    context.uow(), name, StaffRole(role), passphrase, actor=admin, clock=clock
                )
                print(tr("cli.user_done_add", name=made.name, role=made.role.label))
            else:
                accounts_cases.reset_passphrase(context.uow(), name, passphrase, actor=admin)
                print(tr("cli.user_done_reset", name=name))
        elif command == "role":
            assert role is not None
            changed = accounts_cases.change_role(context.uow(), name, StaffRole(role), actor=admin)
            print(tr("cli.user_done_role", name=changed.name, role=changed.role.label))
        else:
            accounts_cases.set_active(context.uow(), name, command == "enable", actor=admin)
            print(tr(f"cli.user_done_{command}", name=name))
    except InvalidInput as error:
        print(" ".join(error.fields.values()) or error.message, file=sys.stderr)
        return 2
    except DomainError as error:
        print(error.message, file=sys.stderr)
        return 1
    return 0
