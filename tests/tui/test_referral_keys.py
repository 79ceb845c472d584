"""Referrals with keys only: made and followed up from the network view, and the
past-due ones recorded from the follow-up list (F7)."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable, Select, Static

from domain.clock import FixedClock
from domain.referrals import NewReferral, NextAction, ReferralRules, ReferralState
from domain.use_cases.referrals import client_referrals, make_referral, record_state
from tests.conftest import NOW
from tests.helpers import SIZE, AppFactory, settle, type_text, walk_in
from tui.context import AppContext
from tui.screens.caseload import CaseloadScreen
from tui.screens.network import NetworkScreen
from tui.screens.referral_forms import ReferralForm, ReferralStateForm
from tui.widgets.referral_follow_up import ReferralFollowUp

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def client_id(context: AppContext) -> int:
    visit_id = walk_in(context, name="Virtanen Matti", birth_year="1985")
    with context.uow() as work:
        client = work.visits.get(visit_id).client_id
    assert client is not None
    return client


async def test_a_referral_is_made_and_its_state_recorded_from_the_network(
    new_app: AppFactory, context: AppContext, client_id: int
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(NetworkScreen(client_id))
        await settle(pilot)
        await pilot.press("5", "n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ReferralForm)
        # The expected day is filled in: today plus the follow-up days (14 by default).
        assert form.value("expected") == "8.12.2026"
        await pilot.press("tab")  # past the catalogue to the typed target
        await type_text(pilot, "Seurakunnan diakoniatyo")
        await pilot.press("ctrl+s")
        await settle(pilot)
        network = app.screen
        assert isinstance(network, NetworkScreen)
        table = network.query_one("#referrals-table", DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]) == "Seurakunnan diakoniatyo"

        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReferralStateForm)
        await pilot.press("enter", "down", "down", "enter")  # past "reached" to "not reached"
        assert dialog.query_one("#state", Select).value is ReferralState.NOT_REACHED
        await pilot.press("ctrl+s")  # without what happens next
        await settle(pilot)
        error = dialog.query_one("#next_action-error", Static)
        assert error.display and "seuraavaksi" in str(error.render())
        # The refusal put the cursor on the field: choose "contact the client".
        await pilot.press("enter", "down", "down", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NetworkScreen)

    (stored,) = client_referrals(context.uow(), client_id, actor=context.actor)
    assert stored.state is ReferralState.NOT_REACHED
    assert stored.next_action is NextAction.CONTACT_CLIENT
    assert stored.last_change is not None and stored.last_change.by == context.actor.id


async def test_the_follow_up_list_shows_a_late_referral_and_records_it_reached(
    new_app: AppFactory, context: AppContext, client_id: int
) -> None:
    make_referral(
        context.uow(),
        NewReferral(client_id=client_id, target="Päihdepalvelut"),
        actor=context.actor,
        clock=FixedClock(NOW - dt.timedelta(days=20)),
        rules=ReferralRules(follow_up_days=10),
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        section = app.screen.query_one(ReferralFollowUp)
        assert section.display
        row = [str(cell) for cell in section.query_one(DataTable).get_row_at(0)]
        assert row == ["10 pv", "14.11.2026", "Virtanen Matti", "Päihdepalvelut"]

        await pilot.press("l", "t")
        await settle(pilot)
        assert isinstance(app.screen, ReferralStateForm)
        await pilot.press("enter", "down", "enter")  # reached, first contact today
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        assert not app.screen.query_one(ReferralFollowUp).display

    (stored,) = client_referrals(context.uow(), client_id, actor=context.actor)
    assert (stored.state, stored.reached_on) == (ReferralState.REACHED, TODAY)


async def test_a_final_referral_says_so_instead_of_offering_nothing(
    new_app: AppFactory, context: AppContext, client_id: int
) -> None:
    made = make_referral(
        context.uow(),
        NewReferral(client_id=client_id, target="Kela"),
        actor=context.actor,
        clock=context.clock,
        rules=ReferralRules(),
    )
    record_state(
        context.uow(),
        made.id,
        ReferralState.WITHDRAWN,
        made.version,
        actor=context.actor,
        clock=context.clock,
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(NetworkScreen(client_id))
        await settle(pilot)
        await pilot.press("5", "t")
        await settle(pilot)
        assert isinstance(app.screen, NetworkScreen)
        status = str(app.screen.query_one("#network-status", Static).render())
        assert "peruttu" in status


async def test_the_network_asks_to_agree_a_case_manager_after_the_interim_days(
    new_app: AppFactory, context: AppContext, client_id: int
) -> None:
    make_referral(
        context.uow(),
        NewReferral(client_id=client_id, target="Kela"),
        actor=context.actor,
        clock=FixedClock(NOW - dt.timedelta(days=15)),
        rules=ReferralRules(),
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(NetworkScreen(client_id))
        await settle(pilot)
        warnings = str(app.screen.query_one("#network-warnings", Static).render())
    assert "väliaikainen asiakasvastaava 9.11.2026 alkaen — sopikaa asiakasvastaava" in warnings
