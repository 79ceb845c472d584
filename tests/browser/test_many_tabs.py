"""Ten browser tabs at once: each an app of its own on one database, none loses a walk-in.

A walk-in reception with several desks on ``rinnalla serve`` runs one app process per
tab, all writing to the same database at the same moments (the morning's opening). Ten
tabs log in and each registers its own visitor, all at once; the database then holds
each of the ten exactly once, and every tab's queue shows them all (on SQLite each app
looks for its colleagues' changes twice a second).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from tests.browser_support import Served, Terminal, chromium, stored_visits


@dataclass(frozen=True)
class Desk:
    """One tab's worker and the visitor they register."""

    worker: str
    passphrase: str
    visitor: str
    birth_year: str
    reason: str


WORKERS = (
    ("Sanna Mäkelä", "demo-sanna-2026"),
    ("Jari Heikkinen", "demo-jari-2026"),
    ("Päivi Laaksonen", "demo-päivi-2026"),
    ("Tuomas Åberg", "demo-tuomas-2026"),
    ("Riikka Hämäläinen", "demo-riikka-2026"),
)
"""The demo's workers who register walk-ins: reception and coordinators."""

VISITORS = (
    ("Bergman Bea", "1951", "Asumisneuvonta"),
    ("Cederlöf Carl", "1956", "Velkaneuvonta"),
    ("Dahl Daniela", "1961", "Omaishoito"),
    ("Eskola Emil", "1966", "Päihdetyö"),
    ("Forsman Fanny", "1971", "Kuntoutus"),
    ("Granlund Gustav", "1976", "Työttömyys"),
    ("Ilves Iida", "1981", "Lastensuojelu"),
    ("Kujala Kerttu", "1986", "Mielenterveys"),
    ("Lumme Leevi", "1991", "Toimeentulotuki"),
    ("Nurmela Nella", "1996", "Vammaispalvelut"),
)
"""Made-up visitors, none like another or like the demo's clients (their surnames and
birth years differ), so that no save stops to ask about a possible duplicate."""

DESKS = tuple(
    Desk(*WORKERS[number % len(WORKERS)], *visitor) for number, visitor in enumerate(VISITORS)
)
"""Each worker at two desks: a worker with two tabs open is an everyday case too."""


CROWD_SECONDS = 240.0
"""How long a step may take with ten app processes starting and saving on two processors,
perhaps beside other tests: measured alone, the slowest tab took about 30 s for all of it."""


async def register(terminal: Terminal, desk: Desk) -> None:
    """Log in and register the desk's visitor, by keys, as at the desk."""
    seconds = CROWD_SECONDS
    await terminal.log_in(desk.worker, desk.passphrase, seconds=seconds)
    await terminal.wait_for(
        "Vastaanottojono", "Uusi käynti", absent=["Tunnuslause"], seconds=seconds
    )
    await terminal.press("n")
    await terminal.wait_for("Uusi asiakaskäynti", "Käynnin syy", seconds=seconds)
    await terminal.type(desk.visitor)
    await terminal.press("Tab", "Tab")
    await terminal.type(desk.birth_year)
    await terminal.press("Tab")
    await terminal.type(desk.reason)
    await terminal.wait_for(desk.visitor, desk.reason, seconds=seconds)
    await terminal.press("Control+s")
    await terminal.wait_for(
        "Vastaanottojono", desk.visitor, absent=["Uusi asiakaskäynti"], seconds=seconds
    )


async def test_ten_tabs_register_at_once_and_lose_nothing(served: Served) -> None:
    started = time.monotonic()
    async with chromium() as browser:
        terminals = await asyncio.gather(
            *(Terminal.open(browser, served.url, f"tab {n + 1}") for n in range(len(DESKS)))
        )
        opened = time.monotonic()
        await asyncio.gather(*(register(t, d) for t, d in zip(terminals, DESKS, strict=True)))
        registered = time.monotonic()

        stored = stored_visits(served.database, [desk.visitor for desk in DESKS])
        assert sorted((v.name, str(v.birth_year), v.reason) for v in stored) == sorted(
            (desk.visitor, desk.birth_year, desk.reason) for desk in DESKS
        )
        # Each visitor is registered by the worker at that tab, and waits.
        assert {(v.name, v.registered_by, v.state) for v in stored} == {
            (desk.visitor, desk.worker, "waiting") for desk in DESKS
        }

        # Every desk's queue shows every visitor, each once, without a key press.
        everyone = [desk.visitor for desk in DESKS]
        screens = await asyncio.gather(
            *(t.wait_for(*everyone, seconds=CROWD_SECONDS) for t in terminals)
        )
        for screen in screens:
            for visitor in everyone:
                assert screen.count(visitor) == 1, screen
        await asyncio.gather(*(t.close() for t in terminals))
    print(
        f"ten tabs: opened in {opened - started:.1f} s, logged in and registered in "
        f"{registered - opened:.1f} s, all queues complete "
        f"{time.monotonic() - registered:.1f} s later"
    )
