"""Command palette (Ctrl+P): the reception desk's actions by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from domain.i18n import define, tr

if TYPE_CHECKING:
    from tui.app import RinnallaApp

define(
    {
        "palette.show_queue": ("Vastaanottojono", "Reception queue"),
        "palette.show_queue_help": ("Tämän päivän käynnit (F2)", "Today's visits (F2)"),
        "palette.reports": ("Raportit", "Reports"),
        "palette.reports_help": (
            "Tunnusluvut kuukaudelta, neljännekseltä tai omalta väliltä (F5)",
            "Indicators for a month, a quarter or a range of days (F5)",
        ),
        "palette.accounts": ("Käyttäjätilit", "User accounts"),
        "palette.accounts_help": (
            "Työntekijöiden tilit, roolit ja tunnuslauseet (F8)",
            "Staff accounts, roles and passphrases (F8)",
        ),
        "palette.new_walk_in": ("Uusi asiakaskäynti", "New walk-in visit"),
        "palette.new_walk_in_help": ("Rekisteröi saapunut asiakas (n)", "Register an arrival (n)"),
        "palette.search": ("Hae asiakasta", "Find a client"),
        "palette.search_help": (
            "Nimellä, henkilötunnuksella tai syntymävuodella (F3)",
            "By name, identity code or year of birth (F3)",
        ),
        "palette.catalogue": ("Palveluluettelo", "Service catalogue"),
        "palette.catalogue_help": (
            "Palvelut, joihin asiakkaita ohjataan (F6)",
            "Services clients are referred to (F6)",
        ),
        "palette.caseload": ("Asiakkaani ja asiakasmäärät", "My clients and caseloads"),
        "palette.caseload_help": (
            "Asiakkaat, joiden asiakasvastaava olet; asiakkaiden siirto (F7)",
            "Clients you are case manager for; moving a caseload (F7)",
        ),
        "palette.meetings": ("MOTI-palaverit", "MOTI meetings"),
        "palette.meetings_help": (
            "Tiimit, palaverit, odottavat asiakkaat ja asialista (F4)",
            "Teams, meetings, waiting clients and the agenda (F4)",
        ),
        "palette.call_next": ("Kutsu seuraava", "Call the next visitor"),
        "palette.call_next_help": (
            "Kiireelliset ensin, sitten saapumisjärjestys (c)",
            "Urgent first, then by arrival (c)",
        ),
    }
)


class ReceptionCommands(Provider):
    """Screens and reception actions, offered whatever screen is open."""

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
            )
            if app.offered(action)
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
