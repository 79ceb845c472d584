"""The map tab: who is around the client, drawn as boxes (the ecomap)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static, TabPane

from domain.clock import HELSINKI, Clock
from domain.network import ClientNetwork
from tui.widgets.ecomap import render_ecomap

MAP_WIDTH = 116
"""The map's width where there is room; narrower at 80 columns, so that its
lines are never folded (a folded line breaks the boxes apart)."""


class NetworkMapTab(TabPane):
    """The ecomap of the bound network, redrawn when the network or the width changes."""

    network: reactive[ClientNetwork | None] = reactive(None)

    def __init__(self, title: str, clock: Clock, *, id: str) -> None:  # noqa: A002
        super().__init__(title, id=id)
        self._clock = clock

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="map-scroll"):
            yield Static("", id="ecomap")

    def watch_network(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.network is None:
            return
        today = self._clock.now().astimezone(HELSINKI).date()
        # Room for the scroll bar, which the map's height usually brings.
        width = min(MAP_WIDTH, self.app.size.width - 2)
        self.query_one("#ecomap", Static).update(render_ecomap(self.network, today, width))
