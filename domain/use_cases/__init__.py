"""What a worker does: one function per use case, each one transaction on the unit of work.

``domain/<area>.py`` holds the models and the pure rules of an area;
``domain/use_cases/<area>.py`` holds the functions that open a
:class:`~domain.ports.UnitOfWork`, check access, apply those rules, record the
access event and commit. The models never import a use case, so the ports
(which name the models) and the use cases (which use the ports) form no circle.
"""
