"""A desk without a terminal: the reception's everyday path in a real browser.

``rinnalla serve`` runs the app in Chromium, one app process per tab. A receptionist
logs in with the keyboard, registers a walk-in and sees it in the queue; a coordinator,
in a tab of her own, opens the client's contacts card and gets it as a download in the
browser (on a desk without a terminal the file is of no use on the server's disk).
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.browser_support import (
    COORDINATOR,
    RECEPTION,
    Served,
    Terminal,
    chromium,
    stored_visits,
)

NAME = "Testinen Teemu"
BIRTH_YEAR = "1987"
REASON = "Asunnon menetys"

DOWNLOAD_SECONDS = 60.0


def queue_row(screen: str, name: str) -> str:
    """The queue's row of the visitor called ``name`` (the first, if several)."""
    for row in screen.splitlines():
        if name in row:
            return row
    raise AssertionError(f"no row for {name} on the screen:\n{screen}")


async def test_reception_registers_a_walk_in_and_a_coordinator_downloads_the_card(
    served: Served, tmp_path: Path
) -> None:
    started = time.monotonic()
    async with chromium() as browser:
        desk = await Terminal.open(browser, served.url, "reception")
        screen = await desk.wait_for("Rinnalla – kirjaudu sisään", "Tunnuslause")
        # Each tab is an app of its own with its own login: nobody is signed in yet.
        assert "Vastaanottojono" not in screen
        name, passphrase = RECEPTION
        await desk.type(name)
        await desk.screenshot("login.png")
        await desk.press("Tab")
        await desk.type(passphrase)
        await desk.press("Enter")
        screen = await desk.wait_for("Vastaanottojono", "Uusi käynti", absent=["Tunnuslause"])
        # The passphrase was never on the screen.
        assert passphrase not in screen

        await desk.press("n")
        await desk.wait_for("Uusi asiakaskäynti", "Syntymävuosi", "Käynnin syy")
        await desk.type(NAME)
        await desk.press("Tab", "Tab")  # past the identity code: not known
        await desk.type(BIRTH_YEAR)
        await desk.press("Tab")
        await desk.type(REASON)
        await desk.wait_for(NAME, BIRTH_YEAR, REASON)
        await desk.screenshot("walk_in.png")
        await desk.press("Control+s")

        screen = await desk.wait_for("Vastaanottojono", NAME, absent=["Uusi asiakaskäynti"])
        row = queue_row(screen, NAME)
        assert REASON in row and "Odottaa" in row, row
        await desk.screenshot("queue.png")
        # Stored once, waiting, registered by the receptionist who typed it.
        [visit] = stored_visits(served.database, [NAME])
        assert (visit.birth_year, visit.reason, visit.state) == (1987, REASON, "waiting")
        assert visit.registered_by == name
        registered = time.monotonic()

        # The coordinator's own tab: her own login, the same database.
        office = await Terminal.open(browser, served.url, "coordinator")
        await office.log_in(*COORDINATOR)
        screen = await office.wait_for("Vastaanottojono", NAME, absent=["Tunnuslause"])
        # F5 is the browser's reload too: here it reaches Rinnalla (the reports), and
        # the tab stays signed in.
        await office.press("F5")
        await office.wait_for("Raportit", absent=["Tunnuslause"])
        await office.press("Escape")
        await office.wait_for("Vastaanottojono", absent=["Raportit"])
        await office.press("F3")
        await office.wait_for("Asiakashaku")
        await office.type("Testinen")
        await office.wait_until(
            lambda text: any(NAME in row and BIRTH_YEAR in row for row in text.splitlines()),
            f"a search result {NAME} {BIRTH_YEAR}",
        )
        await office.press("ArrowDown", "v")  # to the results, the client's network
        await office.wait_for("Verkosto", NAME, absent=["Asiakashaku"])
        await office.press("k")
        await office.wait_for("Kortin kieli", NAME)

        download = await office.download("Control+s", seconds=DOWNLOAD_SECONDS)
        assert download is not None, f"no download offered:\n{await office.text()}"
        saved = tmp_path / download.suggested_filename
        await download.save_as(saved)
        card = saved.read_text(encoding="utf-8")
        assert NAME in card, card
        assert saved.suffix == ".md"
        # Delivered to the browser, not left on the server's disk.
        assert not list((served.home / "Documents").glob("*.md"))
        # A desk's browser is told nothing about the work by any other address.
        assert desk.refused == office.refused == []
        await office.close()
        await desk.close()
    print(
        f"browser: registered in {registered - started:.1f} s, "
        f"card downloaded {time.monotonic() - registered:.1f} s later"
    )
