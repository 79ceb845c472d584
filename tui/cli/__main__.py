"""``python -m tui.cli``: the ``rinnalla`` command without its installed script."""

import sys

from tui.cli import main

sys.exit(main())
