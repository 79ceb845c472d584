"""Use cases of the service catalogue, kept by the organisation from the keyboard."""

from __future__ import annotations

from domain.access import Task, require_task
from domain.ports import UnitOfWork
from domain.services import Service, ServiceInput
from domain.staff import Staff


def list_services(uow: UnitOfWork, *, include_inactive: bool = True) -> list[Service]:
    """The catalogue, by name; no client data, so nothing to log."""
    with uow:
        services = uow.services.all(include_inactive=include_inactive)
        uow.commit()
    return services


def save_service(uow: UnitOfWork, entry: ServiceInput, *, actor: Staff) -> Service:
    """Add a new entry or store an edit (refused if someone else edited it first)."""
    require_task(actor, Task.CATALOGUE)
    checked = entry.checked()
    with uow:
        saved = (
            uow.services.add(checked)
            if checked.service_id is None
            else uow.services.update(checked)
        )
        uow.commit()
    return saved
