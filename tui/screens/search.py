"""Client search (F3 or /): by name fragment, hetu or birth year, in any mix.

Picking a client here is how a returning client is registered without
creating a duplicate: Enter on a result opens the new walk-in for them, the
desk's everyday case, in one key. On the highlighted result ``s`` opens the
client's summary and ``v`` their network, over the search: Escape there comes
back to the same results with the cursor where it was.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Label

from domain.clients import Client
from domain.i18n import N_, tr
from domain.use_cases import reception
from tui.context import AppContext
from tui.roles import REFUSED, twin_live, with_refusals
from tui.screens.base import RinnallaScreen
from tui.widgets.footer import KeyFooter
from tui.widgets.list_table import ListTable
from tui.widgets.status_line import StatusLine
from tui.widgets.text_input import TextInput

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (N_("key.pick"),)

# Searching starts when typing pauses this long, so each key press stays instant.
DEBOUNCE_SECONDS = 0.25


class SearchDone(Message):
    def __init__(self, text: str, clients: list[Client]) -> None:
        super().__init__()
        self.text = text
        self.clients = clients


class SearchScreen(RinnallaScreen[Client | None]):
    """Dismisses with the picked client, or ``None`` on Escape."""

    ROLE_NEEDS = {"summary": "summary", "network": "network"}
    """Keys a role may have no use for: hidden, and a press says whose work it is."""

    # Not priority: in the search field s and v are letters of a name; they act
    # only on the results, where the field does not take them. Not in the crowded
    # footer (they would push the F-keys out): the line under the results names
    # them with Enter, and F1 lists them.
    BINDINGS = with_refusals(
        [
            Binding("escape", "back", N_("key.back"), id="back"),
            Binding("down", "to_results", show=False),
            Binding("s", "summary", N_("key.summary"), id="search_summary", show=False),
            Binding("v", "network", N_("key.network"), id="search_network", show=False),
        ],
        ROLE_NEEDS,
    )

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self.title = tr("search.title")
        self._initial = initial
        self._clients: list[Client] = []
        self._timer: Timer | None = None
        self._to_results_when_found = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(tr("search.label"), classes="field-label")
        yield TextInput(value=self._initial, placeholder=tr("search.hint"), id="query")
        table: DataTable[Text] = ListTable(id="results", cursor_type="row", zebra_stripes=True)
        yield table
        yield StatusLine(id="search-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#results", DataTable)
        table.add_column(tr("search.col.name"), key="name", width=40)
        table.add_column(tr("search.col.hetu"), key="hetu", width=16)
        table.add_column(tr("search.col.year"), key="year")
        self.query_one("#query", Input).focus()
        if self._initial.strip():
            self._start_search(self._initial)

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        text = event.value
        self._timer = self.set_timer(DEBOUNCE_SECONDS, lambda: self._start_search(text))

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        if self._timer is not None:
            self._timer.stop()
        # Enter means "show me the results": go there as soon as they arrive.
        self._to_results_when_found = True
        self._start_search(event.value)

    def _start_search(self, text: str) -> None:
        self._search(self.context, text)

    @work(thread=True, exclusive=True, group="client-search")
    def _search(self, context: AppContext, text: str) -> None:
        clients = reception.search_clients(context.uow(), text, actor=context.actor)
        self.post_message(SearchDone(text, clients))

    @on(SearchDone)
    def _show(self, message: SearchDone) -> None:
        if message.text != self.query_one("#query", Input).value:
            return  # typing went on; a newer search is coming
        self._clients = message.clients
        table = self.query_one("#results", DataTable)
        table.clear()
        for client in message.clients:
            table.add_row(
                Text(client.display_name),
                Text(client.masked_hetu or "–"),
                Text(str(client.birth_year) if client.birth_year else "–"),
                key=str(client.id),
            )
        if self._to_results_when_found:
            self._to_results_when_found = False
            self.action_to_results()
        if not message.text.strip():
            self.set_status("")
        elif not message.clients:
            self.set_status(tr("search.none"))
        elif len(message.clients) >= reception.SEARCH_LIMIT:
            self.set_status(tr("search.more", count=len(message.clients)))
        else:
            self.set_status(tr("search.count", count=len(message.clients)))

    def action_to_results(self) -> None:
        if self._clients:
            self.query_one("#results", DataTable).focus()

    def _highlighted(self) -> Client | None:
        """The result under the cursor, while the results have the focus."""
        table = self.query_one("#results", DataTable)
        if not table.has_focus or not 0 <= table.cursor_row < len(self._clients):
            return None
        return self._clients[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """s and v: hidden from roles without them, dimmed until a result is highlighted."""
        if action == REFUSED:
            return twin_live(self.rinnalla.role, parameters)
        if action in self.ROLE_NEEDS:
            if not self.rinnalla.offered(action):
                return False
            return True if self._highlighted() is not None else None
        return True

    @on(DataTable.RowHighlighted, "#results")
    def _result_moved(self) -> None:
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_refused(self, need: str, label: str) -> None:
        self.rinnalla.action_refused(need, label)

    def action_summary(self) -> None:
        """The highlighted client's summary; Escape comes back to these results."""
        from tui.screens.summary import SummaryScreen

        client = self._highlighted()
        if client is not None:
            self.app.push_screen(SummaryScreen(client.id))

    def action_network(self) -> None:
        """The highlighted client's network; Escape comes back to these results."""
        from tui.screens.network import NetworkScreen

        client = self._highlighted()
        if client is not None:
            self.app.push_screen(NetworkScreen(client.id))

    @on(DataTable.RowSelected, "#results")
    def _picked(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self._clients):
            self.dismiss(self._clients[event.cursor_row])

    def action_back(self) -> None:
        table = self.query_one("#results", DataTable)
        if table.has_focus:
            self.query_one("#query", Input).focus()
        else:
            self.dismiss(None)
