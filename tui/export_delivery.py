"""Where an export goes: a file in the documents folder, or a download in the browser.

In a terminal, a card, an agenda, minutes or a report is written owner-only into
the worker's documents folder, and the status line names the file. Under
``rinnalla serve`` the app runs on the server, whose folders the worker at the
browser never sees: there each file is handed to the browser as a download
(Textual's :meth:`~textual.app.App.deliver_binary`) and nothing is left on the
server. The screens call :func:`hand_over` from their export worker and word the
status from what it returns.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from textual.app import App

from domain.i18n import tr
from tui.private_files import write_private

MIME_TYPES = {
    ".md": "text/markdown",
    ".ics": "text/calendar",
    ".csv": "text/csv",
    ".json": "application/json",
}
"""What the browser is told each export is, by its file's ending."""


@dataclass(frozen=True)
class ExportFile:
    """One file of an export: its name (never a client's name) and its content."""

    name: str
    data: str | bytes

    @property
    def mime_type(self) -> str:
        return MIME_TYPES.get(Path(self.name).suffix, "application/octet-stream")

    @property
    def payload(self) -> bytes:
        return self.data.encode("utf-8") if isinstance(self.data, str) else self.data


@dataclass(frozen=True)
class HandedOver:
    """What became of an export's files: downloads in the browser, or files in ``folder``."""

    downloaded: bool
    folder: Path
    names: tuple[str, ...]

    def status(
        self,
        saved: str,
        *,
        stem: str | None = None,
        refusal: str | None = None,
        saved_without_names: str | None = None,
    ) -> str:
        """The status line: the files on their way to the browser, or where they were
        saved, worded by the screen's ``saved`` key (its ``{path}`` is the file, or the
        files' common ``stem``). With a ``refusal`` (the files with names were not made,
        R12) the reason comes first, and ``saved_without_names`` words the rest."""
        path = str(self.folder / (stem or self.names[0]))
        downloading = tr("delivery.downloading", names=", ".join(self.names))
        if refusal is not None:
            if self.downloaded:
                return f"{refusal} {downloading}"
            assert saved_without_names is not None
            return tr(saved_without_names, reason=refusal, path=path)
        return downloading if self.downloaded else tr(saved, path=path)


def documents_folder() -> Path:
    """Where the screens save their exports in a terminal."""
    return Path(platformdirs.user_documents_dir())


def hand_over(app: App[Any], files: Sequence[ExportFile]) -> HandedOver:
    """The files written into the documents folder, or sent to the browser.

    Called from an export worker's thread: a file is written there, and a
    download is started in the app's own thread (the web driver writes to the
    server's pipe from that thread only). Raises :class:`OSError` when a file
    cannot be written; a download that fails later is reported by the app
    (:class:`~textual.events.DeliveryFailed`).
    """
    folder = documents_folder()
    names = tuple(file.name for file in files)
    if app.is_web:
        for file in files:
            app.call_from_thread(_download, app, file)
        return HandedOver(downloaded=True, folder=folder, names=names)
    for file in files:
        write_private(folder / file.name, file.data, make_folder=True)
    return HandedOver(downloaded=False, folder=folder, names=names)


def _download(app: App[Any], file: ExportFile) -> None:
    app.deliver_binary(
        io.BytesIO(file.payload),
        save_filename=file.name,
        mime_type=file.mime_type,
        open_method="download",
    )
