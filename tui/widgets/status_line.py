"""The one line under a screen's content that says what just happened.

Every screen had its own ``Static`` with its own id, CSS rule and
``_set_status`` method; this widget is that line once. What it shows is text
that may hold what a user typed (a name, a search), so it is always shown
literally, never parsed as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    """A status or error note, one or more lines, below the screen's content."""

    DEFAULT_CSS = """
    StatusLine {
        height: auto;
        min-height: 1;
        padding: 0 1;
    }
    StatusLine.error {
        color: $error;
        text-style: bold;
    }
    """

    def __init__(self, note: str = "", *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(Text(note), id=id)

    def say(self, note: str, *, error: bool = False) -> None:
        """Show ``note``; an error is coloured so it is not mistaken for a confirmation."""
        self.update(Text(note))
        self.set_class(error, "error")
