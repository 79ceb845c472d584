"""Each role starts where its work is and is offered only the keys it may use.

The matrix is the code's own: for every role, every global key (F2–F8), every
palette command and every key of the screens the role reaches, either the key
works, or it is neither in the footer nor in F1 and pressing it says whose work
it is (``tui.roles`` reads :mod:`domain.access`). The domain refuses the rest
anyway (``tests/integration/test_roles.py``). The tests drive the app with keys
as a worker of each role would.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Static

from domain.catalogue import ServiceInput
from domain.clock import FixedClock
from domain.i18n import all_keys, tr
from domain.sectors import Sector
from domain.staff import StaffRole
from domain.use_cases import accounts
from domain.use_cases.catalogue import save_service
from tests.helpers import SIZE, AppFactory, settle, type_text, walk_in
from tui.app import RinnallaApp
from tui.composition import make_app, open_database
from tui.context import AppContext
from tui.roles import REFUSED, allowed_roles, known_needs, refusal
from tui.screens.accounts import AccountsScreen
from tui.screens.caseload import CaseloadScreen
from tui.screens.catalogue import CatalogueScreen, ServiceForm
from tui.screens.help import HelpScreen
from tui.screens.meetings import MeetingsScreen
from tui.screens.network import NetworkScreen
from tui.screens.queue import QueueScreen
from tui.screens.reports import ReportsScreen
from tui.screens.search import SearchScreen
from tui.screens.summary import SummaryScreen
from tui.settings import Settings

PASSPHRASE = "korppi lentää yli kuusikon"

WORKERS = {
    StaffRole.RECEPTION: "Reija Vastaanotto",
    StaffRole.COORDINATOR: "Vastaanotto Veera",  # the default test worker
    StaffRole.LEAD: "Liisa Esihenkilö",
    StaffRole.ADMIN: "Aki Pääkäyttäjä",
}
START = {
    StaffRole.RECEPTION: QueueScreen,
    StaffRole.COORDINATOR: QueueScreen,
    StaffRole.LEAD: ReportsScreen,
    StaffRole.ADMIN: AccountsScreen,
}
OPENS: dict[str, type[Screen[Any]]] = {
    "show_queue": QueueScreen,
    "search": SearchScreen,
    "meetings": MeetingsScreen,
    "reports": ReportsScreen,
    "catalogue": CatalogueScreen,
    "caseload": CaseloadScreen,
    "accounts": AccountsScreen,
}
"""What each global F-key opens."""

# What the README promises, to check that the matrix above is not empty by mistake.
REFUSED_F_KEYS = {
    StaffRole.RECEPTION: {"f4", "f5", "f7", "f8"},
    StaffRole.COORDINATOR: {"f8"},
    StaffRole.LEAD: {"f2", "f3", "f4", "f7", "f8"},
    StaffRole.ADMIN: {"f2", "f3", "f4", "f5", "f7"},
}
_QUEUE_KEYS = {"n", "c", "d", "l", "s", "v", "p", "slash", "u", "b"}
REFUSED_SCREEN_KEYS = {
    StaffRole.RECEPTION: {"v", "a", "e", "x"},
    StaffRole.COORDINATOR: set(),
    StaffRole.LEAD: _QUEUE_KEYS | {"a", "e", "x"},
    StaffRole.ADMIN: _QUEUE_KEYS,
}


def account(context: AppContext, name: str, role: StaffRole) -> None:
    with context.uow() as work:
        work.staff.add_account(name, role, "not-a-real-hash", at=context.clock.now())
        work.commit()


def app_as(new_app: AppFactory, context: AppContext, role: StaffRole) -> RinnallaApp:
    walk_in(context, name="Aino Virtanen", reason="Toimeentulo")
    save_service(
        context.uow(),
        ServiceInput(name="Talous- ja velkaneuvonta", sector=Sector.SOCIAL),
        actor=context.actor,
    )
    if role is not StaffRole.COORDINATOR:
        account(context, WORKERS[role], role)
    return new_app(staff=WORKERS[role])


def offered(app: RinnallaApp) -> set[str]:
    """The actions the footer offers right now (enabled or greyed out)."""
    return {binding.action for (_, binding, _, _) in app.active_bindings.values()}


def footer_keys(app: RinnallaApp) -> set[str]:
    return {key for key, active in app.screen.active_bindings.items() if active.binding.show}


async def help_rows(pilot: Pilot[None]) -> set[str]:
    """The keys F1 lists for the screen, as it shows them."""
    await pilot.press("f1")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HelpScreen)
    table = pilot.app.screen.query_one("#help-keys", DataTable)
    keys = {str(table.get_row_at(row)[0]) for row in range(table.row_count)}
    await pilot.press("escape")
    await settle(pilot)
    return keys


def notices(app: RinnallaApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def need_of(node: object, action: str) -> str | None:
    """What a key's action needs: as the node declares it, or the need of that name."""
    declared: dict[str, str] = getattr(node, "ROLE_NEEDS", {})
    if action in declared:
        return declared[action]
    name = action.removeprefix("app.")
    return name if name in known_needs() else None


