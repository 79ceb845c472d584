"""Messages that carry intent between screens and the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the screens' first paint comes before the domain's models are loaded
    from domain.errors import DomainError
    from domain.staff import Staff
    from tui.context import AppContext, Database


class Connected(Message, bubble=False):
    """The database is open; use cases may run.

    Does not bubble: the app forwards it to the queue screen, and a bubbling
    copy would come straight back to the app.
    """

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context


class DatabaseOpened(Message, bubble=False):
    """The database is open; next someone logs in (``actor`` only in tests)."""

    def __init__(self, database: Database, actor: Staff | None, *, first_start: bool) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.first_start = first_start


class ConnectionFailed(Message, bubble=False):
    """The database could not be opened; ``reason`` is safe to show."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class Refused(Message):
    """A use case refused what the screen sent; the screen keeps the typed text and says why.

    Every form posts this from its worker to itself, so that refusals look and
    behave the same everywhere (messages at fields, the rest in a status line).
    """

    def __init__(self, error: DomainError) -> None:
        super().__init__()
        self.error = error


class DatabaseAway(Message, bubble=False):
    """The database server stopped answering; ``reason`` is safe to show."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class DatabaseBack(Message, bubble=False):
    """The database answers again after :class:`DatabaseAway`."""
