"""Rinnalla's terminal user interface: Textual screens, the CLI and the wiring.

Only :mod:`tui.composition` knows about ``storage``; the screens and the
command line (:mod:`tui.cli`) see the domain's use cases and immutable models
through :mod:`tui.context`.
"""
