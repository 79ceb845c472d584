"""What every Rinnalla screen has: the typed app, the signed-in context, a status line.

Screens used to cast ``self.app`` themselves, check ``services is None`` before
each use case and keep their own ``_set_status``; they now inherit these once.
The bindings of each screen are translated when it is made, because the
language is known only after the classes are created (:mod:`tui.bindings`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen

from tui.bindings import translate_bindings
from tui.widgets.running_app import NotSignedIn as NotSignedIn
from tui.widgets.running_app import rinnalla_app, signed_in_context
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tui.app import RinnallaApp
    from tui.context import AppContext

R = TypeVar("R")


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
        return rinnalla_app(self)

    @property
    def signed_in(self) -> bool:
        return self.rinnalla.context is not None

    @property
    def context(self) -> AppContext:
        """Who acts, where, and the unit of work: only once someone has logged in
        (:class:`NotSignedIn` before that)."""
        return signed_in_context(self)

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

    ``ModalScreen`` comes first: Textual takes a widget's CSS type names and
    default CSS from the first base of each class only, so in the other order
    a dialog would lose the modal's see-through background and its styles.
    """
