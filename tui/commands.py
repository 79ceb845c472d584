"""Command palette (Ctrl+P): the views, the open screen's own actions, and clients by name.

Two providers, each asked whatever screen is open:

- :class:`ActionCommands`: the views (F2–F8) and the desk's actions, for the
  roles that have a use for them, then the open screen's own keys, by what they
  do, as F1 lists them; chosen, such an action runs as if its key had been
  pressed (so a key that does not apply now is not offered, and one the keymap
  moved still works);
- :class:`ClientSearch`: a name or an identity code finds clients through the same
  use case as the search screen (each listed client is logged), and choosing one
  opens their summary. Only for the roles that may search.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.widgets.option_list import Option

from domain.errors import DomainError
from domain.i18n import N_, tr
from tui.bindings import action_name, is_twin, listed_in_help

if TYPE_CHECKING:
    from domain.clients import Client
    from tui.app import RinnallaApp
    from tui.context import AppContext

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
GLOBAL_ACTIONS = (
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
"""What :class:`ActionCommands` offers first, in its order; the screens' own keys for
the same actions are not offered twice."""
SEARCH_PAUSE_SECONDS = 0.3
"""Typing on within this long replaces the search: clients are looked up (and the
lookup logged) for what the worker stopped at, not for every letter on the way."""
SEARCH_MIN_LENGTH = 3
"""Shorter input names a command far more often than a client."""


def _key_for(screen: Screen[object], action: str) -> str | None:
    """The key that runs ``action`` on ``screen`` now, as the footer names it (the one
    the footer shows, where two keys do it: F3 rather than the queue's /)."""
    keys = [
        active.binding
        for active in screen.active_bindings.values()
        if not is_twin(active.binding) and action_name(active.binding.action) == action
    ]
    keys.sort(key=lambda binding: not binding.show)
    return screen.app.get_key_display(keys[0]) if keys else None


def _with_key(text: str, key: str | None) -> str:
    return f"{text} ({key})" if key else text


class ActionCommands(Provider):
    """The views and the desk's actions, then the open screen's own keys, by name.

    One provider for both, the help and quit commands among them, so that the
    palette lists everything in one order that does not depend on which of two
    providers answered first (the client search adds its hits only to a search).
    """

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        yield from self._global_commands()
        yield from self._screen_commands()

    def _global_commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        """The views and actions the logged-in worker's role has a use for, with the
        key that does the same here (the keymap's, if it moved one)."""
        app = cast("RinnallaApp", self.app)
        for action in GLOBAL_ACTIONS:
            if action in ALWAYS or app.offered(action):
                yield (
                    tr(f"palette.{action}"),
                    _with_key(tr(f"palette.{action}_help"), _key_for(self.screen, action)),
                    getattr(app, f"action_{action}"),
                )

    def _screen_commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        """The open screen's keys that F1 lists and that apply now, by what they do;
        chosen, the action runs where its key would run it."""
        seen: set[str] = set(GLOBAL_ACTIONS)
        for active in self.screen.active_bindings.values():
            binding, node = active.binding, active.node
            name = action_name(binding.action)
            if (
                node is self.app
                or not active.enabled
                or not listed_in_help(active, self.screen)
                or name in seen
            ):
                continue
            seen.add(name)
            yield (
                binding.description,
                _with_key(binding.tooltip, self.app.get_key_display(binding)),
                partial(self.app.run_action, binding.action, node),
            )

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class ClientSearch(Provider):
    """Clients by name, identity code or birth year; choosing one opens their summary."""

    async def search(self, query: str) -> Hits:
        app = cast("RinnallaApp", self.app)
        context = app.context
        if (
            context is None
            or not (app.offered("search") and app.offered("summary"))
            or len(query.strip()) < SEARCH_MIN_LENGTH
        ):
            return
        # A newer query cancels this one while it waits: nothing is looked up for it.
        await asyncio.sleep(SEARCH_PAUSE_SECONDS)
        try:
            clients = await asyncio.to_thread(_search_clients, context, query)
        except DomainError as error:
            # The database away, or busy: said as the search screen would say it.
            app.notify(error.message, severity="error")
            return
        for client in clients:
            name = client.display_name
            details = " · ".join(
                part for part in (client.masked_hetu, str(client.birth_year or "") or None) if part
            )
            yield Hit(
                # Below any command that matches as well: the palette is for both.
                0.5,
                Text(name),
                partial(_open_summary, app, client),
                text=name,
                help=details or None,
            )


def _search_clients(context: AppContext, query: str) -> list[Client]:
    from domain.use_cases import reception

    return reception.search_clients(context.uow(), query, actor=context.actor)


def _open_summary(app: RinnallaApp, client: Client) -> None:
    from tui.screens.summary import SummaryScreen

    app.push_screen(SummaryScreen(client.id))


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
