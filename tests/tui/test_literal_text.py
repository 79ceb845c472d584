"""Whatever is typed is stored safely and shown literally (issue 7).

Names and reasons full of Rich/Textual markup, terminal escape sequences,
control characters and very long runs go through the real walk-in use case.
What is stored is exactly :func:`domain.text.clean_text` of the input (escape
and control characters gone, brackets kept), or the input is refused as too
long; and the queue shows the stored text as plain characters: markup is never
interpreted, only the column width cuts it.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from domain.clock import FixedClock
from domain.errors import InvalidInput
from domain.i18n import tr
from domain.text import clean_text
from domain.use_cases import reception
from domain.walk_in import NAME_MAX, REASON_MAX, WalkInInput
from tests.database_templates import MigratedTemplates
from tests.helpers import SIZE, AppFactory, settle
from tui.app import RinnallaApp
from tui.composition import connect
from tui.context import AppContext
from tui.settings import Settings

NAME_COLUMN, REASON_COLUMN = 2, 3

MARKUP = [
    "[b]x[/b]",
    "[red]",
    "[/]",
    "[/red]",
    "[@click=app.quit]",
    "[@click=app.bell]soita[/]",
    "[link=https://example.org]linkki[/link]",
    "[bold red on blue]",
    "[reverse]",
    "\\[b]",
    "[",
    "]",
    ":warning:",
    "$var",
    "{name}",
    "%s",
    "<b>",
]
ESCAPES = [
    "\x1b[31m",
    "\x1b[0m",
    "\x1b[2J",
    "\x1b[?1049h",
    "\x1b]0;title\x07",
    "\x1b]8;;https://example.org\x1b\\",
    "\x1b]52;c;c2VjcmV0\x07",
    "\x1bP1$r\x1b\\",
    "\x9b31m",
    "\x1bc",
    "\x1b",
    "\x07",
]
CONTROLS = st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp"])
PLAIN = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12
) | st.sampled_from(["Aino", "Åkesson-Öhman", "O'Brien", "José", "Дмитрий", "山田 太郎", " ", "\t"])

PIECES = st.sampled_from(MARKUP) | st.sampled_from(ESCAPES) | CONTROLS | PLAIN
TYPED = st.lists(PIECES, max_size=14).map("".join)
"""Short text as a person might type or paste it."""

VERY_LONG = st.builds(
    lambda piece, count, tail: piece * count + tail,
    st.sampled_from([*MARKUP, *ESCAPES, "Aino ", "ä", "\x00"]),
    st.integers(min_value=200, max_value=2500),
    TYPED,
)
"""Several thousand characters: refused as too long, unless cleaning leaves little."""

ANY_TEXT = TYPED | VERY_LONG

COMPLETE_ESCAPES = [escape for escape in ESCAPES if escape not in ("\x1b", "\x07")]
SHOWABLE = (
    TYPED
    | st.builds(
        lambda sequence, count, tail: sequence * count + tail,
        st.sampled_from(COMPLETE_ESCAPES),
        st.integers(min_value=200, max_value=2000),
        TYPED,
    )
    | st.builds(
        lambda piece, count: (piece * count)[:NAME_MAX],
        st.sampled_from([*MARKUP, "山田 ", "Åkesson "]),
        st.integers(min_value=10, max_value=60),
    )
)
"""Text that is kept: thousands of escape characters that clean away, or markup
up to the longest name allowed (wider than the column)."""


def register(context: AppContext, name: str, reason: str) -> int:
    """The desk's use case; a similar earlier name is accepted, as the worker would."""
    return reception.register_walk_in(
        context.uow(),
        WalkInInput(name=name, reason=reason),
        actor=context.actor,
        location=context.location,
        clock=context.clock,
        accept_possible_duplicate=True,
    ).id


