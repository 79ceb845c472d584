"""Walk-in opening hours per location and weekday (e.g. Tue 12–15).

A visit outside the hours is allowed (R1: nobody is turned away) and is
counted as such for the indicators.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict


class OpeningHours(BaseModel):
    """One opening period: ``weekday`` 0 = Monday; ``opens`` < ``closes``, local time."""

    model_config = ConfigDict(frozen=True)

    location_id: int
    weekday: int
    opens: dt.time
    closes: dt.time
