"""The Rinnalla Textual application."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from domain.clients import Client
from domain.clock import Clock
from domain.i18n import define, tr
from tui.bindings import translate_bindings
from tui.commands import ReceptionCommands
from tui.messages import Connected, ConnectionFailed
from tui.screens.help import HelpScreen
from tui.screens.queue import QueueScreen
from tui.screens.search import SearchScreen
from tui.screens.walk_in import WalkInScreen
from tui.services import Connector, Services

define(
    {
        "app.title": ("Rinnalla", "Rinnalla"),
        "key.help": ("Ohje", "Help"),
        "key.queue": ("Jono", "Queue"),
        "key.search": ("Haku", "Search"),
        "key.reports": ("Raportit", "Reports"),
        "key.catalogue": ("Palvelut", "Services"),
        "key.meetings": ("MOTI", "MOTI"),
        "key.caseload": ("Asiakkaani", "My clients"),
        "key.quit": ("Lopeta", "Quit"),
        "key.palette": ("Komennot", "Commands"),
        "app.db_failed": (
            "Tietokantaa ei voitu avata ({kind}). Tarkista --db tai RINNALLA_DATABASE_URL.",
            "The database could not be opened ({kind}). Check --db or RINNALLA_DATABASE_URL.",
        ),
        "palette.placeholder": ("Hae komentoa…", "Search for commands…"),
        "palette.quit": ("Lopeta", "Quit"),
        "palette.quit_help": ("Sulje Rinnalla", "Close Rinnalla"),
        "palette.help": ("Ohje", "Help"),
        "palette.help_help": (
            "Näytä tämän näkymän näppäimet",
            "Show the keys of this screen",
        ),
    }
)


def stylesheet_path() -> Path:
    """``screens.css``: inside the installed package, or at the top of a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "screens.css"
    return installed if installed.exists() else here.parent / "screens.css"


class RinnallaApp(App[None]):
    """Keyboard-only walk-in reception and client coordination."""

    CSS_PATH = stylesheet_path()
    TITLE = "Rinnalla"
    COMMANDS = App.COMMANDS | {ReceptionCommands}
    BINDINGS = [
        Binding("f1", "help", "key.help", id="help"),
        Binding("f2", "show_queue", "key.queue", id="queue"),
        Binding("f3", "search", "key.search", id="search"),
        Binding("f4", "meetings", "key.meetings", id="meetings"),
        Binding("f5", "reports", "key.reports", id="reports"),
        Binding("f6", "catalogue", "key.catalogue", id="catalogue"),
        Binding("f7", "caseload", "key.caseload", id="caseload"),
        Binding("ctrl+p", "command_palette", "key.palette", show=False, priority=True),
        Binding("ctrl+q", "quit", "key.quit", priority=True, id="quit"),
    ]

    def __init__(self, connect: Connector, *, clock: Clock) -> None:
        super().__init__()
        translate_bindings(self)
        self.title = tr("app.title")
        self._connect = connect
        self.clock = clock
        self.services: Services | None = None
        self.queue_screen = QueueScreen()

    def on_mount(self) -> None:
        self.push_screen(self.queue_screen)
        self.open_database()

    @work(thread=True, exclusive=True, group="connect")
    def open_database(self) -> None:
        """Open and migrate the database after the first paint, off the UI thread."""
        try:
            services = self._connect()
        except Exception as error:  # noqa: BLE001 - shown to the user, app stays up
            self.post_message(ConnectionFailed(tr("app.db_failed", kind=type(error).__name__)))
        else:
            self.post_message(Connected(services))

    def on_connected(self, message: Connected) -> None:
        self.services = message.services
        self.queue_screen.post_message(Connected(message.services))

    def on_connection_failed(self, message: ConnectionFailed) -> None:
        self.queue_screen.post_message(ConnectionFailed(message.reason))

    # Global actions -------------------------------------------------------

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        """Ctrl+Q: an interview in progress is saved before the app closes."""
        from tui.screens.interview import InterviewScreen

        for screen in self.screen_stack:
            if isinstance(screen, InterviewScreen):
                screen.save_draft_now()
        self.exit()

    def action_command_palette(self) -> None:
        """Textual's palette, with its prompt in the chosen language."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(
                CommandPalette(placeholder=tr("palette.placeholder"), id="--command-palette")
            )

    def action_show_queue(self) -> None:
        """Back to the queue; a form with typed text asks first."""
        from tui.screens.interview import InterviewScreen

        while self.screen is not self.queue_screen:
            screen = self.screen
            # Each of these knows how to leave safely: ask, or save the draft first.
            if isinstance(screen, WalkInScreen):
                screen.action_cancel()
                return
            if isinstance(screen, InterviewScreen):
                screen.action_close()
                return
            self.pop_screen()

    def action_search(self) -> None:
        if self.services is None or isinstance(self.screen, SearchScreen):
            return
        self.push_screen(SearchScreen(), self._open_walk_in_for)

    def action_catalogue(self) -> None:
        """The organisation's service catalogue (referral targets)."""
        from tui.screens.catalogue import CatalogueScreen

        if self.services is None or isinstance(self.screen, CatalogueScreen):
            return
        self.push_screen(CatalogueScreen())

    def action_meetings(self) -> None:
        """MOTI teams, meetings, the backlog and the agenda builder."""
        from tui.screens.meetings import MeetingsScreen

        if self.services is None or isinstance(self.screen, MeetingsScreen):
            return
        self.push_screen(MeetingsScreen())

    def action_reports(self) -> None:
        """The indicators for a month, a quarter or a custom range (R11)."""
        from tui.screens.reports import ReportsScreen

        if self.services is None or isinstance(self.screen, ReportsScreen):
            return
        self.push_screen(ReportsScreen())

    def action_caseload(self) -> None:
        """The worker's own clients (and other caseloads); Enter opens a network."""
        from tui.screens.caseload import CaseloadScreen

        if self.services is None or isinstance(self.screen, CaseloadScreen):
            return
        self.push_screen(CaseloadScreen(), self._open_network)

    def _open_network(self, client_id: int | None) -> None:
        if client_id is not None:
            from tui.screens.network import NetworkScreen

            self.push_screen(NetworkScreen(client_id))

    def action_new_walk_in(self) -> None:
        """From anywhere (command palette): back to the queue, then the form."""
        self.action_show_queue()
        if self.screen is self.queue_screen and self.services is not None:
            self.queue_screen.open_walk_in(None)

    def action_call_next(self) -> None:
        self.action_show_queue()
        if self.screen is self.queue_screen:
            self.queue_screen.action_call_next()

    def _open_walk_in_for(self, client: Client | None) -> None:
        if client is not None:
            self.queue_screen.open_walk_in(client)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand(tr("palette.help"), tr("palette.help_help"), self.action_help)
        yield SystemCommand(tr("palette.quit"), tr("palette.quit_help"), self.action_quit)
