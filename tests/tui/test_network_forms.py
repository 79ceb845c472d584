"""The network's forms driven with key presses only: directory, members, plans, assessments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from domain.intake import LifeDomain
from domain.network import (
    AssessmentKind,
    NetworkMember,
    NetworkRole,
    PlanKind,
    Professional,
    ProfessionalInput,
)
from domain.sectors import Sector
from domain.use_cases.coordination import open_network, save_professional, search_directory
from tests.helpers import SIZE, AppFactory, client_of, push, settle, type_text, walk_in
from tui.context import AppContext
from tui.screens.confirm import ConfirmDiscard
from tui.screens.directory import DEBOUNCE_SECONDS, DirectoryPicker, ProfessionalForm
from tui.screens.member_form import MemberForm
from tui.screens.plan_form import AssessmentForm, PlanForm

SnapCompare = Callable[..., bool]


@pytest.fixture
def client_id(context: AppContext) -> int:
    visit_id = walk_in(context, name="Virtanen Ville", reason="Asunto ja velat")
    return client_of(context, visit_id)


def seed(context: AppContext, name: str, title: str, organisation: str, sector: Sector) -> None:
    save_professional(
        context.uow(),
        ProfessionalInput(
            name=name,
            title=title,
            organisation=organisation,
            sector=sector,
            phone="040 000 0000",
        ),
        actor=context.actor,
    )


@pytest.fixture
def directory(context: AppContext) -> dict[str, Professional]:
    """Three professionals of three sectors, by surname."""
    seed(
        context,
        "Laine Liisa",
        "sosiaalityöntekijä",
        "Lappeenrannan aikuissosiaalityö",
        Sector.SOCIAL,
    )
    seed(context, "Nieminen Niko", "terveydenhoitaja", "Terveysasema Keskusta", Sector.HEALTH)
    seed(context, "Korhonen Kaisa", "työvalmentaja", "Työllisyyspalvelut", Sector.EMPLOYMENT)
    return {p.name.split()[0]: p for p in search_directory(context.uow(), "")}


async def search(pilot: Pilot[None], text: str) -> None:
    await type_text(pilot, text)
    await pilot.pause(DEBOUNCE_SECONDS + 0.1)
    await settle(pilot)


def names_listed(pilot: Pilot[None]) -> list[str]:
    table = pilot.app.screen.query_one("#directory-results", DataTable)
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


def error_at(pilot: Pilot[None], field: str) -> str:
    error = pilot.app.screen.query_one(f"#{field}-error", Static)
    return str(error.render()) if error.display else ""


def members(context: AppContext, client_id: int) -> tuple[NetworkMember, ...]:
    return open_network(context.uow(), client_id, actor=context.actor).members


# The directory ----------------------------------------------------------------------


async def test_the_directory_is_searched_and_a_professional_picked(
    new_app: AppFactory, directory: dict[str, Professional]
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        picked = await push(pilot, DirectoryPicker())
        # An empty search lists everyone (the first 50), by name.
        assert names_listed(pilot) == ["Korhonen Kaisa", "Laine Liisa", "Nieminen Niko"]
        await search(pilot, "terveys")  # the organisation is searched too
        assert names_listed(pilot) == ["Nieminen Niko"]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert picked == [directory["Nieminen"]]
        assert not isinstance(app.screen, DirectoryPicker)

        picked = await push(pilot, DirectoryPicker())
        await type_text(pilot, "laine")
        await pilot.press("enter")  # Enter searches at once and goes to the results
        await settle(pilot)
        assert isinstance(app.focused, DataTable)
        await pilot.press("enter")
        await settle(pilot)
        assert picked == [directory["Laine"]]

        picked = await push(pilot, DirectoryPicker())
        await pilot.press("escape")
        await settle(pilot)
        assert picked == [None]


async def test_a_new_professional_is_added_from_the_picker(
    new_app: AppFactory, context: AppContext, directory: dict[str, Professional]
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        picked = await push(pilot, DirectoryPicker())
        await search(pilot, "Mäki Maija")
        assert names_listed(pilot) == []
        status = app.screen.query_one("#directory-status", Static)
        assert str(status.render()) == "Ei osumia. Ctrl+N lisää uuden ammattilaisen."
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ProfessionalForm)
        assert app.screen.query_one("#name", Input).value == "Mäki Maija"  # the search text

        await pilot.press("ctrl+s")  # no organisation, no sector
        await settle(pilot)
        assert error_at(pilot, "organisation") == "Anna organisaatio."
        assert error_at(pilot, "sector") == "Valitse ammattilaisen sektori."
        assert app.focused is app.screen.query_one("#organisation", Input)

        await pilot.press("shift+tab")
        await type_text(pilot, "psykiatrinen sairaanhoitaja")
        await pilot.press("tab")
        await type_text(pilot, "Mielenterveyspalvelut")
        await pilot.press("tab", "enter", "down", "down", "enter")
        assert app.screen.query_one("#sector", Select).value is Sector.HEALTH
        await pilot.press("tab")
        await type_text(pilot, "040 111 1111")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The picker closes too: the new professional is the one picked.
        assert not isinstance(app.screen, (ProfessionalForm, DirectoryPicker))

    [added] = picked
    assert isinstance(added, Professional)
    assert (added.name, added.title, added.organisation, added.sector, added.phone) == (
        "Mäki Maija",
        "psykiatrinen sairaanhoitaja",
        "Mielenterveyspalvelut",
        Sector.HEALTH,
        "040 111 1111",
    )
    assert search_directory(context.uow(), "mäki") == [added]


async def test_an_edit_someone_else_saved_first_is_refused_and_the_text_kept(
    new_app: AppFactory, context: AppContext, directory: dict[str, Professional]
) -> None:
    laine = directory["Laine"]
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        saved = await push(pilot, ProfessionalForm(laine))
        assert app.screen.query_one("#sector", Select).value is Sector.SOCIAL
        # Meanwhile at another desk:
        save_professional(
            context.uow(),
            ProfessionalInput(
                name=laine.name,
                title="johtava sosiaalityöntekijä",
                organisation=laine.organisation,
                sector=laine.sector,
                professional_id=laine.id,
                seen_version=laine.version,
            ),
            actor=context.actor,
        )
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "sosiaaliohjaaja")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProfessionalForm)
        status = str(app.screen.query_one("#form-status", Static).render())
        # The colleague at the other desk is named (here the same test worker).
        assert status.startswith("Vastaanotto Veera ehti tallentaa tämän ensin: 24.11.2026 klo")
        assert app.screen.query_one("#title", Input).value == "sosiaaliohjaaja"
        assert saved == []

    [stored] = search_directory(context.uow(), "laine")
    assert stored.title == "johtava sosiaalityöntekijä"


# Members ----------------------------------------------------------------------------


async def test_a_professional_joins_the_network_with_roles_and_dates(
    new_app: AppFactory, context: AppContext, client_id: int, directory: dict[str, Professional]
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        saved = await push(pilot, MemberForm(client_id, professional=directory["Laine"]))
        header = str(app.screen.query_one("#member-header", Static).render())
        assert header.startswith(
            "Laine Liisa · sosiaalityöntekijä · Lappeenrannan aikuissosiaalityö · Sosiaalihuolto"
        )
        assert app.focused is app.screen.query_one("#responsibility", Input)
        await type_text(pilot, "toimeentulotuki ja [b]asunto[/b]")
        await pilot.press("tab")
        await type_text(pilot, "1.9.2026")
        await pilot.press("tab")
        await type_text(pilot, "31.12.2026")
        await pilot.press("tab", "space")  # named worker
        await pilot.press("tab", "tab", "space")  # past responsible worker to contact
        # A social welfare professional needs no justification: the field stays away.
        assert not app.screen.query_one("#justification-row").display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MemberForm)

    [member] = members(context, client_id)
    assert saved == [member]
    assert member.professional == directory["Laine"]
    assert member.responsibility == "toimeentulotuki ja [b]asunto[/b]"
    assert (member.since, member.until) == (dt.date(2026, 9, 1), dt.date(2026, 12, 31))
    assert member.roles == {NetworkRole.NAMED_WORKER, NetworkRole.CONTACT}


async def test_a_health_care_named_worker_needs_a_justification(
    new_app: AppFactory, context: AppContext, client_id: int, directory: dict[str, Professional]
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await push(pilot, MemberForm(client_id, professional=directory["Nieminen"]))
        row = app.screen.query_one("#justification-row")
        assert not row.display
        await pilot.press("tab", "tab", "tab", "space")  # named worker
        assert row.display  # SHL 42 §: health care only with a justification
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MemberForm)
        assert error_at(pilot, "justification") == (
            "Kirjaa perustelu: miksi omatyöntekijä on terveydenhuollon ammattihenkilö."
        )
        assert app.focused is app.screen.query_one("#justification", Input)
        assert members(context, client_id) == ()

        await type_text(pilot, "Hoitosuhde on asiakkaan tärkein tuki")
        assert error_at(pilot, "justification") == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MemberForm)

    [member] = members(context, client_id)
    assert member.roles == {NetworkRole.NAMED_WORKER}
    assert member.justification == "Hoitosuhde on asiakkaan tärkein tuki"


async def test_a_named_worker_outside_social_and_health_care_is_refused_at_the_roles(
    new_app: AppFactory, context: AppContext, client_id: int, directory: dict[str, Professional]
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await push(pilot, MemberForm(client_id, professional=directory["Korhonen"]))
        await pilot.press("tab", "tab", "tab", "space")
        assert not app.screen.query_one("#justification-row").display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_at(pilot, "roles").startswith("Omatyöntekijä on sosiaalihuollon")
        assert app.focused is app.screen.query_one("#role-named_worker")

    assert members(context, client_id) == ()


async def test_an_impossible_date_is_shown_at_its_field(
    new_app: AppFactory, context: AppContext, client_id: int, directory: dict[str, Professional]
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await push(pilot, MemberForm(client_id, professional=directory["Laine"]))
        await pilot.press("tab")
        await type_text(pilot, "31.2.2026")
        await pilot.press("tab")
        await type_text(pilot, "1.1.2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_at(pilot, "since") == "Päivämäärää ei ole olemassa."
        assert error_at(pilot, "until") == ""
        assert app.focused is app.screen.query_one("#since", Input)
        assert app.screen.query_one("#since", Input).value == "31.2.2026"  # kept to correct

        await pilot.press("ctrl+u")
        await type_text(pilot, "1.2.2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The domain's own check: the end is before the start.
        assert error_at(pilot, "until") == "Päättymispäivä on ennen alkamispäivää."

    assert members(context, client_id) == ()


async def test_a_close_person_is_added(
    new_app: AppFactory, context: AppContext, client_id: int
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await push(pilot, MemberForm(client_id))
        header = str(app.screen.query_one("#member-header", Static).render())
        assert header.splitlines()[0] == "Läheinen"
        # A close person can only be a contact: no other role is offered.
        assert [box.id for box in app.screen.query("#roles Checkbox")] == ["role-contact"]
        await type_text(pilot, "Virtanen Veera")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_at(pilot, "relation").startswith("Kerro, mikä läheinen on asiakkaalle")
        assert app.focused is app.screen.query_one("#relation", Input)
        await type_text(pilot, "sisar")
        await pilot.press("tab")
        await type_text(pilot, "040 765 4321")  # a close person's phone, if they want it kept
        await pilot.press("tab")
        await type_text(pilot, "käy viikoittain")
        await pilot.press("tab", "tab", "tab", "space")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MemberForm)

    [member] = members(context, client_id)
    assert member.is_close_person
    assert (member.close_name, member.relation, member.responsibility) == (
        "Virtanen Veera",
        "sisar",
        "käy viikoittain",
    )
    assert member.phone == "040 765 4321"
    assert member.roles == {NetworkRole.CONTACT}


async def test_a_member_is_edited_in_place(
    new_app: AppFactory, context: AppContext, client_id: int, directory: dict[str, Professional]
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await push(pilot, MemberForm(client_id, professional=directory["Laine"]))
        await type_text(pilot, "toimeentulotuki")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [member] = members(context, client_id)
        await push(pilot, MemberForm(client_id, member=member))
        assert app.screen.query_one("#responsibility", Input).value == "toimeentulotuki"
        await pilot.press("tab", "tab")
        await type_text(pilot, "31.12.2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MemberForm)

    [edited] = members(context, client_id)
    assert (edited.id, edited.until, edited.version) == (member.id, dt.date(2026, 12, 31), 2)


async def test_an_english_date_is_shown_and_typed_back_as_english_writes_it(
    new_app: AppFactory, context: AppContext, client_id: int, directory: dict[str, Professional]
) -> None:
    app = new_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await push(pilot, MemberForm(client_id, professional=directory["Laine"]))
        await type_text(pilot, "toimeentulotuki")
        await pilot.press("tab")
        await type_text(pilot, "1.9.2026")  # the Finnish form is read in English too
        await pilot.press("ctrl+s")
        await settle(pilot)
        [member] = members(context, client_id)
        await push(pilot, MemberForm(client_id, member=member))
        # Shown as English in Finland writes a date, and saved again as shown.
        assert app.screen.query_one("#since", Input).value == "01/09/2026"
        assert app.screen.query_one("#since", Input).placeholder == "dd/mm/yyyy, optional"
        await pilot.press("tab", "tab")
        await type_text(pilot, "31/12/2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MemberForm)

    [edited] = members(context, client_id)
    assert (edited.since, edited.until) == (dt.date(2026, 9, 1), dt.date(2026, 12, 31))
    assert edited.version == 2


async def test_escape_asks_before_typed_text_is_thrown_away(
    new_app: AppFactory, context: AppContext, client_id: int
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        closed = await push(pilot, MemberForm(client_id))
        await type_text(pilot, "Virtanen Veera")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("escape")  # keep editing
        await settle(pilot)
        assert app.screen.query_one("#close_name", Input).value == "Virtanen Veera"
        await pilot.press("escape", "tab", "enter")  # the discard button
        await settle(pilot)
        assert closed == [None]

        closed = await push(pilot, PlanForm(client_id))
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(pilot)
        assert closed == [None]

    assert members(context, client_id) == ()


# Plans and assessments ----------------------------------------------------------------


async def test_a_plan_and_an_assessment_are_recorded(
    new_app: AppFactory, context: AppContext, client_id: int
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        saved = await push(pilot, PlanForm(client_id))
        # The plan date starts as today in Helsinki.
        assert app.screen.query_one("#made_on", Input).value == "24.11.2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_at(pilot, "kind") == "Valitse suunnitelman laji."
        assert error_at(pilot, "organisation") == "Anna organisaatio."
        assert app.focused is app.screen.query_one("#kind", Select)
        await pilot.press("enter", "down", "down", "enter")
        assert app.screen.query_one("#kind", Select).value is PlanKind.CARE
        assert error_at(pilot, "kind") == ""
        await pilot.press("tab")
        await type_text(pilot, "Terveysasema Keskusta")
        await pilot.press("tab", "tab")
        await type_text(pilot, "1.3.2027")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, PlanForm)

        assessed = await push(pilot, AssessmentForm(client_id))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_at(pilot, "subject") == "Valitse elämänalue tai arvion laji."
        await pilot.press("enter")
        await type_text(pilot, "elämänalue: asu")  # type to search the list
        await pilot.press("enter")
        assert app.screen.query_one("#subject", Select).value == "domain:housing"
        await pilot.press("tab")
        await type_text(pilot, "asumisneuvoja")
        await pilot.press("tab")
        await type_text(pilot, "Asumisneuvonta")
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "2.11.2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, AssessmentForm)

    network = open_network(context.uow(), client_id, actor=context.actor)
    [plan] = network.plans
    assert saved == [plan]
    assert (plan.kind, plan.organisation, plan.made_on, plan.next_review) == (
        PlanKind.CARE,
        "Terveysasema Keskusta",
        dt.date(2026, 11, 24),
        dt.date(2027, 3, 1),
    )
    [assessment] = network.assessments
    assert assessed == [assessment]
    assert (assessment.domain, assessment.kind, assessment.assessor) == (
        LifeDomain.HOUSING,
        None,
        "asumisneuvoja",
    )
    assert (assessment.organisation, assessment.made_on) == ("Asumisneuvonta", dt.date(2026, 11, 2))


async def test_an_assessment_kind_is_recorded_as_a_kind(
    new_app: AppFactory, context: AppContext, client_id: int
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await push(pilot, AssessmentForm(client_id))
        await pilot.press("enter", "down", "down", "enter")  # the second: work ability
        await pilot.press("tab", "tab")
        await type_text(pilot, "Työllisyyspalvelut")
        await pilot.press("ctrl+s")
        await settle(pilot)

    [assessment] = open_network(context.uow(), client_id, actor=context.actor).assessments
    assert (assessment.kind, assessment.domain) == (AssessmentKind.WORK_ABILITY, None)
    assert assessment.made_on == dt.date(2026, 11, 24)


# The picture ------------------------------------------------------------------------


def test_member_form_snapshot(
    snap_compare: SnapCompare,
    new_app: AppFactory,
    client_id: int,
    directory: dict[str, Professional],
) -> None:
    """A health care professional ticked as named worker: the SHL 42 § field is shown."""

    async def open_form(pilot: Pilot[None]) -> None:
        await push(pilot, MemberForm(client_id, professional=directory["Nieminen"]))
        await type_text(pilot, "diabeteksen hoito, [b]lääkitys[/b]")
        await pilot.press("tab")
        await type_text(pilot, "1.9.2026")
        await pilot.press("tab", "tab", "space")

    assert snap_compare(new_app(), terminal_size=SIZE, run_before=open_form)
