"""What a benchmark reports: figures with their baseline and target, and how to read them.

Every figure carries the baseline measured in the same run, in the same unit as
the value, so that ``value / baseline`` is always the ratio to the baseline: a
busy machine slows both, and the ratio says what the app itself costs. Where
the issue states a target as a ratio (start-up, typing), the target is that
ratio times the baseline, so the one rule "a figure meets its target when
value ≤ target" holds for every figure.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Figure:
    """One measured number, its baseline from the same run, and its target."""

    name: str
    value: float
    unit: str
    baseline: float
    target: float
    note: str = ""
    """Shown in the human-readable table only: what the value is made of."""

    @property
    def met(self) -> bool:
        return self.value <= self.target

    @property
    def ratio(self) -> float:
        """The value as a multiple of the baseline; infinite for a zero baseline."""
        return self.value / self.baseline if self.baseline else math.inf

    def on_engine(self, engine: str) -> Figure:
        """The same figure named for a database other than the default SQLite."""
        return self if engine == "sqlite" else replace(self, name=f"{self.name}[{engine}]")

    def as_json(self) -> dict[str, float | str]:
        return {
            "value": round(self.value, 4),
            "unit": self.unit,
            "baseline": round(self.baseline, 4),
            "target": round(self.target, 4),
        }


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The ``fraction`` (0..1) quantile, linearly interpolated between the samples.

    With fewer than about 20 samples a p95 is little more than the maximum;
    the benchmarks take at least that many where they report one.
    """
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    position = fraction * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def p95(samples: Sequence[float]) -> float:
    return percentile(samples, 0.95)


def median(samples: Sequence[float]) -> float:
    return float(statistics.median(samples))


def ms(seconds: float) -> float:
    return seconds * 1000.0
