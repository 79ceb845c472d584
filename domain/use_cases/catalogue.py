"""The service catalogue, kept by the organisation from the keyboard."""

from __future__ import annotations

from domain.access import Task, require_task
from domain.catalogue import Service, ServiceInput
from domain.ports import UnitOfWork
from domain.staff import Staff


def list_services(uow: UnitOfWork, *, include_inactive: bool = True) -> list[Service]:
    """The catalogue, by name; no client data, so nothing to log."""
    with uow:
        services = uow.services.all(include_inactive=include_inactive)
        uow.commit()
    return services


def get_service(uow: UnitOfWork, service_id: int) -> Service:
    """One entry as stored now, e.g. to re-apply a refused edit on it; nothing to log."""
    with uow:
        service = uow.services.get(service_id)
        uow.commit()
    return service


def save_service(uow: UnitOfWork, entry: ServiceInput, *, actor: Staff) -> Service:
    """Add a new entry or store an edit (refused if someone else edited it first).

    The entry keeps who saved it and when, so that a colleague whose save comes
    second is told whose changes are already there.
    """
    require_task(actor, Task.CATALOGUE)
    checked = entry.checked()
    with uow:
        checked = checked.model_copy(update={"saved_by": actor.id, "saved_at": uow.clock.now()})
        saved = (
            uow.services.add(checked)
            if checked.service_id is None
            else uow.services.update(checked)
        )
        uow.commit()
    return saved
