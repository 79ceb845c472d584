"""What the reception desk's use cases refuse with: a look-alike client, a second open visit."""

from __future__ import annotations

from collections.abc import Sequence

from domain.clients import Client
from domain.errors import DomainError
from domain.i18n import N_, tr
from domain.visits import Visit


class PossibleDuplicate(DomainError):
    """The new walk-in looks like a client who already exists.

    ``certain`` is true when the hetu matches: then the only sensible choice is
    to use the existing client, and saving as new is not offered.
    """

    def __init__(self, candidates: Sequence[Client], *, certain: bool) -> None:
        key = N_("reception.hetu_taken") if certain else N_("reception.possible_duplicate")
        super().__init__(tr(key))
        self.candidates = list(candidates)
        self.certain = certain


class AlreadyWaiting(DomainError):
    """The client already has an open visit today: a second one waits for a yes.

    ``visit`` is the open one (waiting or in service) and ``client`` whose it
    is, for the question the desk asks; the message itself names nobody.
    """

    def __init__(self, client: Client, visit: Visit) -> None:
        super().__init__(tr("reception.already_waiting"))
        self.client = client
        self.visit = visit
