"""A picture of every screen and dialog, at 80×24 and at 120×40; update only after looking.

The screens are reached as ``tests/screen_language_driver.py`` reaches them, by
key presses from a signed-in app on the seeded database, in Finnish. Each
picture stops the walk at the first view of one screen class: the class's
first appearance in the first walk that covers it. So every screen the app
has is drawn at the smallest supported terminal and at a comfortable one, and
a layout that leaves a field, a column or a key off the screen shows up here
as a changed picture.

The pictures are taken in this process (unlike the language walks): one
language, and the screens' texts are the same whichever screen ran first.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion
from textual.pilot import Pilot

from domain.clock import FixedClock
from tests.screen_language_driver import (
    SCENARIOS,
    ScreenKind,
    Tour,
    TourLost,
    _settings,
    qualified,
)
from tui.composition import make_app

SMALL, LARGE = "80x24", "120x40"
SIZES = {SMALL: (80, 24), LARGE: (120, 40)}


def _first_walks() -> dict[str, str]:
    """Each screen class, with the first walk (in the driver's order) that shows it."""
    first: dict[str, str] = {}
    for name, chosen in SCENARIOS.items():
        for screen in sorted(chosen.covers):
            first.setdefault(screen, name)
    return first


FIRST_WALKS = _first_walks()


class Reached(Exception):
    """The walk has the screen on top that the picture is of."""


class PictureTour(Tour):
    """A walk that stops at the first view of one screen class."""

    def __init__(self, pilot: Pilot[None], target: str) -> None:
        super().__init__(pilot, "fi")
        self.target = target

    def see(self, view: str, screen: ScreenKind) -> None:
        self.on(screen, view)
        if qualified(self.app.screen) == self.target:
            raise Reached(view)


def short(screen: str) -> str:
    """``tui.screens.meetings.MemberForm`` → ``meetings.MemberForm``: the test's id."""
    return screen.removeprefix("tui.screens.").removeprefix("tui.")


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Exports made on the way land in a temporary folder, not the tester's."""
    folder = tmp_path / "documents"
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(folder))
    yield folder


async def picture(pilot: Pilot[None]) -> str:
    """The screen as an SVG once it has stopped changing.

    A table fits its columns to its width when the app is idle, after the rows
    came: a picture taken a moment too early showed a column cut at its old
    width. So pictures are taken until two in a row are the same.
    """
    taken = ""
    for _ in range(20):
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.02)
        now = pilot.app.export_screenshot(title=pilot.app.title, simplify=True)
        if now == taken:
            return now
        taken = now
    raise AssertionError("the screen kept changing")


@pytest.mark.parametrize("screen", sorted(FIRST_WALKS), ids=short)
async def test_picture(
    snapshot: SnapshotAssertion,
    screen: str,
    screen_databases: tuple[Path, Path],
    tmp_path: Path,
    documents: Path,
) -> None:
    """The screen at 80×24, then (the terminal made larger) at 120×40.

    One walk for both pictures: reaching a screen takes most of the time, and a
    worker who enlarges the window sees the second picture.
    """
    name = FIRST_WALKS[screen]
    chosen = SCENARIOS[name]
    seeded, empty = screen_databases
    copy = tmp_path / "pictures.db"
    shutil.copyfile(seeded if chosen.database == "seeded" else empty, copy)
    app = make_app(
        _settings(f"sqlite:///{copy}", "fi"), clock=FixedClock(chosen.at), acting_as=chosen.worker
    )
    pictures: dict[str, str] = {}
    async with app.run_test(size=SIZES[SMALL]) as pilot:
        tour = PictureTour(pilot, screen)
        await tour.ready(chosen.started)
        try:
            await chosen.walk(tour)
        except Reached:
            pass
        except TourLost as lost:
            raise AssertionError(f"{name}: {lost}") from None
        else:
            raise AssertionError(f"the walk {name} never showed {screen}")
        pictures[SMALL] = await picture(pilot)
        await pilot.resize_terminal(*SIZES[LARGE])
        await tour.settle()
        pictures[LARGE] = await picture(pilot)
    svg = snapshot.use_extension(SVGImageExtension)
    for size, drawn in pictures.items():
        assert svg(name=size) == drawn, f"{short(screen)} at {size} changed"
