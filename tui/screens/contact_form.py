"""The client's contact details (yhteystiedot): phone, how to contact, language, interpreter.

Opened from the summary with ``y``. The domain checks every field
(:mod:`domain.contact_details`) and the form shows each refusal at its field;
a colleague's save in between is refused by name, and Ctrl+R merges theirs.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Select, Static

from domain.contact_details import ContactDetails, ContactDetailsInput, ContactLanguage, ContactWay
from domain.i18n import tr
from domain.use_cases.contact_details import get_contact_details, save_contact_details
from tui.context import AppContext
from tui.screens.form import FieldForm
from tui.widgets.choice import Choice
from tui.widgets.footer import KeyFooter
from tui.widgets.marks import MarkedCheckbox
from tui.widgets.status_line import StatusLine


class ContactForm(FieldForm[ContactDetails]):
    """Edit ``details`` (version 0: none stored yet); dismisses with what was saved."""

    FIELDS = (
        "phone",
        "contact_way",
        "language",
        "language_other",
        "interpreter",
        "interpreter_language",
        "address",
    )

    def __init__(self, details: ContactDetails, client_name: str) -> None:
        super().__init__()
        self._details = details
        self._client_name = client_name

    def compose(self) -> ComposeResult:
        known = self._details
        optional = tr("contact_form.optional")
        with Vertical(classes="dialog wide", id="contact-form"):
            # The client's name as typed, never as markup.
            title = Text(tr("contact_form.title", name=self._client_name))
            yield Static(title, classes="dialog-title")
            yield from self.field_row(
                "phone",
                tr("contact_form.phone"),
                self.text_input(known.phone, placeholder=tr("contact_form.phone_hint")),
            )
            yield from self.field_row(
                "contact_way",
                tr("contact_form.contact_way"),
                Choice(
                    [(way.label, way) for way in ContactWay],
                    prompt=tr("contact_form.not_said"),
                    value=known.contact_way or Select.NULL,
                ),
            )
            yield from self.field_row(
                "language",
                tr("contact_form.language"),
                Choice(
                    [(language.label, language) for language in ContactLanguage],
                    prompt=tr("contact_form.not_said"),
                    value=known.language or Select.NULL,
                ),
            )
            yield from self.field_row(
                "language_other",
                tr("contact_form.language_other"),
                self.text_input(known.language_other, placeholder=tr("contact_form.other_hint")),
            )
            yield from self.field_row(
                "interpreter",
                tr("contact_form.interpreter"),
                MarkedCheckbox(tr("contact_form.interpreter_needed"), value=known.interpreter),
            )
            yield from self.field_row(
                "interpreter_language",
                tr("contact_form.interpreter_language"),
                self.text_input(known.interpreter_language, placeholder=optional),
            )
            yield from self.field_row(
                "address",
                tr("contact_form.address"),
                self.text_input(known.address, placeholder=optional),
            )
            yield StatusLine(id="form-status")
        yield KeyFooter()

    def _chosen(self, field: str) -> object:
        value = self.query_one(f"#{field}", Select).value
        return None if value is Select.NULL else value

    def _ticked(self) -> bool:
        return bool(self.query_one("#interpreter", MarkedCheckbox).value)

    def prepared(self, context: AppContext) -> Callable[[], ContactDetails]:
        way = self._chosen("contact_way")
        language = self._chosen("language")
        entry = ContactDetailsInput(
            client_id=self._details.client_id,
            phone=self.value("phone"),
            contact_way=way if isinstance(way, ContactWay) else None,
            language=language if isinstance(language, ContactLanguage) else None,
            language_other=self.value("language_other"),
            interpreter=self._ticked(),
            interpreter_language=self.value("interpreter_language"),
            address=self.value("address"),
            seen_version=self._details.version,
        )
        entry.checked()  # every refusal at its field before anything is sent
        return lambda: save_contact_details(context.uow(), entry, actor=context.actor)

    # A colleague saved first (Ctrl+R) --------------------------------------------------

    def reader(self, context: AppContext) -> Callable[[], ContactDetails] | None:
        client_id = self._details.client_id
        return lambda: get_contact_details(context.uow(), client_id, actor=context.actor)

    def values_of(self, record: ContactDetails) -> dict[str, object]:
        return {
            "phone": record.phone,
            "contact_way": record.contact_way or Select.NULL,
            "language": record.language or Select.NULL,
            "language_other": record.language_other,
            "interpreter": record.interpreter,
            "interpreter_language": record.interpreter_language,
            "address": record.address,
        }

    def adopt(self, record: ContactDetails) -> None:
        self._details = record
