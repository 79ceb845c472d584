"""The column headings of the network's lists, named ``network.col.<key>``."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from domain.i18n import N_, tr

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("network.col.name"),
    N_("network.col.roles"),
    N_("network.col.sector"),
    N_("network.col.organisation"),
    N_("network.col.reach"),
    N_("network.col.period"),
    N_("network.col.kind"),
    N_("network.col.made_on"),
    N_("network.col.next_review"),
    N_("network.col.subject"),
    N_("network.col.assessor"),
    N_("network.col.started"),
    N_("network.col.ended"),
    N_("network.col.reason"),
    N_("network.col.pending_since"),
    N_("network.col.due"),
    N_("network.col.basis"),
    N_("network.col.started_on"),
    N_("network.col.state"),
    N_("network.col.target"),
    N_("network.col.made"),
    N_("network.col.expected"),
    N_("network.col.changed"),
)


def add_columns(table: DataTable[Text], columns: Sequence[tuple[str, int | None]]) -> None:
    """Each ``(key, width)`` as a column keyed ``key``; ``None`` takes what is left."""
    for key, width in columns:
        table.add_column(tr(f"network.col.{key}"), key=key, width=width)
