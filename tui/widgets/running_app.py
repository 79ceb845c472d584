"""The running Rinnalla app and its signed-in context, typed, for screens and widgets.

Textual types ``self.app`` as its own ``App``; a screen or a section that needs
Rinnalla's attributes (the context, the clock, holding keys) used to cast it
itself, and check before each use case that someone had logged in. The
screens reach these through :class:`tui.screens.base.RinnallaScreen`; the
sections that load themselves (callbacks, namings, referrals to follow up)
through the two functions here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from tui.app import RinnallaApp
    from tui.context import AppContext


class NotSignedIn(Exception):
    """A use case was asked for before anyone logged in.

    Only the queue and the log-in, lock and first-administrator screens are
    open before the log-in, and they do not ask; so this is a programming
    error, not something a user can cause from the keyboard.
    """


def rinnalla_app(node: MessagePump) -> RinnallaApp:
    """The app ``node`` runs in, as Rinnalla's own."""
    return cast("RinnallaApp", node.app)


def signed_in_context(node: MessagePump) -> AppContext:
    """Who acts, where, and the unit of work: only once someone has logged in."""
    context = rinnalla_app(node).context
    if context is None:
        raise NotSignedIn(type(node).__name__)
    return context
