"""Each role starts where its work is and is offered only the keys it may use.

The domain refuses the rest anyway (``tests/integration/test_roles.py``);
these tests drive the app with keys as a lead, a reception worker and a
coordinator would.
"""

from __future__ import annotations

from textual.widgets import Static

from domain.staff import StaffRole
from tests.tui.conftest import AppFactory, settle, walk_in
from tui.app import RinnallaApp
from tui.screens.network import NetworkScreen
from tui.screens.queue import QueueScreen
from tui.screens.reports import ReportsScreen
from tui.screens.summary import SummaryScreen
from tui.services import Services

SIZE = (120, 40)


def account(services: Services, name: str, role: StaffRole) -> None:
    with services.uow() as work:
        work.staff.add_account(name, role, "not-a-real-hash", at=services.clock.now())
        work.commit()


def offered(app: RinnallaApp) -> set[str]:
    """The actions the footer offers right now (enabled or greyed out)."""
    return {binding.action for (_, binding, _, _) in app.active_bindings.values()}


async def test_a_lead_starts_on_the_reports_and_is_offered_no_client_screen(
    new_app: AppFactory, services: Services
) -> None:
    walk_in(services, name="Aino Virtanen", reason="Toimeentulo")
    account(services, "Liisa Esihenkilö", StaffRole.LEAD)
    app = new_app(staff="Liisa Esihenkilö")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReportsScreen)
        for key in ("f2", "f3", "f4", "f7", "f8"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, ReportsScreen), key
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        summary = str(app.screen.query_one("#queue-summary", Static).render())
        assert "Esihenkilö" in summary and "Aino" not in summary
        assert not {"new_walk_in", "call_next", "summary", "network"} & offered(app)


async def test_reception_reads_the_summary_but_not_the_network(
    new_app: AppFactory, services: Services
) -> None:
    walk_in(services, name="Aino Virtanen", reason="Toimeentulo")
    account(services, "Reija Vastaanotto", StaffRole.RECEPTION)
    app = new_app(staff="Reija Vastaanotto")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        actions = offered(app)
        assert {"new_walk_in", "summary"} <= actions
        assert not {"network", "meetings", "reports", "caseload", "accounts"} & actions
        await pilot.press("v")
        await settle(pilot)
        assert not isinstance(app.screen, NetworkScreen)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert "Aino Virtanen" in str(app.screen.query_one("#summary-client", Static).render())


async def test_a_coordinator_is_offered_the_whole_desk_but_not_the_accounts(
    new_app: AppFactory, services: Services
) -> None:
    walk_in(services, name="Aino Virtanen", reason="Toimeentulo")
    app = new_app()  # the default test worker is a coordinator
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        actions = offered(app)
        assert {"new_walk_in", "summary", "network", "meetings", "reports", "caseload"} <= actions
        assert "accounts" not in actions
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, NetworkScreen)
