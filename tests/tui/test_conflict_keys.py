"""Two workers edit the same record, driven with key presses only.

Veera has the edit form open; meanwhile Leena saves the same record at her own
desk (her own connection and clock, 12.05). Veera's Ctrl+S is refused with
Leena's name and time, and everything Veera typed stays. Ctrl+R fetches
Leena's version: the fields Veera did not touch take Leena's values, the ones
she typed keep her text. The next Ctrl+S stores both people's changes.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Checkbox, Input, Static
from textual.widgets._footer import FooterKey

from domain.catalogue import Service, ServiceInput
from domain.clock import FixedClock
from domain.network import MemberInput, NetworkMember, NetworkRole, Professional, ProfessionalInput
from domain.sectors import Sector
from domain.use_cases.catalogue import list_services, save_service
from domain.use_cases.coordination import (
    open_network,
    save_member,
    save_professional,
    search_directory,
)
from tests.conftest import NOW
from tests.helpers import SIZE, AppFactory, push, settle, type_text, walk_in
from tui.app import RinnallaApp
from tui.composition import connect
from tui.context import AppContext
from tui.screens.catalogue import CatalogueScreen, ServiceForm
from tui.screens.confirm import ConfirmDiscard
from tui.screens.directory import ProfessionalForm
from tui.screens.member_form import MemberForm
from tui.settings import Settings

LEENA = "Lehtonen Leena [sijainen]"
"""The colleague; the brackets would vanish if her name were read as markup."""

REFUSED = f"{LEENA} ehti tallentaa tämän ensin: 24.11.2026 klo 12.05."
REAPPLY_KEY = "Hae uusin ja lisää muutokseni"


@pytest.fixture
def leena(settings: Settings) -> AppContext:
    """Leena's desk: the same database over a connection of its own, her clock at 12.05."""
    return connect(
        settings.model_copy(update={"staff": LEENA}), FixedClock(NOW + dt.timedelta(minutes=5))
    )


@pytest.fixture
def laine(context: AppContext) -> Professional:
    return save_professional(
        context.uow(),
        ProfessionalInput(
            name="Laine Liisa",
            title="sosiaalityöntekijä",
            organisation="Aikuissosiaalityö",
            sector=Sector.SOCIAL,
            phone="040 000 0000",
        ),
        actor=context.actor,
    )


@pytest.fixture
def client_id(context: AppContext) -> int:
    visit_id = walk_in(context, name="Virtanen Ville", reason="Asunto ja velat")
    with context.uow() as uow:
        found = uow.visits.get(visit_id).client_id
    assert found is not None
    return found


@pytest.fixture
def member(context: AppContext, client_id: int, laine: Professional) -> NetworkMember:
    return save_member(
        context.uow(),
        MemberInput(
            client_id=client_id,
            professional_id=laine.id,
            responsibility="toimeentulotuki",
            roles=frozenset({NetworkRole.RESPONSIBLE_WORKER}),
        ),
        actor=context.actor,
    )


def status(app: RinnallaApp) -> str:
    return str(app.screen.query_one("#form-status", Static).render())


def typed(app: RinnallaApp, *fields: str) -> tuple[str, ...]:
    return tuple(app.screen.query_one(f"#{field}", Input).value for field in fields)


def ticked(app: RinnallaApp, box: str) -> bool:
    return app.screen.query_one(f"#{box}", Checkbox).value


def footer(app: RinnallaApp) -> list[str]:
    """The keys the footer shows now, by their descriptions."""
    return [key.description for key in app.screen.query(FooterKey)]


def network_of(context: AppContext, client_id: int) -> tuple[NetworkMember, ...]:
    return open_network(context.uow(), client_id, actor=context.actor).members


# The directory --------------------------------------------------------------------------


async def test_a_directory_edit_refused_by_a_colleague_is_reapplied_with_ctrl_r(
    new_app: AppFactory, context: AppContext, leena: AppContext, laine: Professional
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        returned = await push(pilot, ProfessionalForm(laine))
        assert REAPPLY_KEY not in footer(app)
        # Meanwhile at Leena's desk: a new title and phone number.
        save_professional(
            leena.uow(),
            ProfessionalInput(
                name=laine.name,
                title="johtava sosiaalityöntekijä",
                organisation=laine.organisation,
                sector=laine.sector,
                phone="05 616 1000",
                professional_id=laine.id,
                seen_version=laine.version,
            ),
            actor=leena.actor,
        )
        # Veera changes the organisation and adds an e-mail address.
        await pilot.press("tab", "tab", "ctrl+u")
        await type_text(pilot, "Aikuisten [sosiaali]palvelut")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "liisa.laine@example.fi")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert isinstance(app.screen, ProfessionalForm)
        assert status(app).startswith(REFUSED)
        assert "Ctrl+R hakee uusimman version ja lisää muutoksesi sen päälle." in status(app)
        assert typed(app, "title", "organisation", "phone", "email") == (
            "sosiaalityöntekijä",
            "Aikuisten [sosiaali]palvelut",
            "040 000 0000",
            "liisa.laine@example.fi",
        )
        assert REAPPLY_KEY in footer(app)
        assert returned == []

        await pilot.press("ctrl+r")
        await settle(pilot)
        # Leena's title and phone, Veera's organisation and e-mail.
        assert typed(app, "title", "organisation", "phone", "email") == (
            "johtava sosiaalityöntekijä",
            "Aikuisten [sosiaali]palvelut",
            "05 616 1000",
            "liisa.laine@example.fi",
        )
        assert "Uudemmasta versiosta: Nimike, Puhelin." in status(app)
        assert REAPPLY_KEY not in footer(app)

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ProfessionalForm)

    [stored] = search_directory(context.uow(), "laine")
    assert returned == [stored]
    assert (stored.title, stored.organisation, stored.phone, stored.email, stored.version) == (
        "johtava sosiaalityöntekijä",
        "Aikuisten [sosiaali]palvelut",
        "05 616 1000",
        "liisa.laine@example.fi",
        3,
    )


