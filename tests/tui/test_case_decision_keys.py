"""Issue 19 items 4-5 from the keyboard: the joint-client decision on the summary
(Y), and acknowledging on F7 a naming made by a colleague (Tab, K)."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from domain.use_cases import reception
from domain.use_cases.coordination import my_professional, name_case_manager
from domain.use_cases.named_case_managers import namings_to_acknowledge
from domain.use_cases.summary import client_summary
from tests.helpers import AppFactory, new_client, settle, type_text
from tests.tui.test_summary import text_of
from tui.context import AppContext
from tui.screens.caseload import CaseloadScreen
from tui.screens.joint_client import JointClientDialog
from tui.screens.summary import SummaryScreen
from tui.widgets.namings import NamingsToAcknowledge

SIZE = (100, 32)


def client_of(context: AppContext, name: str) -> int:
    return new_client(context, name=name, reason="Asumisasia")


async def test_the_joint_client_decision_is_made_on_the_summary(
    new_app: AppFactory, context: AppContext
) -> None:
    client_id = client_of(context, "Yhteinen Ylva")
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(SummaryScreen(client_id))
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        summary: SummaryScreen = app.screen
        assert "Ei päätöstä. J: päätä yhteisasiakkuudesta." in text_of(summary, "#summary-joint")
        await pilot.press("j")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, JointClientDialog)
        await pilot.press("ctrl+s")  # nothing chosen: refused at the choice
        await settle(pilot)
        assert str(dialog.query_one("#joint-error", Static).render()) == "Valitse kyllä tai ei."
        await pilot.press("enter", "ctrl+s")  # yes, but no criterion holds and no note
        await settle(pilot)
        note_error = str(dialog.query_one("#note-error", Static).render())
        assert note_error.startswith("Mikään kriteeri ei täyty")
        await type_text(pilot, "Kolme palvelua sopi yhteistyöstä")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is summary
        section = text_of(summary, "#summary-joint")
        assert "Yhteisasiakas · päätti" in section
        assert "Huomio: Kolme palvelua sopi yhteistyöstä" in section
    decision = client_summary(context.uow(), client_id, actor=context.actor).joint_decision
    assert decision is not None and decision.joint is True


async def test_a_naming_by_a_colleague_is_acknowledged_on_f7(
    new_app: AppFactory, context: AppContext
) -> None:
    client_id = client_of(context, "Nimetty Niina")
    colleague = reception.identify_staff(context.uow(), "Kollega Kaija")
    mine = my_professional(context.uow(), context.actor, context.location.name)
    name_case_manager(
        context.uow(), client_id, mine.id, "Tuntee perheen", actor=colleague, clock=context.clock
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        widget = app.screen.query_one(NamingsToAcknowledge)
        assert widget.display
        table = widget.query_one("#namings-table", DataTable)
        assert [cell.plain for cell in table.get_row_at(0)] == [
            "Nimetty Niina",
            "Kollega Kaija",
            "24.11.2026",
            "Tuntee perheen",
        ]
        for _ in range(6):
            if app.focused is table:
                break
            await pilot.press("tab")
        assert app.focused is table
        await pilot.press("k")
        await settle(pilot)
        assert table.row_count == 0
        status = str(widget.query_one("#namings-status", Static).render())
        assert status == "Kuitattu: Nimetty Niina"
    assert namings_to_acknowledge(context.uow(), actor=context.actor) == []
