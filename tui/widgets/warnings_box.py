"""A few lines of warnings that scroll, and say how many more are below.

The network's warnings (R6) once sat in a box capped at six lines: a fourth
long warning at 80 columns was simply not drawn. A warning is never hidden
here: the box scrolls (Tab reaches it when it has more than it shows, then
the arrows, PgUp/PgDn, Home/End), and its last line says how many warnings are
still below, "▼ 2 varoitusta lisää" (on the line under the box).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from domain.i18n import ntr
from tui.keys import key_display


class WarningsBox(VerticalScroll):
    """Scrolls its text widget; the docked last line counts the warnings below."""

    DEFAULT_CSS = """
    WarningsBox {
        height: auto;
    }
    .warnings-more {
        height: 1;
        padding: 0 1;
        text-style: bold;
    }
    """

    def __init__(self, content: Static, *, box_id: str | None = None) -> None:
        super().__init__(id=box_id)
        self._content = content
        self._more = Static("", classes="warnings-more")
        self._more.display = False
        self._lines: list[int] = []
        """Each warning's last line (0-based, at the width last measured)."""
        self._warnings: list[Text] = []
        self.can_focus = False

    def compose(self) -> ComposeResult:
        yield self._content

    def on_mount(self) -> None:
        # The count goes right under the box, in the same container.
        if isinstance(self.parent, Widget):
            self.parent.mount(self._more, after=self)

    def show(self, warnings: list[Text]) -> None:
        """The warnings, one after another (the text widget shows them all)."""
        self._warnings = warnings
        self.call_after_refresh(self._count)

    def on_resize(self) -> None:
        self.call_after_refresh(self._count)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._count()

    def hidden_below(self) -> int:
        """How many warnings end below what the box shows."""
        shown_to = self.scroll_y + self.scrollable_content_region.height
        return sum(1 for last in self._lines if last >= shown_to)

    def _count(self) -> None:
        width = self._content.content_region.width
        if not width:
            return
        console = self.app.console
        self._lines = []
        line = 0
        for warning in self._warnings:
            line += len(warning.wrap(console, width))
            self._lines.append(line - 1)
        overflowing = self.max_scroll_y > 0
        self.can_focus = overflowing
        below = self.hidden_below() if overflowing else 0
        if below:
            self._more.update(
                ntr(
                    "network.more_warning",
                    "network.more_warning_plural",
                    below,
                    tab=key_display("tab"),
                )
            )
        self._more.display = bool(below)
