"""Rinnalla's terminal user interface: Textual screens, the CLI and the wiring.

Only :mod:`tui.composition` and :mod:`tui.cli` know about ``storage``; screens
see the domain's use cases and immutable models through :mod:`tui.context`.
"""
