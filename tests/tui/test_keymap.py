"""Keys have ids and tooltips; a worker rebinds them in config.toml and picks a theme."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Static

from domain.i18n import all_keys, set_language
from domain.staff import StaffRole
from tests.helpers import SIZE, AppFactory, settle
from tests.screen_language_driver import visible_text
from tui.bindings import TIP_SUFFIX, declared_ids, is_twin, own_bindings
from tui.composition import start_app
from tui.config_file import config_file
from tui.context import AppContext
from tui.keymap import bound_classes, check_keymap
from tui.roles import refusal
from tui.screens.help import HelpScreen
from tui.screens.walk_in import WalkInScreen
from tui.settings import Settings, SettingsInvalid, load_settings
from tui.tooltips import TIP_KEYS

# Every test here may write config.toml: each has user folders of its own.
pytestmark = pytest.mark.usefixtures("user_folders")


def write_config(text: str) -> None:
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text(text, encoding="utf-8")


def test_every_binding_has_an_id_of_its_own() -> None:
    """One id names one action in one place: a keymap entry rebinds exactly that.

    The keys of one action (F1 and ?, Finnish k and Swedish j) share their
    id, as do a key and its hidden twin for the roles without a use for it.
    """
    owner: dict[str, tuple[str, str]] = {}
    for cls in bound_classes():
        ids = declared_ids(cls)
        real = {b.key: b.action for b in own_bindings(cls) if not is_twin(b)}
        for binding in own_bindings(cls):
            action = real[binding.key] if is_twin(binding) else binding.action
            binding_id = ids[binding.key, binding.action]
            assert binding_id.startswith(binding_id.split(".")[0] + ".")
            place = (cls.__qualname__, action)
            assert owner.setdefault(binding_id, place) == place, binding_id
    assert {"queue.call_next", "app.help", "field_form.save", "text_input.undo"} <= set(owner)


def test_every_described_binding_has_a_tooltip_and_no_tooltip_is_left_over() -> None:
    described = {
        binding.description
        for cls in bound_classes()
        for binding in own_bindings(cls)
        if binding.description and not is_twin(binding)
    }
    tips = {description + TIP_SUFFIX for description in described}
    assert tips - all_keys() == set(), "keys without a tooltip in the catalogues"
    # Textual's own keys that the app translates have one too.
    assert set(TIP_KEYS) - tips == {"Copy selected text.tip", "Dismiss menu.tip"}


def test_every_class_with_keys_gives_its_copy_the_ids() -> None:
    """Textual applies a keymap to each node's own copy of its bindings, and that copy
    gets its ids from ``translate_bindings``: every class with keys calls it."""
    for cls in bound_classes():
        inits = [
            vars(base)["__init__"]
            for base in cls.__mro__
            if base.__module__.startswith("tui.") and "__init__" in vars(base)
        ]
        assert any("translate_bindings(" in inspect.getsource(init) for init in inits), cls


async def test_a_rebound_key_works_and_the_footer_and_help_name_it(
    new_app: AppFactory,
) -> None:
    write_config(
        "[keymap]\n"
        '"queue.new_walk_in" = "F9"\n'
        '"app.help" = ["f1", "ctrl+h"]\n'
        '"app.command_palette" = "ctrl+k"\n'
    )
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = visible_text(app).splitlines()[-1]
        assert "F9 Uusi käynti" in footer and footer.endswith("Ctrl+K Komennot")
        await pilot.press("ctrl+k")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is app.queue_screen  # n is no longer the walk-in's key
        await pilot.press("ctrl+h")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys", DataTable)
        rows = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert ["F9", "Uusi käynti"] in rows
        await pilot.press("escape", "f9")
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)


async def test_the_help_explains_the_highlighted_key_and_names_its_id(
    new_app: AppFactory,
) -> None:
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        table = app.screen.query_one("#help-keys", DataTable)
        for _ in range(table.row_count):
            if table.get_row_at(table.cursor_row)[1].plain == "Kutsu seuraava":
                break
            await pilot.press("down")
        tip = str(app.screen.query_one("#help-tip", Static).render())
        assert tip == (
            "Kutsuu jonon seuraavan ja avaa hänen haastattelunsa.\n"
            "Tunnus näppäinkarttaan (config.toml): queue.call_next"
        )


@pytest.mark.parametrize(
    ("keymap", "line"),
    [
        (
            '"queue.call_nxt" = "f9"',
            "Näppäinkartan kohta 'queue.call_nxt' ei nimeä mitään näppäintä",
        ),
        (
            '"queue.call_next" = "ctrl+nosuch"',
            "Näppäinkartan kohdassa 'queue.call_next' 'ctrl+nosuch' ei ole näppäimen nimi",
        ),
        (
            '"queue.call_next" = "n"',
            "Näppäinkartan kohta 'queue.call_next' antaa näppäimen 'n', joka tekee samassa "
            "näkymässä jo muuta (queue.new_walk_in).",
        ),
        (
            '"queue.call_next" = "f3"',
            "Näppäinkartan kohta 'queue.call_next' antaa näppäimen 'f3', joka tekee samassa "
            "näkymässä jo muuta (app.search).",
        ),
    ],
    ids=["unknown id", "unknown key", "clash on the screen", "clash with a global key"],
)
def test_a_keymap_that_cannot_be_used_is_one_line_naming_the_entry(keymap: str, line: str) -> None:
    write_config(f"[keymap]\n{keymap}\n")
    with pytest.raises(SettingsInvalid) as raised:
        load_settings()
    message = str(raised.value)
    assert "\n" not in message
    assert line in message
    assert message.startswith("Asetusta keymap ei voi käyttää:")


def test_moving_both_keys_that_would_clash_is_no_clash() -> None:
    """Swapping two keys is allowed: each entry moves its binding off the old key."""
    assert check_keymap({"queue.call_next": "n", "queue.new_walk_in": "c"}) == {
        "queue.call_next": "n",
        "queue.new_walk_in": "c",
    }


def test_a_dialog_may_take_a_key_the_views_use() -> None:
    """F2 opens the queue from every view but not from a dialog, which keeps its keys."""
    assert check_keymap({"export_choice.choose.csv": "f2"}) == {"export_choice.choose.csv": "f2"}
    with pytest.raises(ValueError, match="app.quit"):
        check_keymap({"export_choice.choose.csv": "ctrl+q"})


def test_the_keymap_is_read_in_the_users_language() -> None:
    set_language("en")
    with pytest.raises(ValueError, match="The keymap entry 'nothing.here' names no key binding"):
        check_keymap({"nothing.here": "f9"})


async def test_the_theme_is_applied_at_start(new_app: AppFactory) -> None:
    write_config('theme = "ansi-dark"\n')
    assert Settings().theme == "ansi-dark"
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "ansi-dark"


async def test_the_environment_gives_a_theme_and_a_keymap_too(
    new_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As every setting: ``RINNALLA_THEME``, and ``RINNALLA_KEYMAP`` as JSON."""
    monkeypatch.setenv("RINNALLA_THEME", "nord")
    monkeypatch.setenv("RINNALLA_KEYMAP", '{"queue.new_walk_in": "f9"}')
    assert (Settings().theme, Settings().keymap) == ("nord", {"queue.new_walk_in": "f9"})
    app = new_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, WalkInScreen)