def own_bindings(node: object) -> list[Binding]:
    """``node``'s own keys as declared, without the hidden twins that refuse them."""
    declared = node if isinstance(node, type) else type(node)
    return [
        binding
        for binding in getattr(declared, "BINDINGS", [])
        if isinstance(binding, Binding) and not binding.action.startswith(REFUSED)
    ]


async def check_keys(pilot: Pilot[None], node: object, role: StaffRole) -> set[str]:
    """Every key of ``node`` (the app or the screen on top) the role has no use for is
    hidden, and pressing it says whose work it is and changes nothing; the keys refused."""
    app = pilot.app
    assert isinstance(app, RinnallaApp)
    shown = await help_rows(pilot)
    refused: set[str] = set()
    for binding in own_bindings(node):
        need = need_of(node, binding.action)
        if need is None:
            continue
        if role in allowed_roles(need):
            assert binding.action in offered(app), (role, binding.key)
            continue
        refused.add(binding.key)
        screen = app.screen
        assert binding.action not in offered(app), (role, binding.key)
        assert binding.key not in footer_keys(app), (role, binding.key)
        assert app.get_key_display(binding) not in shown, (role, binding.key)
        before = len(notices(app))
        await pilot.press(binding.key)
        await settle(pilot)
        assert app.screen is screen, (role, binding.key)
        said = notices(app)[before:]
        assert said == [refusal(role, need)], (role, binding.key, said)
        assert "Pyydä" not in said[0]
        for other in allowed_roles(need):
            assert other.people in said[0]
    return refused


@pytest.mark.parametrize("role", list(StaffRole))
async def test_every_global_key_works_or_says_whose_work_it_is(
    new_app: AppFactory, context: AppContext, role: StaffRole
) -> None:
    app = app_as(new_app, context, role)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        start = START[role]
        assert type(app.screen) is start
        assert await check_keys(pilot, app, role) == REFUSED_F_KEYS[role]
        for binding in own_bindings(app):
            need = need_of(app, binding.action)
            if binding.action not in OPENS or (need and role not in allowed_roles(need)):
                continue  # refused: checked above
            before = len(notices(app))
            await pilot.press(binding.key)
            await settle(pilot)
            assert type(app.screen) is OPENS[binding.action], (role, binding.key)
            assert notices(app)[before:] == [], (role, binding.key)
            while type(app.screen) is not start:
                await pilot.press("escape")
                await settle(pilot)


@pytest.mark.parametrize("role", list(StaffRole))
async def test_the_queue_and_the_catalogue_keys_work_or_say_whose_work_it_is(
    new_app: AppFactory, context: AppContext, role: StaffRole
) -> None:
    """The two screens every role reaches; the others are one role's own."""
    app = app_as(new_app, context, role)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        while not isinstance(app.screen, QueueScreen):
            await pilot.press("escape")
            await settle(pilot)
        if role in allowed_roles("call_next"):
            # Undo and "not here" show when they apply: after a call (issue 19).
            await pilot.press("c")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        refused = await check_keys(pilot, app.screen, role)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, CatalogueScreen)
        refused |= await check_keys(pilot, app.screen, role)
        assert refused == REFUSED_SCREEN_KEYS[role]


@pytest.mark.parametrize("role", list(StaffRole))
async def test_the_palette_offers_only_the_commands_the_role_can_use(
    new_app: AppFactory, context: AppContext, role: StaffRole
) -> None:
    app = app_as(new_app, context, role)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        commands = app.screen.query_one(CommandList)
        listed = {str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)}
        for action in (*OPENS, "new_walk_in", "call_next"):
            name = tr(f"palette.{action}")
            usable = role in allowed_roles(action)
            assert any(name in prompt for prompt in listed) is usable, (role, action, listed)


