"""Hours of training, counted one way everywhere.

Time is measured in whole minutes (a slot's length, a registration's
``attended_minutes``). Hours are those minutes divided by 60, rounded to the
nearest hundredth (half up; with whole minutes a tie never happens). The
closing screen, the attestations (attestation de présence, certificat de
réalisation), the indicators and exports all go through ``hours_from_minutes``
and show the figure with ``hours_text``: what a trainer reads at closing is
what the PDF says.
"""

from collections.abc import Iterable
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats

CENT = Decimal("0.01")


def minutes_of(length: timedelta) -> int:
    """Whole minutes of a length of time (seconds are dropped)."""
    return int(length.total_seconds() // 60)


def hours_from_minutes(minutes: int | None) -> float:
    """The rounding rule: minutes → hours to the hundredth, half up (123 → 2.05)."""
    value = (Decimal(int(minutes or 0)) / 60).quantize(CENT, rounding=ROUND_HALF_UP)
    return float(value)


def hours_of_lengths(lengths: Iterable[timedelta]) -> float:
    """Hours of several slots: their whole minutes summed, then rounded once."""
    return hours_from_minutes(sum(minutes_of(length) for length in lengths))


def hours_text(hours: float | int | None) -> str:
    """A number of hours as people read it: "2,05" in French, "2" when whole."""
    text = f"{Decimal(str(hours or 0)).quantize(CENT, rounding=ROUND_HALF_UP):f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.replace(".", str(formats.get_format("DECIMAL_SEPARATOR")))


def attended_hours_text(minutes: int | None) -> str:
    """Minutes attended as shown on every screen and PDF ("2,05")."""
    return hours_text(hours_from_minutes(minutes))
