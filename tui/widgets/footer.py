"""The footer: the help key first, then the screen's own keys, then the views.

Textual's footer lists the focused field's keys, then the screen's, then the
app's (F1–F8, Ctrl+Q) last, so at 80 columns, and often at 120, F1 itself was
past the right edge. Here the help key (F1, or ``?``) always comes first: it
lists every key, the views F2–F8 among them. Below :data:`NARROW` columns the
footer is compact and leaves out the command palette's key (Ctrl+P is in the
help too), so that more of the screen's own keys show.

Textual rebuilds the footer whenever the screen's bindings change, which is on
every move of the focus; in a form, Tab from one field to the next changes
nothing the footer shows. Here the footer is rebuilt only when what it shows
(:meth:`KeyFooter.keys_shown`) has changed, so that moving through a form does
not lay out a dozen keys again on each Tab.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.app import ComposeResult
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW = 100
"""Below this many columns the footer is compact, without the palette's key."""

HELP_ACTIONS = frozenset({"help", "app.help"})


class ShownKey(NamedTuple):
    """One key as the footer shows it."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    palette: bool = False


class KeyFooter(Footer):
    """A footer whose first key is always the help."""

    def __init__(self) -> None:
        super().__init__()
        self._narrow: bool | None = None
        self._shown: tuple[ShownKey, ...] | None = None

    def _is_narrow(self) -> bool:
        return self.app.size.width < NARROW

    def on_resize(self, event: Resize) -> None:
        if self._is_narrow() != self._narrow:
            self.call_after_refresh(self.recompose)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Rebuilt only when the keys it shows are not the ones it shows already."""
        if (
            self._shown is not None
            and self.is_attached
            and screen is self.screen
            and self._narrow == self._is_narrow()
            and self.keys_shown() == self._shown
        ):
            return
        super().bindings_changed(screen)

    def keys_shown(self) -> tuple[ShownKey, ...]:
        """The keys in the order shown: help, the screen's own, the app's, the palette's."""
        narrow = self._is_narrow()
        active = self.screen.active_bindings
        first: list[ShownKey] = []
        own: list[ShownKey] = []
        app: list[ShownKey] = []
        seen: set[str] = set()
        for node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            shown = ShownKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                enabled,
                tooltip,
            )
            if binding.action in HELP_ACTIONS:
                first.append(shown)
            elif node is self.app:
                app.append(shown)
            else:
                own.append(shown)
        keys = [*first, *own, *app]
        if not narrow and self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            # By its action, not Textual's Ctrl+P: the worker's keymap may have moved it.
            palette = next(
                (each for each in active.values() if each.binding.action == "command_palette"),
                None,
            )
            if palette is not None:
                _, binding, enabled, _ = palette
                keys.append(
                    ShownKey(
                        binding.key,
                        self.app.get_key_display(binding),
                        binding.description,
                        binding.action,
                        enabled,
                        binding.tooltip or binding.description,
                        palette=True,
                    )
                )
        return tuple(keys)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        narrow = self._narrow = self._is_narrow()
        self.compact = narrow
        self._shown = self.keys_shown()
        for shown in self._shown:
            key = FooterKey(
                shown.key,
                shown.display,
                shown.description,
                shown.action,
                classes="-command-palette" if shown.palette else "",
                disabled=not shown.enabled,
                tooltip=shown.tooltip,
            )
            if not shown.palette:
                # Set before it is mounted, not bound: a change of width composes the
                # footer anew, and a binding's watcher restyles every key once more.
                key.set_reactive(FooterKey.compact, narrow)
                key.set_class(narrow, "-compact", update=False)
            yield key
