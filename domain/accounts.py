"""Staff accounts: who may log in, with which role, and how a login is checked.

Passphrases are stored only as argon2id hashes (``argon2-cffi``). Five wrong
passphrases in a row from one source (:class:`LoginSource`) make the name wait
there 5 minutes, each further wrong one twice as long up to an hour, which
turns a guessing attack at an unattended terminal into days of work. Every
attempt is counted before its passphrase is checked, so parallel log-ins get
no more guesses. A wrong name and a wrong passphrase get the same message, the
same checking time and the same waiting, so the login does not reveal which
names exist. The waiting never keeps anyone out for good: it ends by itself,
it holds only at the source that guessed, and :func:`end_waiting` ends it.

The first start on an empty database asks for the first administrator; after
that only administrators add, disable and reset accounts and change roles.
Each of these is an event in the access log, chained with the accesses to
client data: who did what to which account and when (for a new account or a
role change, the role), never a passphrase or its hash.
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher

from domain.access import Task, may_do
from domain.errors import DomainError, InvalidInput
from domain.i18n import tr
from domain.staff import Staff
from domain.text import clean_text

NAME_MAX = 120
PASSPHRASE_MIN = 12
PASSPHRASE_MAX = 1000


@dataclass(frozen=True)
class LoginSource:
    """Where log-ins come from: wrong passphrases are counted per name *and* source.

    So someone guessing from one place makes the name wait there only; the same
    worker logs in from anywhere else at once. A terminal's source is its
    operating-system user and host (not the terminal window: a new window would
    give a guesser a fresh count); a later web front would use the client's
    address.
    """

    key: str

    @classmethod
    def terminal(cls, os_user: str, host: str) -> LoginSource:
        return cls(f"terminal:{os_user}@{host}"[:200])

    @classmethod
    def address(cls, address: str) -> LoginSource:
        return cls(f"address:{address}"[:200])


_hasher = PasswordHasher()


class LoginRefused(DomainError):
    """A wrong name or passphrase, a waiting account or a disabled one."""


def hash_passphrase(passphrase: str) -> str:
    return _hasher.hash(passphrase)


def check_name(name: str) -> str:
    cleaned = clean_text(name)
    if not cleaned:
        raise InvalidInput({"name": tr("accounts.name_missing")})
    if len(cleaned) > NAME_MAX:
        raise InvalidInput({"name": tr("accounts.name_too_long", limit=NAME_MAX)})
    return cleaned


def check_passphrase(passphrase: str, repeated: str | None = None) -> str:
    """The passphrase as typed (never cleaned: every character counts)."""
    if len(passphrase) < PASSPHRASE_MIN:
        raise InvalidInput({"passphrase": tr("accounts.passphrase_short", minimum=PASSPHRASE_MIN)})
    if len(passphrase) > PASSPHRASE_MAX:
        raise InvalidInput({"passphrase": tr("accounts.passphrase_long", limit=PASSPHRASE_MAX)})
    if repeated is not None and repeated != passphrase:
        raise InvalidInput({"repeated": tr("accounts.passphrases_differ")})
    return passphrase


# Administration --------------------------------------------------------------------


def require_admin(actor: Staff) -> None:
    if not may_do(actor.role, Task.STAFF):
        raise DomainError(tr("accounts.admin_only"))


# The demo ---------------------------------------------------------------------------

DEMO_ADMIN = ("Demo Pääkäyttäjä", "demo-paakayttaja-2026")


def demo_passphrase(name: str) -> str:
    """``demo-sanna-2026``: readable, long enough, and obviously not a real one."""
    first = name.split()[0].lower()
    return f"demo-{first}-2026"
