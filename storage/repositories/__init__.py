"""The domain's repository ports over one SQLAlchemy session, one module per aggregate.

Each module is named for the domain area it stores (``clients``, ``visits``,
``intake``, ``network``...) and holds the ``Sql...Repository`` classes of that
area's ports (:mod:`domain.ports`); :mod:`storage.unit_of_work` builds them all
on one session, which :class:`~storage.repositories.base.SqlRepository` keeps
for each, with the one way to read a row by id or refuse it as gone. Rows
become domain models in :mod:`storage.converters`, and the queries that read
across aggregates (:mod:`storage.access`, :mod:`storage.reports`) are beside
this package, not in it.
"""