# A network member -----------------------------------------------------------------------


async def test_a_member_edit_keeps_the_typed_text_where_both_changed_the_same_field(
    new_app: AppFactory,
    context: AppContext,
    leena: AppContext,
    client_id: int,
    member: NetworkMember,
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await push(pilot, MemberForm(client_id, member=member))
        # Leena: another responsibility, and the member becomes a contact too.
        save_member(
            leena.uow(),
            MemberInput(
                client_id=client_id,
                professional_id=member.professional.id if member.professional else None,
                responsibility="toimeentulotuki ja asunto",
                roles=frozenset({NetworkRole.RESPONSIBLE_WORKER, NetworkRole.CONTACT}),
                member_id=member.id,
                seen_version=member.version,
            ),
            actor=leena.actor,
        )
        # Veera: her own responsibility text and an end date.
        assert app.focused is app.screen.query_one("#responsibility", Input)
        await pilot.press("ctrl+u")
        await type_text(pilot, "velkaneuvonta")
        await pilot.press("tab", "tab")
        await type_text(pilot, "31.12.2026")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert isinstance(app.screen, MemberForm)
        assert status(app).startswith(REFUSED)
        assert typed(app, "responsibility", "until") == ("velkaneuvonta", "31.12.2026")
        assert not ticked(app, "role-contact")

        await pilot.press("ctrl+r")
        await settle(pilot)
        assert typed(app, "responsibility", "until") == ("velkaneuvonta", "31.12.2026")
        assert ticked(app, "role-contact")  # Leena's, untouched by Veera
        assert ticked(app, "role-responsible_worker")
        assert "Uudemmasta versiosta: Yhteyshenkilö." in status(app)
        # Both changed the responsibility: Veera's text stays, and she is told so.
        assert (
            "Kumpikin muutti nämä, ja lomakkeella on sinun tekstisi: "
            "Vastuu asiakkaan asioissa." in status(app)
        )

        # Escape still asks: Veera's own changes are not saved yet.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDiscard)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MemberForm)

    [stored] = network_of(context, client_id)
    assert (stored.responsibility, stored.until, stored.version) == (
        "velkaneuvonta",
        dt.date(2026, 12, 31),
        3,
    )
    assert stored.roles == {NetworkRole.RESPONSIBLE_WORKER, NetworkRole.CONTACT}


async def test_ctrl_r_is_not_offered_when_there_is_no_newer_version_to_fetch(
    new_app: AppFactory,
    context: AppContext,
    leena: AppContext,
    client_id: int,
    laine: Professional,
) -> None:
    """Adding someone Leena added meanwhile is refused, but there is nothing to merge."""
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await push(pilot, MemberForm(client_id, professional=laine))
        save_member(
            leena.uow(),
            MemberInput(client_id=client_id, professional_id=laine.id),
            actor=leena.actor,
        )
        await type_text(pilot, "toimeentulotuki")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status(app) == "Ammattilainen on jo asiakkaan verkostossa."
        assert REAPPLY_KEY not in footer(app)
        await pilot.press("ctrl+r")  # does nothing: the text stays as typed
        await settle(pilot)
        assert status(app) == "Ammattilainen on jo asiakkaan verkostossa."
        assert typed(app, "responsibility") == ("toimeentulotuki",)


# The service catalogue ---------------------------------------------------------------------


async def test_a_catalogue_edit_refused_by_a_colleague_is_reapplied_with_ctrl_r(
    new_app: AppFactory, context: AppContext, leena: AppContext
) -> None:
    service: Service = save_service(
        context.uow(),
        ServiceInput(name="Asumisneuvonta", sector=Sector.HOUSING, contact="puh. 040 000 0000"),
        actor=context.actor,
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(CatalogueScreen())
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ServiceForm)
        # Leena: new contact details and another organisation providing the service.
        save_service(
            leena.uow(),
            ServiceInput(
                name=service.name,
                sector=service.sector,
                contact="asumisneuvonta@example.org",
                external_organisation="Asumisen tuki ry",
                service_id=service.id,
                seen_version=service.version,
            ),
            actor=leena.actor,
        )
        # Veera: a longer name, and the service marked as a work-ability one.
        await pilot.press("end")
        await type_text(pilot, " (aikuiset)")
        await pilot.press("tab", "tab", "tab", "space")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert isinstance(app.screen, ServiceForm)
        assert status(app).startswith(REFUSED)
        assert typed(app, "name", "contact") == ("Asumisneuvonta (aikuiset)", "puh. 040 000 0000")
        assert ticked(app, "work_ability")
        assert REAPPLY_KEY in footer(app)

        await pilot.press("ctrl+r")
        await settle(pilot)
        assert typed(app, "name", "contact", "external_organisation") == (
            "Asumisneuvonta (aikuiset)",
            "asumisneuvonta@example.org",
            "Asumisen tuki ry",
        )
        assert ticked(app, "work_ability")
        assert "Uudemmasta versiosta: Yhteystiedot, Toinen organisaatio (tyhjä = oma)." in status(
            app
        )

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CatalogueScreen)

    [stored] = list_services(context.uow())
    assert (stored.name, stored.contact, stored.external_organisation) == (
        "Asumisneuvonta (aikuiset)",
        "asumisneuvonta@example.org",
        "Asumisen tuki ry",
    )
    assert (stored.work_ability, stored.version) == (True, 3)
