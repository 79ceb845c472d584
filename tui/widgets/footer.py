"""The footer: the help key first, then the screen's own keys, then the views.

Textual's footer lists the focused field's keys, then the screen's, then the
app's (F1–F8, Ctrl+Q) last, so at 80 columns, and often at 120, F1 itself was
past the right edge. Here the help key (F1, or ``?``) always comes first: it
lists every key, the views F2–F8 among them. Below :data:`NARROW` columns the
footer is compact and leaves out the command palette's key (Ctrl+P is in the
help too), so that more of the screen's own keys show.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW = 100
"""Below this many columns the footer is compact, without the palette's key."""

HELP_ACTIONS = frozenset({"help", "app.help"})


class KeyFooter(Footer):
    """A footer whose first key is always the help."""

    def __init__(self) -> None:
        super().__init__()
        self._narrow: bool | None = None

    def _is_narrow(self) -> bool:
        return self.app.size.width < NARROW

    def on_resize(self, event: Resize) -> None:
        if self._is_narrow() != self._narrow:
            self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        narrow = self._narrow = self._is_narrow()
        self.compact = narrow
        active = self.screen.active_bindings
        first: list[tuple[Binding, bool, str]] = []
        own: list[tuple[Binding, bool, str]] = []
        app: list[tuple[Binding, bool, str]] = []
        seen: set[str] = set()
        for node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            if binding.action in HELP_ACTIONS:
                first.append((binding, enabled, tooltip))
            elif node is self.app:
                app.append((binding, enabled, tooltip))
            else:
                own.append((binding, enabled, tooltip))
        for binding, enabled, tooltip in [*first, *own, *app]:
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if narrow or not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return
        # By its action, not Textual's Ctrl+P: the worker's keymap may have moved it.
        palette = next(
            (each for each in active.values() if each.binding.action == "command_palette"), None
        )
        if palette is not None:
            _, binding, enabled, _ = palette
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )
