"""What every Rinnalla screen has: the typed app, the signed-in context, a status line.

Screens used to cast ``self.app`` themselves, check ``services is None`` before
each use case and keep their own ``_set_status``; they now inherit these once.
The bindings of each screen are translated when it is made, because the
language is known only after the classes are created (:mod:`tui.bindings`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar, cast

from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen

from tui.bindings import translate_bindings
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tui.app import RinnallaApp
    from tui.context import AppContext

R = TypeVar("R")


class NotSignedIn(Exception):
    """A use case was asked for before anyone logged in (or after the lock).

    Screens that run use cases are opened only after log-in, so this is a
    programming error, not something a user can cause from the keyboard.
    """


class RinnallaScreen(Screen[R], Generic[R]):
    """A full screen of Rinnalla."""

    def __init__(
        self,
        name: str | None = None,
        id: str | None = None,  # noqa: A002  (Textual's own name for it)
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        translate_bindings(self)

    @property
    def rinnalla(self) -> RinnallaApp:
        return cast("RinnallaApp", self.app)

    @property
    def signed_in(self) -> bool:
        return self.rinnalla.context is not None

    @property
    def context(self) -> AppContext:
        """Who acts, where, and the unit of work: only once someone has logged in."""
        context = self.rinnalla.context
        if context is None:
            raise NotSignedIn(type(self).__name__)
        return context

    def set_status(self, note: str, *, error: bool = False) -> None:
        """Say ``note`` on the screen's status line (the first one, if it has several)."""
        try:
            line = self.query(StatusLine).first()
        except NoMatches:
            self.notify(note, severity="error" if error else "information")
            return
        line.say(note, error=error)


class RinnallaDialog(ModalScreen[R], RinnallaScreen[R], Generic[R]):
    """A dialog over another screen: Escape closes it, the screen below stays as it was.

    ``ModalScreen`` comes first: Textual takes a class's default styles along
    its first base only, and the dimmed view of the screen below is
    ``ModalScreen``'s (after ``RinnallaScreen`` the dialog was drawn opaque).
    """
