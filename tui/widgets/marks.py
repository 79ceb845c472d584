"""Check boxes and radio buttons whose state reads without colour.

Textual draws the same mark for on and off and tells them apart by colour
only; on a monochrome terminal, for a colour-blind worker, or in a printout of
the screen that is not enough. These show the mark only when it is set.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox, RadioButton


class MarkedCheckbox(Checkbox):
    """``X`` when ticked, blank when not."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button


class MarkedRadioButton(RadioButton):
    """``●`` when chosen, blank when not."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "●" if self.value else " "
        return super()._button
