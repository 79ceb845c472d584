"""The tabs of the client's network screen (:mod:`tui.screens.network`), one module each.

The screen reads the network, the pending assessments and the referrals in a
worker and sets them as reactive attributes; each tab is bound to what it
shows (``data_bind``) and fills itself when that changes. The screen keeps the
keys and the writes; a tab answers what its list has highlighted.
"""