def test_an_unknown_theme_is_one_line_listing_the_themes() -> None:
    write_config('theme = "purple"\n')
    with pytest.raises(SettingsInvalid) as raised:
        load_settings()
    message = str(raised.value)
    assert "\n" not in message and "purple" not in message
    assert message.startswith("Asetusta theme ei voi käyttää: Arvon pitää olla jokin näistä:")
    assert "'ansi-dark'" in message and "'textual-dark'" in message


async def test_the_app_closes_at_start_on_a_keymap_it_cannot_use(
    settings: Settings, tmp_path: Path
) -> None:
    write_config(f'database_url = "{settings.database_url}"\n[keymap]\n"queue.x" = "f9"\n')
    app = start_app(load_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert app.return_code == 2


async def test_a_moved_key_a_role_has_no_use_for_still_says_whose_work_it_is(
    new_app: AppFactory, context: AppContext
) -> None:
    """The hidden twin that answers a role without the key moves with it."""
    write_config('[keymap]\n"app.reports" = "f10"\n')
    with context.uow() as work:
        work.staff.add_account(
            "Reija Vastaanotto", StaffRole.RECEPTION, "x", at=context.clock.now()
        )
        work.commit()
    app = new_app(staff="Reija Vastaanotto")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert [str(notice.message) for notice in app._notifications] == []
        await pilot.press("f10")
        await settle(pilot)
        assert [str(notice.message) for notice in app._notifications] == [
            refusal(StaffRole.RECEPTION, "reports")
        ]
        assert app.screen is app.queue_screen
