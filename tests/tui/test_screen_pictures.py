"""A picture of every screen and dialog, at 80×24 and at 120×40; update only after looking.

The screens are reached as ``tests/screen_language_driver.py`` reaches them, by
key presses from a signed-in app on the seeded database, in Finnish. Each
screen class is pictured at its first appearance in the first walk that
covers it, and each walk pictures all its classes as it goes. So every screen the app
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


def _first_walks() -> dict[str, list[str]]:
    """Each walk (in the driver's order), with the screen classes it is the first to show."""
    first: dict[str, str] = {}
    for name, chosen in SCENARIOS.items():
        for screen in sorted(chosen.covers):
            first.setdefault(screen, name)
    walks: dict[str, list[str]] = {}
    for screen, name in first.items():
        walks.setdefault(name, []).append(screen)
    return walks


FIRST_WALKS = _first_walks()


class AllTaken(Exception):
    """Every screen the walk is to picture has been pictured: the rest of the walk is not needed."""


class PictureTour(Tour):
    """A walk that pictures each of its screens at the first view of it.

    :meth:`see` is not a coroutine (the walks call it between keys), so it only
    notes the screen; the picture is taken before the next key is sent, when
    the screen on top is still the one seen.
    """

    def __init__(self, pilot: Pilot[None], targets: list[str]) -> None:
        super().__init__(pilot, "fi")
        self.left = set(targets)
        self.pictures: dict[str, dict[str, str]] = {}
        self._due: str | None = None

    def see(self, view: str, screen: ScreenKind) -> None:
        self.on(screen, view)
        shown = qualified(self.app.screen)
        if shown in self.left:
            self.left.discard(shown)
            self._due = shown

    async def take_due(self) -> None:
        """The noted screen at 80×24, then (the terminal made larger) at 120×40, as a worker
        who enlarges the window sees it; then back to 80×24 for the rest of the walk."""
        if self._due is None:
            return
        screen, self._due = self._due, None
        pictures = {SMALL: await picture(self.pilot)}
        await self.pilot.resize_terminal(*SIZES[LARGE])
        await self.settle()
        pictures[LARGE] = await picture(self.pilot)
        self.pictures[screen] = pictures
        if not self.left:
            raise AllTaken
        await self.pilot.resize_terminal(*SIZES[SMALL])
        await self.settle()

    async def press(self, *keys: str) -> None:
        await self.take_due()
        await super().press(*keys)

    async def _send(self, keys: list[tuple[str, str | None]]) -> None:
        await self.take_due()
        await super()._send(keys)


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


@pytest.mark.parametrize("walk", list(FIRST_WALKS))
async def test_pictures(
    snapshot: SnapshotAssertion,
    walk: str,
    screen_databases: tuple[Path, Path],
    tmp_path: Path,
    documents: Path,
) -> None:
    """Each screen the walk is the first to show, at 80×24 and at 120×40.

    One walk for all its screens and both sizes: reaching a screen takes most of
    the time, and the walks reach their screens one after another.
    """
    chosen = SCENARIOS[walk]
    seeded, empty = screen_databases
    copy = tmp_path / "pictures.db"
    shutil.copyfile(seeded if chosen.database == "seeded" else empty, copy)
    app = make_app(
        _settings(f"sqlite:///{copy}", "fi"), clock=FixedClock(chosen.at), acting_as=chosen.worker
    )
    async with app.run_test(size=SIZES[SMALL]) as pilot:
        tour = PictureTour(pilot, FIRST_WALKS[walk])
        await tour.ready(chosen.started)
        try:
            await chosen.walk(tour)
            await tour.take_due()
        except AllTaken:
            pass
        except TourLost as lost:
            raise AssertionError(f"{walk}: {lost}") from None
    assert not tour.left, f"the walk {walk} never showed {sorted(tour.left)}"
    svg = snapshot.use_extension(SVGImageExtension)
    changed: list[str] = []
    for screen in FIRST_WALKS[walk]:
        for size, drawn in tour.pictures[screen].items():
            matches = svg(name=f"{short(screen)}-{size}") == drawn
            if not matches:
                changed.append(f"{short(screen)} at {size}")
    assert not changed, f"changed: {changed}"