async def test_reception_is_refused_the_catalogue_forms_before_typing(
    new_app: AppFactory, context: AppContext
) -> None:
    """Enter on a service, like a and e, says whose work it is instead of a form."""
    app = app_as(new_app, context, StaffRole.RECEPTION)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        for key in ("a", "e", "enter", "x"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, CatalogueScreen), key
            assert not any(isinstance(screen, ServiceForm) for screen in app.screen_stack)
        expected = refusal(StaffRole.RECEPTION, "edit_catalogue")
        assert expected == (
            "Tämä kuuluu koordinaattoreille ja pääkäyttäjille, ei roolillesi (Vastaanotto)."
        )
        assert notices(app) == [expected] * 4


async def test_a_lead_starts_on_the_reports_and_is_offered_no_client_screen(
    new_app: AppFactory, context: AppContext
) -> None:
    app = app_as(new_app, context, StaffRole.LEAD)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReportsScreen)
        for key in ("f2", "f3", "f4", "f7", "f8"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, ReportsScreen), key
        # F3 names the roles that find clients, and sends the lead to no lead.
        assert notices(app)[1] == (
            "Tämä kuuluu vastaanoton työntekijöille ja koordinaattoreille, "
            "ei roolillesi (Esihenkilö)."
        )
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        summary = str(app.screen.query_one("#queue-summary", Static).render())
        assert "Esihenkilö" in summary and "Aino" not in summary
        assert not {"new_walk_in", "call_next", "summary", "network"} & offered(app)


async def test_reception_reads_the_summary_but_not_the_network(
    new_app: AppFactory, context: AppContext
) -> None:
    app = app_as(new_app, context, StaffRole.RECEPTION)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        actions = offered(app)
        assert {"new_walk_in", "summary"} <= actions
        assert not {"network", "meetings", "reports", "caseload", "accounts"} & actions
        await pilot.press("v")
        await settle(pilot)
        assert not isinstance(app.screen, NetworkScreen)
        assert notices(app) == [refusal(StaffRole.RECEPTION, "network")]
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert "Aino Virtanen" in str(app.screen.query_one("#summary-client", Static).render())


async def test_a_coordinator_is_offered_the_whole_desk_but_not_the_accounts(
    new_app: AppFactory, context: AppContext
) -> None:
    app = app_as(new_app, context, StaffRole.COORDINATOR)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        actions = offered(app)
        assert {"new_walk_in", "summary", "network", "meetings", "reports", "caseload"} <= actions
        assert "accounts" not in actions
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert notices(app) == ["Tämä kuuluu pääkäyttäjille, ei roolillesi (Koordinaattori)."]
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, NetworkScreen)


def test_every_refused_key_has_a_text_for_its_notice_title() -> None:
    for node in (RinnallaApp, QueueScreen, CatalogueScreen):
        for binding in own_bindings(node):
            if need_of(node, binding.action):
                assert binding.description in all_keys(), binding


@pytest.mark.parametrize(
    ("role", "start"),
    [(StaffRole.ADMIN, AccountsScreen), (StaffRole.LEAD, ReportsScreen)],
)
async def test_after_the_login_each_role_starts_where_its_work_is(
    settings: Settings, clock: FixedClock, role: StaffRole, start: type[Screen[Any]]
) -> None:
    """Through the login screen, as a worker starts a day, and again after the lock."""
    database = open_database(settings, clock)
    admin = accounts.create_first_admin(
        database.uow(), "Pää Käyttäjä", PASSPHRASE, PASSPHRASE, clock=clock
    )
    name = "Pää Käyttäjä"
    if role is not StaffRole.ADMIN:
        name = WORKERS[role]
        accounts.add_user(database.uow(), name, role, PASSPHRASE, actor=admin, clock=clock)
    app = make_app(settings, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_text(pilot, name)
        await pilot.press("tab")
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen) is start
        await pilot.press("ctrl+l")
        await settle(pilot)
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen) is start
        await pilot.press("f2")
        await settle(pilot)
        assert type(app.screen) is start
        assert notices(app)[-1] == refusal(role, "show_queue")
