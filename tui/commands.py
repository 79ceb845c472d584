"""Command palette (Ctrl+P): the reception desk's actions by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from domain.i18n import N_, tr

if TYPE_CHECKING:
    from tui.app import RinnallaApp

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("palette.show_queue"),
    N_("palette.show_queue_help"),
    N_("palette.reports"),
    N_("palette.reports_help"),
    N_("palette.accounts"),
    N_("palette.accounts_help"),
    N_("palette.new_walk_in"),
    N_("palette.new_walk_in_help"),
    N_("palette.search"),
    N_("palette.search_help"),
    N_("palette.catalogue"),
    N_("palette.catalogue_help"),
    N_("palette.caseload"),
    N_("palette.caseload_help"),
    N_("palette.meetings"),
    N_("palette.meetings_help"),
    N_("palette.call_next"),
    N_("palette.call_next_help"),
    N_("palette.help"),
    N_("palette.help_help"),
    N_("palette.quit"),
    N_("palette.quit_help"),
)
ALWAYS = ("help", "quit")
"""Offered whoever is logged in, and before the login."""


class ReceptionCommands(Provider):
    """Screens and reception actions, offered whatever screen is open.

    The app's only provider: the help and quit commands are here too, so the
    palette lists everything in one order that does not depend on which of two
    providers answered first.
    """

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """The commands the logged-in worker's role has a use for."""
        app = cast("RinnallaApp", self.app)
        return [
            (
                tr(f"palette.{action}"),
                tr(f"palette.{action}_help"),
                getattr(app, f"action_{action}"),
            )
            for action in (
                "show_queue",
                "new_walk_in",
                "search",
                "call_next",
                "catalogue",
                "caseload",
                "meetings",
                "reports",
                "accounts",
                *ALWAYS,
            )
            if action in ALWAYS or app.offered(action)
        ]

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class Palette(CommandPalette):
    """Textual's command palette, with its own words in the worker's language.

    Textual writes its prompt and its "No matches found" in English; the prompt
    is an argument, the no-match line is not, so the method that shows it is
    Textual's own with the text translated (``textual.command``, 8.x).
    """

    def __init__(self) -> None:
        super().__init__(placeholder=tr("palette.placeholder"), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            # Nothing typed means the palette was only listing what it offers:
            # an empty list then needs no "no matches".
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(tr("palette.no_matches"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
