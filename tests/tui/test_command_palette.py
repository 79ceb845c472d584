"""Ctrl+P: the open screen's own actions by name, and clients by name or identity code."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from domain.identity import make_hetu
from domain.use_cases import reception
from tests.helpers import SIZE, AppFactory, settle, type_text, walk_in
from tui.app import RinnallaApp
from tui.config_file import config_file
from tui.context import AppContext
from tui.screens.summary import SummaryScreen


def client_id(context: AppContext, name: str) -> int:
    (client,) = reception.search_clients(context.uow(), name, actor=context.actor)
    return client.id


def listed(app: RinnallaApp) -> list[str]:
    """The palette's lines: each command's name, then its help, as the worker reads them."""
    commands = app.screen.query_one(CommandList)
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


async def open_palette_and_type(pilot: Pilot[None], text: str) -> None:
    """Open the palette and type ``text``; wait past the client search's pause."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    await type_text(pilot, text)
    await pilot.pause(0.8)


async def test_the_screens_own_action_runs_from_the_palette(
    new_app: AppFactory, context: AppContext
) -> None:
    walk_in(context, name="Laine Liisa", reason="Toimeentulo")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_palette_and_type(pilot, "yhteenv")
        assert isinstance(app.screen, CommandPalette)
        first = listed(app)[0]
        # The queue's own s, by name, with its tooltip and its key.
        assert first.startswith("Yhteenveto\nAvaa asiakkaan yhteenvedon")
        assert first.endswith("(s)")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.client_id == client_id(context, "Laine Liisa")


HETU = make_hetu(dt.date(1985, 3, 14), 240)


@pytest.mark.parametrize("typed", ["virtanen", HETU], ids=["name", "identity code"])
async def test_a_client_found_in_the_palette_opens_their_summary(
    new_app: AppFactory, context: AppContext, typed: str
) -> None:
    walk_in(context, name="Virtanen Ville", hetu=HETU, reason="Asunto")
    walk_in(context, name="Laine Liisa", reason="Toimeentulo")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_palette_and_type(pilot, typed)
        lines = listed(app)
        assert len(lines) == 1
        assert lines[0].startswith("Virtanen Ville\n")
        assert HETU not in lines[0]  # the identity code shows masked, as in search
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.client_id == client_id(context, "Virtanen Ville")


async def test_a_short_query_looks_up_no_clients(new_app: AppFactory, context: AppContext) -> None:
    """Two letters name a command far more often than a client: nobody is listed (or
    logged) for them."""
    walk_in(context, name="Raitio Raili", reason="Asunto")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_palette_and_type(pilot, "ra")
        assert not any(line.startswith("Raitio Raili") for line in listed(app))


@pytest.mark.usefixtures("user_folders")
async def test_the_palette_names_the_key_the_keymap_gave(new_app: AppFactory) -> None:
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text('[keymap]\n"queue.new_walk_in" = "f9"\n', encoding="utf-8")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_palette_and_type(pilot, "uusi asiakask")
        assert listed(app)[0] == "Uusi asiakaskäynti\nRekisteröi saapunut asiakas (F9)"