def stored(context: AppContext, visit_id: int) -> tuple[str | None, str]:
    """The name and reason as read back from the database."""
    (entry,) = [
        entry
        for entry in reception.todays_queue(
            context.uow(), actor=context.actor, location=context.location, clock=context.clock
        )
        if entry.visit.id == visit_id
    ]
    return (entry.client.name if entry.client else None), entry.visit.reason


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=ANY_TEXT, reason=ANY_TEXT)
def test_typed_text_is_stored_clean_or_refused_as_too_long(
    context: AppContext, name: str, reason: str
) -> None:
    # One database for every example; each visit is read back by its id.
    clean_name, clean_reason = clean_text(name), clean_text(reason)
    too_long = {
        field
        for field, text, limit in (
            ("name", clean_name, NAME_MAX),
            ("reason", clean_reason, REASON_MAX),
        )
        if len(text) > limit
    }
    if too_long:
        with pytest.raises(InvalidInput) as refused:
            register(context, name, reason)
        assert set(refused.value.fields) == too_long
        event("refused as too long")
        return
    event("stored")

    stored_name, stored_reason = stored(context, register(context, name, reason))
    assert stored_reason == clean_reason
    assert stored_name == (clean_name or None)
    for text in (stored_reason, stored_name or ""):
        assert "\x1b" not in text and "\x9b" not in text
        assert all(char.isprintable() or char == " " for char in text)


def visible_cell(table: DataTable[Text], column: int) -> str:
    """The characters the first row shows in ``column`` (content only, no padding)."""
    start = 0
    columns = table.ordered_columns
    for earlier in columns[:column]:
        start += earlier.get_render_width(table)
    start += table.cell_padding
    strip = table.render_line(1)  # line 0 is the header
    return strip.crop(start, start + columns[column].width).text


def assert_shown_literally(table: DataTable[Text], column: int, expected: str) -> None:
    cell = table.get_row_at(0)[column]
    assert isinstance(cell, Text)
    assert cell.plain == expected
    assert cell.spans == []  # no markup was parsed into styles
    shown = visible_cell(table, column).rstrip()
    width = table.ordered_columns[column].width
    if cell_len(expected) > width:  # a cut text ends in "…", so that the cut shows
        assert shown.endswith("…"), (shown, expected)
        shown = shown[:-1].rstrip()  # and the space where half a wide character was
    assert expected.startswith(shown), (shown, expected)
    # Only the column cuts the text: at most the "…", a trailing space and half a
    # wide character are lost at the edge.
    assert cell_len(shown) >= min(cell_len(expected), width) - 3, (shown, expected)


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=SHOWABLE, reason=SHOWABLE)
def test_queue_shows_stored_text_literally(
    new_app: AppFactory,
    settings: Settings,
    migrated: MigratedTemplates,
    clock: FixedClock,
    name: str,
    reason: str,
) -> None:
    # A fresh database per example (a copy of the migrated one), so the one row in
    # the queue is this one.
    with tempfile.TemporaryDirectory() as folder:
        url = migrated.sqlite_copy(Path(folder) / "desk.db")
        services = connect(settings.model_copy(update={"database_url": url}), clock)
        try:
            register(services, name, reason)
        except InvalidInput:
            assert max(len(clean_text(name)) - NAME_MAX, len(clean_text(reason)) - REASON_MAX) > 0
            expected: tuple[str, str] | None = None
            event("refused as too long")
        else:
            event("shown")
            expected = (clean_text(name) or tr("client.anonymous"), clean_text(reason))
        asyncio.run(check_queue(new_app(database_url=url), expected))


async def check_queue(app: RinnallaApp, expected: tuple[str, str] | None) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table: DataTable[Text] = app.queue_screen.query_one("#queue-table", DataTable)
        if expected is None:
            assert table.row_count == 0
            return
        assert table.row_count == 1
        expected_name, expected_reason = expected
        assert_shown_literally(table, NAME_COLUMN, expected_name)
        assert_shown_literally(table, REASON_COLUMN, expected_reason)
        assert app.is_running  # no [@click=app.quit] took effect
